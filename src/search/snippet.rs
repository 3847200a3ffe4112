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

/// Something to mark: a clause's verbatim text or one of its pieces.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Needle<'q> {
    pub text: &'q str,
    /// May end inside a token (the reader is still typing it).
    pub open_end: bool,
    /// A 文号 prefix: extend each match over the digits and 号 that follow.
    pub number: bool,
}

/// Every match of `needles` in `hay[from..to]`, as sorted, merged byte ranges.
pub(crate) fn matches(
    hay: &str,
    needles: &[Needle<'_>],
    from: usize,
    to: usize,
) -> Vec<(usize, usize)> {
    let mut bytes = Vec::new();
    for n in needles {
        for (s, e) in super::find_in(hay, from, to, n.text, n.open_end) {
            let e = if n.number {
                e + super::number_tail(&hay[e..])
            } else {
                e
            };
            bytes.push((s, e.min(to)));
        }
    }
    bytes.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(bytes.len());
    for (s, e) in bytes {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// A snippet of `original` around the passage of `folded` (the same text,
/// folded) that holds the most distinct needles, with the matches inside it
/// as UTF-16 ranges into the snippet. Matches at or after byte `prefer_from`
/// of `folded` (past the document's own title and 文号 lines, which the
/// result shows already) are preferred.
///
/// Only the first match of each needle and the chosen window are searched,
/// not the whole text once per needle: snippets are made for every result
/// on every keystroke.
pub(crate) fn snippet(
    original: &str,
    folded: &str,
    needles: &[Needle<'_>],
    prefer_from: usize,
) -> (String, Vec<[u32; 2]>) {
    let prefer_from = super::floor_boundary(folded, prefer_from);
    let mut anchors: Vec<usize> = needles
        .iter()
        .filter_map(|n| {
            let first =
                |from| super::find_in(folded, from, folded.len(), n.text, n.open_end).next();
            first(prefer_from).or_else(|| first(0)).map(|(s, _)| s)
        })
        .collect();
    anchors.sort_unstable();
    anchors.dedup();
    let mut best: Option<(usize, (usize, usize))> = None; // (distinct needles, window)
    for &a in &anchors {
        let window = window(folded, a);
        let distinct = needles
            .iter()
            .filter(|n| {
                super::find_in(folded, window.0, window.1, n.text, n.open_end)
                    .next()
                    .is_some()
            })
            .count()
            + usize::from(a >= prefer_from);
        if best.is_none_or(|(d, _)| distinct > d) {
            best = Some((distinct, window));
        }
    }
    let (start, mut end) = best.map_or_else(|| (0, forward(folded, 0, LENGTH)), |(_, w)| w);
    // Matches that start inside the window; the longest needle bounds how
    // far past its end they can reach.
    let reach = needles.iter().map(|n| n.text.len()).max().unwrap_or(0) + 24;
    let marks = matches(folded, needles, start, (end + reach).min(folded.len()));
    // Never cut a highlighted match in two.
    if let Some(&(_, e)) = marks.iter().find(|&&(s, e)| s < end && e > end) {
        end = e;
    }
    let marks: Vec<(usize, usize)> = marks.into_iter().filter(|&(s, _)| s < end).collect();

    // Folding keeps characters one for one: character positions carry over
    // from the folded text to the original, byte positions need not.
    let to_original = |b: usize| -> usize {
        // The same buffer (the searcher keeps a document whose folding
        // changes nothing as a borrow): offsets are shared. Equal lengths
        // alone prove nothing: Ａ narrows, Ⱥ widens.
        if std::ptr::eq(folded, original) {
            return b;
        }
        let k = folded[..b].chars().count();
        original
            .char_indices()
            .nth(k)
            .map_or(original.len(), |(i, _)| i)
    };
    let (o_start, o_end) = (to_original(start), to_original(end));
    let window_chars: Vec<char> = original[o_start..o_end].chars().collect();
    let lead = usize::from(start > 0);
    let mut out = String::new();
    if lead == 1 {
        out.push('…');
    }
    out.extend(
        window_chars
            .iter()
            .map(|&c| if c == '\n' { ' ' } else { c }),
    );
    if o_end < original.len() {
        out.push('…');
    }
    let char_marks = char_ranges_from(&folded[start..end], start, &marks);
    (out, utf16_ranges(&window_chars, &char_marks, lead))
}

/// Byte ranges of `text` (which starts at byte `base` of its string) →
/// character ranges relative to `text`.
fn char_ranges_from(text: &str, base: usize, bytes: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let shifted: Vec<(usize, usize)> = bytes
        .iter()
        .map(|&(s, e)| {
            (
                s.saturating_sub(base),
                e.saturating_sub(base).min(text.len()),
            )
        })
        .collect();
    char_ranges(text, &shifted)
}

/// The window around a match at byte `at`: up to [`BEFORE`] characters of
/// lead-in (from a clause boundary if one is close), [`LENGTH`] in all, and
/// more lead-in near the end of the text instead of a short tail.
fn window(text: &str, at: usize) -> (usize, usize) {
    let mut start = back(text, at, BEFORE);
    if let Some(p) = text[start..at].rfind(['。', '，', '；', '：', '\n']) {
        let p = start + p;
        start = p + text[p..].chars().next().map_or(0, char::len_utf8);
    }
    let mut end = forward(text, start, LENGTH);
    if end == text.len() {
        start = back(text, end, LENGTH).min(start);
        end = forward(text, start, LENGTH);
    }
    (start, end)
}

/// The byte offset `n` characters before `at`.
fn back(text: &str, at: usize, n: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

/// The byte offset `n` characters after `at`.
fn forward(text: &str, at: usize, n: usize) -> usize {
    text[at..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| at + i)
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

    fn needle(text: &str) -> Needle<'_> {
        Needle {
            text,
            open_end: false,
            number: false,
        }
    }

    #[test]
    fn snippet_marks_the_match_in_javascript_units() {
        let text = format!("{}𠮷氢能产业{}", "前".repeat(100), "后".repeat(100));
        let (snip, marks) = snippet(&text, &text, &[needle("氢能")], 0);
        let units: Vec<u16> = snip.encode_utf16().collect();
        let [s, e] = marks[0];
        assert_eq!(
            String::from_utf16(&units[s as usize..e as usize]).unwrap(),
            "氢能"
        );
        assert!(snip.starts_with('…') && snip.ends_with('…'));
    }

    #[test]
    fn snippet_maps_folded_matches_back_to_the_original() {
        let original = format!("{}ＢＳ－０４－０１地块{}", "前".repeat(60), "后".repeat(60));
        let folded = crate::normalize::fold(&original);
        let (snip, marks) = snippet(&original, &folded, &[needle("bs-04-01")], 0);
        let units: Vec<u16> = snip.encode_utf16().collect();
        let [s, e] = marks[0];
        assert_eq!(
            String::from_utf16(&units[s as usize..e as usize]).unwrap(),
            "ＢＳ－０４－０１"
        );
    }

    /// Regression: folding that narrows one character (Ａ, 3 bytes → 1) and
    /// widens two others (Ⱥ, 2 bytes → 3) keeps the text's length but moves
    /// every byte offset after them; taking equal lengths for "nothing was
    /// folded" sliced the original at the wrong place.
    #[test]
    fn equal_length_after_folding_is_not_identity() {
        let original = format!("Ａ{}氢能产业{}ȺȺ", "前".repeat(60), "后".repeat(60));
        let folded = crate::normalize::fold(&original);
        assert_eq!(folded.len(), original.len());
        assert_ne!(folded, original);
        let (snip, marks) = snippet(&original, &folded, &[needle("氢能")], 0);
        let units: Vec<u16> = snip.encode_utf16().collect();
        let [s, e] = marks[0];
        assert_eq!(
            String::from_utf16(&units[s as usize..e as usize]).unwrap(),
            "氢能"
        );
    }

    #[test]
    fn snippet_prefers_the_window_with_more_needles() {
        let text = format!("甲{}乙丙{}", "前".repeat(200), "后".repeat(200));
        let (snip, marks) = snippet(&text, &text, &[needle("甲"), needle("乙"), needle("丙")], 0);
        assert!(snip.contains("乙丙") && !snip.contains('甲'));
        assert_eq!(marks.len(), 1, "乙丙 is one merged mark");
    }

    #[test]
    fn snippet_near_the_end_shows_the_lead_up() {
        let text = format!("{}尾巴", "前".repeat(300));
        let (snip, _) = snippet(&text, &text, &[needle("尾巴")], 0);
        assert!(snip.chars().count() > LENGTH / 2, "{snip}");
        assert!(snip.ends_with("尾巴"));
    }

    #[test]
    fn snippet_without_matches_is_the_start() {
        let (snip, marks) = snippet("第一段\n第二段", "第一段\n第二段", &[], 0);
        assert_eq!(snip, "第一段 第二段");
        assert!(marks.is_empty());
    }
}
