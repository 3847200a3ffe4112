//! 文号 — Chinese official document numbers, e.g. `吕政办发〔2022〕15号`.
//!
//! A 文号 is three fields: the issuing agency's code (`吕政办发`: 吕梁市人民政府
//! 办公室, 发文), the year (`2022`) and a sequence number within that year
//! (`15`). People search for documents by 文号 constantly, and write it in many
//! ways: `〔2022〕`, `[2022]`, `［2022］`, `(2022)`, `（2022）`, `【2022】`,
//! `2022年`, with or without `第`, with stray spaces (`吕政发〔2022〕1 号`, as
//! PDF text extraction produces), full-width digits (`２０２２`), and, while
//! typing, without the final `号`.
//!
//! Why a parser and not just the tokenizer: jieba cuts a 文号 into pieces
//! (`国|发|〔|2021|〕|29|号`), and the pieces are meaningless on their own
//! (`2021` and `29` match thousands of unrelated places). Parsing a 文号 into its
//! fields lets the indexer store one canonical form per document and lets a
//! query written in any spelling find it.
//!
//! The agency is part of the identity: `吕政函〔2022〕14号` (吕梁市人民政府 函)
//! and `吕政办函〔2022〕14号` (市政府办公室 函) are two different documents.
//!
//! Characters are folded and classed by [`crate::normalize`], as everywhere
//! else, so `２０２２` is `2022` here too; bracket variants are listed below.

use crate::normalize::{fold_char as fold, is_han};

/// A parsed 文号.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocNumber {
    /// The agency code, 1..=12 Han characters, e.g. `吕政办发`.
    pub agency: String,
    /// The year, 1949..=2100.
    pub year: u16,
    /// The sequence number within the year (≥ 1).
    pub seq: u32,
}

impl DocNumber {
    /// Canonical form: `{agency}〔{year}〕{seq}号`, the spelling of the
    /// 党政机关公文格式 standard (GB/T 9704), with 六角括号 `〔〕`.
    pub fn canonical(&self) -> String {
        format!("{}〔{}〕{}号", self.agency, self.year, self.seq)
    }
}

/// Longest agency code accepted (in characters). Real ones are 2..=8
/// (`国发`, `晋政办发`, `吕政办函`); 12 leaves room for long department codes
/// without letting a whole sentence pass for an agency.
const MAX_AGENCY: usize = 12;
const MIN_YEAR: u32 = 1949;
const MAX_YEAR: u32 = 2100;
/// Longest sequence number accepted, in digits.
const MAX_SEQ_DIGITS: usize = 6;

/// Parses a whole string as one 文号 (surrounding whitespace allowed). None if it is not one.
///
/// The agency is 1..=12 Han characters (e.g. 吕政发, 吕政办函, 国发, 晋政办发).
/// Year 1949..=2100. A missing `号` is accepted (a query being typed).
pub fn parse(s: &str) -> Option<DocNumber> {
    let chars: Vec<char> = s.chars().map(fold).collect();
    let mut i = 0;
    skip_ws(&chars, &mut i);
    let start = i;
    while i < chars.len() && is_han(chars[i]) {
        i += 1;
    }
    let agency_len = i - start;
    if agency_len == 0 || agency_len > MAX_AGENCY {
        return None;
    }
    let agency: String = chars[start..i].iter().collect();
    let (year, seq, end, _) = parse_tail(&chars, i, false)?;
    let mut j = end;
    skip_ws(&chars, &mut j);
    if j != chars.len() {
        return None;
    }
    Some(DocNumber { agency, year, seq })
}

/// Finds every 文号 inside a longer text: `(char_start, char_end, DocNumber)`,
/// char offsets (not bytes), `char_end` exclusive.
///
/// The agency is the maximal run of Han chars directly before the bracket/year
/// (whitespace between them is allowed, as PDF text has it), capped at its last
/// 12 chars; the final `号` is required here, so that running text such as
/// `(2021—2025 年)` or `2022年15日` is not taken for a 文号.
///
/// The `2022年15号` spelling (no bracket) is only accepted here when the agency
/// ends with a document-type character (发, 函, 字, 令, 复, 办) or the number
/// has a `第`: in running text `截至2022年3号楼` is not a 文号.
pub fn find_all(text: &str) -> Vec<(usize, usize, DocNumber)> {
    let chars: Vec<char> = text.chars().map(fold).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_han(chars[i]) || (i > 0 && is_han(chars[i - 1])) {
            i += 1;
            continue;
        }
        // `i` starts a maximal Han run.
        let mut run_end = i;
        while run_end < chars.len() && is_han(chars[run_end]) {
            run_end += 1;
        }
        let agency_start = run_end - (run_end - i).min(MAX_AGENCY);
        if let Some((year, seq, end, form)) = parse_tail(&chars, run_end, true) {
            let agency: String = chars[agency_start..run_end].iter().collect();
            let typed = matches!(
                agency.chars().last(),
                Some('发' | '函' | '字' | '令' | '复' | '办')
            );
            if form != Form::Nian || typed || form_has_di(&chars, run_end, end) {
                out.push((agency_start, end, DocNumber { agency, year, seq }));
                i = end;
                continue;
            }
        }
        i = run_end;
    }
    out
}

