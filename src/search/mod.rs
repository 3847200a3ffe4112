//! Answering queries.
//!
//! 1. **Parse** ([`Query`]): clauses at whitespace; each clause is cut into
//!    pieces with the index's own vocabulary ([`Vocabulary`]).
//! 2. **Candidates**: the postings of each piece's bigrams (or its character,
//!    or its ASCII token, or every token it begins while the reader types)
//!    are intersected. Candidates are a superset: bigrams say a document
//!    *may* hold a piece.
//! 3. **Verify**: each candidate's folded text is searched for the clause
//!    verbatim and for each piece. This is what makes recall exact — what
//!    Ctrl+F finds, zhsearch finds — whatever jieba did with word boundaries.
//! 4. **Rank**, by tiers and then by BM25: a 文号 match first; then documents
//!    holding more clauses verbatim; then those where the clause stands as a
//!    word (jieba's word postings) or appears in the title; then those holding
//!    every piece; then the score. If no document holds every clause, the
//!    best partial matches are returned instead of nothing.
//! 5. **Snippets** for the returned page only, with UTF-16 highlight ranges.

mod query;
mod snippet;

pub use query::{Clause, Piece, Query, Vocabulary};

use std::borrow::Cow;
use std::cell::OnceCell;

use serde::Serialize;

use crate::index::{Document, Index};
use crate::normalize::{fold, is_token_char};
use crate::tokenize::{bigrams, term_key, TermKind};

/// What a search returns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    /// The query as given.
    pub query: String,
    /// How many documents match (the results are the first `limit`).
    pub total: usize,
    /// No document matches every clause: these are the best partial matches.
    pub partial: bool,
    pub results: Vec<Hit>,
}

/// One result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub id: u32,
    pub doc_number: String,
    pub title: String,
    pub issuer: String,
    pub date: String,
    pub category: String,
    pub page: u32,
    pub score: f32,
    /// A passage around the best match, `…` marking cut ends.
    pub snippet: String,
    /// `[start, end)` of each match in `snippet`, in UTF-16 code units.
    pub highlights: Vec<[u32; 2]>,
    /// `[start, end)` of each match in `title`, in UTF-16 code units.
    pub title_highlights: Vec<[u32; 2]>,
}

/// A whole document, with the matches of a query marked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentView {
    pub id: u32,
    pub doc_number: String,
    pub title: String,
    pub issuer: String,
    pub date: String,
    pub category: String,
    pub page: u32,
    pub source: String,
    pub body: String,
    /// `[start, end)` of each match in `body`, in UTF-16 code units.
    pub highlights: Vec<[u32; 2]>,
    /// `[start, end)` of each match in `title`, in UTF-16 code units.
    pub title_highlights: Vec<[u32; 2]>,
}

// BM25's usual constants.
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// How many vocabulary entries a prefix may expand to.
const MAX_EXPANSIONS: usize = 256;

/// Searches one index. Cheap to create; it folds each document's text the
/// first time a query needs it and keeps it.
pub struct Searcher<'a> {
    index: &'a Index<'a>,
    folded: Vec<OnceCell<Folded<'a>>>,
}

/// A document's title and body, folded for matching.
struct Folded<'a> {
    title: Cow<'a, str>,
    body: Cow<'a, str>,
}

/// How one clause matched one document.
#[derive(Debug, Clone, Default)]
struct ClauseMatch {
    /// Verbatim occurrences in the body.
    body: u32,
    /// Verbatim occurrences in the title.
    title: u32,
    /// Occurrences of each piece (title and body), and whether the piece
    /// means something alone (see [`Piece::significant`]).
    pieces: Vec<(u32, bool)>,
    /// Occurrences as a word (or, while typing, of words it begins).
    word: u32,
    /// 2: the document's 文号 is the clause's; 1: it begins with it.
    field: u8,
    /// A 文号 clause is matched whole or not at all: its pieces (吕, 2022,
    /// 号) mean nothing apart.
    whole_only: bool,
}

