//! Repairing text extracted from PDFs: spaces the extraction put between
//! CJK characters, paragraphs broken at line and page ends, tables, markup
//! left by extractors, page furniture. Generic: what is furniture is the
//! caller's (see [`super::gazette::PUBLICATIONS`]).

use crate::docnum;
use crate::normalize::{fold_char, is_han};

/// Repairs PDF-extracted text (also useful to other sources).
///
/// Output: one paragraph per line, `\n` between paragraphs, no blank lines.
/// The rules, and the artifact each one undoes:
///
/// * **Spaces next to CJK are removed.** The PDF places text in runs, and
///   extraction turns the gaps into spaces: between Han characters (`通 知`,
///   `咨 询 与 解 读`, `吕梁市人民政府 关于…`) and between Han and digits or
///   Latin (`吕梁市 2022 年`). Chinese does not use spaces, and a space inside
///   a word breaks both phrase search and jieba. A space between two non-CJK
///   tokens is real and kept (`BS-04-01 BS-04-03`, `X1=…, Y1=…`); runs of
///   whitespace there become one space.
/// * **Lines broken mid-sentence are joined.** The extraction writes one
///   paragraph per line, but a page break splits a paragraph in two (`…召开一次
///   安全生` / `产工作会议…`), and narrow columns wrap every line. A line is
///   joined to the previous one unless the previous one ends a sentence
///   (`。！？；：` and closing brackets) or the line starts a new paragraph (an
///   enumerator `一、` `（一）` `1.` `第九条`, `附件`, a `label：`, a 文号 or a date
///   line). When neither punctuation nor enumerator decides, a short previous
///   line without inner punctuation is taken for a heading (`一、总体要求`,
///   `吕梁市人民政府`) and kept apart, a longer or punctuated one is joined;
///   a line whose first clause is 1–3 chars (`能力。`, `动，或…`) is always a
///   continuation. Consecutive short lines separated by a single newline with a
///   space inside (`王建强 市政府秘书长`) are list items and stay apart.
/// * **Tables stay rows.** Tab-separated rows (and Markdown `| a | b |` rows,
///   which some extractors emit) become one line each, cells joined with ` | `,
///   empty cells dropped, Markdown separator rows dropped.
/// * **Markup left by extractors is removed**: `<p>`, `</p>`, `<br>`, a leading
///   `- ` list marker, LaTeX `\geq`/`\leq` (→ `≥`/`≤`), `^{hm²}` (→ `hm²`).
/// * **Page furniture is dropped**: the lines `furniture` names (for a
///   gazette: its running header, bare page numbers and the rows of
///   [`super::gazette::PUBLICATIONS`]).
/// * Control and zero-width characters are removed; `\u{3000}` and NBSP count
///   as spaces.
///
/// `furniture` says which lines (compacted: without whitespace) are page
/// furniture of the publication being repaired; plain text has none.
pub fn repair(text: &str, furniture: &dyn Fn(&str) -> bool) -> String {
    let mut paras: Vec<Para> = Vec::new();
    let mut gap = true;
    for raw in text.split('\n') {
        let line = clean_markup(raw);
        let item = classify(&line, furniture);
        match item {
            Item::Blank => gap = true,
            Item::Skip => {}
            Item::Table(cells) => {
                paras.push(Para {
                    text: cells.join(" | "),
                    table: true,
                    listy: false,
                });
                gap = false;
            }
            Item::Text { text, listy } => {
                let join = match paras.last() {
                    Some(p) if !p.table => should_join(&p.text, &text, gap, p.listy),
                    _ => false,
                };
                if join {
                    if let Some(p) = paras.last_mut() {
                        let glue = match (p.text.chars().last(), text.chars().next()) {
                            (Some(a), Some(b)) if !is_cjk(a) && !is_cjk(b) => " ",
                            _ => "",
                        };
                        p.text.push_str(glue);
                        p.text.push_str(&text);
                        p.listy = listy;
                    }
                } else {
                    paras.push(Para {
                        text,
                        table: false,
                        listy,
                    });
                }
                gap = false;
            }
        }
    }
    let mut out = String::new();
    for p in paras {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&p.text);
    }
    out
}

