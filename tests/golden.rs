//! The golden indexes, one per format version.
//!
//! `tests/golden/v2/index/` was built by the CLI from `tests/golden/v2/doc.txt`,
//! from the crate root:
//!
//! ```text
//! zhsearch build tests/golden/v2/doc.txt --index-only --layout chunked --out tests/golden/v2/index
//! ```
//!
//! Three promises are checked here:
//!
//! * **Readers keep reading v2.** A change to the reader or the searcher that
//!   breaks indexes already deployed fails [`golden_v2_opens_and_answers`].
//! * **Writers keep writing v2.** Rebuilding from `doc.txt` must give the same
//!   chunks (their names are hashes of their bytes) and the same root, so a
//!   change of the format nobody meant fails
//!   [`rebuilding_golden_v2_gives_the_same_chunks`]. If the format changed on
//!   purpose: bump `FORMAT_VERSION` and add `tests/golden/vN`.
//! * **Older versions are refused clearly.** `tests/golden/v1/zhsearch.idx`,
//!   a version 1 index, must give [`IndexError::UnsupportedVersion`], whose
//!   message says to rebuild.
//!
//! And damage: no change of a byte, no truncation of the root or of a chunk,
//! makes the reader panic or accept it.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::Command;

use zhsearch::index::chunk::{frame, gunzip};
use zhsearch::index::{Index, IndexError, FORMAT_VERSION, MAGIC, ROOT};
use zhsearch::search::Searcher;

const V1: &[u8] = include_bytes!("golden/v1/zhsearch.idx");
/// The source, as given to the CLI (the index stores this path).
const SOURCE: &str = "tests/golden/v2/doc.txt";

const TITLE: &str = "测试市人民政府关于做好春季森林防火工作的通知";
const DOC_NUMBER: &str = "测政发〔2024〕7号";

const REGENERATE: &str = "if the format changed on purpose, bump FORMAT_VERSION and add \
                          tests/golden/vN (built with `zhsearch build tests/golden/vN/doc.txt \
                          --index-only --layout chunked --out tests/golden/vN/index` from the \
                          crate root), keeping the older ones";

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/v2/index")
}

/// (name, framed bytes) of every file of an index folder, sorted by name.
fn read_chunks(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let bytes = gunzip(&std::fs::read(&p).unwrap()).unwrap();
            (name, bytes)
        })
        .collect();
    out.sort();
    out
}

