//! The golden index of format version 1.
//!
//! `tests/golden/v1/zhsearch.idx` was built by the CLI from
//! `tests/golden/v1/doc.txt`, from the crate root:
//!
//! ```text
//! zhsearch build tests/golden/v1/doc.txt --out tests/golden/v1
//! ```
//!
//! Two promises are checked here:
//!
//! * **Readers keep reading it.** A change to [`Index::open`] or the searcher
//!   that breaks indexes already deployed on sites fails
//!   [`golden_v1_opens_and_answers`].
//! * **Writers keep writing it.** Rebuilding from `doc.txt` must give the same
//!   bytes, so a change of the format nobody meant fails
//!   [`rebuilding_golden_v1_gives_the_same_bytes`]. If the format changed on
//!   purpose: bump `FORMAT_VERSION` and add `tests/golden/vN`.
//!
//! And damage: no change of a byte, no truncation, makes the reader panic or
//! accept the file.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::process::Command;

use zhsearch::index::{crc32, Index, IndexError, FORMAT_VERSION, MAGIC};
use zhsearch::search::Searcher;

/// The committed index.
const GOLDEN: &[u8] = include_bytes!("golden/v1/zhsearch.idx");
/// Its source, as given to the CLI (the index stores this path).
const SOURCE: &str = "tests/golden/v1/doc.txt";

const TITLE: &str = "测试市人民政府关于做好春季森林防火工作的通知";
const DOC_NUMBER: &str = "测政发〔2024〕7号";

const REGENERATE: &str = "if the format changed on purpose, bump FORMAT_VERSION and add \
                          tests/golden/vN (built with `zhsearch build tests/golden/vN/doc.txt \
                          --out tests/golden/vN` from the crate root), keeping tests/golden/v1";

fn open_golden() -> Index<'static> {
    Index::open(GOLDEN).unwrap_or_else(|e| {
        panic!("the committed v1 index no longer opens: {e:?} ({e}); old indexes must stay readable, or {REGENERATE}")
    })
}

/// The text each `[start, end)` range (UTF-16 code units) covers in `text`.
fn cut_utf16(text: &str, ranges: &[[u32; 2]]) -> Vec<String> {
    let units: Vec<u16> = text.encode_utf16().collect();
    ranges
        .iter()
        .map(|&[s, e]| {
            let (s, e) = (s as usize, e as usize);
            assert!(
                s < e && e <= units.len(),
                "range {s}..{e} out of bounds in {text:?}"
            );
            String::from_utf16(&units[s..e]).expect("a range splits a surrogate pair")
        })
        .collect()
}

/// Recomputes the footer's checksum after a patch.
fn fix_crc(bytes: &mut [u8]) {
    let body = bytes.len() - 4;
    let crc = crc32(&bytes[..body]);
    bytes[body..].copy_from_slice(&crc.to_le_bytes());
}

fn read_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap())
}

/// (tag, position of its table entry) for each section of the golden index.
fn section_table(bytes: &[u8]) -> Vec<(String, usize)> {
    let count = read_u32(bytes, 12) as usize;
    (0..count)
        .map(|i| {
            let at = 16 + i * 12;
            (String::from_utf8_lossy(&bytes[at..at + 4]).into_owned(), at)
        })
        .collect()
}

// ---------------------------------------------------------------------------
// (a) Readers keep reading v1

#[test]
fn golden_v1_header() {
    assert_eq!(&GOLDEN[..8], MAGIC);
    assert_eq!(
        read_u32(GOLDEN, 8),
        1,
        "tests/golden/v1 must hold a version 1 index"
    );
    let body = GOLDEN.len() - 4;
    assert_eq!(
        read_u32(GOLDEN, body),
        crc32(&GOLDEN[..body]),
        "the committed index's checksum"
    );
    let mut tags: Vec<String> = section_table(GOLDEN).into_iter().map(|(t, _)| t).collect();
    tags.sort();
    assert_eq!(tags, ["DOCS", "META", "POST", "TERM"]);
}