impl ClauseMatch {
    fn verbatim(&self) -> bool {
        self.body + self.title > 0 || self.field > 0
    }
    fn all_pieces(&self) -> bool {
        self.verbatim() || (!self.whole_only && self.pieces.iter().all(|&(n, _)| n > 0))
    }
    /// How many significant pieces were found: what partial matches rank by.
    fn pieces_found(&self) -> usize {
        let significant = self.pieces.iter().filter(|p| p.1);
        if self.verbatim() {
            significant.count()
        } else {
            significant.filter(|p| p.0 > 0).count()
        }
    }
}

/// A count per document, sorted by document for binary search. (A sorted
/// vector rather than a HashMap: postings arrive sorted, and the wasm does
/// without the hasher's code.)
#[derive(Debug, Default)]
struct DocCounts(Vec<(u32, u32)>);

impl DocCounts {
    /// Sorts `(doc, count)` pairs and adds up the counts of each document.
    fn summing(mut pairs: Vec<(u32, u32)>) -> Self {
        pairs.sort_unstable_by_key(|&(doc, _)| doc);
        let mut out: Vec<(u32, u32)> = Vec::with_capacity(pairs.len());
        for (doc, n) in pairs {
            match out.last_mut() {
                Some(last) if last.0 == doc => last.1 += n,
                _ => out.push((doc, n)),
            }
        }
        DocCounts(out)
    }

    fn get(&self, doc: u32) -> Option<u32> {
        self.0
            .binary_search_by_key(&doc, |&(d, _)| d)
            .ok()
            .map(|i| self.0[i].1)
    }
}

/// What a clause needs from the index, gathered once per query.
struct ClausePlan {
    /// Per piece, the documents that may hold it.
    pieces: Vec<Vec<u32>>,
    /// Documents whose 文号 is (2) or begins (1) with the clause, by id.
    fields: Vec<(u32, u8)>,
    /// Word occurrences per document (see [`ClauseMatch::word`]).
    words: DocCounts,
    /// Per piece, its occurrences as a word per document: the piece's term
    /// frequency for scoring, so verification only asks *whether* a piece
    /// occurs (and stops at the first match) instead of counting.
    piece_words: Vec<DocCounts>,
}

impl<'a> Searcher<'a> {
    pub fn new(index: &'a Index<'a>) -> Self {
        let folded = (0..index.docs().len()).map(|_| OnceCell::new()).collect();
        Searcher { index, folded }
    }

    /// The index searched.
    pub fn index(&self) -> &'a Index<'a> {
        self.index
    }

    /// Parses a query the way [`Searcher::search`] does.
    pub fn parse(&self, query: &str) -> Query {
        Query::parse(query, &Vocabulary::new(self.index))
    }

    /// The best `limit` documents for `query`, and how many match in all.
    pub fn search(&self, query: &str, limit: usize) -> SearchResults {
        let parsed = self.parse(query);
        let ranked = self.rank(&parsed);
        let total = ranked.len();
        // Partial matches are only ever returned when no document matches
        // in full, so the first result tells.
        let partial = ranked
            .first()
            .is_some_and(|(_, _, m)| !m.iter().all(ClauseMatch::all_pieces));
        let results = ranked
            .into_iter()
            .take(limit)
            .map(|(doc, score, matches)| self.hit(doc, score, &parsed, &matches))
            .collect();
        SearchResults {
            query: query.to_string(),
            total,
            partial,
            results,
        }
    }

    /// Document `id` whole, with the matches of `query` marked; `None` if
    /// there is no such document.
    pub fn document(&self, id: u32, query: &str) -> Option<DocumentView> {
        let doc = self.index.docs().get(id as usize)?;
        let parsed = self.parse(query);
        let matches: Vec<ClauseMatch> = parsed
            .clauses
            .iter()
            .map(|c| self.match_clause(id, c, &self.plan(c)))
            .collect();
        let folded = self.folded(id);
        let body_ranges = self.ranges(&folded.body, &parsed, &matches);
        let title_ranges = self.ranges(&folded.title, &parsed, &matches);
        let body_chars: Vec<char> = doc.body.chars().collect();
        let title_chars: Vec<char> = doc.title.chars().collect();
        Some(DocumentView {
            id,
            doc_number: doc.doc_number.to_string(),
            title: doc.title.to_string(),
            issuer: doc.issuer.to_string(),
            date: doc.date.to_string(),
            category: doc.category.to_string(),
            page: doc.page,
            source: doc.source.to_string(),
            body: doc.body.to_string(),
            highlights: snippet::utf16_ranges(&body_chars, &body_ranges, 0),
            title_highlights: snippet::utf16_ranges(&title_chars, &title_ranges, 0),
        })
    }