struct Para {
    text: String,
    table: bool,
    /// The last physical line had a space between Han chars (`王建强 市政府秘书长`).
    listy: bool,
}

enum Item {
    Blank,
    /// Furniture or a Markdown table separator: as if the line were not there.
    Skip,
    Table(Vec<String>),
    Text {
        text: String,
        listy: bool,
    },
}

fn classify(line: &str, furniture: &dyn Fn(&str) -> bool) -> Item {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return Item::Blank;
    }
    let c = compact(trimmed);
    if c.is_empty() {
        return Item::Blank;
    }
    if furniture(&c) {
        return Item::Skip;
    }
    // Markdown tables: `|---|---|` separators vanish, `| a | b |` rows become cells.
    if trimmed.starts_with('|') {
        if trimmed
            .chars()
            .all(|ch| matches!(ch, '|' | '-' | ':' | ' ' | '\t'))
        {
            return Item::Skip;
        }
        let cells = cells(trimmed.trim_matches('|').split('|'));
        return match cells.len() {
            0 => Item::Skip,
            1 => Item::Text {
                text: cells.into_iter().next().unwrap_or_default(),
                listy: true,
            },
            _ => Item::Table(cells),
        };
    }
    if line.contains('\t') {
        let cells = cells(line.split('\t'));
        return match cells.len() {
            0 => Item::Blank,
            1 => Item::Text {
                text: cells.into_iter().next().unwrap_or_default(),
                listy: false,
            },
            _ => Item::Table(cells),
        };
    }
    Item::Text {
        text: repair_inline(trimmed),
        listy: has_han_gap(trimmed),
    }
}

fn cells<'a>(it: impl Iterator<Item = &'a str>) -> Vec<String> {
    it.map(repair_inline).filter(|c| !c.is_empty()).collect()
}