#[test]
fn golden_v1_opens_and_answers() {
    let index = open_golden();
    assert_eq!(index.title(), "doc");
    assert_eq!(index.docs().len(), 1);
    let doc = &index.docs()[0];
    assert_eq!(doc.doc_number, DOC_NUMBER);
    assert_eq!(doc.title, TITLE);
    assert_eq!(doc.source, SOURCE);
    assert_eq!(
        (doc.issuer, doc.date, doc.category, doc.page),
        ("", "", "", 0)
    );
    for text in ["春季森林防火工作", "AB-01", "12119", "2024年3月1日"] {
        assert!(
            doc.body.contains(text),
            "the body holds {text:?}: {:?}",
            doc.body
        );
    }
    assert!(index.word_tokens() > 0);
    assert!(index.doc_length(0) > 0);
    assert!(!index.terms().is_empty());

    let searcher = Searcher::new(&index);

    // A word of the title and the body.
    let results = searcher.search("防火", 10);
    assert_eq!(
        (results.query.as_str(), results.total, results.results.len()),
        ("防火", 1, 1)
    );
    let hit = &results.results[0];
    assert_eq!(
        (hit.id, hit.doc_number.as_str(), hit.title.as_str()),
        (0, DOC_NUMBER, TITLE)
    );
    assert!(hit.score > 0.0);
    let cuts = cut_utf16(&hit.snippet, &hit.highlights);
    assert!(
        !cuts.is_empty() && cuts.iter().all(|c| c == "防火"),
        "{cuts:?} in {hit:?}"
    );
    assert_eq!(cut_utf16(&hit.title, &hit.title_highlights), ["防火"]);

    // Twice in the body.
    let hit = &searcher.search("检查站", 10).results[0];
    assert_eq!(
        cut_utf16(&hit.snippet, &hit.highlights),
        ["检查站", "检查站"],
        "{hit:?}"
    );

    // The 文号, however it is spelled.
    for query in [
        DOC_NUMBER,
        "测政发[2024]7号",
        "测政发（2024）7号",
        "测政发2024年7号",
    ] {
        let results = searcher.search(query, 10);
        assert_eq!(results.total, 1, "{query}: {results:?}");
        assert_eq!(results.results[0].doc_number, DOC_NUMBER, "{query}");
    }

    // The ASCII code, folded from full width and case.
    for query in ["AB-01", "ＡＢ－０１", "ab-01"] {
        let results = searcher.search(query, 10);
        assert_eq!(results.total, 1, "{query}: {results:?}");
        let hit = &results.results[0];
        assert_eq!(
            cut_utf16(&hit.snippet, &hit.highlights),
            ["AB-01"],
            "{query}: {hit:?}"
        );
    }

    // Absent.
    for query in ["氢能", "xyz"] {
        let results = searcher.search(query, 10);
        assert_eq!(
            (results.total, results.results.len()),
            (0, 0),
            "{query}: {results:?}"
        );
    }

    // The whole document, its matches marked.
    let view = searcher.document(0, "火情").expect("document 0");
    assert_eq!(view.source, SOURCE);
    assert_eq!(cut_utf16(&view.body, &view.highlights), ["火情"]);
    assert!(searcher.document(1, "火情").is_none());
}

// ---------------------------------------------------------------------------
// (b) Writers keep writing v1

