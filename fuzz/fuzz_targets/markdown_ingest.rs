//! A source file of arbitrary text read the way `zhsearch build` reads it
//! (`indexer::read_documents` on a temp file: the Markdown and plain-text
//! readers are private). The first byte picks `.md` or `.txt`. Reading must
//! give documents or an error, never a panic.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use zhsearch::indexer;

fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("zhsearch-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temp dir");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&kind, text)) = data.split_first() else {
        return;
    };
    let name = if kind & 1 == 0 { "doc.md" } else { "doc.txt" };
    let file = dir().join(name);
    std::fs::write(&file, text).expect("writing the temp file");
    if let Ok(corpus) = indexer::read_documents(&[file.clone()]) {
        assert!(!corpus.docs.is_empty(), "Ok with no documents");
    }
    let _ = std::fs::remove_file(&file);
});
