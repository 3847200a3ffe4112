//! Cutting folded text into index terms — one implementation for both sides.
//!
//! Text is first cut into [`Run`]s: maximal runs of Han characters, and ASCII
//! tokens (`bs`, `04`, `5g`, `8227519`). Everything else (punctuation, spaces)
//! separates runs and is not indexed: the stored text still has it, and the
//! search side checks exact spellings such as `bs-04-01` against that text.
//!
//! Each Han run yields three kinds of [`Term`]:
//!
//! - every **character**, so that a one-character query (氢, typed first) has
//!   postings to start from;
//! - every **bigram** (two adjacent characters), the filter behind substring
//!   recall: a run of *n* ≥ 2 characters can only occur in a document that
//!   holds all of its *n − 1* bigrams;
//! - the **words** a [`Segmenter`] finds (jieba at build time), with their
//!   frequencies: they rank documents where the query stands as a word above
//!   those where it only straddles a word boundary, and they are the
//!   vocabulary the query side cuts long queries with.

use crate::normalize::{is_han, is_token_char};

/// What a term is; its byte is the first byte of the term's key in the index,
/// so that each kind is one contiguous, prefix-searchable range of the fst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum TermKind {
    /// One Han character.
    Char = 1,
    /// Two adjacent Han characters.
    Bigram = 2,
    /// A word of two or more Han characters, as the segmenter cut it.
    Word = 3,
    /// A token of ASCII letters and digits.
    Ascii = 4,
    /// A Han character at the start or the end of a Han run: what proves,
    /// by position, a lone character of a query (the 号 of `15号`) that no
    /// bigram covers.
    Edge = 5,
    /// A character that is neither Han, nor part of an ASCII token, nor
    /// white space: `〔`, `-`, `，`.
    Punct = 6,
    /// A document's 文号, in canonical form (a field, not text).
    DocNum = 7,
    /// A facet value: `facet` U+001F `value` (see [`facet_key`]).
    Facet = 8,
}

/// The dictionary key of a facet value.
pub fn facet_key(facet: &str, value: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(2 + facet.len() + value.len());
    key.push(TermKind::Facet.byte());
    key.extend_from_slice(facet.as_bytes());
    key.push(0x1f);
    key.extend_from_slice(value.as_bytes());
    key
}

impl TermKind {
    /// The key prefix of this kind in the term dictionary.
    pub fn byte(self) -> u8 {
        self as u8
    }

    /// Whether the kind's postings carry positions (see [`units`]): the
    /// kinds that prove a phrase where it stands.
    pub fn positional(self) -> bool {
        matches!(
            self,
            TermKind::Bigram | TermKind::Ascii | TermKind::Edge | TermKind::Punct
        )
    }

    /// The kind whose key prefix is `byte`.
    pub fn from_byte(byte: u8) -> Option<TermKind> {
        Some(match byte {
            1 => TermKind::Char,
            2 => TermKind::Bigram,
            3 => TermKind::Word,
            4 => TermKind::Ascii,
            5 => TermKind::Edge,
            6 => TermKind::Punct,
            7 => TermKind::DocNum,
            8 => TermKind::Facet,
            _ => return None,
        })
    }
}

/// What one position of a text holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    Han,
    Ascii,
    Punct,
}

/// One position of a folded text: a Han character, an ASCII token or a
/// punctuation character. White space holds no unit but takes a position
/// (one per run of it), so nothing is adjacent across a space — a phrase
/// matches where Ctrl+F would find it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit<'a> {
    pub kind: UnitKind,
    pub text: &'a str,
    /// The unit's position, counted from `first`.
    pub pos: u32,
    /// Its byte offset in the folded text.
    pub at: usize,
}

/// The units of a folded text, positions counted from `first`; also returns
/// the position after the last one.
pub fn units(folded: &str, first: u32) -> (Vec<Unit<'_>>, u32) {
    let mut out = Vec::new();
    let mut pos = first;
    let mut token: Option<usize> = None;
    let mut space = false;
    for (i, c) in folded.char_indices() {
        if is_token_char(c) {
            token.get_or_insert(i);
            space = false;
            continue;
        }
        if let Some(start) = token.take() {
            out.push(Unit {
                kind: UnitKind::Ascii,
                text: &folded[start..i],
                pos,
                at: start,
            });
            pos += 1;
        }
        if c.is_whitespace() {
            if !space {
                pos += 1;
                space = true;
            }
            continue;
        }
        space = false;
        let kind = if is_han(c) {
            UnitKind::Han
        } else {
            UnitKind::Punct
        };
        out.push(Unit {
            kind,
            text: &folded[i..i + c.len_utf8()],
            pos,
            at: i,
        });
        pos += 1;
    }
    if let Some(start) = token {
        out.push(Unit {
            kind: UnitKind::Ascii,
            text: &folded[start..],
            pos,
            at: start,
        });
        pos += 1;
    }
    (out, pos)
}

/// The dictionary key of a term: its kind's byte, then its UTF-8 text.
pub fn term_key(kind: TermKind, text: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(1 + text.len());
    key.push(kind.byte());
    key.extend_from_slice(text.as_bytes());
    key
}

/// A maximal run of one class of characters in folded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run<'a> {
    /// `true` for Han characters, `false` for an ASCII token.
    pub han: bool,
    /// The run's text (a slice of the folded input).
    pub text: &'a str,
    /// The run's byte offset in the folded input.
    pub start: usize,
}