    fn folded(&self, doc: u32) -> &Folded<'a> {
        self.folded[doc as usize].get_or_init(|| {
            let d = &self.index.docs()[doc as usize];
            Folded {
                title: fold_cow(d.title),
                body: fold_cow(d.body),
            }
        })
    }

    /// Every matching document with its score and clause matches, best first.
    fn rank(&self, query: &Query) -> Vec<(u32, f32, Vec<ClauseMatch>)> {
        if query.is_empty() {
            return Vec::new();
        }
        let plans: Vec<ClausePlan> = query.clauses.iter().map(|c| self.plan(c)).collect();

        // Documents that may hold every clause (each clause: all its pieces,
        // or its 文号).
        let mut strict: Option<Vec<u32>> = None;
        for plan in &plans {
            let mut docs = intersect_all(&plan.pieces);
            docs.extend(plan.fields.iter().map(|&(d, _)| d));
            docs.sort_unstable();
            docs.dedup();
            strict = Some(match strict {
                None => docs,
                Some(prev) => intersect(&prev, &docs),
            });
        }
        let mut found = self.verify(query, &plans, &strict.unwrap_or_default(), |m| {
            m.iter().all(ClauseMatch::all_pieces)
        });
        if found.is_empty() {
            // Nothing holds it all: the best partial matches beat an empty page.
            // Only pieces that mean something alone count here: 量子计算机
            // cut into 量|子|计|算|机 must not match every document with 子.
            let mut loose: Vec<u32> = plans
                .iter()
                .zip(&query.clauses)
                .flat_map(|(p, c)| {
                    let significant = p
                        .pieces
                        .iter()
                        .zip(&c.pieces)
                        .filter(|(_, piece)| piece.significant());
                    significant
                        .flat_map(|(docs, _)| docs.iter().copied())
                        .chain(p.fields.iter().map(|f| f.0))
                })
                .collect();
            loose.sort_unstable();
            loose.dedup();
            found = self.verify(query, &plans, &loose, |m| {
                m.iter().any(|c| c.pieces_found() > 0)
            });
        }

        // Inverse document frequency of each clause, over what was verified.
        let n = self.index.docs().len() as f32;
        let idf: Vec<f32> = (0..query.clauses.len())
            .map(|i| {
                let df = found.iter().filter(|(_, m)| m[i].verbatim()).count().max(1) as f32;
                (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
            })
            .collect();
        let piece_idf: Vec<Vec<f32>> = plans
            .iter()
            .map(|p| {
                p.pieces
                    .iter()
                    .map(|docs| {
                        let df = docs.len().max(1) as f32;
                        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
                    })
                    .collect()
            })
            .collect();

        let mut ranked: Vec<(u32, f32, Vec<ClauseMatch>, [usize; 5])> = found
            .into_iter()
            .map(|(doc, matches)| {
                let norm = K1
                    * (1.0 - B + B * self.index.doc_length(doc) as f32 / self.index.avg_length());
                let bm25 = |tf: u32| tf as f32 * (K1 + 1.0) / (tf as f32 + norm);
                let mut score = 0.0;
                let mut tiers = [0usize; 5];
                for (i, m) in matches.iter().enumerate() {
                    if query.clauses[i].doc_number.is_some() {
                        // A 文号 is there or not; how often a document cites
                        // it says little. Equal scores keep 文号 order.
                        score += idf[i] * f32::from(m.verbatim());
                    } else if m.verbatim() {
                        score += idf[i] * (bm25(m.body) + bm25(m.word));
                        if m.title > 0 {
                            score += 1.5 * idf[i];
                        }
                    } else {
                        for ((tf, significant), pidf) in m.pieces.iter().zip(&piece_idf[i]) {
                            if *significant {
                                score += 0.5 * pidf * bm25(*tf);
                            }
                        }
                    }
                    tiers[0] += usize::from(m.field);
                    tiers[1] += usize::from(m.verbatim());
                    tiers[2] += usize::from(m.word > 0 || m.title > 0 || m.field > 0);
                    tiers[3] += usize::from(m.all_pieces());
                    tiers[4] += m.pieces_found();
                }
                (doc, score, matches, tiers)
            })
            .collect();
        ranked.sort_by(|a, b| b.3.cmp(&a.3).then(b.1.total_cmp(&a.1)).then(a.0.cmp(&b.0)));
        ranked
            .into_iter()
            .map(|(doc, score, m, _)| (doc, score, m))
            .collect()
    }

    /// Matches each candidate against every clause, keeping those `keep` accepts.
    fn verify(
        &self,
        query: &Query,
        plans: &[ClausePlan],
        candidates: &[u32],
        keep: impl Fn(&[ClauseMatch]) -> bool,
    ) -> Vec<(u32, Vec<ClauseMatch>)> {
        candidates
            .iter()
            .filter_map(|&doc| {
                let matches: Vec<ClauseMatch> = query
                    .clauses
                    .iter()
                    .zip(plans)
                    .map(|(c, p)| self.match_clause(doc, c, p))
                    .collect();
                keep(&matches).then_some((doc, matches))
            })
            .collect()
    }

    /// Looks for one clause in one document's folded text.
    fn match_clause(&self, doc: u32, clause: &Clause, plan: &ClausePlan) -> ClauseMatch {
        let folded = self.folded(doc);
        let count =
            |hay: &str, needle: &str, open_end: bool| find(hay, needle, open_end).count() as u32;
        // The index rules out most scans: a piece can only be where all its
        // bigrams are, and the clause only where all its pieces may be.
        let may_hold = |i: usize| plan.pieces[i].binary_search(&doc).is_ok();
        let verbatim_possible = (0..clause.pieces.len()).all(may_hold);
        let (body, title) = if verbatim_possible {
            (
                count(&folded.body, &clause.text, clause.prefix),
                count(&folded.title, &clause.text, clause.prefix),
            )
        } else {
            (0, 0)
        };
        let last = clause.pieces.len() - 1;
        let pieces = clause
            .pieces
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let open = clause.prefix && i == last;
                // Pieces are only counted when the clause is not there
                // verbatim: a verbatim match outranks them and they would
                // not change its score.
                let n = if body + title > 0 || !may_hold(i) {
                    0
                } else if find(&folded.body, &p.text, open).next().is_some()
                    || find(&folded.title, &p.text, open).next().is_some()
                {
                    plan.piece_words[i].get(doc).unwrap_or(1).max(1)
                } else {
                    0
                };
                (n, p.significant())
            })
            .collect();
        let field = plan
            .fields
            .binary_search_by_key(&doc, |&(d, _)| d)
            .map_or(0, |i| plan.fields[i].1);
        let word = plan.words.get(doc).unwrap_or(0);
        // An ASCII clause is a token: where it occurs verbatim, it is a word.
        let word = if clause.pieces.iter().all(|p| !p.han) && clause.pieces.len() == 1 {
            body + title
        } else {
            word
        };
        ClauseMatch {
            body,
            title,
            pieces,
            word,
            field,
            whole_only: clause.doc_number.is_some(),
        }
    }

    /// What the index knows about a clause.
    fn plan(&self, clause: &Clause) -> ClausePlan {
        let last = clause.pieces.len() - 1;
        let pieces = clause
            .pieces
            .iter()
            .enumerate()
            .map(|(i, p)| self.piece_docs(p, clause.prefix && i == last))
            .collect();
        let fields = match &clause.doc_number {
            Some(n) => {
                let canonical = n.canonical();
                self.index
                    .docs()
                    .iter()
                    .enumerate()
                    .filter_map(|(i, d)| {
                        if d.doc_number == canonical {
                            Some((i as u32, 2))
                        } else if !d.doc_number.is_empty() && d.doc_number.starts_with(&clause.text)
                        {
                            Some((i as u32, 1))
                        } else {
                            None
                        }
                    })
                    .collect()
            }
            None => Vec::new(),
        };
        let mut words = Vec::new();
        if clause.pieces.iter().all(|p| p.han) && clause.text.chars().all(crate::normalize::is_han)
        {
            for postings in self.expand(TermKind::Word, &clause.text, clause.prefix) {
                words.extend(postings.docs.iter().map(|p| (p.doc, p.tf)));
            }
        }
        let words = DocCounts::summing(words);
        let piece_words = clause
            .pieces
            .iter()
            .map(|p| {
                let list = self.index.postings(&term_key(TermKind::Word, &p.text));
                DocCounts::summing(list.docs.iter().map(|p| (p.doc, p.tf)).collect())
            })
            .collect();
        ClausePlan {
            pieces,
            fields,
            words,
            piece_words,
        }
    }

    /// The documents that may hold a piece, sorted.
    fn piece_docs(&self, piece: &Piece, open_end: bool) -> Vec<u32> {
        let docs_of = |kind, text: &str| -> Vec<u32> {
            self.index
                .postings(&term_key(kind, text))
                .docs
                .iter()
                .map(|p| p.doc)
                .collect()
        };
        if !piece.han {
            let mut docs: Vec<u32> = self
                .expand(TermKind::Ascii, &piece.text, open_end)
                .into_iter()
                .flat_map(|p| p.docs.into_iter().map(|p| p.doc))
                .collect();
            docs.sort_unstable();
            docs.dedup();
            return docs;
        }
        let grams = bigrams(&piece.text);
        if grams.is_empty() {
            return docs_of(TermKind::Char, &piece.text);
        }
        let lists: Vec<Vec<u32>> = grams.iter().map(|g| docs_of(TermKind::Bigram, g)).collect();
        intersect_all(&lists)
    }

    /// The postings of `text` as a term of `kind` or, when `open_end`, of
    /// every term of that kind it begins (up to [`MAX_EXPANSIONS`]).
    fn expand(&self, kind: TermKind, text: &str, open_end: bool) -> Vec<crate::index::Postings> {
        let key = term_key(kind, text);
        if !open_end {
            return vec![self.index.postings(&key)];
        }
        use fst::{IntoStreamer, Streamer};
        let mut upper = key.clone();
        upper.push(0xff);
        let mut stream = self.index.terms().range().ge(&key).lt(&upper).into_stream();
        let mut out = Vec::new();
        while let Some((_, offset)) = stream.next() {
            out.push(self.index.postings_at(offset));
            if out.len() == MAX_EXPANSIONS {
                break;
            }
        }
        out
    }

    /// What to mark for a query: each clause verbatim where it matched so,
    /// else its pieces.
    fn needles<'q>(query: &'q Query, matches: &[ClauseMatch]) -> Vec<snippet::Needle<'q>> {
        let mut out = Vec::new();
        for (clause, m) in query.clauses.iter().zip(matches) {
            if m.body + m.title > 0 {
                out.push(snippet::Needle {
                    text: &clause.text,
                    open_end: clause.prefix,
                    // A 文号 being typed (吕政办发〔2022〕1) marks the whole
                    // number it begins, not a slice of its digits.
                    number: clause.doc_number.is_some(),
                });
            } else {
                let last = clause.pieces.len() - 1;
                out.extend(
                    clause
                        .pieces
                        .iter()
                        .enumerate()
                        .map(|(i, p)| snippet::Needle {
                            text: &p.text,
                            open_end: clause.prefix && i == last,
                            number: false,
                        }),
                );
            }
        }
        out
    }

    /// Sorted, merged character ranges of everything that matched.
    fn ranges(&self, hay: &str, query: &Query, matches: &[ClauseMatch]) -> Vec<(usize, usize)> {
        let bytes = snippet::matches(hay, &Self::needles(query, matches), 0, hay.len());
        snippet::char_ranges(hay, &bytes)
    }

    fn hit(&self, doc: u32, score: f32, query: &Query, matches: &[ClauseMatch]) -> Hit {
        let d: &Document<&str> = &self.index.docs()[doc as usize];
        let folded = self.folded(doc);
        let needles = Self::needles(query, matches);
        let title_ranges = self.ranges(&folded.title, query, matches);
        let prefer = header_end(&folded.body, d.doc_number);
        let (snippet, highlights) = snippet::snippet(d.body, &folded.body, &needles, prefer);
        let title_chars: Vec<char> = d.title.chars().collect();
        Hit {
            id: doc,
            doc_number: d.doc_number.to_string(),
            title: d.title.to_string(),
            issuer: d.issuer.to_string(),
            date: d.date.to_string(),
            category: d.category.to_string(),
            page: d.page,
            score,
            snippet,
            highlights,
            title_highlights: snippet::utf16_ranges(&title_chars, &title_ranges, 0),
        }
    }
}

