//! Splitting a whole gazette issue (政府公报) into its documents.
//!
//! A city government publishes its gazette as a PDF: a cover, a table of
//! contents (目 录) listing every document with its 文号 and first page,
//! grouped in sections (市政府文件 / 市政府办公室文件), then the documents
//! themselves. The text extracted from that PDF is what we get, e.g.
//! `index/lvliang-gazette-2022-03.txt` (吕梁市人民政府公报 2022年第3期).
//!
//! ## How a document is found
//!
//! The table of contents is the authority: it gives the exact title, the
//! 文号, the page and the section of every document, in order. Each document
//! in the text begins with its title (broken by the PDF into pieces, e.g.
//! `吕梁市人民政府 关于印发吕梁市 2022 年安全生产工作 行动方案的通知`, sometimes
//! over two lines) followed by a line holding only its 文号. So for each TOC
//! entry we look for the line that parses ([`crate::docnum::parse`]) to the same
//! 文号, then walk back over the lines just before it for as long as they spell
//! the end of the TOC title (compared without spaces and with `（）`/`()`
//! folded): those lines are the title, and the document starts there. It ends
//! where the next document (by position in the text) starts.
//!
//! Entries may carry another numbering (`国令第706号`, `主席令第十二号`,
//! `公告第3号`: the document is found by a line holding that number, else by
//! its title) or none (`人事任免 ······ 5`, `政策解读`: found by the lines that
//! spell its title). **Nothing is dropped in silence:** a 目录 line that is no
//! entry but has entries after it ([`GazetteError::UnreadableTocLine`]), or an
//! entry that can't be found in the text ([`GazetteError::DocumentNotFound`]),
//! fails the whole file, naming the line or the entry; the caller lists it.
//! Each document gets the gazette's name and issue ([`issue`]) in its meta.
//!
//! What stays in a document's body, decided by reading the issue:
//!
//! * everything from its title on: the 文号 line, the cover letter, the
//!   signature (`吕梁市人民政府` / `2022 年 5 月 7 日` / `（此件公开发布）`), the
//!   document it promulgates, its attachments (附件, including tables) — all
//!   printed between its title and the next title;
//! * the `咨 询 与 解 读` block (咨询单位, 咨询电话; sometimes a line such as
//!   `本文件由市水利局负责解读。`): it is the document's policy-interpretation
//!   contact, printed right after the document (or its cover letter), so it is
//!   part of that document and is kept (as `咨询与解读`).
//!
//! What is dropped: the QR-code captions next to that block (`政策解读`,
//! `扫码咨询`, `扫码阅读`) and other page furniture (running header, bare page
//! numbers) — see [`repair_text`]. The cover and the table of contents are
//! not documents.
//!
//! The issuer and date come from the signature: the first date line
//! (`2022 年 5 月 7 日`) after the 文号 whose previous line is a short all-Han
//! line (`吕梁市人民政府办公室`). If a document has no such signature the issuer
//! is taken from the title (the part before `关于`) and the date is left empty.
//!
//! ## Text repair
//!
//! PDF extraction damages the text in ways that hurt search; [`repair_text`]
//! undoes them (the rules and why are documented there).
//!
//! A body never has whitespace between two Han characters. It does have a
//! `\n` between two Han characters where a paragraph really ends on one, after
//! a heading (`一、背景和意义` / `我市…`), a title, a signature line, a list item
//! (`王建强 市政府秘书长`) or before a table row: those breaks are kept on
//! purpose, and the tests check that every such break follows a short line.
//!
//! ## Known limits (seen in this issue)
//!
//! * The opening of 吕政办函〔2022〕12号 was extracted from two columns
//!   interleaved (`…市直各有关单位： 照国家要求，每5年进行…`); the words are
//!   all there but out of order, and nothing here can reorder them.
//! * Tables lose their merged cells: empty cells are dropped, so a row's cells
//!   no longer line up with the header. Every cell's text is kept.
//! * Paragraph joining is a heuristic: a short line without punctuation that
//!   ends where a page ends is indistinguishable from a heading (none is left
//!   in this issue; the tests pin the cases that were).

mod furniture;
mod toc;

use std::collections::HashMap;
use std::fmt;

#[allow(unused_imports)] // the table's row type, for readers of PUBLICATIONS
pub use furniture::{Furniture, PUBLICATIONS};

use super::pdftext::{self, compact, parse_date, repair_inline};
use super::Document;
use crate::docnum;
use crate::normalize::is_han;
use furniture::Strip;
use toc::{find_title, number_label, parse_toc, title_start, Number};