/// Cuts folded text into Han runs and ASCII tokens, in order.
pub fn runs(folded: &str) -> Vec<Run<'_>> {
    let mut out = Vec::new();
    let mut current: Option<(bool, usize)> = None;
    for (i, c) in folded.char_indices() {
        let class = if is_han(c) {
            Some(true)
        } else if is_token_char(c) {
            Some(false)
        } else {
            None
        };
        match (current, class) {
            (Some((han, _)), Some(k)) if han == k => {}
            (Some((han, start)), _) => {
                out.push(Run {
                    han,
                    text: &folded[start..i],
                    start,
                });
                current = class.map(|k| (k, i));
            }
            (None, _) => current = class.map(|k| (k, i)),
        }
    }
    if let Some((han, start)) = current {
        out.push(Run {
            han,
            text: &folded[start..],
            start,
        });
    }
    out
}

/// Cuts a run of Han characters into words. Jieba does it at build time; the
/// query side walks the index's own vocabulary, so the two cannot disagree.
pub trait Segmenter {
    /// The words of `han_run`. Words may overlap (search-engine mode); those
    /// shorter than two characters are ignored by the indexer.
    fn words<'a>(&self, han_run: &'a str) -> Vec<&'a str>;
}

/// One index term, borrowed from the folded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term<'a> {
    pub kind: TermKind,
    pub text: &'a str,
}

/// Every index term of a folded text, in order of appearance, repeats kept
/// (their count is the term frequency).
pub fn terms<'a>(folded: &'a str, segmenter: &dyn Segmenter) -> Vec<Term<'a>> {
    let mut out = Vec::new();
    for run in runs(folded) {
        if !run.han {
            out.push(Term {
                kind: TermKind::Ascii,
                text: run.text,
            });
            continue;
        }
        let bounds: Vec<usize> = run
            .text
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(run.text.len()))
            .collect();
        for w in bounds.windows(2) {
            out.push(Term {
                kind: TermKind::Char,
                text: &run.text[w[0]..w[1]],
            });
        }
        for w in bounds.windows(3) {
            out.push(Term {
                kind: TermKind::Bigram,
                text: &run.text[w[0]..w[2]],
            });
        }
        for word in segmenter.words(run.text) {
            if word.chars().nth(1).is_some() {
                out.push(Term {
                    kind: TermKind::Word,
                    text: word,
                });
            }
        }
    }
    out
}

/// The bigrams of a Han string, in order (none for a single character).
pub fn bigrams(han: &str) -> Vec<&str> {
    let bounds: Vec<usize> = han
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(han.len()))
        .collect();
    bounds.windows(3).map(|w| &han[w[0]..w[2]]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A segmenter that knows a fixed word list, longest match first.
    struct Words(&'static [&'static str]);
    impl Segmenter for Words {
        fn words<'a>(&self, run: &'a str) -> Vec<&'a str> {
            let mut out = Vec::new();
            let mut rest = run;
            while !rest.is_empty() {
                let hit = self
                    .0
                    .iter()
                    .filter(|w| rest.starts_with(**w))
                    .max_by_key(|w| w.len());
                let len = hit.map_or_else(|| rest.chars().next().unwrap().len_utf8(), |w| w.len());
                out.push(&rest[..len]);
                rest = &rest[len..];
            }
            out
        }
    }

    #[test]
    fn runs_split_han_ascii_and_punctuation() {
        let got: Vec<(bool, &str)> = runs("吕梁新区bs-04-01地块，5g基站(0358)8227519")
            .iter()
            .map(|r| (r.han, r.text))
            .collect();
        assert_eq!(
            got,
            vec![
                (true, "吕梁新区"),
                (false, "bs"),
                (false, "04"),
                (false, "01"),
                (true, "地块"),
                (false, "5g"),
                (true, "基站"),
                (false, "0358"),
                (false, "8227519"),
            ]
        );
    }

    #[test]
    fn terms_of_a_han_run() {
        let seg = Words(&["防护", "工程"]);
        let got: Vec<(TermKind, &str)> = terms("防护工程", &seg)
            .iter()
            .map(|t| (t.kind, t.text))
            .collect();
        assert_eq!(
            got,
            vec![
                (TermKind::Char, "防"),
                (TermKind::Char, "护"),
                (TermKind::Char, "工"),
                (TermKind::Char, "程"),
                (TermKind::Bigram, "防护"),
                (TermKind::Bigram, "护工"),
                (TermKind::Bigram, "工程"),
                (TermKind::Word, "防护"),
                (TermKind::Word, "工程"),
            ]
        );
    }

    #[test]
    fn units_take_one_position_each_and_spaces_one_per_run() {
        let (got, end) = units("第5条 bs-04  安全", 10);
        let got: Vec<(UnitKind, &str, u32)> = got.iter().map(|u| (u.kind, u.text, u.pos)).collect();
        use UnitKind::*;
        assert_eq!(
            got,
            vec![
                (Han, "第", 10),
                (Ascii, "5", 11),
                (Han, "条", 12),
                (Ascii, "bs", 14),
                (Punct, "-", 15),
                (Ascii, "04", 16),
                (Han, "安", 18),
                (Han, "全", 19),
            ]
        );
        assert_eq!(end, 20);
    }

    #[test]
    fn bigrams_handle_supplementary_characters() {
        assert_eq!(bigrams("𠮷野家"), vec!["𠮷野", "野家"]);
        assert!(bigrams("氢").is_empty());
    }

    #[test]
    fn keys_sort_by_kind_first() {
        assert!(term_key(TermKind::Char, "龥") < term_key(TermKind::Bigram, "一一"));
        assert!(term_key(TermKind::Word, "氢能") < term_key(TermKind::Ascii, "0"));
    }
}
