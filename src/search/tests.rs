//! Search behaviour over the real gazette (the embedded index).

use super::*;
use crate::normalize::{fold, is_han};
use std::sync::OnceLock;

fn index() -> &'static Index {
    thread_local! {
        // An Index loads chunks through a RefCell, so one per test thread.
        static INDEX: &'static Index =
            Box::leak(Box::new(Index::embedded().expect("the embedded index opens")));
    }
    INDEX.with(|i| *i)
}

/// Every document, with its body, by id.
fn docs() -> &'static [crate::index::Document] {
    static DOCS: OnceLock<Vec<crate::index::Document>> = OnceLock::new();
    DOCS.get_or_init(|| {
        let index = Index::embedded().unwrap();
        (0..index.len() as u32)
            .map(|i| index.full_document(i).unwrap())
            .collect()
    })
}

fn search(q: &str, limit: usize) -> SearchResults {
    Searcher::new(index()).search(q, limit).unwrap()
}

fn first(q: &str) -> String {
    search(q, 1)
        .results
        .first()
        .map(|h| h.doc_number.clone())
        .unwrap_or_default()
}

/// The documents whose folded title or body holds `needle`: Ctrl+F's answer.
fn grep(needle: &str) -> Vec<u32> {
    let needle = fold(needle);
    docs()
        .iter()
        .enumerate()
        .filter(|(_, d)| fold(&d.body).contains(&needle) || fold(&d.title).contains(&needle))
        .map(|(i, _)| i as u32)
        .collect()
}

/// The text a UTF-16 range cuts out of `s`.
fn cut(s: &str, [start, end]: [u32; 2]) -> String {
    let units: Vec<u16> = s.encode_utf16().collect();
    String::from_utf16(&units[start as usize..end as usize]).unwrap()
}

/// (query, the 文号 that must come first). From the issue, and from what a
/// clerk would type.
const FIRST: &[(&str, &str)] = &[
    ("氢能", "吕政办发〔2022〕16号"),
    ("氢", "吕政办发〔2022〕16号"),
    ("护工", "吕政办发〔2022〕30号"),
    ("护工培训", "吕政办发〔2022〕30号"),
    ("吕梁山护工", "吕政办发〔2022〕30号"),
    ("吕政办发〔2022〕15号", "吕政办发〔2022〕15号"),
    ("吕政办发[2022]15号", "吕政办发〔2022〕15号"),
    ("吕政办发［2022］15号", "吕政办发〔2022〕15号"),
    ("吕政办发(2022)15号", "吕政办发〔2022〕15号"),
    ("吕政办发（2022）15号", "吕政办发〔2022〕15号"),
    ("吕政办发2022年15号", "吕政办发〔2022〕15号"),
    ("吕政办发〔2022〕15", "吕政办发〔2022〕15号"),
    ("吕政函〔2022〕14号", "吕政函〔2022〕14号"),
    ("吕政办函〔2022〕14号", "吕政办函〔2022〕14号"),
    ("吕政办函[2022]14号", "吕政办函〔2022〕14号"),
    ("吕政发〔2022〕1号", "吕政发〔2022〕1号"),
    ("BS-04-01", "吕政函〔2022〕13号"),
    ("bs-04-01", "吕政函〔2022〕13号"),
    ("ＢＳ－０４－０１", "吕政函〔2022〕13号"),
    ("N-11-02", "吕政函〔2022〕14号"),
    ("5G", "吕政办发〔2022〕22号"),
    ("５ｇ基站", "吕政办发〔2022〕22号"),
    ("海绵城市", "吕政办发〔2022〕19号"),
    ("森林城市", "吕政办发〔2022〕20号"),
    ("水资源管理办法", "吕政办发〔2022〕31号"),
    ("政务公开", "吕政办发〔2022〕32号"),
    ("住户调查", "吕政办函〔2022〕12号"),
    ("违法建设", "吕政办函〔2022〕15号"),
    ("消防力量", "吕政办函〔2022〕17号"),
    ("银行业金融机构", "吕政办函〔2022〕14号"),
    ("全民健身", "吕政发〔2022〕3号"),
    ("大数据", "吕政办发〔2022〕22号"),
    ("安全生产责任保险", "吕政办发〔2022〕28号"),
    ("氢能 加氢站", "吕政办发〔2022〕16号"),
    ("“氢能”", "吕政办发〔2022〕16号"),
    ("氢能产业规划", "吕政办发〔2022〕16号"),
];

