//! Reading source files into documents.
//!
//! A path may be a file or a directory (walked recursively, in name order, so
//! builds are reproducible). `.txt` and `.md` files are read; a file that holds
//! a whole gazette issue (it has a table of contents listing 文号 and pages) is
//! split into its documents by [`super::gazette`], any other file is one
//! document: Markdown loses its front matter, comments and `#` marks, plain
//! text is repaired like PDF text. Files in a directory that are not `.txt`
//! or `.md`, or that hold no text, are reported as skipped, never silently
//! dropped; a file named on the command line must hold a document.

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
    /// Files found in a directory and left out, with the reason.
    pub skipped: Vec<(PathBuf, &'static str)>,
}

/// Why a file found in a directory is left out.
const NOT_TEXT: &str = "only .txt and .md files are indexed";
const NO_TEXT: &str = "empty: it holds no text";

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
    /// None of the paths holds a document; what was skipped, and why.
    NoDocuments {
        paths: Vec<PathBuf>,
        skipped: Vec<(PathBuf, &'static str)>,
    },
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
            Error::NoDocuments { paths, skipped } => {
                let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                write!(f, "{}: no .txt or .md documents to index", names.join(", "))?;
                if let Some((file, reason)) = skipped.first() {
                    write!(f, " (skipped {}: {reason}", file.display())?;
                    if skipped.len() > 1 {
                        write!(f, ", and {} more", skipped.len() - 1)?;
                    }
                    write!(f, ")")?;
                }
                Ok(())
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
    let mut corpus = Corpus {
        skipped,
        ..Corpus::default()
    };
    let mut titles = Vec::new();
    for (file, named) in &files {
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
            let markdown = file.extension().is_some_and(|e| e == "md");
            match plain_document(&text, &name, markdown) {
                Some(doc) => {
                    titles.push(file_stem(file));
                    corpus.docs.push(doc);
                }
                None if *named => return Err(Error::EmptyFile(file.clone())),
                None => corpus.skipped.push((file.clone(), NO_TEXT)),
            }
        }
    }
    if corpus.docs.is_empty() {
        return Err(Error::NoDocuments {
            paths: paths.to_vec(),
            skipped: corpus.skipped,
        });
    }
    corpus.title = match (titles.as_slice(), paths) {
        ([one], _) => one.clone(),
        // One folder of many files: the folder's name.
        (_, [dir]) if dir.is_dir() => dir
            .canonicalize()
            .ok()
            .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| titles[0].clone()),
        _ => format!("{} 等 {} 个文件", titles[0], titles.len()),
    };
    Ok(corpus)
}

/// Lists the files under `path`; `true` marks a file named by the caller.
fn collect(
    path: &Path,
    files: &mut Vec<(PathBuf, bool)>,
    skipped: &mut Vec<(PathBuf, &'static str)>,
) -> Result<(), Error> {
    let io = |e: std::io::Error| Error::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::MissingPath(path.to_path_buf()),
        _ => io(e),
    })?;
    if meta.is_file() {
        files.push((path.to_path_buf(), true));
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
            files.push((entry, false));
        } else {
            skipped.push((entry, NOT_TEXT));
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

/// A file that is one document: its first line is the title; a 文号 in its
/// first lines is its number. `None` if it holds no text.
fn plain_document(text: &str, source: &str, markdown: bool) -> Option<Document> {
    let body = if markdown {
        markdown_text(text)
    } else {
        gazette::repair_text(text)
    };
    let title = body.lines().map(str::trim).find(|l| !l.is_empty())?;
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

/// The text of a Markdown file, one paragraph per line: without its YAML
/// front matter, HTML comments (`<!-- INFO END -->`) and heading marks.
/// Markdown's line breaks are the author's, so they are kept, unlike a
/// PDF's.
fn markdown_text(text: &str) -> String {
    let mut rest = text.trim_start_matches('\u{feff}');
    if let Some(after) = rest.strip_prefix("---\n") {
        if let Some(end) = after.find("\n---") {
            rest = after[end + 4..].trim_start_matches('-');
        }
    }
    let mut clean = String::with_capacity(rest.len());
    while let Some(open) = rest.find("<!--") {
        clean.push_str(&rest[..open]);
        rest = rest[open..]
            .find("-->")
            .map_or("", |close| &rest[open + close + 3..]);
    }
    clean.push_str(rest);
    let lines: Vec<&str> = clean
        .lines()
        .map(|l| l.trim().trim_start_matches('#').trim())
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_loses_front_matter_comments_and_heading_marks() {
        let md = "---\nbookCollapseSection: true\n---\n# 中华人民共和国刑法修正案（十二）\n\n\
                  2023年12月29日 通过\n\n<!-- INFO END -->\n\n一、在刑法第一百六十五条中\n";
        assert_eq!(
            markdown_text(md),
            "中华人民共和国刑法修正案（十二）\n2023年12月29日 通过\n一、在刑法第一百六十五条中"
        );
        let doc = plain_document(md, "x.md", true).unwrap();
        assert_eq!(doc.title, "中华人民共和国刑法修正案（十二）");
        assert!(
            plain_document("---\nbookCollapseSection: true\n---\n", "_index.md", true).is_none()
        );
        assert!(plain_document("<!-- only a comment -->", "c.md", true).is_none());
    }
}