/// Why a gazette could not be split. Every variant names the source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GazetteError {
    /// The text is empty (or only whitespace).
    Empty { source: String },
    /// No `目 录` line followed by entries of the form `title（文号） page`.
    NoTableOfContents { source: String },
    /// The table of contents lists the same 文号 twice.
    DuplicateEntry { source: String, doc_number: String },
    /// The table of contents lists a document whose 文号 line (a line holding
    /// only the 文号, right after the title) is nowhere in the text; for an
    /// entry with another numbering (`国令第706号`) or none (`人事任免`,
    /// `doc_number` empty), neither that line nor a line holding its title is.
    DocumentNotFound {
        source: String,
        doc_number: String,
        title: String,
    },
    /// A line inside the table of contents (more entries follow it) that is
    /// neither an entry (`title（number） page`, `title ···· page`) nor a
    /// section header: the documents it lists can't be placed.
    UnreadableTocLine {
        source: String,
        /// 1-based.
        line: usize,
        text: String,
    },
}

impl fmt::Display for GazetteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GazetteError::Empty { source } => write!(f, "{source}: the file is empty; check that the PDF text extraction produced output"),
            GazetteError::NoTableOfContents { source } => write!(
                f,
                "{source}: no table of contents found; a gazette needs a `目录` line followed by entries like `标题（吕政发〔2022〕1号） 1`"
            ),
            GazetteError::DuplicateEntry { source, doc_number } => write!(
                f,
                "{source}: the table of contents lists {doc_number} twice; check the 目录 for a repeated or mistyped 文号"
            ),
            GazetteError::DocumentNotFound { source, doc_number, title } if doc_number.is_empty() => write!(
                f,
                "{source}: the table of contents entry {title:?} (no 文号) could not be placed: no line holding its title was found after the 目录; check the text of that document"
            ),
            GazetteError::DocumentNotFound { source, doc_number, title } => write!(
                f,
                "{source}: document {doc_number} ({title}) is in the table of contents but no line holding only its 文号 was found after it; check the text of that document"
            ),
            GazetteError::UnreadableTocLine { source, line, text } => write!(
                f,
                "{source}:{line}: the table of contents line {text:?} is not an entry (`title（文号） page` or `title ···· page`); fix that line so that its document can be placed"
            ),
        }
    }
}

impl std::error::Error for GazetteError {}

/// True if `text` looks like a whole gazette issue (has a 目录 table of contents listing 文号 with pages).
///
/// At least one entry must carry a number (a 文号, or `国令第706号`…): a
/// book's or a report's contents with pages alone is not a gazette.
pub fn looks_like_gazette(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    match parse_toc(&lines) {
        // A TOC that can't be read is still a gazette's: splitting says why.
        Err(_) => true,
        Ok(Some(toc)) => {
            toc.entries.len() >= 2 && toc.entries.iter().any(|e| e.number != Number::None)
        }
        Ok(None) => false,
    }
}

/// Which gazette and which issue a file holds, from its cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// `吕梁市人民政府公报`
    pub name: String,
    /// `2022年第3期`
    pub number: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.name, self.number)
    }
}

/// The gazette's name and issue from the cover: the first line ending in
/// `公报`, and the first line with `年第…期` (before the table of contents).
pub fn issue(text: &str) -> Option<Issue> {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let cover: Vec<&str> = text
        .lines()
        .map(str::trim)
        .take_while(|l| compact(l) != "目录")
        .filter(|l| !l.is_empty())
        .collect();
    let name = cover.iter().find(|l| squeeze(l).ends_with("公报"))?;
    let number = cover
        .iter()
        .map(|l| squeeze(l))
        .find(|l| l.contains("年第") && l.contains('期'))?;
    let number = number
        .split(['（', '('])
        .next()
        .unwrap_or(&number)
        .to_string();
    Some(Issue {
        name: squeeze(name),
        number,
    })
}

