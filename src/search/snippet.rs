//! Snippets and highlight ranges.
//!
//! Matches are found in the folded text; folding is one character for one
//! character, so a match's *character* positions are the same in the
//! original text. JavaScript indexes strings in UTF-16 code units, and
//! characters outside the BMP (𠮷) take two, so every range handed out is
//! converted to UTF-16 offsets here, once.

/// Characters of context kept before the first highlighted match.
const BEFORE: usize = 24;
/// The snippet's length in characters.
const LENGTH: usize = 96;

/// Converts sorted byte ranges in `text` to character ranges.
pub(crate) fn char_ranges(text: &str, bytes: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut chars = 0;
    let mut at = 0;
    let mut advance = |to: usize| {
        if to > at {
            chars += text.get(at..to).map_or(0, |s| s.chars().count());
            at = to;
        }
        chars
    };
    for &(start, end) in bytes {
        let s = advance(start);
        // `end` may precede `at` only for overlapping input; count forward anyway.
        let e = s + text.get(start..end).map_or(0, |m| m.chars().count());
        out.push((s, e));
    }
    out
}

/// Character ranges → UTF-16 ranges over the same text, shifted by `shift`.
pub(crate) fn utf16_ranges(
    chars: &[char],
    ranges: &[(usize, usize)],
    shift: usize,
) -> Vec<[u32; 2]> {
    let mut out = Vec::with_capacity(ranges.len());
    let mut unit = 0usize;
    let mut pos = 0usize;
    let mut to = |target: usize| {
        while pos < target.min(chars.len()) {
            unit += chars[pos].len_utf16();
            pos += 1;
        }
        unit
    };
    for &(s, e) in ranges {
        let (a, b) = (to(s), to(e));
        out.push([(a + shift) as u32, (b + shift) as u32]);
    }
    out
}

/// A snippet of `text` around its best match, and the matches inside it as
/// UTF-16 ranges into the snippet. `ranges` are sorted, non-overlapping
/// character ranges; matches at or after `prefer_from` (past the document's
/// own title and 文号 lines, which the result already shows) are preferred.
pub(crate) fn snippet(
    text: &str,
    ranges: &[(usize, usize)],
    prefer_from: usize,
) -> (String, Vec<[u32; 2]>) {
    let chars: Vec<char> = text.chars().collect();
    let anchor = best_window(ranges, prefer_from);
    let mut start = 0;
    if let Some(a) = anchor {
        start = a.saturating_sub(BEFORE);
        // Start at a clause boundary when there is one close before the match.
        if let Some(p) = (start..a)
            .rev()
            .find(|&i| matches!(chars[i], '。' | '，' | '；' | '：' | '\n'))
        {
            start = p + 1;
        }
        // Near the end, show more of what leads up to the match instead of
        // a short tail.
        start = start.min(chars.len().saturating_sub(LENGTH));
    }
    let mut end = (start + LENGTH).min(chars.len());
    // Never cut a highlighted match in two.
    if let Some(&(_, e)) = ranges.iter().find(|&&(s, e)| s < end && e > end) {
        end = e;
    }
    let mut out = String::new();
    let lead = usize::from(start > 0);
    if start > 0 {
        out.push('…');
    }
    out.extend(
        chars[start..end]
            .iter()
            .map(|&c| if c == '\n' { ' ' } else { c }),
    );
    if end < chars.len() {
        out.push('…');
    }
    let inside: Vec<(usize, usize)> = ranges
        .iter()
        .filter(|&&(s, e)| e > start && s < end)
        .map(|&(s, e)| (s.max(start) - start, e.min(end) - start))
        .collect();
    (out, utf16_ranges(&chars[start..end], &inside, lead))
}

/// The start of the match whose window holds the most matches.
fn best_window(ranges: &[(usize, usize)], prefer_from: usize) -> Option<usize> {
    let preferred: Vec<&(usize, usize)> = ranges.iter().filter(|r| r.0 >= prefer_from).collect();
    let pool: Vec<&(usize, usize)> = if preferred.is_empty() {
        ranges.iter().collect()
    } else {
        preferred
    };
    let mut best: Option<(usize, usize)> = None; // (count, start)
    for r in &pool {
        let count = pool
            .iter()
            .filter(|o| o.0 >= r.0 && o.1 <= r.0 + LENGTH - BEFORE)
            .count();
        if best.is_none_or(|(c, _)| count > c) {
            best = Some((count, r.0));
        }
    }
    best.map(|(_, s)| s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_ranges_count_characters_not_bytes() {
        let text = "𠮷野家的氢能";
        let at = text.find("氢能").unwrap();
        assert_eq!(char_ranges(text, &[(at, at + "氢能".len())]), vec![(4, 6)]);
    }

    #[test]
    fn utf16_ranges_count_surrogate_pairs() {
        let chars: Vec<char> = "𠮷野家的氢能".chars().collect();
        // 𠮷 is two UTF-16 units, so 氢能 starts at unit 5.
        assert_eq!(utf16_ranges(&chars, &[(4, 6)], 0), vec![[5, 7]]);
        assert_eq!(utf16_ranges(&chars, &[(0, 1)], 1), vec![[1, 3]]);
    }

    #[test]
    fn snippet_marks_the_match_in_javascript_units() {
        let text = format!("{}𠮷氢能产业{}", "前".repeat(100), "后".repeat(100));
        let start = 101; // after 100 × 前 and 𠮷
        let (snip, marks) = snippet(&text, &[(start, start + 2)], 0);
        let units: Vec<u16> = snip.encode_utf16().collect();
        let [s, e] = marks[0];
        assert_eq!(
            String::from_utf16(&units[s as usize..e as usize]).unwrap(),
            "氢能"
        );
        assert!(snip.starts_with('…') && snip.ends_with('…'));
    }

    #[test]
    fn snippet_without_matches_is_the_start() {
        let (snip, marks) = snippet("第一段\n第二段", &[], 0);
        assert_eq!(snip, "第一段 第二段");
        assert!(marks.is_empty());
    }
}
