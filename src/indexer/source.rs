//! Reading source files into documents.
//!
//! A path may be a file or a directory (walked recursively, in name order, so
//! builds are reproducible). `.txt` and `.md` files are read; a file that holds
//! a whole gazette issue (it has a table of contents listing 文号 and pages) is
//! split into its documents by [`super::gazette`], any other file is one
//! document. Other files in a directory are reported as skipped, never
//! silently dropped.

use std::fmt;
use std::path::{Path, PathBuf};

use super::gazette::{self, GazetteError};
use super::Document;
use crate::docnum;

/// What was read.
#[derive(Debug, Default)]
pub struct Corpus {
    /// The collection's name, e.g. `吕梁市人民政府公报 2022年第3期`.
    pub title: String,
    /// Every document, in file order, then in the order of each file.
    pub docs: Vec<Document>,
    /// Files found in a directory that are not `.txt` or `.md`.
    pub skipped: Vec<PathBuf>,
}

/// Why the sources could not be read. Each message names the file.
#[derive(Debug)]
pub enum Error {
    /// The path does not exist.
    MissingPath(PathBuf),
    /// The file or directory could not be read.
    Io { path: PathBuf, message: String },
    /// The file is not UTF-8; `line` and `byte` locate the first bad byte.
    NotUtf8 {
        path: PathBuf,
        line: usize,
        byte: usize,
    },
    /// The file holds no text.
    EmptyFile(PathBuf),
    /// None of the paths holds a `.txt` or `.md` file.
    NoDocuments(Vec<PathBuf>),
    /// A gazette could not be split.
    Gazette { path: PathBuf, error: GazetteError },
    /// The index could not be written.
    Write(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::MissingPath(p) => write!(f, "{}: no such file or directory", p.display()),
            Error::Io { path, message } => write!(f, "{}: {message}", path.display()),
            Error::NotUtf8 { path, line, byte } => write!(
                f,
                "{}: not valid UTF-8 at byte {byte} (line {line}); save the file as UTF-8 \
                 (e.g. `iconv -f GB18030 -t UTF-8`)",
                path.display()
            ),
            Error::EmptyFile(p) => write!(f, "{}: the file is empty", p.display()),
            Error::NoDocuments(paths) => {
                let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                write!(f, "{}: no .txt or .md documents to index", names.join(", "))
            }
            Error::Gazette { path, error } => write!(f, "{}: {error}", path.display()),
            Error::Write(message) => write!(f, "writing the index: {message}"),
        }
    }
}

impl std::error::Error for Error {}

/// Reads every document under `paths`.
pub fn read_documents(paths: &[PathBuf]) -> Result<Corpus, Error> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for path in paths {
        collect(path, &mut files, &mut skipped)?;
    }
    if files.is_empty() {
        return Err(Error::NoDocuments(paths.to_vec()));
    }
    let mut corpus = Corpus {
        skipped,
        ..Corpus::default()
    };
    let mut titles = Vec::new();
    for file in &files {
        let text = read_utf8(file)?;
        let name = file.display().to_string();
        if gazette::looks_like_gazette(&text) {
            let docs = gazette::split(&text, &name).map_err(|error| Error::Gazette {
                path: file.clone(),
                error,
            })?;
            titles.push(gazette_name(&text).unwrap_or_else(|| file_stem(file)));
            corpus.docs.extend(docs);
        } else {
            let doc = plain_document(&text, &name).ok_or_else(|| Error::EmptyFile(file.clone()))?;
            titles.push(file_stem(file));
            corpus.docs.push(doc);
        }
    }
    corpus.title = match titles.as_slice() {
        [one] => one.clone(),
        _ => format!("{} 等 {} 个文件", titles[0], titles.len()),
    };
    Ok(corpus)
}

fn collect(path: &Path, files: &mut Vec<PathBuf>, skipped: &mut Vec<PathBuf>) -> Result<(), Error> {
    let io = |e: std::io::Error| Error::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::MissingPath(path.to_path_buf()),
        _ => io(e),
    })?;
    if meta.is_file() {
        files.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(io)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(io)?;
    entries.sort();
    for entry in entries {
        let name = entry
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue; // .git, .DS_Store: never documents
        }
        if entry.is_dir() {
            collect(&entry, files, skipped)?;
        } else if matches!(
            entry.extension().and_then(|e| e.to_str()),
            Some("txt" | "md")
        ) {
            files.push(entry);
        } else {
            skipped.push(entry);
        }
    }
    Ok(())
}

fn read_utf8(path: &Path) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let byte = e.utf8_error().valid_up_to();
        let line = 1 + e.as_bytes()[..byte].iter().filter(|&&b| b == b'\n').count();
        Error::NotUtf8 {
            path: path.to_path_buf(),
            line,
            byte,
        }
    })
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `吕梁市人民政府公报 2022年第3期`, from the cover's name line and issue line.
fn gazette_name(text: &str) -> Option<String> {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let name = lines.clone().find(|l| l.ends_with("公报"))?;
    let issue = lines.find(|l| l.contains("年第") && l.contains('期'))?;
    let issue = squeeze(issue);
    let issue = issue
        .split(['（', '('])
        .next()
        .unwrap_or(&issue)
        .to_string();
    Some(format!("{} {issue}", squeeze(name)))
}

/// A file that is one document: its first line is the title (a Markdown
/// heading's `#` removed); a 文号 in its first lines is its number.
fn plain_document(text: &str, source: &str) -> Option<Document> {
    let body = gazette::repair_text(text);
    let title = body
        .lines()
        .map(|l| l.trim_start_matches('#').trim())
        .find(|l| !l.is_empty())?;
    let head: String = body.lines().take(6).collect::<Vec<_>>().join("\n");
    let doc_number = docnum::find_all(&head)
        .into_iter()
        .next()
        .map(|(_, _, n)| n.canonical())
        .unwrap_or_default();
    Some(Document {
        doc_number,
        title: title.to_string(),
        source: source.to_string(),
        body: body.clone(),
        ..Document::default()
    })
}
