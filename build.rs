//! Builds the default index from `index/` (or the directory in
//! `$ZHSEARCH_INDEX_DIR`) and leaves it in `$OUT_DIR/zhsearch.idx`, where
//! `src/embedded.rs` embeds it.
//!
//! It compiles the crate's own indexer with `#[path]`, so the embedded index
//! is byte for byte what `zhsearch build` writes. jieba-rs is a
//! build-dependency here: it runs on the host and never reaches the wasm.

// The shared modules also hold the reader side, which the build does not use.
#![allow(dead_code)]

#[path = "src/docnum.rs"]
mod docnum;
#[path = "src/index/mod.rs"]
mod index;
#[path = "src/indexer/mod.rs"]
mod indexer;
#[path = "src/normalize.rs"]
mod normalize;
#[path = "src/tokenize.rs"]
mod tokenize;

use std::path::PathBuf;

fn main() {
    if let Err(message) = try_main() {
        eprintln!("error: building the embedded index: {message}");
        std::process::exit(1);
    }
}

fn try_main() -> Result<(), String> {
    let manifest =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").ok_or("CARGO_MANIFEST_DIR unset")?);
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR unset")?);
    println!("cargo:rerun-if-env-changed=ZHSEARCH_INDEX_DIR");
    let source = match std::env::var_os("ZHSEARCH_INDEX_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => manifest.join("index"),
    };
    // A directory is rescanned for any change in it.
    println!("cargo:rerun-if-changed={}", source.display());
    for path in [
        "src/docnum.rs",
        "src/index",
        "src/indexer",
        "src/normalize.rs",
        "src/tokenize.rs",
    ] {
        println!("cargo:rerun-if-changed={path}");
    }
    let (bytes, corpus) = indexer::build_index(&[source]).map_err(|e| e.to_string())?;
    for skipped in &corpus.skipped {
        println!(
            "cargo:warning=skipped {} ({})",
            skipped.0.display(),
            skipped.1
        );
    }
    let target = out.join(index::FILE_NAME);
    std::fs::write(&target, bytes).map_err(|e| format!("{}: {e}", target.display()))
}
