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
//!
//! **Bounded work.** A query may be anything pasted into a box or a link:
//! forty thousand characters used to take seconds. Parsing reads at most
//! [`Query::MAX_CHARS`] characters, merges repeated clauses and pieces, and
//! keeps at most [`Query::MAX_CLAUSES`] clauses and [`Query::MAX_PIECES`]
//! pieces; what it leaves out sets [`Query::truncated`]. The segmenter probes
//! the vocabulary at most `MAX_WORD_CHARS - 1` times per character, so the
//! whole parse, and everything the search does per clause and piece after
//! it, is bounded whatever the input.

use std::cell::Cell;

use crate::docnum::{self, DocNumber};
use crate::index::Index;
use crate::normalize::{fold, is_han, is_token_char};
use crate::tokenize::{runs, term_key, Segmenter, TermKind};

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub clauses: Vec<Clause>,
    /// Part of the input was left out: it was longer than
    /// [`Query::MAX_CHARS`], or had more than [`Query::MAX_CLAUSES`] clauses
    /// or [`Query::MAX_PIECES`] pieces.
    pub truncated: bool,
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
    /// The most characters of a query that are read (after leading
    /// whitespace): a long paragraph of Chinese, far beyond what anyone
    /// types. The rest is ignored.
    pub const MAX_CHARS: usize = 256;
    /// The most clauses kept, after repeated ones are merged.
    pub const MAX_CLAUSES: usize = 16;
    /// The most pieces kept, over all clauses, after repeated ones within a
    /// clause are merged. A clause that would go over is cut after the last
    /// piece that fits (its verbatim text with it).
    pub const MAX_PIECES: usize = 64;

    /// Parses `raw`, cutting Han runs with `segmenter`. The last clause is a
    /// prefix unless the query ends in whitespace (the reader has moved on).
    /// Only the first [`Query::MAX_CHARS`] characters are read.
    pub fn parse(raw: &str, segmenter: &dyn Segmenter) -> Query {
        let raw = raw.trim_start();
        let mut kept = match raw.char_indices().nth(Self::MAX_CHARS) {
            Some((at, _)) => &raw[..at],
            None => raw,
        };
        let rest = &raw[kept.len()..];
        let mut truncated = !rest.trim().is_empty();
        if truncated && !rest.starts_with(char::is_whitespace) {
            // The cut fell inside a clause: drop that half clause, unless
            // it is all there is.
            if let Some(space) = kept.rfind(char::is_whitespace) {
                if !kept[..space].trim().is_empty() {
                    kept = &kept[..space];
                }
            }
        }
        let folded = fold(kept);
        // A query that long was pasted, not typed: where it was cut, its last
        // clause is taken as it stands, not as a prefix.
        let typing = !truncated && !raw.ends_with(char::is_whitespace);
        // A whole query that is a 文号 wins over splitting at its spaces
        // (`吕政发 〔2022〕 1 号` is one number, as PDFs and people write it).
        let chunks: Vec<&str> = if docnum::parse(&folded).is_some() {
            vec![folded.trim()]
        } else {
            folded.split_whitespace().collect()
        };
        let last = chunks.len().saturating_sub(1);
        let mut clauses: Vec<Clause> = Vec::new();
        let mut budget = Self::MAX_PIECES;
        for (i, chunk) in chunks.iter().enumerate() {
            let Some((clause, ends)) = Clause::parse(chunk, typing && i == last, segmenter) else {
                continue;
            };
            // 氢能 氢能 asks for 氢能 once. Typed in full once, it is not
            // only a prefix.
            if let Some(same) = clauses.iter_mut().find(|c| c.text == clause.text) {
                same.prefix &= clause.prefix;
                continue;
            }
            if clauses.len() == Self::MAX_CLAUSES || budget == 0 {
                truncated = true;
                break;
            }
            if clause.pieces.len() > budget {
                truncated = true;
                clauses.extend(clause.cut(budget, &ends));
                break;
            }
            budget -= clause.pieces.len();
            clauses.push(clause);
        }
        Query { clauses, truncated }
    }

    /// True when there is nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }

    /// How many pieces all clauses hold.
    pub fn pieces(&self) -> usize {
        self.clauses.iter().map(|c| c.pieces.len()).sum()
    }
}

