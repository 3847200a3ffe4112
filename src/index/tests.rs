//! The writer and the reader agree, chunks load lazily, and no byte string
//! makes the reader panic.

use super::*;
use crate::search::{SearchError, Searcher};
use crate::tokenize::{term_key, Segmenter, TermKind};

/// Two-character words, so tests need no dictionary.
struct Pairs;
impl Segmenter for Pairs {
    fn words<'a>(&self, run: &'a str) -> Vec<&'a str> {
        let idx: Vec<usize> = run
            .char_indices()
            .map(|(i, _)| i)
            .chain([run.len()])
            .collect();
        idx.windows(3)
            .step_by(2)
            .map(|w| &run[w[0]..w[2]])
            .collect()
    }
}

fn doc(number: &str, title: &str, body: &str) -> Document {
    Document {
        doc_number: number.into(),
        title: title.into(),
        issuer: "测试市人民政府".into(),
        date: "2024-01-02".into(),
        category: "市政府文件".into(),
        page: 7,
        source: "t.txt".into(),
        url: "a/b.html".into(),
        meta: vec![("期".into(), "2024年第1期".into())],
        filters: vec![("文种".into(), "通知".into())],
        body: body.into(),
    }
}

/// Tiny chunks, so that even three documents make many.
const TINY: WriterOptions = WriterOptions {
    terms: 64,
    postings: 64,
    positions: 64,
    docs: 64,
    text: 16,
};

fn small_files() -> IndexFiles {
    let mut w = IndexWriter::with_options("测试公报", TINY);
    w.add(
        doc(
            "测政发〔2024〕1号",
            "氢能通知",
            "发展氢能产业。\nBS-04-01 地块\n第5条 安全 生产",
        ),
        &Pairs,
    );
    w.add(
        doc(
            "测政发〔2024〕2号",
            "护工培训",
            "吕梁山护工培训就业，防护工程。",
        ),
        &Pairs,
    );
    w.add(doc("", "无号文件", "𠮷野家的牛肉饭"), &Pairs);
    w.finish().unwrap()
}

fn small_index() -> Vec<u8> {
    small_files().pack()
}

#[test]
fn roundtrip_documents_and_metadata() {
    let index = Index::open(&small_index()).unwrap();
    assert_eq!(index.title(), "测试公报");
    assert_eq!(index.len(), 3);
    let d = index.full_document(1).unwrap();
    assert_eq!(d.doc_number, "测政发〔2024〕2号");
    assert_eq!(d.title, "护工培训");
    assert_eq!(d.url, "a/b.html");
    assert_eq!(d.meta, vec![("期".to_string(), "2024年第1期".to_string())]);
    assert_eq!(d.filters, vec![("文种".to_string(), "通知".to_string())]);
    assert_eq!(d.body, "吕梁山护工培训就业，防护工程。");
    // Bodies cut into many segments come back whole.
    assert_eq!(
        index.full_document(0).unwrap().body,
        "发展氢能产业。\nBS-04-01 地块\n第5条 安全 生产"
    );
    assert_eq!(index.full_document(2).unwrap().body, "𠮷野家的牛肉饭");
    assert!(index.full_document(3).is_none());
    assert!(index.full_document(u32::MAX).is_none());
}

#[test]
fn root_meta_round_trips_and_unset_keys_change_no_bytes() {
    let build = |meta: &[(&str, &str)]| {
        let mut w = IndexWriter::with_options("测试公报", TINY);
        w.add(doc("", "氢能通知", "发展氢能产业。"), &Pairs);
        for (k, v) in meta {
            assert!(w.set_meta(k, v), "{k} is settable");
        }
        w.finish().unwrap()
    };
    let plain = build(&[]);
    let index = Index::open(&plain.pack()).unwrap();
    assert_eq!(index.meta("site_root"), None);
    // Built-in keys read back through meta() too.
    assert_eq!(index.meta("title"), Some("测试公报"));

    let with = build(&[
        ("site_root", "../"),
        ("other", "x"),
        ("site_root", "../../"),
    ]);
    assert_ne!(with.root, plain.root);
    // Only the root changes: the chunks are the same bytes, under the same names.
    assert_eq!(with.chunks, plain.chunks);
    // The meta sits in the root: the packed index and the root alone agree.
    for index in [
        Index::open(&with.pack()).unwrap(),
        Index::open_root(&with.root, None).unwrap(),
    ] {
        // Setting a key again replaced it.
        assert_eq!(index.meta("site_root"), Some("../../"));
        assert_eq!(index.meta("other"), Some("x"));
        assert_eq!(index.title(), "测试公报");
        assert_eq!(index.len(), 1);
    }

    // The writer's own keys are not settable.
    let mut w = IndexWriter::new("t");
    for key in ["title", "word_tokens", "examples"] {
        assert!(!w.set_meta(key, "x"), "{key}");
    }
    w.add(doc("", "氢能", "氢能"), &Pairs);
    let index = Index::open(&w.finish().unwrap().pack()).unwrap();
    assert_eq!(index.title(), "t");
}

#[test]
fn roundtrip_postings_and_positions() {
    let index = Index::open(&small_index()).unwrap();
    let info = index.term(&term_key(TermKind::Bigram, "护工")).unwrap();
    let list = index.postings(info);
    // 护工 in the title and twice in the body (护工培训, 防护工程).
    assert_eq!(
        list.docs,
        vec![Posting {
            doc: 1,
            tf: 3,
            title_tf: 1
        }]
    );
    let positions = index.positions(&list).unwrap();
    // Title 护工培训 at 0..4, title_end 4, body from 5: 吕梁山护工… → 护工 at 8 and 16 (防护工程).
    assert_eq!(positions, vec![vec![0, 8, 16]]);
    assert_eq!(index.title_end(1), 4);
    assert!(index.term(&term_key(TermKind::Bigram, "不在")).is_none());
    assert_eq!(index.examples().len(), 6.min(index.examples().len()));
}

