//! Reading source files into documents.
//!
//! A path may be a file or a directory (see [`super::walk`]: recursive, in
//! name order, link loops and duplicates detected, excluded folders left
//! out). By extension:
//!
//! * `.html`/`.htm`: a built page ([`super::html`]); its `url` is its path in
//!   the folder given (`news/a.html`; `news/index.html` → `news/`, the
//!   folder's own `index.html` → `./`).
//! * `.md`: front matter ([`super::markdown`]) and the text.
//! * `.jsonl`: one document per line ([`super::jsonl`]).
//! * `.txt`: a whole gazette issue (a table of contents listing 文号 and
//!   pages) is split by [`super::gazette`], with the issue in each document's
//!   meta; any other text is one document, its first line the title and every
//!   line kept (page-furniture repair is for the gazette only).
//!
//! Bytes are decoded by [`super::decode`] (BOMs, UTF-8, GBK, UTF-16, …), and
//! control characters other than `\n` and `\t` are stripped. Lines longer than
//! [`MAX_LINE`] characters are broken (at a sentence end if there is one)
//! and titles are capped at [`MAX_TITLE`] characters, with a warning: a file
//! of one 50 MB line costs linear time and bounded memory.
//!
//! Files that are not documents (images, stylesheets, other JSON …), empty
//! files and duplicates are *skipped*: counted, not listed one by one. Files
//! that should be documents but can't be read are *failures*: all of them are
//! collected, with the path and the reason, and the rest are still read.

use std::fmt;
use std::path::{Path, PathBuf};

use super::decode;
use super::gazette;
use super::summary::Progress;
use super::walk::{self, Found, Kind};
use super::Document;
use crate::docnum;

/// How to read the sources.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Paths to leave out (the output folder, so that `zhsearch build public
    /// --out public/zhsearch` can run again).
    pub exclude: Vec<PathBuf>,
    /// Show a progress bar (see [`Progress::auto`]).
    pub progress: bool,
    /// Root metadata for the index [`super::build_index_with`] writes (see
    /// [`crate::index::IndexWriter::set_meta`]), e.g. ("site_root", "../").
    pub meta: Vec<(String, String)>,
}

/// A file that should have given documents and did not (or not all of them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub path: PathBuf,
    /// The 1-based line, where known (a JSON lines record).
    pub line: Option<usize>,
    /// Why, and what to do: one line.
    pub reason: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.reason),
            None => write!(f, "{}: {}", self.path.display(), self.reason),
        }
    }
}

