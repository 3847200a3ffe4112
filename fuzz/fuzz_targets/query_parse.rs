//! Any query against the real gazette index (embedded from `index/`):
//! parsing and searching must not panic, must stay within the query caps,
//! and every highlight must lie inside its text on UTF-16 boundaries.

#![no_main]

use libfuzzer_sys::fuzz_target;
use zhsearch::index::Index;
use zhsearch::search::{Query, Searcher, Vocabulary};

thread_local! {
    /// One index for the run (it loads chunks through a RefCell).
    static INDEX: &'static Index =
        Box::leak(Box::new(Index::embedded().expect("the embedded index opens")));
}

fn index() -> &'static Index {
    INDEX.with(|i| *i)
}

fn searcher() -> Searcher<'static> {
    Searcher::new(index())
}

/// `[start, end)` in UTF-16 units, inside `text`, not splitting a pair.
fn check_ranges(text: &str, ranges: &[[u32; 2]], what: &str) {
    let units: Vec<u16> = text.encode_utf16().collect();
    for &[s, e] in ranges {
        let (s, e) = (s as usize, e as usize);
        assert!(
            s < e && e <= units.len(),
            "{what}: range {s}..{e} outside {} units",
            units.len()
        );
        assert!(
            String::from_utf16(&units[s..e]).is_ok(),
            "{what}: range {s}..{e} splits a surrogate pair"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let vocabulary = Vocabulary::new(index());
    let query = Query::parse(raw, &vocabulary);
    assert!(query.clauses.len() <= Query::MAX_CLAUSES);
    assert!(query.pieces() <= Query::MAX_PIECES);
    assert!(vocabulary.probes() <= Query::MAX_CHARS * 7);
    for clause in &query.clauses {
        assert!(
            !clause.text.is_empty() && !clause.pieces.is_empty(),
            "{clause:?}"
        );
    }

    let searcher = searcher();
    let results = searcher.search(raw, 5).expect("the embedded index answers");
    assert!(results.results.len() <= 5 && results.results.len() <= results.total);
    for hit in &results.results {
        check_ranges(&hit.snippet, &hit.highlights, "snippet");
        check_ranges(&hit.title, &hit.title_highlights, "title");
    }
    if let Some(first) = results.results.first() {
        let view = searcher
            .document(first.id, raw)
            .expect("the embedded index answers")
            .expect("a result's document exists");
        check_ranges(&view.body, &view.highlights, "body");
        check_ranges(&view.title, &view.title_highlights, "document title");
    }
});