impl Clause {
    /// The clause `chunk` holds, if it holds anything to look for, and
    /// where each of its pieces ends in its text (byte offsets).
    fn parse(chunk: &str, prefix: bool, segmenter: &dyn Segmenter) -> Option<(Clause, Vec<usize>)> {
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
        // Each piece, and where it ends in `text`.
        let mut found: Vec<(Piece, usize)> = Vec::new();
        for run in runs(&text) {
            let run_end = run.start + run.text.len();
            if run.han {
                // Characters the vocabulary could not place in any word stay
                // together: 量子计算机, unknown to the gazette, is one piece, not
                // five characters scattered over every document.
                let mut words: Vec<(String, usize)> = Vec::new();
                let mut loose = false;
                for w in segmenter.words(run.text) {
                    let single = w.chars().nth(1).is_none();
                    let end = run.start + end_in(run.text, w);
                    match words.last_mut() {
                        Some(last) if single && loose => {
                            last.0.push_str(w);
                            last.1 = end;
                        }
                        _ => words.push((w.to_string(), end)),
                    }
                    loose = single;
                }
                found.extend(
                    words
                        .into_iter()
                        .map(|(text, end)| (Piece { text, han: true }, end.min(run_end))),
                );
            } else {
                let piece = Piece {
                    text: run.text.to_string(),
                    han: false,
                };
                found.push((piece, run_end));
            }
        }
        // A piece asked for twice is asked for once (安全生产安全生产…), but
        // the last one stays while it is being typed: it is open-ended.
        let count = found.len();
        let mut pieces: Vec<Piece> = Vec::new();
        let mut ends = Vec::new();
        for (i, (piece, end)) in found.into_iter().enumerate() {
            let open = prefix && i + 1 == count;
            if open || !pieces.contains(&piece) {
                pieces.push(piece);
                ends.push(end);
            }
        }
        if pieces.is_empty() {
            return None;
        }
        let clause = Clause {
            text,
            pieces,
            prefix,
            doc_number,
        };
        Some((clause, ends))
    }

    /// The clause cut after its first `n` pieces, `ends` being where each
    /// piece ends in its text; `None` if nothing is left, or for a 文号,
    /// which means nothing in part.
    fn cut(mut self, n: usize, ends: &[usize]) -> Option<Clause> {
        if n == 0 || self.doc_number.is_some() || n >= self.pieces.len() {
            return (n > 0 && n >= self.pieces.len()).then_some(self);
        }
        let end = ends.get(n - 1).copied().unwrap_or(self.text.len());
        if end == 0 || end > self.text.len() || !self.text.is_char_boundary(end) {
            return None;
        }
        self.pieces.truncate(n);
        self.text.truncate(end);
        // Cut short, the clause is no longer the text being typed.
        self.prefix = false;
        Some(self)
    }
}

/// Where `word` ends in `run`, in bytes, if it is a slice of it (as
/// [`Segmenter::words`] returns); else the end of `run`.
fn end_in(run: &str, word: &str) -> usize {
    let start = (word.as_ptr() as usize).wrapping_sub(run.as_ptr() as usize);
    match start.checked_add(word.len()) {
        Some(end) if start <= run.len() && end <= run.len() => end,
        _ => run.len(),
    }
}

/// The query-side segmenter: the most probable cut of a Han run into words of
/// the index's own vocabulary, each word weighted by how often it occurs in
/// the collection (jieba's method, with the collection as the dictionary).
/// Because the vocabulary is what jieba produced at build time, the query is
/// cut into words the index actually has.
pub struct Vocabulary<'s> {
    index: &'s Index,
    /// How many times the vocabulary was looked up: at most
    /// `MAX_WORD_CHARS - 1` per character segmented.
    probes: Cell<usize>,
}

/// The longest word looked up, in characters.
const MAX_WORD_CHARS: usize = 8;

impl<'s> Vocabulary<'s> {
    pub fn new(index: &'s Index) -> Self {
        Vocabulary {
            index,
            probes: Cell::new(0),
        }
    }

    /// How many vocabulary lookups this segmenter has made.
    pub fn probes(&self) -> usize {
        self.probes.get()
    }

    /// How often `word` occurs, from the term dictionary alone.
    fn word_count(&self, word: &str) -> u64 {
        self.probes.set(self.probes.get() + 1);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> &'static Index {
        thread_local! {
            static INDEX: &'static Index =
                Box::leak(Box::new(Index::embedded().expect("the embedded index opens")));
        }
        INDEX.with(|i| *i)
    }

    fn parse(raw: &str) -> (Query, usize) {
        let vocabulary = Vocabulary::new(index());
        let query = Query::parse(raw, &vocabulary);
        (query, vocabulary.probes())
    }

