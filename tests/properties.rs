//! Properties over generated input (proptest): folding, the tokenizer, and
//! substring recall over the embedded gazette index.
//!
//! Each property is small and self-contained: the index API it uses
//! (`Index::embedded`, `Searcher`) is the public one, so that a change of
//! index format only touches the few lines that open it.

use std::sync::OnceLock;

use proptest::prelude::*;

use zhsearch::index::Index;
use zhsearch::indexer::Jieba;
use zhsearch::normalize::{fold, is_han, is_token_char};
use zhsearch::search::Searcher;
use zhsearch::tokenize::{runs, terms};

/// Characters the way documents and queries mix them: mostly Han and ASCII,
/// full-width forms and dashes that fold, CJK punctuation, letters with odd
/// case rules (İ, ẞ, Ω, the Kelvin sign), astral Han (𠮷), and anything.
fn mixed_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::char::range('\u{4E00}', '\u{9FFF}'),
        2 => prop::char::range('!', '~'),
        1 => prop::char::range('\u{FF01}', '\u{FF5E}'),
        1 => prop::sample::select(vec![
            ' ', '\u{3000}', '\n', '\t', '〔', '〕', '，', '。', '“', '”', '—', '–',
            '\u{2212}', 'İ', 'ẞ', 'Ω', '\u{212A}', 'Σ', 'ς', '𠮷', '〇', '\u{1b}', '\u{9b}',
        ]),
        1 => any::<char>(),
    ]
}

fn mixed_string(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(mixed_char(), 0..max).prop_map(|v| v.into_iter().collect())
}

fn index() -> &'static Index {
    thread_local! {
        // An Index loads chunks through a RefCell, so one per test thread.
        static INDEX: &'static Index =
            Box::leak(Box::new(Index::embedded().expect("the embedded index opens")));
    }
    INDEX.with(|i| *i)
}

/// Every document, with its body, by id.
fn docs() -> &'static [zhsearch::index::Document] {
    static DOCS: OnceLock<Vec<zhsearch::index::Document>> = OnceLock::new();
    DOCS.get_or_init(|| {
        let index = Index::embedded().expect("the embedded index opens");
        (0..index.len() as u32)
            .map(|i| index.full_document(i).expect("every document is there"))
            .collect()
    })
}

fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// The byte offset of `part` in `whole`, if `part` is a slice of it.
fn offset_in(whole: &str, part: &str) -> Option<usize> {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    (start + part.len() <= whole.len()).then_some(start)
}

proptest! {
    /// Folding twice is folding once, and keeps the character count (the
    /// search side highlights the original at the folded text's offsets).
    #[test]
    fn fold_is_idempotent(s in mixed_string(64)) {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once.clone());
        prop_assert_eq!(once.chars().count(), s.chars().count());
    }

    #[test]
    fn fold_is_idempotent_on_any_text(s in any::<String>()) {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once);
    }

    /// The tokenizer never panics; every run and every term is a non-empty
    /// slice of the folded text, runs are in order and do not overlap, and
    /// each run is of one class.
    #[test]
    fn tokenizer_runs_and_terms_lie_inside_the_text(s in mixed_string(96)) {
        let folded = fold(&s);
        let mut after = 0;
        for run in runs(&folded) {
            prop_assert!(!run.text.is_empty());
            prop_assert!(run.start >= after, "runs overlap or go back: {:?}", run);
            prop_assert_eq!(offset_in(&folded, run.text), Some(run.start));
            prop_assert_eq!(&folded[run.start..run.start + run.text.len()], run.text);
            if run.han {
                prop_assert!(run.text.chars().all(is_han), "{:?}", run);
            } else {
                prop_assert!(run.text.chars().all(is_token_char), "{:?}", run);
            }
            after = run.start + run.text.len();
        }
        for term in terms(&folded, jieba()) {
            prop_assert!(!term.text.is_empty(), "{:?}", term);
            prop_assert!(offset_in(&folded, term.text).is_some(), "{:?} is not in {:?}", term, folded);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    /// Any run of 2 to 6 Han characters of a document finds that document,
    /// wherever jieba put the word boundaries (Ctrl+F's recall).
    #[test]
    fn any_han_substring_finds_its_document(
        doc in 0usize..1000,
        at in 0usize..1_000_000,
        len in 2usize..=6,
    ) {
        let docs = docs();
        let id = doc % docs.len();
        let chars: Vec<char> = docs[id].body.chars().collect();
        let starts: Vec<usize> = (0..chars.len().saturating_sub(len - 1))
            .filter(|&i| chars[i..i + len].iter().all(|&c| is_han(c)))
            .collect();
        prop_assume!(!starts.is_empty());
        let start = starts[at % starts.len()];
        let query: String = chars[start..start + len].iter().collect();
        let results = Searcher::new(index()).search(&query, docs.len()).expect("the embedded index");
        prop_assert!(
            results.results.iter().any(|h| h.id == id as u32),
            "{:?} occurs in document {} ({}) but does not find it",
            query, id, docs[id].doc_number
        );
    }
}

/// `[start, end)` in UTF-16 units: inside `text`, not empty, not splitting
/// a surrogate pair (𠮷 is two units).
fn check_utf16_ranges(text: &str, ranges: &[[u32; 2]]) -> Result<(), String> {
    let units: Vec<u16> = text.encode_utf16().collect();
    for &[s, e] in ranges {
        let (s, e) = (s as usize, e as usize);
        if !(s < e && e <= units.len()) {
            return Err(format!(
                "range {s}..{e} outside {} units of {text:?}",
                units.len()
            ));
        }
        if String::from_utf16(&units[s..e]).is_err() {
            return Err(format!(
                "range {s}..{e} splits a surrogate pair in {text:?}"
            ));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Every highlight of every result (snippet, title, whole document) lies
    /// inside its text on UTF-16 boundaries, for queries cut from documents
    /// and mixed with anything (astral Han among it).
    #[test]
    fn highlights_lie_inside_their_text(
        doc in 0usize..1000,
        at in 0usize..1_000_000,
        len in 1usize..=8,
        noise in mixed_string(6),
    ) {
        let docs = docs();
        let id = doc % docs.len();
        let chars: Vec<char> = docs[id].body.chars().collect();
        let start = at % chars.len().max(1);
        let cut: String = chars.iter().skip(start).take(len).collect();
        let searcher = Searcher::new(index());
        for query in [cut.clone(), format!("{cut}{noise}"), format!("{noise} {cut}")] {
            let results = searcher.search(&query, 5).expect("the embedded index");
            for hit in &results.results {
                check_utf16_ranges(&hit.snippet, &hit.highlights).map_err(TestCaseError::fail)?;
                check_utf16_ranges(&hit.title, &hit.title_highlights).map_err(TestCaseError::fail)?;
            }
            if let Some(hit) = results.results.first() {
                let view = searcher
                    .document(hit.id, &query)
                    .expect("the embedded index")
                    .expect("the document exists");
                check_utf16_ranges(&view.body, &view.highlights).map_err(TestCaseError::fail)?;
                check_utf16_ranges(&view.title, &view.title_highlights).map_err(TestCaseError::fail)?;
            }
        }
    }
}