/// Where the document proper begins, as a byte offset in its (folded)
/// body: past its own title and 文号 lines, which a result shows already.
fn header_end(body: &str, doc_number: &str) -> usize {
    if doc_number.is_empty() {
        return 0;
    }
    let head = &body[..floor_boundary(body, 900)];
    match head.find(doc_number) {
        Some(at) => head[at..].find('\n').map_or(head.len(), |e| at + e),
        None => 0,
    }
}

/// The length of the digits and 号 that complete a 文号 at the start of `rest`.
fn number_tail(rest: &str) -> usize {
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    digits
        + if rest[digits..].starts_with('号') {
            '号'.len_utf8()
        } else {
            0
        }
}

fn fold_cow(s: &str) -> Cow<'_, str> {
    let folded = fold(s);
    if folded == s {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(folded)
    }
}

/// Byte ranges of `needle` in `hay`. A needle that begins (ends) with an
/// ASCII letter or digit must not continue a token there: `04` is not found
/// in `2004`, `5g` not in `15g`. `open_end` lifts the check at the end, for
/// the token being typed.
fn find<'h>(
    hay: &'h str,
    needle: &'h str,
    open_end: bool,
) -> impl Iterator<Item = (usize, usize)> + 'h {
    find_in(hay, 0, hay.len(), needle, open_end)
}