/// How the year was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `〔2022〕` and its bracket variants.
    Bracket,
    /// `2022年`.
    Nian,
}

/// Parses what follows the agency: `〔2022〕第15号` in all its spellings.
/// Returns `(year, seq, end, form)`; `end` is just past the `号` (or past the
/// number when `号` is missing and not `require_hao`).
fn parse_tail(chars: &[char], mut i: usize, require_hao: bool) -> Option<(u16, u32, usize, Form)> {
    skip_ws(chars, &mut i);
    let form = if i < chars.len() && is_open(chars[i]) {
        i += 1;
        Form::Bracket
    } else {
        Form::Nian
    };
    skip_ws(chars, &mut i);
    let (year, n) = digits(chars, i, 4)?;
    if n != 4 || !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        return None;
    }
    i += n;
    skip_ws(chars, &mut i);
    match form {
        Form::Bracket if i < chars.len() && is_close(chars[i]) => i += 1,
        Form::Nian if i < chars.len() && chars[i] == '年' => i += 1,
        _ => return None,
    }
    skip_ws(chars, &mut i);
    if i < chars.len() && chars[i] == '第' {
        i += 1;
        skip_ws(chars, &mut i);
    }
    let (seq, n) = digits(chars, i, MAX_SEQ_DIGITS)?;
    if seq == 0 {
        return None;
    }
    i += n;
    let mut j = i;
    skip_ws(chars, &mut j);
    if j < chars.len() && chars[j] == '号' {
        i = j + 1;
    } else if require_hao {
        return None;
    }
    Some((year as u16, seq, i, form))
}

/// True if a `第` stands between the year and the number in `chars[from..to]`.
fn form_has_di(chars: &[char], from: usize, to: usize) -> bool {
    chars[from..to.min(chars.len())].contains(&'第')
}

/// Reads 1..=`max` ASCII digits at `i` (a longer run is rejected, not cut).
fn digits(chars: &[char], i: usize, max: usize) -> Option<(u32, usize)> {
    let mut n = 0;
    let mut value: u32 = 0;
    while i + n < chars.len() && chars[i + n].is_ascii_digit() {
        if n == max {
            return None;
        }
        value = value * 10 + (chars[i + n] as u32 - '0' as u32);
        n += 1;
    }
    if n == 0 {
        None
    } else {
        Some((value, n))
    }
}

fn skip_ws(chars: &[char], i: &mut usize) {
    while *i < chars.len() && chars[*i].is_whitespace() {
        *i += 1;
    }
}

/// The opening brackets people put around the year.
fn is_open(c: char) -> bool {
    matches!(c, '〔' | '[' | '［' | '(' | '（' | '【' | '〖' | '﹝')
}