/// Splits a gazette issue into its documents, in table-of-contents order.
/// `source` is the file name to put in `Document::source` and in error messages.
///
/// The title is the TOC's (repaired: no stray spaces); the body is the
/// document's repaired text from its title on (see the module doc for what it
/// includes). Text between the table of contents and the first document's
/// title, if any, belongs to no document and is not returned.
pub fn split(text: &str, source: &str) -> Result<Vec<Document>, GazetteError> {
    let src = || source.to_string();
    if text.trim().is_empty() {
        return Err(GazetteError::Empty { source: src() });
    }
    let publication = issue(text).map(|i| i.name).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let toc = parse_toc(&lines)
        .map_err(|(line, text)| GazetteError::UnreadableTocLine {
            source: src(),
            line: line + 1,
            text,
        })?
        .ok_or_else(|| GazetteError::NoTableOfContents { source: src() })?;

    let mut seen = std::collections::HashSet::new();
    for e in &toc.entries {
        let key = e.number.display();
        if !key.is_empty() && !seen.insert(key.clone()) {
            return Err(GazetteError::DuplicateEntry {
                source: src(),
                doc_number: key,
            });
        }
    }

    // The first line after the TOC holding nothing but a given number.
    let mut number_lines: HashMap<String, usize> = HashMap::new();
    for (i, l) in lines.iter().enumerate().skip(toc.end) {
        if l.len() <= 160 {
            if let Some(n) = docnum::parse(l) {
                number_lines.entry(n.canonical()).or_insert(i);
            } else if let Some(label) = number_label(l) {
                number_lines.entry(label).or_insert(i);
            }
        }
    }

    // Locate each document: (the line its text starts after the title, title start line).
    let mut spans = Vec::with_capacity(toc.entries.len());
    let mut used_titles = std::collections::HashSet::new();
    for e in &toc.entries {
        let by_number = match &e.number {
            Number::None => None,
            n => number_lines.get(&n.display()).copied(),
        };
        let span = match by_number {
            Some(k) => Some((k, title_start(&lines, toc.end, k, &e.title))),
            // A 文号 must be found as such; other numberings, and entries
            // without any, may be found by their title.
            None if matches!(e.number, Number::Doc(_)) => None,
            None => find_title(&lines, toc.end, &e.title, &used_titles),
        };
        let Some((k, start)) = span else {
            return Err(GazetteError::DocumentNotFound {
                source: src(),
                doc_number: e.number.display(),
                title: repair_inline(&e.title),
            });
        };
        used_titles.insert(start);
        spans.push((k, start));
    }

    // Each document ends where the next one (by position) starts.
    let mut starts: Vec<usize> = spans.iter().map(|&(_, s)| s).collect();
    starts.sort_unstable();
    let mut docs = Vec::with_capacity(spans.len());
    for (e, &(k, start)) in toc.entries.iter().zip(&spans) {
        let end = starts
            .get(starts.partition_point(|&s| s <= k.max(start)))
            .copied()
            .unwrap_or(lines.len());
        let end = end.max(k + 1).min(lines.len());
        // The title lines become one paragraph; repair removes the PDF's spaces.
        let mut raw = lines[start..k]
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        raw.push_str("\n\n");
        raw.push_str(&lines[k..end].join("\n"));
        let (issuer, date) = signature(&lines[k..end])
            .unwrap_or_else(|| (issuer_from_title(&e.title), String::new()));
        docs.push(Document {
            doc_number: e.number.display(),
            title: repair_inline(&e.title),
            issuer,
            date,
            category: e.category.clone(),
            page: e.page,
            source: src(),
            body: repair_issue_text(&raw, &publication),
            ..Document::default()
        });
    }
    Ok(docs)
}

/// Issuer and ISO date from the signature block of a document's lines.
fn signature(lines: &[&str]) -> Option<(String, String)> {
    let mut prev: Option<String> = None;
    for line in lines {
        let c = compact(line);
        if c.is_empty() {
            continue;
        }
        if let Some(date) = parse_date(&c) {
            if let Some(p) = &prev {
                let n = p.chars().count();
                if (2..=24).contains(&n) && p.chars().all(is_han) {
                    return Some((p.clone(), date));
                }
            }
        }
        prev = Some(c);
    }
    None
}

/// `吕梁市人民政府办公室关于…` → `吕梁市人民政府办公室`.
fn issuer_from_title(title: &str) -> String {
    let t = repair_inline(title);
    t.find("关于")
        .map(|i| t[..i].to_string())
        .unwrap_or_default()
}

/// Repairs PDF-extracted text from the 吕梁市人民政府公报 (see
/// [`pdftext::repair`] for the rules): its page furniture is dropped.
pub fn repair_text(text: &str) -> String {
    repair_issue_text(text, PUBLICATIONS[0].publication)
}

/// [`pdftext::repair`] for an issue of `publication`: its own name (the
/// running header) and bare page numbers are dropped, and the furniture
/// [`PUBLICATIONS`] lists for it.
pub fn repair_issue_text(text: &str, publication: &str) -> String {
    let furniture = Strip::of(publication);
    pdftext::repair(text, &|line| furniture.drops(line))
}

#[cfg(test)]
mod tests;