/// Removes extractor markup and invisible characters from one raw line.
fn clean_markup(raw: &str) -> String {
    let mut s: String = raw
        .chars()
        .filter_map(|c| match c {
            '\u{3000}' | '\u{A0}' | '\u{2002}'..='\u{200A}' => Some(' '),
            '\t' => Some('\t'),
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => None,
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect();
    for (from, to) in [
        ("<p>", ""),
        ("</p>", ""),
        ("<br>", ""),
        ("<br/>", ""),
        ("<br />", ""),
        ("\\geq", "≥"),
        ("\\leq", "≤"),
    ] {
        if s.contains(from) {
            s = s.replace(from, to);
        }
    }
    // `^{hm²}` / `_{2}` → the content.
    while let Some(i) = s.find("^{").or_else(|| s.find("_{")) {
        match s[i..].find('}') {
            Some(j) => {
                let inner = s[i + 2..i + j].to_string();
                s.replace_range(i..i + j + 1, &inner);
            }
            None => break,
        }
    }
    let t = s.trim_start();
    if let Some(rest) = t.strip_prefix("- ") {
        if !rest.trim().is_empty() {
            return rest.to_string();
        }
    }
    s
}

/// Removes whitespace next to CJK characters; other whitespace runs become one
/// space; trims.
pub(crate) fn repair_inline(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            let before = out.chars().last();
            let after = chars.get(j).copied();
            if let (Some(a), Some(b)) = (before, after) {
                if !is_cjk(a) && !is_cjk(b) {
                    out.push(' ');
                }
            }
            i = j;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Has whitespace between two Han chars (a list line such as `王建强 市政府秘书长`).
fn has_han_gap(s: &str) -> bool {
    let chars: Vec<char> = s.trim().chars().collect();
    let mut i = 1;
    while i < chars.len() {
        if chars[i].is_whitespace() && is_han(chars[i - 1]) {
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            if j < chars.len() && is_han(chars[j]) {
                return true;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    false
}

/// Should line `next` continue paragraph `prev`? `gap`: a blank line stood
/// between them (a page break looks like that; a column wrap does not).
fn should_join(prev: &str, next: &str, gap: bool, prev_listy: bool) -> bool {
    let Some(last) = prev.chars().last() else {
        return false;
    };
    if ends_sentence(last) {
        return false;
    }
    if starts_paragraph(next) {
        // `（责任单位：…，完` / `成时限：…）`: inside an open bracket, what looks
        // like a `label：` is the rest of a word.
        return starts_with_label(next)
            && strip_enumerator(next).is_none()
            && has_unclosed_bracket(prev);
    }
    if matches!(
        last,
        '，' | '、' | ',' | '（' | '(' | '《' | '“' | '‘' | '—' | '–' | '-' | '/' | '［' | '〔'
    ) {
        return true;
    }
    if !gap {
        return !prev_listy;
    }
    let n = prev.chars().count();
    if n > 30 || short_first_clause(next) || has_unclosed_bracket(prev) {
        return true;
    }
    if starts_with_label(prev) {
        // `责任单位：市吕梁山护工培训就业领` / `导组办公室`: a label line goes on
        // only into a short bare fragment (not `吕梁市人民政府办公室`, the signature).
        let m = next.chars().count();
        return is_han(last) && m <= 8 && next.chars().all(is_han);
    }
    if prev_listy && !is_article(prev) {
        // `贾永祥 汾阳市委副书记、代市长`: the last item of a list.
        return false;
    }
    match strip_enumerator(prev) {
        // `（四）坚持依法行政，提升安全监管` is a heading; `12. 健全双重预防机制。生产经营单位` is not.
        Some(rest) => rest.contains(['。', '；', ';']),
        None => {
            is_article(prev)
                || matches!(last, '”' | '’' | '」')
                || prev
                    .chars()
                    .any(|c| matches!(c, '，' | '。' | '；' | '、' | ',' | ';' | '！' | '？'))
        }
    }
}

/// `按照《中华人民共和国消防法》《山`: an open 《 ( “ was not closed, so the
/// sentence goes on.
fn has_unclosed_bracket(s: &str) -> bool {
    let mut depth = [0i32; 3];
    for c in s.chars() {
        match c {
            '《' => depth[0] += 1,
            '》' => depth[0] -= 1,
            '（' | '(' => depth[1] += 1,
            '）' | ')' => depth[1] -= 1,
            '“' => depth[2] += 1,
            '”' => depth[2] -= 1,
            _ => {}
        }
    }
    depth.iter().any(|&d| d > 0)
}

fn ends_sentence(c: char) -> bool {
    matches!(
        c,
        '。' | '！'
            | '？'
            | '；'
            | '：'
            | '!'
            | '?'
            | ';'
            | ':'
            | '）'
            | ')'
            | '】'
            | '…'
            | '」'
            | '』'
    )
}

/// Lines that begin a paragraph whatever precedes them.
fn starts_paragraph(line: &str) -> bool {
    if strip_enumerator(line).is_some() || is_article(line) {
        return true;
    }
    let c: Vec<char> = line.chars().collect();
    let starts = |p: &str| line.starts_with(p);
    if starts("附件") || starts("附表") || starts("注：") || starts("注:") || line == "咨询与解读"
    {
        return true;
    }
    if starts_with_label(line) {
        return true;
    }
    // `（此件公开发布）`
    if matches!(c.first(), Some('（' | '('))
        && matches!(c.last(), Some('）' | ')'))
        && c.len() <= 16
    {
        return true;
    }
    docnum::parse(line).is_some() || parse_date(&compact(line)).is_some()
}

/// `责任单位：…`, `煤矿：…`, `电话：…`: a short Han label, a colon, and
/// something after it (`如下：` alone is the end of a sentence, not a label).
fn starts_with_label(line: &str) -> bool {
    let c: Vec<char> = line.chars().take(10).collect();
    match c.iter().take(9).position(|&ch| ch == '：' || ch == ':') {
        Some(pos) => pos > 0 && pos + 1 < c.len() && c[..pos].iter().all(|&ch| is_han(ch)),
        None => false,
    }
}

/// `一、` `（一）` `(1)` `1.` `1、` at the start → the rest of the line.
pub(crate) fn strip_enumerator(line: &str) -> Option<&str> {
    let cn = |c: char| "一二三四五六七八九十百零〇".contains(c);
    let mut it = line.char_indices().peekable();
    let (_, first) = *it.peek()?;
    if matches!(first, '（' | '(') {
        it.next();
        let mut n = 0;
        while let Some(&(_, c)) = it.peek() {
            if cn(c) || c.is_ascii_digit() {
                n += 1;
                it.next();
            } else {
                break;
            }
        }
        let (i, close) = it.next()?;
        if n == 0 || n > 3 || !matches!(close, '）' | ')') {
            return None;
        }
        return Some(&line[i + close.len_utf8()..]);
    }
    if cn(first) {
        let mut end = 0;
        for (i, c) in line.char_indices() {
            if cn(c) {
                continue;
            }
            end = i;
            break;
        }
        return line[end..].strip_prefix('、').filter(|_| end > 0);
    }
    if first.is_ascii_digit() {
        let digits = line.bytes().take_while(|b| b.is_ascii_digit()).count();
        if digits > 2 {
            return None;
        }
        let rest = &line[digits..];
        let mut rc = rest.chars();
        return match rc.next() {
            Some('、') => Some(rc.as_str()),
            Some('.' | '．') if !matches!(rc.clone().next(), Some(c) if c.is_ascii_digit()) => {
                Some(rc.as_str())
            }
            _ => None,
        };
    }
    None
}

/// `第九条 …`, `第一章 总则`: articles and chapters of a regulation.
fn is_article(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('第') else {
        return false;
    };
    let n = rest
        .chars()
        .take_while(|&c| "一二三四五六七八九十百零〇".contains(c) || c.is_ascii_digit())
        .count();
    n > 0 && matches!(rest.chars().nth(n), Some('条' | '章' | '节'))
}

/// The line's first clause is 1–3 Han chars (`能力。`, `动，或引进…`): it
/// finishes a word or phrase begun on the previous line.
fn short_first_clause(line: &str) -> bool {
    let head: Vec<char> = line
        .chars()
        .take_while(|&c| {
            !matches!(
                c,
                '，' | '。' | '；' | '：' | '、' | ',' | ';' | ':' | '！' | '？' | '）' | ')'
            )
        })
        .collect();
    let n = head.len();
    (1..=3).contains(&n) && n < line.chars().count() && head.iter().all(|&c| is_han(c))
}

/// The line without any whitespace.
pub(crate) fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Characters next to which a space is never meaningful: Han, CJK
/// punctuation, full-width forms, and the dashes/quotes/ellipsis Chinese text
/// uses.
fn is_cjk(c: char) -> bool {
    is_han(c)
        || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | '\u{2010}'..='\u{2027}' | '\u{00B7}' | '\u{FE30}'..='\u{FE4F}')
}

/// A whole line `2022年5月7日` (spaces already removed) → `2022-05-07`.
pub(crate) fn parse_date(c: &str) -> Option<String> {
    let c: String = c.chars().map(fold_char).collect();
    let rest = c.strip_suffix('日')?;
    let (y, rest) = rest.split_once('年')?;
    let (m, d) = rest.split_once('月')?;
    let num = |s: &str, max_len: usize| -> Option<u32> {
        if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
            None
        } else {
            s.parse().ok()
        }
    };
    let (y, m, d) = (num(y, 4)?, num(m, 2)?, num(d, 2)?);
    if !(1949..=2100).contains(&y)
        || !(1..=12).contains(&m)
        || !(1..=31).contains(&d)
        || c.split_once('年')?.0.len() != 4
    {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}
