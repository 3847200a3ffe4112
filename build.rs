//! Builds the default index from `index/` (or the directory in
//! `$ZHSEARCH_INDEX_DIR`) and leaves it in `$OUT_DIR/zhsearch.idx`, where
//! `src/embedded.rs` embeds it.
//!
//! It compiles the crate's own indexer with `#[path]`, so the embedded index
//! is byte for byte what `zhsearch build` writes. jieba-rs is a
//! build-dependency here: it runs on the host and never reaches the wasm.

// The shared modules also hold the reader side, which the build does not use.
#![allow(dead_code, unused_imports)]

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
    let (files, corpus) = indexer::build_index(&[source]).map_err(|e| e.to_string())?;
    let bytes = files.pack();
    for skipped in &corpus.skipped {
        println!(
            "cargo:warning=skipped {} ({})",
            skipped.0.display(),
            skipped.1
        );
    }
    let target = out.join(index::FILE_NAME);
    std::fs::write(&target, bytes).map_err(|e| format!("{}: {e}", target.display()))?;
    write_assets(&manifest, &out)
}

/// Writes `$OUT_DIR/assets.rs`: the web files of `www/` and the prebuilt
/// engine of `vendor/engine/` (made by scripts/build-engine.sh), embedded
/// in the `zhsearch` binary so that `zhsearch build` needs no toolchain. A
/// binary built before the engine has none, and says so when asked for a
/// bundle.
fn write_assets(manifest: &std::path::Path, out: &std::path::Path) -> Result<(), String> {
    let list = |dir: PathBuf| -> Result<Vec<(String, PathBuf)>, String> {
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files = Vec::new();
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Ok(files);
        };
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if path.is_file() && !name.starts_with('.') {
                println!("cargo:rerun-if-changed={}", path.display());
                files.push((name.to_string(), path.clone()));
            }
        }
        files.sort();
        Ok(files)
    };
    println!("cargo:rerun-if-env-changed=ZHSEARCH_ENGINE_DIR");
    let engine_dir = match std::env::var_os("ZHSEARCH_ENGINE_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => manifest.join("vendor/engine"),
    };
    let mut code = String::new();
    for (name, dir) in [("WEB", manifest.join("www")), ("ENGINE", engine_dir)] {
        code.push_str(&format!("pub static {name}: &[(&str, &[u8])] = &[\n"));
        for (file, path) in list(dir)? {
            code.push_str(&format!(
                "    ({file:?}, include_bytes!({:?})),\n",
                path.display().to_string()
            ));
        }
        code.push_str("];\n");
    }
    let target = out.join("assets.rs");
    std::fs::write(&target, code).map_err(|e| format!("{}: {e}", target.display()))
}
