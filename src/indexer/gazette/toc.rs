//! The table of contents (目录) of a gazette issue: its entries, with any
//! numbering or none, and where each document's title is in the text.

use crate::docnum::{self, DocNumber};
use crate::indexer::pdftext::compact;
use crate::normalize::{fold_char, is_han};

/// How a table-of-contents entry is numbered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Number {
    /// A 文号 (`吕政发〔2022〕1号`): found by [`docnum::parse`] in any spelling.
    Doc(DocNumber),
    /// Any other numbering ending in 号 (`国令第706号`, `主席令第十二号`,
    /// `公告第3号`), compacted.
    Label(String),
    /// None (`人事任免`, `政策解读`): the document is found by its title.
    None,
}

impl Number {
    /// What the document's `doc_number` becomes (empty for none).
    pub(super) fn display(&self) -> String {
        match self {
            Number::Doc(n) => n.canonical(),
            Number::Label(l) => l.clone(),
            Number::None => String::new(),
        }
    }
}

/// A numbering other than a 文号: ≤ 24 characters without spaces, ending in
/// `号`, holding a digit or a Chinese numeral, with Han characters before it.
pub(super) fn number_label(s: &str) -> Option<String> {
    let c: String = compact(s).chars().map(fold_char).collect();
    let n = c.chars().count();
    let numeral = |ch: char| ch.is_ascii_digit() || "〇零一二三四五六七八九十百千".contains(ch);
    if !(3..=24).contains(&n)
        || !c.ends_with('号')
        || !c.chars().any(numeral)
        || !c.chars().next().is_some_and(is_han)
        || !c
            .chars()
            .all(|ch| is_han(ch) || numeral(ch) || "〔〕[]()（）-".contains(ch))
    {
        return None;
    }
    Some(c)
}

/// Finds the lines after the TOC that spell `title` exactly (one line, or
/// several in a row, compared by [`match_key`]); skips starts in `used`.
/// Returns (the line after the title, the title's first line).
pub(super) fn find_title(
    lines: &[&str],
    floor: usize,
    title: &str,
    used: &std::collections::HashSet<usize>,
) -> Option<(usize, usize)> {
    let target = match_key(title);
    if target.is_empty() {
        return None;
    }
    for i in floor..lines.len() {
        if used.contains(&i) {
            continue;
        }
        let mut acc = String::new();
        let mut j = i;
        let mut taken = 0;
        while j < lines.len() && taken < 6 {
            let key = match_key(lines[j]);
            j += 1;
            if key.is_empty() {
                if acc.is_empty() {
                    break;
                }
                continue;
            }
            acc.push_str(&key);
            taken += 1;
            if acc == target {
                return Some((j, i));
            }
            if !target.starts_with(&acc) {
                break;
            }
        }
    }
    None
}

/// One line of the table of contents.
#[derive(Debug, Clone)]
pub(super) struct TocEntry {
    pub(super) title: String,
    pub(super) number: Number,
    pub(super) page: u32,
    pub(super) category: String,
}

pub(super) struct Toc {
    pub(super) entries: Vec<TocEntry>,
    /// The first line after the last entry.
    pub(super) end: usize,
}

/// Finds the `目录` line and reads the entries and section headers after it.
/// The TOC ends at its last entry (a section header must be followed by an
/// entry to count, so a document title right after the TOC is not eaten).
/// A line that is not an entry but is followed, within the next three
/// lines, by more entries is inside the TOC and can't be read: `Err((line
/// index, text))`, so that its document is never silently lost.
pub(super) fn parse_toc(lines: &[&str]) -> Result<Option<Toc>, (usize, String)> {
    let Some(at) = lines.iter().position(|l| compact(l) == "目录") else {
        return Ok(None);
    };
    let mut entries = Vec::new();
    let mut category = String::new();
    let mut end = at + 1;
    let mut i = at + 1;
    while i < lines.len() {
        let line = lines[i];
        if line.trim().is_empty() || is_toc_page_break(line) {
            i += 1;
            continue;
        }
        if let Some((title, number, page)) = parse_toc_entry(line) {
            entries.push(TocEntry {
                title,
                number,
                page,
                category: category.clone(),
            });
            end = i + 1;
        } else if is_section_header(line) {
            category = compact(line);
        } else {
            let more = lines[i + 1..]
                .iter()
                .filter(|l| !l.trim().is_empty())
                .take(3)
                .any(|l| parse_toc_entry(l).is_some_and(|(_, n, _)| n != Number::None));
            if more {
                return Err((i, line.trim().to_string()));
            }
            break;
        }
        i += 1;
    }
    if entries.is_empty() {
        Ok(None)
    } else {
        Ok(Some(Toc { entries, end }))
    }
}

