//! The build side: read source files, split them into [`Document`]s, segment
//! them with jieba, and write an index with [`crate::index::IndexWriter`].
//!
//! Native only: jieba-rs and its dictionary never reach the wasm engine.
//! build.rs compiles these same files (with `#[path]`) to embed the default
//! index, so the CLI and the embedded index cannot drift apart.

pub mod gazette;
pub mod segment;
pub mod source;

pub use crate::index::Document;
pub use segment::Jieba;
pub use source::{read_documents, Corpus, Error};

/// Reads every document under `paths` and writes one index of them. The
/// returned corpus has its documents moved out; its title and skipped files
/// remain, for the caller to report.
pub fn build_index(
    paths: &[std::path::PathBuf],
) -> Result<(crate::index::writer::IndexFiles, Corpus), Error> {
    let mut corpus = read_documents(paths)?;
    let jieba = Jieba::new();
    let mut writer = crate::index::IndexWriter::new(&corpus.title);
    for doc in std::mem::take(&mut corpus.docs) {
        writer.add(doc, &jieba);
    }
    let files = writer.finish().map_err(|e| Error::Write(e.to_string()))?;
    Ok((files, corpus))
}