/// What was read.
#[derive(Debug, Default)]
pub struct Corpus {
    /// The collection's name, e.g. `吕梁市人民政府公报 2022年第3期`.
    pub title: String,
    /// Every document, in file order, then in the order of each file.
    pub docs: Vec<Document>,
    /// How many documents [`super::build_index_with`] indexed (it moves
    /// `docs` out).
    pub indexed: usize,
    /// How many files gave documents.
    pub files: usize,
    /// Files left out quietly, with the reason (not documents, empty,
    /// reached twice, excluded).
    pub skipped: Vec<(PathBuf, &'static str)>,
    /// Files that could not be read (or not completely), each with the reason.
    pub failures: Vec<Failure>,
    /// Things to tell the user that lost nothing (a link loop, a line broken).
    pub warnings: Vec<String>,
}

/// Why a file found in a directory is left out.
const NO_TEXT: &str = "empty (no text)";

/// Lines longer than this (in characters) are broken into paragraphs.
pub const MAX_LINE: usize = 10_000;
/// Titles are cut to this many characters.
pub const MAX_TITLE: usize = 100;

/// Why the sources could not be read. Each message names the file.
#[derive(Debug)]
pub enum Error {
    /// None of the paths holds a document; what was skipped and failed.
    NoDocuments {
        paths: Vec<PathBuf>,
        skipped: Vec<(PathBuf, &'static str)>,
        failures: Vec<Failure>,
    },
    /// Some files could not be read ([`read_documents`] only; the `_with`
    /// functions return them in [`Corpus::failures`]).
    Failed(Vec<Failure>),
    /// The index could not be written.
    Write(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NoDocuments {
                paths,
                skipped,
                failures,
            } => {
                let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                if !failures.is_empty() {
                    let list: Vec<String> = failures.iter().map(Failure::to_string).collect();
                    return write!(f, "{}", list.join("; "));
                }
                write!(
                    f,
                    "{}: no documents to index (.html, .md, .txt or .jsonl)",
                    names.join(", ")
                )?;
                if let Some((file, reason)) = skipped.first() {
                    write!(f, " (skipped {}: {reason}", file.display())?;
                    if skipped.len() > 1 {
                        write!(f, ", and {} more", skipped.len() - 1)?;
                    }
                    write!(f, ")")?;
                }
                Ok(())
            }
            Error::Failed(failures) => {
                let list: Vec<String> = failures.iter().map(Failure::to_string).collect();
                write!(f, "{}", list.join("; "))
            }
            Error::Write(message) => write!(f, "writing the index: {message}"),
        }
    }
}

impl std::error::Error for Error {}

/// Reads every document under `paths`; any failure is an error listing all
/// of them (what build.rs wants). See [`read_documents_with`] to get the
/// documents that could be read along with the failures.
pub fn read_documents(paths: &[PathBuf]) -> Result<Corpus, Error> {
    let corpus = read_documents_with(paths, &Options::default())?;
    if corpus.failures.is_empty() {
        Ok(corpus)
    } else {
        Err(Error::Failed(corpus.failures))
    }
}

/// Reads every document under `paths`. Files that can't be read are listed
/// in [`Corpus::failures`] and the rest are read; it is an error only if no
/// document at all was found.
pub fn read_documents_with(paths: &[PathBuf], options: &Options) -> Result<Corpus, Error> {
    let found = walk::walk(paths, &options.exclude);
    let mut corpus = Corpus {
        skipped: found.skipped,
        warnings: found.warnings,
        failures: found
            .failures
            .into_iter()
            .map(|(path, reason)| Failure {
                path,
                line: None,
                reason,
            })
            .collect(),
        ..Corpus::default()
    };
    let progress = if options.progress {
        Progress::auto()
    } else {
        Progress::hidden()
    };
    progress.start("reading", found.files.len());
    let mut titles = Vec::new();
    for file in &found.files {
        let before = corpus.docs.len();
        if let Some(title) = read_file(file, &mut corpus) {
            if corpus.docs.len() > before {
                corpus.files += 1;
                titles.push(title);
            }
        }
        progress.step();
    }
    progress.finish();
    if corpus.docs.is_empty() {
        return Err(Error::NoDocuments {
            paths: paths.to_vec(),
            skipped: corpus.skipped,
            failures: corpus.failures,
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

/// Reads one file into `corpus`; returns its name for the collection title.
fn read_file(file: &Found, corpus: &mut Corpus) -> Option<String> {
    let path = &file.path;
    let fail = |corpus: &mut Corpus, line: Option<usize>, reason: String| {
        corpus.failures.push(Failure {
            path: path.clone(),
            line,
            reason,
        })
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            fail(
                corpus,
                None,
                format!("{e}; check that the file is readable"),
            );
            return None;
        }
    };
    let text = match decode::decode(bytes, file.kind == Kind::Html) {
        Ok(decoded) => decoded.text,
        Err(e) => {
            fail(corpus, None, e.to_string());
            return None;
        }
    };
    let text = if may_hold_controls(&text) || text.starts_with('\u{feff}') {
        strip_controls(&text)
    } else {
        text
    };
    if text.trim().is_empty() {
        if file.named {
            fail(
                corpus,
                None,
                "the file is empty; give it text or leave it out".into(),
            );
        } else {
            corpus.skipped.push((path.clone(), NO_TEXT));
        }
        return None;
    }
    let name = path.display().to_string();
    let mut docs = Vec::new();
    let mut title = file_stem(path);
    match file.kind {
        Kind::Html => {
            let page = super::html::page(&text);
            if page.body.is_empty() && page.title.is_empty() {
                if file.named {
                    fail(corpus, None, "the page holds no text (no title, nothing in its main content); check its data-zhsearch-body or leave it out".into());
                } else {
                    corpus.skipped.push((path.clone(), NO_TEXT));
                }
                return None;
            }
            let body = if page.body.is_empty() {
                page.title.clone()
            } else {
                page.body
            };
            let doc_number = first_doc_number(&body);
            // No ArticleTitle, <h1> or <title>: the first line, as for text.
            let page_title = if page.title.is_empty() {
                body.lines().next().unwrap_or_default().to_string()
            } else {
                page.title
            };
            docs.push(Document {
                doc_number,
                title: page_title,
                issuer: page.issuer,
                date: page.date,
                category: page.category,
                source: name.clone(),
                url: page_url(&file.relative),
                meta: page.meta,
                filters: page.filters,
                body,
                ..Document::default()
            });
        }
        Kind::Markdown => {
            let (front, _) = super::markdown::split_front_matter(&text);
            let body = super::markdown::markdown_text(&text);
            match plain_document(&body, &name) {
                Some(mut doc) => {
                    if let Some(t) = front.title.filter(|t| !t.trim().is_empty()) {
                        doc.title = t;
                    }
                    doc.date = front.date.unwrap_or_default();
                    doc.url = front.url.unwrap_or_default();
                    doc.meta = front.meta;
                    doc.filters = front.filters;
                    docs.push(doc);
                }
                None if file.named => {
                    fail(
                        corpus,
                        None,
                        "the file holds no text; give it text or leave it out".into(),
                    );
                    return None;
                }
                None => {
                    corpus.skipped.push((path.clone(), NO_TEXT));
                    return None;
                }
            }
        }
        Kind::JsonLines => {
            for record in super::jsonl::records(&text) {
                match record {
                    Ok(mut doc) => {
                        doc.source = name.clone();
                        if doc.doc_number.is_empty() {
                            doc.doc_number = first_doc_number(&doc.body);
                        }
                        docs.push(doc);
                    }
                    Err((line, reason)) => fail(corpus, Some(line), reason),
                }
            }
        }
        Kind::Text => {
            // Before anything looks at the lines: bounded work per line.
            let text = if has_long_line(&text) {
                warn_long_line(path, &mut corpus.warnings);
                break_long_lines(&text).0
            } else {
                text
            };
            if gazette::looks_like_gazette(&text) {
                match gazette::split(&text, &name) {
                    Ok(split) => {
                        let issue = gazette::issue(&text);
                        if let Some(issue) = &issue {
                            title = issue.to_string();
                        }
                        for mut doc in split {
                            if let Some(issue) = &issue {
                                doc.meta.push(("公报".into(), issue.name.clone()));
                                doc.meta.push(("期".into(), issue.number.clone()));
                            }
                            docs.push(doc);
                        }
                    }
                    Err(e) => {
                        // Never fewer documents in silence: the whole file fails.
                        fail(corpus, None, e.to_string());
                        return None;
                    }
                }
            } else {
                match plain_document(&text, &name) {
                    Some(doc) => docs.push(doc),
                    None => {
                        fail(
                            corpus,
                            None,
                            "the file holds no text; give it text or leave it out".into(),
                        );
                        return None;
                    }
                }
            }
        }
    }
    for mut doc in docs {
        finish(&mut doc, path, &mut corpus.warnings);
        corpus.docs.push(doc);
    }
    Some(title)
}

/// The URL of a page found at `relative` (forward slashes) in the folder.
fn page_url(relative: &str) -> String {
    match relative.rsplit_once('/') {
        Some((dir, "index.html" | "index.htm")) => format!("{dir}/"),
        None if matches!(relative, "index.html" | "index.htm") => "./".to_string(),
        _ => relative.to_string(),
    }
}

fn first_doc_number(body: &str) -> String {
    let head: String = body.lines().take(6).collect::<Vec<_>>().join("\n");
    let head: String = head.chars().take(2000).collect();
    docnum::find_all(&head)
        .into_iter()
        .next()
        .map(|(_, _, n)| n.canonical())
        .unwrap_or_default()
}

/// Last checks on every document: control characters out of every field
/// (HTML entities and JSON escapes can bring them back), the title capped.
fn finish(doc: &mut Document, path: &Path, warnings: &mut Vec<String>) {
    for field in [
        &mut doc.doc_number,
        &mut doc.title,
        &mut doc.issuer,
        &mut doc.date,
        &mut doc.category,
        &mut doc.url,
        &mut doc.body,
    ] {
        if may_hold_controls(field) {
            *field = strip_controls(field);
        }
    }
    for (k, v) in doc.meta.iter_mut().chain(doc.filters.iter_mut()) {
        *k = strip_controls(k).replace(['\n', '\t'], " ");
        *v = strip_controls(v).replace(['\n', '\t'], " ");
    }
    doc.title = doc.title.replace(['\n', '\t'], " ").trim().to_string();
    if doc.title.chars().nth(MAX_TITLE).is_some() {
        doc.title = doc.title.chars().take(MAX_TITLE).collect();
        doc.title.push('…');
        warnings.push(format!(
            "{}: a title longer than {MAX_TITLE} characters was cut; give the document a short first line",
            path.display()
        ));
    }
    if has_long_line(&doc.body) {
        doc.body = break_long_lines(&doc.body).0;
        warn_long_line(path, warnings);
    }
}

fn warn_long_line(path: &Path, warnings: &mut Vec<String>) {
    warnings.push(format!(
        "{}: a line longer than {MAX_LINE} characters was broken into paragraphs",
        path.display()
    ));
}

/// C0 controls other than `\n` and `\t`, DEL, and C1 controls.
fn is_stripped_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// Whether `text` may hold a control character to strip (or a `\r`): a byte
/// scan, much faster than decoding; `0xC2` leads U+0080..U+00BF, which holds
/// the C1 controls, so it sends the text to the exact check.
fn may_hold_controls(text: &str) -> bool {
    text.bytes()
        .any(|b| (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f || b == 0xc2)
        && text.chars().any(|c| is_stripped_control(c) || c == '\r')
}

/// `\r\n` and lone `\r` become `\n`; other control characters go, and so
/// does a leading BOM.
pub fn strip_controls(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !may_hold_controls(text) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            c if is_stripped_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Breaks lines longer than [`MAX_LINE`] characters: after the last sentence
/// end (`。！？；.!?;`) in the second half of each window, else at the
/// window's end. One pass, linear; `true` if a line was broken.
pub fn break_long_lines(text: &str) -> (String, bool) {
    if !has_long_line(text) {
        return (text.to_string(), false);
    }
    let mut broke = false;
    let mut out = String::with_capacity(text.len() + text.len() / MAX_LINE);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if line.len() <= MAX_LINE {
            out.push_str(line);
            continue;
        }
        let mut start = 0; // byte offset of the current piece
        let mut count = 0; // its length in characters
        let mut last_end = None; // byte offset just after its last sentence end
        for (at, c) in line.char_indices() {
            count += 1;
            let next = at + c.len_utf8();
            if matches!(c, '。' | '！' | '？' | '；' | '.' | '!' | '?' | ';')
                && count > MAX_LINE / 2
            {
                last_end = Some(next);
            }
            if count >= MAX_LINE && next < line.len() {
                let cut = last_end.unwrap_or(next);
                out.push_str(&line[start..cut]);
                out.push('\n');
                broke = true;
                start = cut;
                count = line[cut..next].chars().count();
                last_end = None;
            }
        }
        out.push_str(&line[start..]);
    }
    (out, broke)
}

/// A line of more than [`MAX_LINE`] characters (a cheap byte-length
/// pre-check first: a line that short in bytes can't be that long).
fn has_long_line(text: &str) -> bool {
    text.len() > MAX_LINE
        && text
            .split('\n')
            .any(|l| l.len() > MAX_LINE && l.chars().nth(MAX_LINE).is_some())
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A file that is one document: its first line is the title (and stays the
/// body's first line), every line is kept as a paragraph, with only spaces
/// next to CJK removed; a 文号 in its first lines is its number. `None` if it
/// holds no text.
fn plain_document(text: &str, source: &str) -> Option<Document> {
    let lines: Vec<String> = text
        .lines()
        .map(super::html::squeeze)
        .filter(|l| !l.is_empty())
        .collect();
    let title = lines.first()?.clone();
    let body = lines.join("\n");
    Some(Document {
        doc_number: first_doc_number(&body),
        title,
        source: source.to_string(),
        body,
        ..Document::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_title_and_front_matter() {
        let md = "---\nbookCollapseSection: true\n---\n# 中华人民共和国刑法修正案（十二）\n\n\
                  2023年12月29日 通过\n";
        let body = super::super::markdown::markdown_text(md);
        let doc = plain_document(&body, "x.md").unwrap();
        assert_eq!(doc.title, "中华人民共和国刑法修正案（十二）");
        assert!(plain_document("", "_index.md").is_none());
    }

    #[test]
    fn txt_title_without_blank_line() {
        let doc = plain_document(
            "关于做好防火工作的通知\n各县人民政府：\n现通知如下。",
            "t.txt",
        )
        .unwrap();
        assert_eq!(doc.title, "关于做好防火工作的通知");
        assert_eq!(
            doc.body,
            "关于做好防火工作的通知\n各县人民政府：\n现通知如下。"
        );
    }

    #[test]
    fn plain_text_keeps_number_and_gazette_name_lines() {
        let text = "会议纪要\n出席人数\n125\n吕梁市人民政府公报\n政策解读\n散会。\n";
        assert!(!gazette::looks_like_gazette(text));
        let doc = plain_document(text, "m.txt").unwrap();
        let lines: Vec<&str> = doc.body.lines().collect();
        for kept in ["125", "吕梁市人民政府公报", "政策解读"] {
            assert!(lines.contains(&kept), "{kept} lost: {:?}", doc.body);
        }
    }

    #[test]
    fn control_characters_are_stripped() {
        let cases = [
            ("a\x1b[31mb\x07c", "a[31mbc"),
            ("行一\r\n行二\r行三", "行一\n行二\n行三"),
            (
                "\u{feff}tab\tkept\nnewline kept\x00\x7f\u{85}",
                "tab\tkept\nnewline kept",
            ),
            ("clean", "clean"),
        ];
        for (input, expected) in cases {
            assert_eq!(strip_controls(input), expected, "{input:?}");
        }
        let mut doc = Document {
            title: "标题\x1b]0;owned\x07".into(),
            body: "正文\x1b[2J".into(),
            meta: vec![("k\x1b".into(), "v\x07".into())],
            ..Document::default()
        };
        finish(&mut doc, Path::new("x"), &mut Vec::new());
        assert_eq!(doc.title, "标题]0;owned");
        assert_eq!(doc.body, "正文[2J");
        assert_eq!(doc.meta, [("k".to_string(), "v".to_string())]);
    }

    #[test]
    fn long_lines_are_broken_at_sentence_ends() {
        let sentence = "这是一个句子。";
        let line = sentence.repeat(MAX_LINE / 7 * 3);
        let (broken, broke) = break_long_lines(&line);
        assert!(broke);
        assert_eq!(broken.replace('\n', ""), line, "nothing lost");
        for piece in broken.lines() {
            assert!(
                piece.chars().count() <= MAX_LINE,
                "{}",
                piece.chars().count()
            );
            assert!(piece.ends_with('。'), "broken at a sentence end");
        }
        let exact = "字".repeat(MAX_LINE);
        assert_eq!(break_long_lines(&exact), (exact.clone(), false));
        let one_more = "字".repeat(MAX_LINE + 1);
        assert_eq!(break_long_lines(&one_more).0, format!("{exact}\n字"));
        let short = "短行\n第二行";
        assert_eq!(break_long_lines(short), (short.to_string(), false));
    }

    #[test]
    fn page_urls() {
        for (relative, url) in [
            ("index.html", "./"),
            ("news/index.html", "news/"),
            ("news/2022/a.html", "news/2022/a.html"),
            ("a.htm", "a.htm"),
        ] {
            assert_eq!(page_url(relative), url, "{relative}");
        }
    }
}
