//! Parsing a query: clauses, pieces, and the query-side segmenter.
//!
//! A query is split at whitespace into **clauses**, all of which must match.
//! A clause is looked for verbatim in the folded text (that is what makes
//! `bs-04-01` or 护工培训 exact); its **pieces** — the words the index's own
//! vocabulary cuts it into, and its ASCII tokens — are the fallback when the
//! verbatim text is nowhere: a document holding every piece still matches,
//! below those holding the clause itself.
//!
//! A clause that parses as a 文号 is looked for in its canonical spelling,
//! whatever spelling was typed (see [`crate::docnum`]).

use crate::docnum::{self, DocNumber};
use crate::index::Index;
use crate::normalize::{fold, is_han, is_token_char};
use crate::tokenize::{runs, term_key, Segmenter, TermKind};

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub clauses: Vec<Clause>,
}

/// One whitespace-separated part of a query.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    /// The folded text to find verbatim.
    pub text: String,
    /// The words and tokens of `text`.
    pub pieces: Vec<Piece>,
    /// The reader is still typing this clause: its last ASCII token may be
    /// the start of a longer one, and words that *start* with it count as
    /// standing as a word.
    pub prefix: bool,
    /// Set when the clause is a 文号.
    pub doc_number: Option<DocNumber>,
}

/// A word or token of a clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    /// Han characters (`true`) or an ASCII token (`false`).
    pub han: bool,
}

impl Piece {
    /// A piece that means something on its own: a word or token of two or
    /// more characters. A lone character (the 1 or x of a pasted URL, the 的
    /// between two words) is only part of a phrase: alone it would match
    /// nearly every document.
    pub fn significant(&self) -> bool {
        self.text.chars().nth(1).is_some()
    }
}

impl Query {
    /// Parses `raw`, cutting Han runs with `segmenter`. The last clause is a
    /// prefix unless the query ends in whitespace (the reader has moved on).
    pub fn parse(raw: &str, segmenter: &dyn Segmenter) -> Query {
        let folded = fold(raw);
        let typing = !folded.ends_with(char::is_whitespace);
        // A whole query that is a 文号 wins over splitting at its spaces
        // (`吕政发 〔2022〕 1 号` is one number, as PDFs and people write it).
        let chunks: Vec<&str> = if docnum::parse(&folded).is_some() {
            vec![folded.trim()]
        } else {
            folded.split_whitespace().collect()
        };
        let last = chunks.len().saturating_sub(1);
        let clauses = chunks
            .iter()
            .enumerate()
            .filter_map(|(i, chunk)| Clause::parse(chunk, typing && i == last, segmenter))
            .collect();
        Query { clauses }
    }

    /// True when there is nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }
}

impl Clause {
    fn parse(chunk: &str, prefix: bool, segmenter: &dyn Segmenter) -> Option<Clause> {
        let doc_number = docnum::parse(chunk);
        let text = match &doc_number {
            // Without its 号 a 文号 is still being typed: 吕政办发〔2022〕1
            // should show 15号 … 19号 as well as 1号.
            Some(n) if prefix && !chunk.trim_end().ends_with('号') => {
                let canonical = n.canonical();
                canonical[..canonical.len() - '号'.len_utf8()].to_string()
            }
            Some(n) => n.canonical(),
            // Quotes and brackets around a clause are not part of what is sought.
            None => chunk
                .trim_matches(|c: char| !is_han(c) && !is_token_char(c))
                .to_string(),
        };
        if text.is_empty() {
            return None;
        }
        let mut pieces = Vec::new();
        for run in runs(&text) {
            if run.han {
                // Characters the vocabulary could not place in any word stay
                // together: 量子计算机, unknown to the gazette, is one piece, not
                // five characters scattered over every document.
                let mut words: Vec<String> = Vec::new();
                let mut loose = false;
                for w in segmenter.words(run.text) {
                    let single = w.chars().nth(1).is_none();
                    match words.last_mut() {
                        Some(last) if single && loose => last.push_str(w),
                        _ => words.push(w.to_string()),
                    }
                    loose = single;
                }
                pieces.extend(words.into_iter().map(|text| Piece { text, han: true }));
            } else {
                pieces.push(Piece {
                    text: run.text.to_string(),
                    han: false,
                });
            }
        }
        if pieces.is_empty() {
            return None;
        }
        Some(Clause {
            text,
            pieces,
            prefix,
            doc_number,
        })
    }
}

/// The query-side segmenter: the most probable cut of a Han run into words of
/// the index's own vocabulary, each word weighted by how often it occurs in
/// the collection (jieba's method, with the collection as the dictionary).
/// Because the vocabulary is what jieba produced at build time, the query is
/// cut into words the index actually has.
pub struct Vocabulary<'s> {
    index: &'s Index,
}

/// The longest word looked up, in characters.
const MAX_WORD_CHARS: usize = 8;

impl<'s> Vocabulary<'s> {
    pub fn new(index: &'s Index) -> Self {
        Vocabulary { index }
    }

    /// How often `word` occurs, from the term dictionary alone.
    fn word_count(&self, word: &str) -> u64 {
        self.index
            .term(&term_key(TermKind::Word, word))
            .map_or(0, |info| info.count)
    }
}

impl Segmenter for Vocabulary<'_> {
    fn words<'t>(&self, run: &'t str) -> Vec<&'t str> {
        let bounds: Vec<usize> = run
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(run.len()))
            .collect();
        let n = bounds.len() - 1;
        let total = (self.index.word_tokens() as f64).max(1.0);
        // A character on its own costs more than any word seen once, so known
        // words always win over spelling them out.
        let single = (0.1 / total).ln();
        let mut best = vec![f64::NEG_INFINITY; n + 1];
        let mut from = vec![0usize; n + 1];
        best[0] = 0.0;
        for end in 1..=n {
            best[end] = best[end - 1] + single;
            from[end] = end - 1;
            for start in end.saturating_sub(MAX_WORD_CHARS)..end.saturating_sub(1) {
                let count = self.word_count(&run[bounds[start]..bounds[end]]);
                if count > 0 {
                    let score = best[start] + (count as f64 / total).ln();
                    if score > best[end] {
                        best[end] = score;
                        from[end] = start;
                    }
                }
            }
        }
        let mut words = Vec::new();
        let mut end = n;
        while end > 0 {
            let start = from[end];
            words.push(&run[bounds[start]..bounds[end]]);
            end = start;
        }
        words.reverse();
        words
    }
}