/// [`find`] within `hay[from..to]` (clamped to character boundaries), the
/// token checks still looking at the characters around the slice.
fn find_in<'h>(
    hay: &'h str,
    from: usize,
    to: usize,
    needle: &'h str,
    open_end: bool,
) -> impl Iterator<Item = (usize, usize)> + 'h {
    let to = floor_boundary(hay, to);
    let from = floor_boundary(hay, from.min(to));
    let starts_token = needle.chars().next().is_some_and(is_token_char);
    let ends_token = !open_end && needle.chars().next_back().is_some_and(is_token_char);
    // An empty needle matches everywhere; nothing asks for one, nothing gets it.
    let needle_ok = !needle.is_empty();
    hay[from..to]
        .match_indices(needle)
        .filter(move |_| needle_ok)
        .filter_map(move |(at, m)| {
            let at = from + at;
            let end = at + m.len();
            if starts_token && hay[..at].chars().next_back().is_some_and(is_token_char) {
                return None;
            }
            if ends_token && hay[end..].chars().next().is_some_and(is_token_char) {
                return None;
            }
            Some((at, end))
        })
}

/// The largest character boundary of `text` at or before `at`.
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

fn intersect_all(lists: &[Vec<u32>]) -> Vec<u32> {
    let mut iter = lists.iter();
    let Some(first) = iter.next() else {
        return Vec::new();
    };
    iter.fold(first.clone(), |acc, l| intersect(&acc, l))
}

#[cfg(test)]
mod tests;