#[test]
fn rebuilding_golden_v1_gives_the_same_bytes() {
    let out = std::env::temp_dir().join(format!("zhsearch-golden-{}-rebuild", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let run = Command::new(env!("CARGO_BIN_EXE_zhsearch"))
        .args([
            Path::new("build"),
            Path::new(SOURCE),
            Path::new("--out"),
            &out,
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("running the zhsearch binary");
    let rebuilt = std::fs::read(out.join("zhsearch.idx"));
    let _ = std::fs::remove_dir_all(&out);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        run.status.success(),
        "zhsearch build {SOURCE} failed: {stderr}"
    );
    assert!(stderr.contains("indexed 1 documents"), "{stderr}");
    let rebuilt = rebuilt.expect("the rebuilt index");

    if rebuilt != GOLDEN {
        let first_difference = rebuilt.iter().zip(GOLDEN).position(|(a, b)| a != b);
        panic!(
            "rebuilding {SOURCE} no longer gives the committed tests/golden/v1/zhsearch.idx \
             ({} bytes now, {} committed; first difference at byte {:?}): the writer's output \
             changed. If that is unintended, fix the writer; {REGENERATE}.",
            rebuilt.len(),
            GOLDEN.len(),
            first_difference.unwrap_or(rebuilt.len().min(GOLDEN.len())),
        );
    }
}

// ---------------------------------------------------------------------------
// Damage

/// Opens `bytes`; a panic fails with `what` in the message.
fn open_no_panic(bytes: &[u8], what: &str) -> Result<(), IndexError> {
    catch_unwind(AssertUnwindSafe(|| Index::open(bytes).map(|_| ())))
        .unwrap_or_else(|_| panic!("Index::open panicked on {what}"))
}

#[test]
fn every_changed_byte_is_refused() {
    for mask in [0xff_u8, 0x01, 0x80] {
        let mut bytes = GOLDEN.to_vec();
        for at in 0..bytes.len() {
            bytes[at] ^= mask;
            let what = format!("byte {at} ^ {mask:#04x}");
            let result = open_no_panic(&bytes, &what);
            assert!(result.is_err(), "{what} is accepted");
            bytes[at] ^= mask;
        }
    }
}

#[test]
fn every_truncation_is_refused() {
    for len in 0..GOLDEN.len() {
        let result = open_no_panic(&GOLDEN[..len], &format!("the first {len} bytes"));
        let error = result
            .err()
            .unwrap_or_else(|| panic!("the first {len} bytes are accepted"));
        if len < MAGIC.len() {
            assert_eq!(error, IndexError::NotAnIndex, "{len} bytes");
        } else if len < 20 {
            assert_eq!(error, IndexError::Truncated { len }, "{len} bytes");
        }
    }
}

/// A damaged byte behind a valid checksum (a bug in some writer, not a bad
/// disk): the bounds-checked decoding must still never panic, in `open` or
/// in the searches of an index that opens.
///
/// Regression: a damaged TERM section opened and then panicked inside fst
/// on the first search, until `Index::open` verified the fst's checksum.
#[test]
fn changed_bytes_behind_a_valid_checksum_never_panic() {
    let sections: Vec<(String, usize, usize)> = section_table(GOLDEN)
        .into_iter()
        .map(|(tag, at)| {
            (
                tag,
                read_u32(GOLDEN, at + 4) as usize,
                read_u32(GOLDEN, at + 8) as usize,
            )
        })
        .collect();
    let place = |at: usize| -> String {
        match sections
            .iter()
            .find(|(_, offset, len)| (*offset..offset + len).contains(&at))
        {
            Some((tag, offset, _)) => format!("{tag}+{}", at - offset),
            None if (16..16 + 12 * sections.len()).contains(&at) => {
                let entry = &sections[(at - 16) / 12].0;
                format!("table entry {entry}, byte {}", (at - 16) % 12)
            }
            None => "header".to_string(),
        }
    };
    let mut bytes = GOLDEN.to_vec();
    let body = bytes.len() - 4;
    let mut panics = Vec::new();
    for at in 0..body {
        for mask in [0xff_u8, 0x01] {
            bytes[at] ^= mask;
            fix_crc(&mut bytes);
            let opened = catch_unwind(AssertUnwindSafe(|| Index::open(&bytes).is_ok()));
            let searched = match opened {
                Ok(true) => catch_unwind(AssertUnwindSafe(|| {
                    let index = Index::open(&bytes).unwrap();
                    let searcher = Searcher::new(&index);
                    for query in ["防火", "测政发〔2024〕7号", "AB-01", "检", "检查站 火情"]
                    {
                        let _ = searcher.search(query, 10);
                    }
                    let _ = searcher.document(0, "火情");
                }))
                .is_ok(),
                _ => true,
            };
            if opened.is_err() {
                panics.push(format!(
                    "byte {at} ({}) ^ {mask:#04x}: Index::open panicked",
                    place(at)
                ));
            } else if !searched {
                panics.push(format!(
                    "byte {at} ({}) ^ {mask:#04x}: a search panicked",
                    place(at)
                ));
            }
            bytes[at] ^= mask;
        }
    }
    bytes.copy_from_slice(GOLDEN);
    assert!(
        panics.is_empty(),
        "{} changed bytes (checksum fixed) make the reader panic; the first 40:\n{}",
        panics.len(),
        panics
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn another_version_is_unsupported() {
    assert_eq!(
        FORMAT_VERSION, 1,
        "a new format version needs tests/golden/v{FORMAT_VERSION}"
    );
    for found in [0, 2, 3, u32::MAX] {
        let mut bytes = GOLDEN.to_vec();
        bytes[8..12].copy_from_slice(&found.to_le_bytes());
        fix_crc(&mut bytes);
        let error = Index::open(&bytes).err();
        assert_eq!(
            error,
            Some(IndexError::UnsupportedVersion {
                found,
                supported: 1
            })
        );
    }
}

#[test]
fn each_error_variant_is_reported() {
    assert_eq!(Index::open(b"").err(), Some(IndexError::NotAnIndex));
    assert_eq!(
        Index::open(b"PK\x03\x04 a zip file").err(),
        Some(IndexError::NotAnIndex)
    );
    assert_eq!(
        Index::open(&GOLDEN[..12]).err(),
        Some(IndexError::Truncated { len: 12 })
    );

    let mut bytes = GOLDEN.to_vec();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    let body = bytes.len() - 4;
    let (stored, computed) = (read_u32(&bytes, body), crc32(&bytes[..body]));
    assert_ne!(stored, computed);
    assert_eq!(
        Index::open(&bytes).err(),
        Some(IndexError::Checksum { stored, computed })
    );

    for (tag, at) in section_table(GOLDEN) {
        // The section renamed: missing.
        let mut bytes = GOLDEN.to_vec();
        bytes[at..at + 4].copy_from_slice(b"XXXX");
        fix_crc(&mut bytes);
        match Index::open(&bytes) {
            Err(IndexError::MissingSection { tag: missing }) => assert_eq!(missing, tag),
            other => panic!(
                "{tag} renamed: expected MissingSection, got {:?}",
                other.err()
            ),
        }

        // The section's offset past the end: the header is corrupt.
        let mut bytes = GOLDEN.to_vec();
        bytes[at + 4..at + 8].copy_from_slice(&u32::MAX.to_le_bytes());
        fix_crc(&mut bytes);
        match Index::open(&bytes) {
            Err(IndexError::Corrupt {
                section: "header", ..
            }) => {}
            other => panic!(
                "{tag} out of bounds: expected Corrupt header, got {:?}",
                other.err()
            ),
        }
    }

    // A string of DOCS running past the end of its section: DOCS is corrupt.
    let (_, docs_at) = section_table(GOLDEN)
        .into_iter()
        .find(|(t, _)| t == "DOCS")
        .unwrap();
    let docs_offset = read_u32(GOLDEN, docs_at + 4) as usize;
    let mut bytes = GOLDEN.to_vec();
    // DOCS starts with varint n = 1, then the 文号's length: make it huge.
    assert_eq!(bytes[docs_offset], 1);
    bytes[docs_offset + 1] = 0x7f;
    fix_crc(&mut bytes);
    match Index::open(&bytes) {
        Err(IndexError::Corrupt {
            section: "DOCS", ..
        }) => {}
        other => panic!(
            "a DOCS string past the end: expected Corrupt DOCS, got {:?}",
            other.err()
        ),
    }
}

#[test]
fn every_error_message_says_to_rebuild() {
    let errors = [
        IndexError::NotAnIndex,
        IndexError::Truncated { len: 12 },
        IndexError::UnsupportedVersion {
            found: 2,
            supported: 1,
        },
        IndexError::Checksum {
            stored: 0xdead_beef,
            computed: 0x0123_4567,
        },
        IndexError::MissingSection { tag: "TERM" },
        IndexError::Corrupt {
            section: "DOCS",
            detail: "unexpected end at byte 9".into(),
        },
    ];
    for error in errors {
        let message = error.to_string();
        assert!(
            message.contains("rebuild it with `zhsearch build`"),
            "{error:?}: {message}"
        );
        assert!(!message.contains('\n'), "one line: {message}");
        let specific = match &error {
            IndexError::NotAnIndex => "not a zhsearch index".to_string(),
            IndexError::Truncated { len } => format!("truncated ({len} bytes)"),
            IndexError::UnsupportedVersion { found, supported } => {
                format!("format version {found}, but this zhsearch reads version {supported}")
            }
            IndexError::Checksum { .. } => "damaged".to_string(),
            IndexError::MissingSection { tag } => format!("no {tag} section"),
            IndexError::Corrupt { section, detail } => {
                format!("{section} section is damaged ({detail})")
            }
        };
        assert!(
            message.contains(&specific),
            "{error:?}: {message:?} should say {specific:?}"
        );
    }
}
