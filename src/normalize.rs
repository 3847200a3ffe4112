//! Character folding, shared by the build side and the query side.
//!
//! A query must be cut the way the documents were, so both sides fold every
//! character through [`fold_char`] before anything else looks at it.
//!
//! Folding is strictly **one character to one character**. That is what lets
//! the search side find a match in the folded text and highlight the very same
//! character positions in the original text, with no offset map to carry
//! around. (Traditional → simplified conversion will fit here for the same
//! reason: OpenCC's character table is 1:1 for all but a handful of entries.)

/// Folds one character for matching:
///
/// - full-width ASCII forms (`ＢＳ－０４`, U+FF01..=U+FF5E) → ASCII, and the
///   ideographic space U+3000 → a plain space: government PDFs mix both widths
///   freely, and readers type whichever their IME gives;
/// - hyphens and dashes (U+2010..=U+2015, U+2212) → `-`: a phone number or a
///   plan code is typed with whichever dash is at hand;
/// - letters → lower case, when the lower case is a single character.
///
/// Everything else — Han characters, Chinese punctuation such as 〔〕 — is left
/// as it is.
pub fn fold_char(c: char) -> char {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
        '\u{3000}' => ' ',
        // Hyphens and dashes: 0358—8221690 and 0358-8221690 are one number.
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        _ => c,
    };
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if c.is_uppercase() {
        let mut lower = c.to_lowercase();
        if let (Some(l), None) = (lower.next(), lower.next()) {
            return l;
        }
    }
    c
}

/// Folds a whole string with [`fold_char`]; the result has exactly as many
/// characters as `s`.
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// True for Han ideographs (CJK Unified Ideographs, Extension A, the
/// compatibility block, and the supplementary planes' Extensions B and on).
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '\u{30000}'..='\u{3134F}'
        | '〇')
}

/// True for the characters that make up ASCII tokens (after folding): `5g`,
/// `bs`, `04`, `8227519`.
pub fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FOLD_CASES: &[(&str, &str)] = &[
        ("ＢＳ－０４－０１", "bs-04-01"),
        ("BS-04-01", "bs-04-01"),
        ("５Ｇ基站", "5g基站"),
        ("氢能", "氢能"),
        ("吕政办发〔2022〕15号", "吕政办发〔2022〕15号"),
        ("（０３５８）８２２７５１９", "(0358)8227519"),
        ("全角\u{3000}空格", "全角 空格"),
        ("0358—8221690", "0358-8221690"),
        ("2021–2025", "2021-2025"),
        ("ΑΒΓ", "αβγ"),
        ("𠮷野家", "𠮷野家"),
    ];

    #[test]
    fn fold_table() {
        for (input, want) in FOLD_CASES {
            assert_eq!(fold(input), *want, "fold({input:?})");
        }
    }

    #[test]
    fn fold_keeps_character_count() {
        for (input, _) in FOLD_CASES {
            assert_eq!(
                fold(input).chars().count(),
                input.chars().count(),
                "{input:?}"
            );
        }
        // A letter whose lower case is two characters is left alone rather
        // than shifting every offset after it.
        assert_eq!(fold("İ").chars().count(), 1);
    }

    #[test]
    fn han_classes() {
        assert!(is_han('氢'));
        assert!(is_han('𠮷'));
        assert!(!is_han('〔'));
        assert!(!is_han('，'));
        assert!(!is_han('a'));
    }
}
