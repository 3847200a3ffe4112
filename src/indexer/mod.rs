//! The build side: read source files, split them into [`Document`]s, segment
//! them with jieba, and write an index with [`crate::index::IndexWriter`].
//!
//! Native only: jieba-rs and its dictionary never reach the wasm engine.
//! build.rs compiles these same files (with `#[path]`) to embed the default
//! index, so the CLI and the embedded index cannot drift apart; the crates
//! the source side uses (encoding_rs, chardetng, scraper, indicatif) are
//! build-dependencies too for that reason.
//!
//! | module | owns |
//! | --- | --- |
//! | [`walk`] | finding the files: link loops, duplicates, excluded folders, kinds |
//! | [`decode`] | bytes → text: BOMs, UTF-8, GBK/GB18030, UTF-16, `<meta charset>` |
//! | [`html`] | built pages: title, main content, metadata, filters |
//! | [`markdown`] | front matter and Markdown text |
//! | [`jsonl`] | JSON lines records |
//! | [`gazette`] | whole gazette issues split into their documents: `toc` (the 目录), `furniture` (per publication, as data) |
//! | [`pdftext`] | generic repair of PDF-extracted text |
//! | [`source`] | the files → [`Corpus`], with skipped files and failures |
//! | [`summary`] | the progress bar and the end-of-build [`Summary`] |

pub mod decode;
pub mod gazette;
pub mod html;
pub mod jsonl;
pub mod markdown;
pub mod pdftext;
pub mod segment;
pub mod source;
pub mod summary;
pub mod walk;

// build.rs compiles this module too and uses only part of it.
#[allow(unused_imports)]
pub use crate::index::Document;
pub use segment::Jieba;
#[allow(unused_imports)]
pub use source::{read_documents, read_documents_with, Corpus, Error, Failure, Options};
#[allow(unused_imports)]
pub use summary::{Progress, Summary};

/// Reads every document under `paths` and writes one index of them; any
/// file that can't be read is an error (see [`build_index_with`]). The
/// returned corpus has its documents moved out; its title and skipped files
/// remain, for the caller to report.
pub fn build_index(
    paths: &[std::path::PathBuf],
) -> Result<(crate::index::writer::IndexFiles, Corpus), Error> {
    let (files, corpus) = build_index_with(paths, &Options::default())?;
    if corpus.failures.is_empty() {
        Ok((files, corpus))
    } else {
        Err(Error::Failed(corpus.failures))
    }
}

/// Like [`build_index`], but files that can't be read are left out and
/// listed in [`Corpus::failures`] for the caller to report (and to decide the
/// exit status); `options` also says what to exclude and whether to show
/// progress. [`Summary::new`] makes the report.
pub fn build_index_with(
    paths: &[std::path::PathBuf],
    options: &Options,
) -> Result<(crate::index::writer::IndexFiles, Corpus), Error> {
    let mut corpus = read_documents_with(paths, options)?;
    let jieba = Jieba::new();
    let mut writer = crate::index::IndexWriter::new(&corpus.title);
    for (key, value) in &options.meta {
        writer.set_meta(key, value);
    }
    let progress = if options.progress {
        Progress::auto()
    } else {
        Progress::hidden()
    };
    corpus.indexed = corpus.docs.len();
    progress.start("indexing", corpus.indexed);
    for doc in std::mem::take(&mut corpus.docs) {
        writer.add(doc, &jieba);
        progress.step();
    }
    progress.finish();
    let files = writer.finish().map_err(|e| Error::Write(e.to_string()))?;
    Ok((files, corpus))
}