fn open_golden() -> Index {
    Index::open_dir(&golden_dir()).unwrap_or_else(|e| {
        panic!("the committed v2 index no longer opens: {e:?} ({e}); old indexes must stay readable, or {REGENERATE}")
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

#[test]
fn golden_v2_opens_and_answers() {
    let index = open_golden();
    assert_eq!(index.title(), "doc");
    assert_eq!(index.len(), 1);
    let doc = index.full_document(0).unwrap();
    assert_eq!(doc.doc_number, DOC_NUMBER);
    assert_eq!(doc.title, TITLE);
    assert_eq!(doc.source, SOURCE);
    assert_eq!(
        (
            doc.issuer.as_str(),
            doc.date.as_str(),
            doc.url.as_str(),
            doc.page
        ),
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

    let searcher = Searcher::new(&index);
    let search = |q: &str| searcher.search(q, 10).unwrap();

    // A word of the title and the body.
    let results = search("防火");
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
    let hit = &search("检查站").results[0];
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
        let results = search(query);
        assert_eq!(results.total, 1, "{query}: {results:?}");
        assert_eq!(results.results[0].doc_number, DOC_NUMBER, "{query}");
    }

    // The ASCII code, folded from full width and case.
    for query in ["AB-01", "ＡＢ－０１", "ab-01"] {
        let results = search(query);
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
        let results = search(query);
        assert_eq!(results.total, 0, "{query}: {results:?}");
    }
    // A code whose tokens are there, but not together: partial matches only.
    for query in ["ab-02", "ab-99"] {
        let results = search(query);
        assert!(results.partial, "{query}: {results:?}");
    }

    // The whole document, its matches marked.
    let view = searcher.document(0, "火情").unwrap().expect("document 0");
    assert_eq!(view.source, SOURCE);
    assert_eq!(cut_utf16(&view.body, &view.highlights), ["火情"]);
    assert!(searcher.document(1, "火情").unwrap().is_none());
}

#[test]
fn rebuilding_golden_v2_gives_the_same_chunks() {
    let out = std::env::temp_dir().join(format!("zhsearch-golden-{}-rebuild", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let run = Command::new(env!("CARGO_BIN_EXE_zhsearch"))
        .args([
            "build",
            SOURCE,
            "--index-only",
            "--layout",
            "chunked",
            "--out",
        ])
        .arg(&out)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("running the zhsearch binary");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        run.status.success(),
        "zhsearch build {SOURCE} failed: {stderr}"
    );
    assert!(stderr.contains("indexed 1 documents"), "{stderr}");
    let rebuilt = read_chunks(&out);
    let _ = std::fs::remove_dir_all(&out);
    let golden = read_chunks(&golden_dir());
    let names = |c: &[(String, Vec<u8>)]| c.iter().map(|c| c.0.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&rebuilt),
        names(&golden),
        "rebuilding {SOURCE} gives other chunks: the writer's output changed. If that is \
         unintended, fix the writer; {REGENERATE}."
    );
    assert!(
        rebuilt == golden,
        "rebuilding {SOURCE} gives another root: the writer's output changed; {REGENERATE}."
    );
}

#[test]
fn golden_v1_is_refused_with_a_clear_error() {
    assert_eq!(&V1[..8], MAGIC);
    let error = Index::open(V1).err();
    assert_eq!(
        error,
        Some(IndexError::UnsupportedVersion {
            found: 1,
            supported: FORMAT_VERSION
        })
    );
    let message = error.unwrap().to_string();
    assert!(
        message.contains("version 1") && message.contains("zhsearch build"),
        "{message}"
    );
}

#[test]
fn another_version_is_unsupported() {
    assert_eq!(
        FORMAT_VERSION, 2,
        "a new format version needs tests/golden/v{FORMAT_VERSION}"
    );
    let root = &read_chunks(&golden_dir())
        .into_iter()
        .find(|c| c.0 == ROOT)
        .unwrap()
        .1;
    for found in [0, 1, 3, u32::MAX] {
        let mut payload = root[..root.len() - 4].to_vec();
        payload[8..12].copy_from_slice(&found.to_le_bytes());
        let error = Index::open_root(&frame(payload), None).err();
        assert_eq!(
            error,
            Some(IndexError::UnsupportedVersion {
                found,
                supported: FORMAT_VERSION
            })
        );
    }
}

/// Runs `f`; a panic fails with `what` in the message.
fn no_panic<T>(what: &str, f: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| panic!("panicked on {what}"))
}

/// Every byte of the root and of each chunk flipped, every truncation: each
/// is refused, none panics.
#[test]
fn every_changed_byte_and_truncation_is_refused() {
    let chunks = read_chunks(&golden_dir());
    let root = &chunks.iter().find(|c| c.0 == ROOT).unwrap().1;
    for at in 0..root.len() {
        let mut bytes = root.clone();
        bytes[at] ^= 0x41;
        let result = no_panic(&format!("root byte {at}"), || {
            Index::open_root(&bytes, None).map(|_| ())
        });
        assert!(result.is_err(), "root byte {at} changed is accepted");
    }
    for len in 0..root.len() {
        let result = no_panic(&format!("root cut to {len}"), || {
            Index::open_root(&root[..len], None).map(|_| ())
        });
        assert!(result.is_err(), "the root's first {len} bytes are accepted");
    }
    let index = open_golden();
    for (name, framed) in chunks.iter().filter(|c| c.0 != ROOT) {
        for at in 0..framed.len() {
            let mut bytes = framed.clone();
            bytes[at] ^= 0x41;
            let result = no_panic(&format!("{name} byte {at}"), || {
                index.add_chunk(name, &bytes)
            });
            assert!(result.is_err(), "{name} byte {at} changed is accepted");
        }
        for len in 0..framed.len() {
            let result = no_panic(&format!("{name} cut to {len}"), || {
                index.add_chunk(name, &framed[..len])
            });
            assert!(
                result.is_err(),
                "{name}: its first {len} bytes are accepted"
            );
        }
    }
}

/// A missing chunk file is reported by name, with the fix.
#[test]
fn a_missing_chunk_file_is_named() {
    let dir = std::env::temp_dir().join(format!("zhsearch-golden-{}-missing", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let removed = read_chunks(&golden_dir())
        .into_iter()
        .find(|c| c.0.starts_with('p'))
        .unwrap()
        .0;
    for entry in std::fs::read_dir(golden_dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with(&removed) {
            std::fs::copy(&path, dir.join(&name)).unwrap();
        }
    }
    let index = Index::open_dir(&dir).unwrap();
    let error = Searcher::new(&index).search("防火", 10).unwrap_err();
    let _ = std::fs::remove_dir_all(&dir);
    let message = error.to_string();
    assert!(
        message.contains(&removed) && message.contains("zhsearch build"),
        "{message}"
    );
}
