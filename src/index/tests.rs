//! The writer and the reader agree, and no byte string makes the reader panic.

use super::*;
use crate::search::Searcher;
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
        body: body.into(),
        ..Document::default()
    }
}

fn small_index() -> Vec<u8> {
    let mut w = IndexWriter::new("测试公报");
    w.add(
        doc(
            "测政发〔2024〕1号",
            "氢能通知",
            "发展氢能产业。\nBS-04-01 地块",
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

#[test]
fn roundtrip_documents_and_metadata() {
    let bytes = small_index();
    let index = Index::open(&bytes).unwrap();
    assert_eq!(index.title(), "测试公报");
    assert_eq!(index.docs().len(), 3);
    let d = &index.docs()[1];
    assert_eq!(
        (
            d.doc_number,
            d.title,
            d.issuer,
            d.date,
            d.category,
            d.page,
            d.source
        ),
        (
            "测政发〔2024〕2号",
            "护工培训",
            "测试市人民政府",
            "2024-01-02",
            "市政府文件",
            7,
            "t.txt"
        )
    );
    assert_eq!(d.body, "吕梁山护工培训就业，防护工程。");
    assert_eq!(index.docs()[2].body, "𠮷野家的牛肉饭");
    assert!(index.word_tokens() > 0);
}

#[test]
fn roundtrip_postings() {
    let bytes = small_index();
    let index = Index::open(&bytes).unwrap();
    // 护工 is a bigram of doc 1 twice (护工培训 in the title, 护工 and 防护工程 in the body).
    let bigram = index.postings(&term_key(TermKind::Bigram, "护工"));
    assert_eq!(
        bigram.docs.iter().map(|p| p.doc).collect::<Vec<_>>(),
        vec![1]
    );
    // Character and bigram lists carry no frequency: it reads as 1.
    assert_eq!(bigram.docs[0].tf, 1);
    let ascii = index.postings(&term_key(TermKind::Ascii, "04"));
    assert_eq!(ascii.docs, vec![Posting { doc: 0, tf: 1 }]);
    // Words keep their frequencies: 氢能 in doc 0's title and body.
    let word = index.postings(&term_key(TermKind::Word, "氢能"));
    assert_eq!(word.docs, vec![Posting { doc: 0, tf: 2 }]);
    assert_eq!(word.cf, 2);
    let offset = index.terms().get(term_key(TermKind::Word, "氢能")).unwrap();
    assert_eq!(index.term_stats(offset), (1, 2));
    assert!(index
        .postings(&term_key(TermKind::Word, "不存在"))
        .docs
        .is_empty());
}

#[test]
fn writing_is_deterministic() {
    assert_eq!(small_index(), small_index());
}

#[test]
fn errors_name_the_problem() {
    let bytes = small_index();
    assert!(matches!(
        Index::open(b"PK\x03\x04 a zip file"),
        Err(IndexError::NotAnIndex)
    ));
    assert!(matches!(Index::open(b""), Err(IndexError::NotAnIndex)));
    assert!(matches!(
        Index::open(&bytes[..12]),
        Err(IndexError::Truncated { .. })
    ));
    let mut damaged = bytes.clone();
    let mid = damaged.len() / 2;
    damaged[mid] ^= 0x40;
    assert!(matches!(
        Index::open(&damaged),
        Err(IndexError::Checksum { .. })
    ));
    let mut newer = bytes.clone();
    newer[8] = 2;
    let end = newer.len() - 4;
    let crc = crc32(&newer[..end]);
    newer[end..].copy_from_slice(&crc.to_le_bytes());
    assert_eq!(
        Index::open(&newer).err(),
        Some(IndexError::UnsupportedVersion {
            found: 2,
            supported: FORMAT_VERSION
        })
    );
    for e in [
        IndexError::NotAnIndex,
        IndexError::Truncated { len: 3 },
        IndexError::UnsupportedVersion {
            found: 2,
            supported: 1,
        },
        IndexError::Checksum {
            stored: 1,
            computed: 2,
        },
        IndexError::MissingSection { tag: "TERM" },
        IndexError::Corrupt {
            section: "DOCS",
            detail: "x".into(),
        },
    ] {
        assert!(e.to_string().contains("zhsearch build"), "{e}");
    }
}

/// Damage that keeps the checksum valid (a buggy writer, a hostile file)
/// must still give an error or a working index, never a panic. A small
/// deterministic generator stands in for a fuzzer here.
///
/// Regression: fst trusts its nodes once its header and footer check out,
/// so damage inside TERM used to open fine and panic in the first lookup.
#[test]
fn damage_behind_a_valid_checksum_never_panics() {
    let bytes = small_index();
    let mut rng = crate::test_rng::XorShift(0x2545_f491_4f6c_dd1d);
    let mut next = move || rng.next_u64();
    let mut opened = 0;
    for _ in 0..3000 {
        let mut damaged = bytes.clone();
        for _ in 0..1 + next() % 4 {
            let at = 12 + (next() as usize) % (damaged.len() - 16);
            {
                damaged[at] = next() as u8;
            }
        }
        let end = damaged.len() - 4;
        let crc = crc32(&damaged[..end]);
        damaged[end..].copy_from_slice(&crc.to_le_bytes());
        if let Ok(index) = Index::open(&damaged) {
            opened += 1;
            let searcher = Searcher::new(&index);
            for q in ["氢能", "护工", "bs-04-01", "测政发〔2024〕1号", "𠮷"] {
                let _ = searcher.search(q, 10);
            }
            for id in 0..index.docs().len() as u32 {
                let _ = searcher.document(id, "氢");
            }
        }
    }
    assert!(opened > 0, "some damage (inside postings, say) still opens");
}

#[test]
fn crc32_matches_the_standard() {
    // The check value of CRC-32/ISO-HDLC.
    assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
}