#[test]
fn writing_is_deterministic() {
    assert_eq!(small_index(), small_index());
}

#[test]
fn tiny_options_make_many_chunks() {
    let files = small_files();
    let kinds: Vec<char> = files
        .chunks
        .iter()
        .map(|c| c.0.as_bytes()[0] as char)
        .collect();
    for kind in ['t', 'p', 'q', 'd', 'x'] {
        assert!(
            kinds.iter().filter(|&&k| k == kind).count() >= 2,
            "{kind}: {kinds:?}"
        );
    }
}

/// The browser's way: open the root alone, then hand in what each search
/// asks for, until it answers — and the answer is the packed index's.
#[test]
fn lazy_loading_asks_for_chunks_until_it_can_answer() {
    let files = small_files();
    let packed = Index::open(&files.pack()).unwrap();
    let lazy = Index::open_root(&files.root, None).unwrap();
    for query in [
        "护工",
        "氢能产业",
        "bs-04-01",
        "第5条",
        "安全生产",
        "𠮷野",
        "测政发〔2024〕2号",
    ] {
        let want = Searcher::new(&packed).search(query, 10).unwrap();
        let mut rounds = 0;
        let got = loop {
            match Searcher::new(&lazy).search(query, 10) {
                Ok(r) => break r,
                Err(SearchError::Need(names)) => {
                    assert!(!names.is_empty());
                    for name in names {
                        let (_, bytes) = files.chunks.iter().find(|c| c.0 == name).unwrap();
                        lazy.add_chunk(&name, bytes).unwrap();
                    }
                }
                Err(e) => panic!("{query}: {e}"),
            }
            rounds += 1;
            assert!(rounds < 8, "{query}: too many rounds");
        };
        assert_eq!(got, want, "{query}");
    }
}

#[test]
fn a_chunk_under_the_wrong_name_is_refused() {
    let files = small_files();
    let index = Index::open_root(&files.root, None).unwrap();
    let (name, bytes) = &files.chunks[0];
    let mut other = name.clone();
    other.replace_range(1..2, if &name[1..2] == "0" { "1" } else { "0" });
    assert!(matches!(
        index.add_chunk(&other, bytes),
        Err(IndexError::WrongChunk { .. })
    ));
    assert!(matches!(
        index.add_chunk("no-such-name", bytes),
        Err(IndexError::WrongChunk { .. })
    ));
    index.add_chunk(name, bytes).unwrap();
}

#[test]
fn errors_name_the_problem() {
    let good = small_index();
    assert_eq!(Index::open(b"hello").err(), Some(IndexError::NotAnIndex));
    assert!(matches!(
        Index::open(&good[..14]).err(),
        Some(IndexError::Truncated { .. })
    ));
    let mut old = good.clone();
    old[8..12].copy_from_slice(&1u32.to_le_bytes());
    assert_eq!(
        Index::open(&old).err(),
        Some(IndexError::UnsupportedVersion {
            found: 1,
            supported: FORMAT_VERSION
        })
    );
    let mut damaged = good.clone();
    let mid = damaged.len() / 2;
    damaged[mid] ^= 0x55;
    assert!(matches!(
        Index::open(&damaged).err(),
        Some(IndexError::Checksum { .. })
    ));
    for e in [
        IndexError::NotAnIndex,
        IndexError::Truncated { len: 3 },
        IndexError::MissingChunk { name: "t0".into() },
        IndexError::WrongChunk { name: "t0".into() },
    ] {
        assert!(e.to_string().contains("zhsearch build"), "{e}");
    }
}

/// Changes behind valid checksums (a buggy or hostile writer): every chunk
/// re-framed and re-named after the change, so only decoding stands guard.
#[test]
fn damage_behind_valid_checksums_never_panics() {
    let files = small_files();
    let mut rng = crate::test_rng::XorShift(0x9e37_79b9_7f4a_7c15);
    for _ in 0..400 {
        let which = (rng.next_u64() % files.chunks.len() as u64) as usize;
        let (name, framed) = &files.chunks[which];
        let mut payload = framed[..framed.len() - 4].to_vec();
        if payload.is_empty() {
            continue;
        }
        let at = (rng.next_u64() % payload.len() as u64) as usize;
        payload[at] ^= 1 + (rng.next_u64() % 255) as u8;
        let reframed = chunk::frame(payload);
        let kind = ChunkRef::parse(name).unwrap().kind;
        let new_ref = ChunkRef {
            kind,
            hash: chunk_hash(&reframed),
        };
        let index = Index::open_root(&files.root, None).unwrap();
        for (n, b) in &files.chunks {
            if n != name {
                index.add_chunk(n, b).unwrap();
            }
        }
        // Under its old name the damaged chunk is refused; decoded under
        // its own and slipped in where the root looks, it must still not
        // make a search panic.
        assert!(index.add_chunk(name, &reframed).is_err());
        if let Ok(loaded) = decode(new_ref, &reframed) {
            let old = ChunkRef::parse(name).unwrap();
            index.loaded.borrow_mut().insert(old, Rc::new(loaded));
        }
        for q in ["护工", "氢能产业", "bs-04-01", "第5条", "测政发"] {
            let _ = Searcher::new(&index).search(q, 10);
        }
    }
}

#[test]
fn crc32_matches_the_standard() {
    assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    assert_eq!(crc32(b""), 0);
}