/// The closing brackets people put after the year (any closing bracket is
/// accepted after any opening one: mixed pairs are common in typed text).
fn is_close(c: char) -> bool {
    matches!(c, '〕' | ']' | '］' | ')' | '）' | '】' | '〗' | '﹞')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Input → canonical form (None: not a 文号).
    const CASES: &[(&str, Option<&str>)] = &[
        // The spellings in the wild.
        ("吕政办发〔2022〕15号", Some("吕政办发〔2022〕15号")),
        ("吕政办发[2022]15号", Some("吕政办发〔2022〕15号")),
        ("吕政办发［2022］15号", Some("吕政办发〔2022〕15号")),
        ("吕政办发(2022)15号", Some("吕政办发〔2022〕15号")),
        ("吕政办发（2022）15号", Some("吕政办发〔2022〕15号")),
        ("吕政办发【2022】15号", Some("吕政办发〔2022〕15号")),
        ("吕政办发2022年15号", Some("吕政办发〔2022〕15号")),
        ("吕政办发〔2022〕第15号", Some("吕政办发〔2022〕15号")),
        ("吕政办发2022年第15号", Some("吕政办发〔2022〕15号")),
        // PDF spacing, full-width digits, surrounding whitespace.
        ("吕政发〔2022〕1 号", Some("吕政发〔2022〕1号")),
        ("吕政发 〔2022〕 1号", Some("吕政发〔2022〕1号")),
        ("吕政发 〔 2022 〕 第 1 号", Some("吕政发〔2022〕1号")),
        ("吕政办发〔２０２２〕１５号", Some("吕政办发〔2022〕15号")),
        ("  吕政办函〔2022〕14号\n", Some("吕政办函〔2022〕14号")),
        ("\u{3000}国发〔2021〕29号\u{3000}", Some("国发〔2021〕29号")),
        // Mixed bracket pair.
        ("晋政办发〔2021)7号", Some("晋政办发〔2021〕7号")),
        // Missing 号 (typing).
        ("吕政办发〔2022〕15", Some("吕政办发〔2022〕15号")),
        ("国发〔2021〕29", Some("国发〔2021〕29号")),
        // Different agencies stay different.
        ("吕政函〔2022〕14号", Some("吕政函〔2022〕14号")),
        ("吕政办函〔2022〕14号", Some("吕政办函〔2022〕14号")),
        ("晋政办发〔2021〕100号", Some("晋政办发〔2021〕100号")),
        // Year bounds.
        ("国发〔1949〕1号", Some("国发〔1949〕1号")),
        ("国发〔2100〕1号", Some("国发〔2100〕1号")),
        ("国发〔1948〕1号", None),
        ("国发〔2101〕1号", None),
        ("国发〔202〕1号", None),
        ("国发〔20222〕1号", None),
        // Not a 文号.
        ("2022年", None),
        ("第15号", None),
        ("〔2022〕15号", None),
        ("吕政办发〔2022〕", None),
        ("吕政办发〔2022〕第", None),
        ("吕政办发〔2022〕0号", None),
        ("吕政办发2022", None),
        ("吕政办发〔2022〕15号文件", None),
        ("吕政办发〔2022〕15号 吕政发〔2022〕1号", None),
        (
            "吕梁市人民政府关于印发吕梁市2022年安全生产工作行动方案的通知",
            None,
        ),
        ("氢能产业", None),
        ("", None),
        ("   ", None),
        ("一二三四五六七八九十一二三〔2022〕1号", None), // agency of 13 chars
        ("吕政发〔2022〕1234567号", None),               // 7-digit number
        ("abc〔2022〕1号", None),
    ];

    #[test]
    fn parse_table() {
        for &(input, want) in CASES {
            let got = parse(input).map(|d| d.canonical());
            assert_eq!(got.as_deref(), want, "parse({input:?})");
        }
    }

    #[test]
    fn fields() {
        let d = parse("吕政办发〔2022〕15号").unwrap();
        assert_eq!(
            d,
            DocNumber {
                agency: "吕政办发".into(),
                year: 2022,
                seq: 15
            }
        );
        assert_ne!(parse("吕政函〔2022〕14号"), parse("吕政办函〔2022〕14号"));
    }

    /// Text → the 文号 found, with char offsets.
    #[test]
    fn find_all_table() {
        type Found<'a> = &'a [(usize, usize, &'a str)];
        let cases: &[(&str, Found)] = &[
            ("吕政办发〔2022〕15号", &[(0, 13, "吕政办发〔2022〕15号")]),
            (
                "关于印发的通知（吕政发〔2022〕1 号）	1",
                &[(8, 20, "吕政发〔2022〕1号")],
            ),
            (
                "见吕政办发〔2019〕65号，国发[2021]29号。",
                &[
                    (0, 14, "见吕政办发〔2019〕65号"),
                    (15, 26, "国发〔2021〕29号"),
                ],
            ),
            (
                "（吕政办函〔2022〕14号）",
                &[(1, 14, "吕政办函〔2022〕14号")],
            ),
            // The agency is capped at its last 12 Han chars.
            (
                "一二三四五六七八九十甲乙丙〔2022〕1号",
                &[(1, 21, "二三四五六七八九十甲乙丙〔2022〕1号")],
            ),
            // 号 is required in running text.
            ("吕政办发〔2022〕15", &[]),
            ("吕梁市全民健身实施计划（2021—2025 年）的通知", &[]),
            ("吕梁市 2022 年 5 月 7 日", &[]),
            // 年 form: only with a document-type agency or 第.
            (
                "依据吕政办发2022年15号执行",
                &[(0, 14, "依据吕政办发〔2022〕15号")],
            ),
            ("截至2022年3号楼", &[]),
            ("截至2022年第3号", &[(0, 10, "截至〔2022〕3号")]),
            ("吕政发〔２０２２〕１号", &[(0, 11, "吕政发〔2022〕1号")]),
            ("", &[]),
            ("no 文号 here 2022", &[]),
        ];
        for &(text, want) in cases {
            let got: Vec<(usize, usize, String)> = find_all(text)
                .into_iter()
                .map(|(s, e, d)| (s, e, d.canonical()))
                .collect();
            let want: Vec<(usize, usize, String)> = want
                .iter()
                .map(|&(s, e, c)| (s, e, c.to_string()))
                .collect();
            assert_eq!(got, want, "find_all({text:?})");
        }
    }

    #[test]
    fn find_all_offsets_are_chars() {
        let text = "关于吕政办发〔2022〕16号的通知";
        let (s, e, _) = find_all(text)[0].clone();
        let slice: String = text.chars().skip(s).take(e - s).collect();
        assert_eq!(slice, "关于吕政办发〔2022〕16号");
    }

    #[test]
    fn never_panics() {
        let junk = [
            "〔",
            "〔2022",
            "国发〔2022〕",
            "国发〔9999999999〕1号",
            "国发〔2022〕99999999999999号",
            "号号号",
            "第第第",
            "\u{0}\u{FFFF}",
            "國發（２０２２）第１號",
            "发2022年",
        ];
        for s in junk {
            let _ = parse(s);
            let _ = find_all(s);
        }
    }
}