#[test]
fn first_result_table() {
    let mut wrong = Vec::new();
    for (query, want) in FIRST {
        let got = first(query);
        if got != *want {
            wrong.push(format!("{query:?}: want {want}, got {got:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "wrong first results:\n{}",
        wrong.join("\n")
    );
}

/// Ctrl+F recall: every run of Han characters taken from a document finds
/// that document, wherever jieba put the word boundaries. Sampled across
/// every document, at lengths 2 to 6.
#[test]
fn any_han_substring_finds_its_document() {
    let searcher = Searcher::new(index());
    let mut checked = 0;
    for (id, doc) in docs().iter().enumerate() {
        let chars: Vec<char> = doc.body.chars().collect();
        for (k, start) in (0..chars.len()).step_by(41).enumerate() {
            let len = 2 + k % 5;
            let Some(window) = chars.get(start..start + len) else {
                continue;
            };
            if !window.iter().all(|&c| is_han(c)) {
                continue;
            }
            let query: String = window.iter().collect();
            let results = searcher.search(&query, usize::MAX).unwrap();
            assert!(
                results.results.iter().any(|h| h.id == id as u32),
                "{query:?} occurs in {} but does not find it",
                doc.doc_number
            );
            checked += 1;
        }
    }
    assert!(checked > 1500, "only {checked} substrings checked");
}

/// `total` counts exactly the documents holding the query (Ctrl+F's
/// answer) plus, for a query the vocabulary cuts into several words, those
/// holding every word apart — ranked after them.
#[test]
fn total_equals_ctrl_f() {
    let searcher = Searcher::new(index());
    for query in [
        "氢能",
        "护工",
        "防护工程",
        "安全生产",
        "吕梁山",
        "5G",
        "2022",
        "招聘",
        "海绵",
        "城市建设管理",
    ] {
        let results = search(query, usize::MAX);
        let holders = grep(query);
        let got: Vec<u32> = results.results.iter().map(|h| h.id).collect();
        assert_eq!(results.total, got.len(), "{query}");
        let (verbatim, rest) = got.split_at(holders.len().min(got.len()));
        let mut verbatim = verbatim.to_vec();
        verbatim.sort_unstable();
        assert_eq!(
            verbatim, holders,
            "{query}: the documents holding it come first, all of them"
        );
        let pieces = &searcher.parse(query).clauses[0].pieces;
        for id in rest {
            for p in pieces {
                assert!(
                    grep(&p.text).contains(id),
                    "{query}: doc {id} lacks the piece {}",
                    p.text
                );
            }
        }
    }
}

/// Regression: 护工 is also inside 防护工程 and 管护工程; those documents
/// match (Ctrl+F would find them) but rank below the one about 护工.
#[test]
fn hugong_ranks_the_word_above_the_accident() {
    let results = search("护工", usize::MAX);
    assert_eq!(results.results[0].doc_number, "吕政办发〔2022〕30号");
    let accidental: Vec<&Hit> = results
        .results
        .iter()
        .filter(|h| !fold(&h.snippet).contains("吕梁山护工"))
        .collect();
    assert!(
        !accidental.is_empty(),
        "some documents hold 护工 only inside another word"
    );
    for h in &accidental {
        assert!(h.score <= results.results[0].score);
    }
}

/// Several words must all match; documents holding the query exactly rank
/// above those holding its pieces apart.
#[test]
fn all_words_must_match_and_exact_ranks_first() {
    let results = search("氢能 加氢站", 50);
    assert!(results.total > 0);
    for h in &results.results {
        let body = fold(&docs()[h.id as usize].body);
        assert!(
            body.contains("氢能") && body.contains("加氢站"),
            "{}",
            h.doc_number
        );
    }
    // 氢能产业规划 is nowhere verbatim; its words are.
    let pieces = search("氢能产业规划", 50);
    assert!(pieces.total > 0);
    assert!(grep("氢能产业规划").is_empty());
    // A phrase present verbatim beats documents holding its words apart.
    let exact = search("产业发展", 50);
    let holders = grep("产业发展");
    let first_non_holder = exact.results.iter().position(|h| !holders.contains(&h.id));
    let last_holder = exact.results.iter().rposition(|h| holders.contains(&h.id));
    if let (Some(a), Some(b)) = (first_non_holder, last_holder) {
        assert!(b < a, "a document without 产业发展 ranks above one with it");
    }
}

#[test]
fn nothing_matches_everything_gives_partial_matches() {
    let results = search("氢能 量子计算机", 10);
    assert!(
        results.total > 0,
        "partial matches instead of an empty page"
    );
    assert!(results.partial, "and they are marked as such");
    assert!(!search("氢能 加氢站", 10).partial);
    assert_eq!(results.results[0].doc_number, "吕政办发〔2022〕16号");
    // Characters that form no known word stay one piece: 量子 is nowhere, so
    // it matches nothing, rather than every document with 量 and 子 apart.
    assert_eq!(search("量子", 10).total, 0);
    for h in search("量子计算机", 10).results {
        assert!(
            fold(&docs()[h.id as usize].body).contains("计算"),
            "{}",
            h.doc_number
        );
    }
}

/// Search as you type: the last term is a prefix.
#[test]
fn prefixes_while_typing() {
    // Typing 吕政办发〔2022〕1 already lists 15号 … 19号, in order.
    let numbers: Vec<String> = search("吕政办发〔2022〕1", 10)
        .results
        .iter()
        .map(|h| h.doc_number.clone())
        .collect();
    assert_eq!(
        numbers,
        ["15", "16", "17", "18", "19"].map(|n| format!("吕政办发〔2022〕{n}号"))
    );
    // An ASCII token being typed matches the tokens it begins …
    assert!(search("822751", 10).total > 0);
    // … but a finished one (followed by a space) does not.
    assert_eq!(search("822751 ", 10).total, 0);
}

#[test]
fn doc_numbers_with_different_agencies_are_different_documents() {
    let a = search("吕政函〔2022〕14号", 10);
    let b = search("吕政办函〔2022〕14号", 10);
    assert_eq!(a.results[0].doc_number, "吕政函〔2022〕14号");
    assert_eq!(b.results[0].doc_number, "吕政办函〔2022〕14号");
    assert!(a
        .results
        .iter()
        .all(|h| h.doc_number != "吕政办函〔2022〕14号"));
    assert!(b
        .results
        .iter()
        .all(|h| h.doc_number != "吕政函〔2022〕14号"));
}

/// Tokens match whole: 04 is not found inside 2004, nor 5g inside 15g.
#[test]
fn ascii_tokens_match_at_token_boundaries() {
    let found = |hay: &str, needle: &str, open: bool| {
        find_in(hay, 0, hay.len(), needle, open).collect::<Vec<_>>()
    };
    assert_eq!(found("bs-04-01 2004", "04", false), vec![(3, 5)]);
    assert_eq!(found("15g 5g", "5g", false), vec![(4, 6)]);
    assert_eq!(found("8227519", "822751", false), vec![]);
    assert_eq!(found("8227519", "822751", true), vec![(0, 6)]);
    assert_eq!(found("氢能2022年", "2022", false), vec![(6, 10)]);
    for h in search("N-11-02 ", 10).results {
        assert!(fold(&docs()[h.id as usize].body).contains("n-11-02"));
    }
}

/// Highlights are UTF-16 ranges that cut the match out of the snippet and
/// the title, as JavaScript's `slice` will.
#[test]
fn highlights_cut_out_the_match() {
    for (query, marked) in [
        ("氢能", "氢能"),
        ("护工", "护工"),
        ("ＢＳ－０４－０１", "bs-04-01"),
        ("5g", "5g"),
    ] {
        let results = search(query, 10);
        assert!(!results.results.is_empty(), "{query}");
        for h in &results.results {
            assert!(
                !h.highlights.is_empty(),
                "{query}: {} has no highlight",
                h.doc_number
            );
            for &r in &h.highlights {
                assert_eq!(
                    fold(&cut(&h.snippet, r)),
                    marked,
                    "{query} in {}",
                    h.doc_number
                );
            }
            for &r in &h.title_highlights {
                assert_eq!(fold(&cut(&h.title, r)), marked);
            }
        }
    }
    let hit = &search("氢能", 1).results[0];
    assert!(
        !hit.title_highlights.is_empty(),
        "氢能 is in the title of 16号"
    );
}

#[test]
fn document_view_marks_every_match() {
    let searcher = Searcher::new(index());
    let id = search("氢能", 1).results[0].id;
    let view = searcher.document(id, "氢能").unwrap().unwrap();
    let expected = view.body.matches("氢能").count();
    assert_eq!(view.highlights.len(), expected);
    for &r in &view.highlights {
        assert_eq!(cut(&view.body, r), "氢能");
    }
    assert!(searcher.document(10_000, "氢能").unwrap().is_none());
}

/// Hostile and odd queries: no panic, sensible answers.
#[test]
fn odd_queries_do_not_panic() {
    let long = "氢能".repeat(2000);
    let queries = [
        "",
        " ",
        "\t\n",
        "，。！",
        "〔",
        "号",
        "〔2022〕",
        "2022年",
        "第15号",
        "-",
        "--",
        "a",
        "0",
        "😀",
        "𠮷",
        "氢😀能",
        "ｇ",
        "\u{0}",
        "吕政办发〔9999〕1号",
        "吕政办发〔2022〕",
        long.as_str(),
        "氢 能 产 业",
        "'\"<script>",
        "　氢能　",
    ];
    for q in queries {
        let results = search(q, 10);
        assert!(results.results.len() <= 10);
        assert!(results.total >= results.results.len());
    }
    assert_eq!(search("", 10).total, 0);
    assert_eq!(search("，。！", 10).total, 0);
    assert_eq!(first("　氢能　"), "吕政办发〔2022〕16号");
}

#[test]
fn limit_is_respected_and_total_is_not_limited() {
    let all = search("2022", usize::MAX);
    let some = search("2022", 3);
    assert_eq!(some.results.len(), 3);
    assert_eq!(some.total, all.total);
    assert_eq!(some.results, all.results[..3]);
}

/// Random queries built from the characters that matter (Han from the
/// gazette, ASCII, full-width forms, brackets of 文号, whitespace, a
/// supplementary-plane character) never panic — in the wasm a panic aborts
/// the engine — and always return consistent counts and in-range highlights.
#[test]
fn random_queries_never_panic() {
    const ALPHABET: &[char] = &[
        '氢', '能', '护', '工', '吕', '政', '办', '发', '函', '号', '年', '第', '〔', '〕', '[',
        ']', '(', ')', '（', '）', '【', '】', '2', '0', '1', '5', 'b', 's', '-', 'Ｂ', '０', ' ',
        '　', '\n', '𠮷', '的', '安', '全', '生', '产', '，', '“', '”', 'x', '.', '/', '|',
    ];
    let searcher = Searcher::new(index());
    let mut rng = crate::test_rng::XorShift(0x9e37_79b9_7f4a_7c15);
    let mut next = move || rng.next_u64();
    for _ in 0..2000 {
        let len = (next() % 12) as usize;
        let query: String = (0..len)
            .map(|_| ALPHABET[(next() as usize) % ALPHABET.len()])
            .collect();
        let results = searcher.search(&query, 5).unwrap();
        assert!(results.total >= results.results.len(), "{query:?}");
        for h in &results.results {
            let units = h.snippet.encode_utf16().count() as u32;
            assert!(
                h.highlights.iter().all(|&[s, e]| s < e && e <= units),
                "{query:?}"
            );
            let title_units = h.title.encode_utf16().count() as u32;
            assert!(
                h.title_highlights
                    .iter()
                    .all(|&[s, e]| s < e && e <= title_units),
                "{query:?}"
            );
        }
        if let Some(h) = results.results.first() {
            let view = searcher.document(h.id, &query).unwrap().unwrap();
            let units = view.body.encode_utf16().count() as u32;
            assert!(
                view.highlights.iter().all(|&[s, e]| s < e && e <= units),
                "{query:?}"
            );
        }
    }
}