    fn assert_bounded(raw: &str) -> Query {
        let (query, probes) = parse(raw);
        assert!(query.clauses.len() <= Query::MAX_CLAUSES, "{query:?}");
        assert!(query.pieces() <= Query::MAX_PIECES, "{query:?}");
        for clause in &query.clauses {
            assert!(
                clause.text.chars().count() <= Query::MAX_CHARS,
                "{clause:?}"
            );
        }
        assert!(
            probes <= Query::MAX_CHARS * (MAX_WORD_CHARS - 1),
            "{probes} vocabulary probes for {} characters",
            raw.chars().count()
        );
        query
    }

    /// 40,000 characters took 4.9 s in the CLI: every one was segmented,
    /// and each of 10,000 identical pieces was looked up and searched for.
    #[test]
    fn long_query_is_bounded() {
        let long = "安全生产".repeat(10_000);
        let query = assert_bounded(&long);
        assert!(query.truncated);
        assert_eq!(query.clauses.len(), 1, "{query:?}");
        // The same words, asked for once.
        let pieces: Vec<&str> = query.clauses[0]
            .pieces
            .iter()
            .map(|p| p.text.as_str())
            .collect();
        assert!(pieces.len() <= 2, "{pieces:?}");
        assert!(query.clauses[0].text.starts_with("安全生产安全生产"));

        // Many clauses, all different: the first MAX_CLAUSES are kept.
        let words: Vec<String> = (0..10_000).map(|i| format!("w{i}")).collect();
        let query = assert_bounded(&words.join(" "));
        assert!(query.truncated);
        assert_eq!(query.clauses.len(), Query::MAX_CLAUSES);
        assert_eq!(query.clauses[0].text, "w0");

        // Many pieces in one clause, all different: cut after the last that fits.
        let codes: Vec<String> = (0..10_000).map(|i| format!("{i}")).collect();
        let query = assert_bounded(&codes.join("-"));
        assert!(query.truncated);
        assert_eq!(query.pieces(), Query::MAX_PIECES);
        assert!(query.clauses[0].text.ends_with("-63"), "{query:?}");

        // Repeated clauses are one clause; whitespace does not count.
        let query = assert_bounded(&"氢能 ".repeat(20_000));
        assert_eq!(query.clauses, parse("氢能 ").0.clauses);
        // Half a clause at the cut is left out, not searched for.
        let query = assert_bounded(&format!("氢能 {}", "护".repeat(400)));
        assert_eq!(query.clauses, parse("氢能 ").0.clauses);
        assert!(query.truncated);
        let padded = format!("{}氢能{}", " ".repeat(40_000), "\u{3000}".repeat(40_000));
        assert_eq!(assert_bounded(&padded), parse("氢能 ").0);

        // Han characters the vocabulary does not know, and everything else.
        for long in [
            "𠮷".repeat(40_000),
            "量子计算机".repeat(8_000),
            "a-".repeat(20_000),
            "吕政办发〔2022〕15号 ".repeat(2_000),
            "，".repeat(40_000),
        ] {
            assert_bounded(&long);
        }
    }

    #[test]
    fn short_queries_are_not_truncated() {
        for q in [
            "氢能",
            "氢能 加氢站",
            "吕政办发〔2022〕1",
            "bs-04-01",
            " 护工 ",
        ] {
            let (query, _) = parse(q);
            assert!(!query.truncated, "{q}: {query:?}");
            assert!(!query.is_empty(), "{q}");
        }
        // Exactly MAX_CHARS characters: all read.
        let exact = "护".repeat(Query::MAX_CHARS);
        assert!(!parse(&exact).0.truncated);
        assert!(parse(&format!("{exact}工")).0.truncated);
    }

    #[test]
    fn repeated_clauses_and_pieces_are_merged() {
        let (once, _) = parse("氢能 加氢站 ");
        let (twice, _) = parse("氢能 加氢站 氢能 加氢站");
        assert_eq!(once, twice);
        // Typed in full once, a clause is not only a prefix.
        let (query, _) = parse("5g 5g");
        assert_eq!(query.clauses.len(), 1);
        assert!(!query.clauses[0].prefix);
        // The piece being typed stays, even when it repeats an earlier one.
        let (query, _) = parse("5g-5g");
        assert_eq!(query.clauses[0].pieces.len(), 2, "{query:?}");
        let (query, _) = parse("5g-5g ");
        assert_eq!(query.clauses[0].pieces.len(), 1, "{query:?}");
    }
}