/// `标题（吕政发〔2022〕1 号）<tab or ····> 1` → (title, 文号, page); also
/// `标题（国令第706号） 1` (another numbering) and `标题 ······ 1` (none: a
/// leader or a tab must stand before the page).
pub(super) fn parse_toc_entry(line: &str) -> Option<(String, Number, u32)> {
    let chars: Vec<char> = line.trim().chars().collect();
    let mut i = chars.len();
    while i > 0 && chars[i - 1].is_ascii_digit() {
        i -= 1;
    }
    let digits = chars.len() - i;
    if digits == 0 || digits > 5 {
        return None;
    }
    let page: u32 = chars[i..].iter().collect::<String>().parse().ok()?;
    let digits_at = i;
    let mut leader = false;
    while i > 0
        && matches!(
            chars[i - 1],
            '\t' | ' ' | '\u{3000}' | '·' | '.' | '…' | '．' | '・' | '•' | '-' | '—'
        )
    {
        leader |= !matches!(chars[i - 1], ' ' | '\u{3000}');
        i -= 1;
    }
    if i == 0 {
        return None;
    }
    if matches!(chars[i - 1], ')' | '）') {
        let close = i - 1;
        if let Some(open) = chars[..close]
            .iter()
            .rposition(|&c| matches!(c, '(' | '（'))
        {
            let label: String = chars[open + 1..close].iter().collect();
            let title: String = chars[..open].iter().collect::<String>().trim().to_string();
            if !title.is_empty() {
                if let Some(n) = docnum::parse(&label).filter(|_| label.contains('号')) {
                    return Some((title, Number::Doc(n), page));
                }
                if let Some(l) = number_label(&label) {
                    return Some((title, Number::Label(l), page));
                }
            }
        }
    }
    // No number: a title, a leader or a tab, a page.
    let title: String = chars[..i].iter().collect::<String>().trim().to_string();
    if !leader || i == digits_at || title.is_empty() || !title.chars().any(is_han) {
        return None;
    }
    Some((title, Number::None, page))
}

/// `市政府文件`: a short all-Han line inside the TOC.
pub(super) fn is_section_header(line: &str) -> bool {
    let c = compact(line);
    let n = c.chars().count();
    (2..=20).contains(&n) && c.chars().all(is_han)
}

/// Walks back from the 文号 line `k` over the lines that spell the end of the
/// TOC title; returns the first of them (or `k` if none match).
pub(super) fn title_start(lines: &[&str], floor: usize, k: usize, toc_title: &str) -> usize {
    let target = match_key(toc_title);
    let mut acc = String::new();
    let mut start = k;
    let mut i = k;
    let mut seen = 0;
    while i > floor && seen < 8 {
        i -= 1;
        if lines[i].trim().is_empty() {
            continue;
        }
        seen += 1;
        let candidate = format!("{}{}", match_key(lines[i]), acc);
        if candidate.is_empty() || !target.ends_with(&candidate) {
            break;
        }
        acc = candidate;
        start = i;
        if acc == target {
            break;
        }
    }
    start
}

/// The key titles are compared by: no whitespace, full-width brackets and
/// digits folded (the TOC writes `（2021—2025 年）`, the page `(2021—2025年)`).
pub(super) fn match_key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(fold_char)
        .collect()
}

/// What a 目录 that runs over two pages has between them: a bare page number,
/// the running header (the gazette's name), `目录` again.
fn is_toc_page_break(line: &str) -> bool {
    let c = compact(line);
    (c.len() <= 3 && !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit()))
        || c.ends_with("公报")
        || c == "目录"
        || c.eq_ignore_ascii_case("contents")
}
