//! Answering queries.
//!
//! 1. **Parse** ([`Query`]): clauses at whitespace; each clause is cut into
//!    pieces with the index's own vocabulary ([`Vocabulary`]).
//! 2. **Match by position.** A clause (and each of its pieces) is a phrase of
//!    units; bigrams, ASCII tokens, punctuation and run-edge characters carry
//!    positions, so the documents holding a phrase — and how often, in the
//!    title and in the body — are known exactly from the postings: what
//!    Ctrl+F finds, zhsearch finds, with no document text downloaded. A
//!    phrase of one term (a 2-character word, one token) needs only that
//!    term's counts.
//! 3. **Rank**, by tiers and then by BM25: a 文号 match first; then documents
//!    holding more clauses verbatim; then those where the clause stands as a
//!    word (jieba's word postings) or appears in the title; then those holding
//!    every piece; then the score. If no document holds every clause, the
//!    best partial matches are returned instead of nothing.
//! 4. **Snippets** for the returned page only, from the one stored segment of
//!    each result that holds its first match, with UTF-16 highlight ranges.
//!
//! The index may be loaded lazily (the browser): each stage asks for what it
//! needs, and if a chunk is missing the search stops at the end of that stage
//! and returns [`SearchError::Need`] with every chunk the stage missed. The
//! caller loads them and asks again; nothing is computed from partial data.

mod query;
mod snippet;

pub use query::{Clause, Piece, Query, Vocabulary};

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::index::{Index, IndexError, Postings, StoredDoc, TermInfo};
use crate::normalize::{fold, is_token_char};
use crate::tokenize::{facet_key, term_key, units, TermKind, UnitKind};

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
    /// For each facet asked for, its values among the matches, most
    /// frequent first: (value, count). Each facet is counted under every
    /// filter but its own, so the other values stay selectable.
    pub facets: BTreeMap<String, Vec<(String, usize)>>,
}

/// How to search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchOptions {
    /// How many results to return (the total counts all).
    pub limit: usize,
    /// Keep only documents with one of these values of each facet.
    pub filters: Vec<(String, Vec<String>)>,
    /// The facets to count.
    pub facets: Vec<String>,
    /// The order of the results.
    pub sort: Sort,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            filters: Vec::new(),
            facets: Vec::new(),
            sort: Sort::Relevance,
        }
    }
}

/// The order of the results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Newest first (documents without a date last), best match among equals.
    Date,
}

/// How many values of one facet are counted.
const MAX_FACET_VALUES: usize = 64;

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
    /// The page to open ('' for documents read in the reader view).
    pub url: String,
    /// Other metadata, (key, value).
    pub meta: Vec<(String, String)>,
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
    pub url: String,
    pub meta: Vec<(String, String)>,
    pub source: String,
    pub body: String,
    /// `[start, end)` of each match in `body`, in UTF-16 code units.
    pub highlights: Vec<[u32; 2]>,
    /// `[start, end)` of each match in `title`, in UTF-16 code units.
    pub title_highlights: Vec<[u32; 2]>,
}

/// Why a search could not answer (yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchError {
    /// These chunks must be loaded first ([`Index::add_chunk`]); then ask again.
    Need(Vec<String>),
    /// A chunk is damaged or missing for good.
    Index(IndexError),
}

impl fmt::Display for SearchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SearchError::Need(names) => write!(
                f,
                "the index chunks {} are not loaded; load them and search again",
                names.join(", ")
            ),
            SearchError::Index(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for SearchError {}

impl From<IndexError> for SearchError {
    fn from(e: IndexError) -> Self {
        SearchError::Index(e)
    }
}

// BM25's usual constants.
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// How many vocabulary entries a prefix may expand to.
const MAX_EXPANSIONS: usize = 256;
/// How many words a clause being typed expands to for the word tier.
const MAX_WORD_EXPANSIONS: usize = 8;

/// Searches one index. Cheap to create.
pub struct Searcher<'a> {
    index: &'a Index,
}

/// How one clause matched one document.
#[derive(Debug, Clone, Default)]
struct ClauseMatch {
    /// Verbatim occurrences in the body.
    body: u32,
    /// Verbatim occurrences in the title.
    title: u32,
    /// The first verbatim occurrence in the body, where positions told it.
    first_body: Option<u32>,
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

/// A phrase to find where it stands: the terms that prove it, each at its
/// offset in the phrase, with its posting lists (several for a token being
/// typed: every token it begins).
struct Phrase {
    checks: Vec<(u32, Vec<Postings>)>,
}

/// A posting list and its positions, per document in the list's order.
type ListPositions<'p> = (&'p Postings, Vec<Vec<u32>>);

/// Where a phrase occurs in one document.
#[derive(Debug, Clone, Copy, Default)]
struct PhraseHit {
    doc: u32,
    title: u32,
    body: u32,
    first_body: Option<u32>,
}

/// What a clause needs from the index, gathered once per query.
struct ClausePlan {
    /// The clause verbatim, by document.
    verbatim: Vec<PhraseHit>,
    /// Per piece, the documents holding it.
    pieces: Vec<Vec<u32>>,
    /// Documents whose 文号 is (2) or begins (1) with the clause, by id.
    fields: Vec<(u32, u8)>,
    /// Word occurrences per document (see [`ClauseMatch::word`]).
    words: DocCounts,
    /// Per piece, its occurrences as a word per document: the piece's term
    /// frequency for scoring.
    piece_words: Vec<DocCounts>,
}

impl<'a> Searcher<'a> {
    pub fn new(index: &'a Index) -> Self {
        Searcher { index }
    }

    /// The index searched.
    pub fn index(&self) -> &'a Index {
        self.index
    }

    /// Parses a query the way [`Searcher::search`] does.
    pub fn parse(&self, query: &str) -> Query {
        Query::parse(query, &Vocabulary::new(self.index))
    }

    /// Ends a stage: what it found missing, or the damage it met.
    fn stage(&self) -> Result<(), SearchError> {
        let missing = self.index.take_missing()?;
        if missing.is_empty() {
            Ok(())
        } else {
            Err(SearchError::Need(missing))
        }
    }

    /// The best `limit` documents for `query`, and how many match in all.
    pub fn search(&self, query: &str, limit: usize) -> Result<SearchResults, SearchError> {
        self.search_with(
            query,
            &SearchOptions {
                limit,
                ..SearchOptions::default()
            },
        )
    }

    /// A search with filters, facet counts and an order.
    pub fn search_with(
        &self,
        query: &str,
        options: &SearchOptions,
    ) -> Result<SearchResults, SearchError> {
        self.stage()?;
        let parsed = self.parse(query);
        self.stage()?;
        let mut ranked = self.rank(&parsed)?;
        // Partial matches are only ever returned when no document matches
        // in full, so the first result tells.
        let partial = ranked
            .first()
            .is_some_and(|(_, _, m)| !m.iter().all(ClauseMatch::all_pieces));
        let facets = self.filter_and_count(&mut ranked, options)?;
        if options.sort == Sort::Date {
            // Stable: equal dates keep the order of relevance.
            ranked.sort_by_key(|(doc, _, _)| std::cmp::Reverse(self.index.date(*doc)));
        }
        let total = ranked.len();
        let shown: Vec<_> = ranked.into_iter().take(options.limit).collect();
        let stored: Vec<Option<StoredDoc>> = shown
            .iter()
            .map(|(doc, _, _)| self.index.document(*doc))
            .collect();
        self.stage()?;
        let firsts: Vec<Option<u32>> = shown
            .iter()
            .map(|(doc, _, m)| self.first_body(*doc, &parsed, m))
            .collect();
        self.stage()?;
        let mut results = Vec::with_capacity(shown.len());
        for (((doc, score, matches), stored), first) in shown.iter().zip(stored).zip(firsts) {
            let Some(stored) = stored else { continue };
            if let Some(hit) = self.hit(*doc, *score, &parsed, matches, stored, first) {
                results.push(hit);
            }
        }
        self.stage()?;
        Ok(SearchResults {
            query: query.to_string(),
            total,
            partial,
            results,
            facets,
        })
    }

    /// Keeps the matches that pass every filter; counts the facets asked
    /// for. One stage for the facets' terms, one for their postings.
    fn filter_and_count(
        &self,
        ranked: &mut Vec<(u32, f32, Vec<ClauseMatch>)>,
        options: &SearchOptions,
    ) -> Result<BTreeMap<String, Vec<(String, usize)>>, SearchError> {
        let mut names: Vec<&str> = options.facets.iter().map(String::as_str).collect();
        names.extend(options.filters.iter().map(|(f, _)| f.as_str()));
        names.sort_unstable();
        names.dedup();
        if names.is_empty() || ranked.is_empty() {
            return Ok(names
                .iter()
                .filter(|n| options.facets.iter().any(|f| f == *n))
                .map(|n| (n.to_string(), Vec::new()))
                .collect());
        }
        let values: Vec<Vec<(String, TermInfo)>> = names
            .iter()
            .map(|name| {
                let prefix = facet_key(name, "");
                self.index
                    .terms_with_prefix(&prefix, MAX_FACET_VALUES)
                    .into_iter()
                    .map(|(key, info)| {
                        (
                            String::from_utf8_lossy(&key[prefix.len()..]).into_owned(),
                            info,
                        )
                    })
                    .collect()
            })
            .collect();
        self.stage()?;
        let docs: Vec<Vec<(String, Vec<u32>)>> = values
            .into_iter()
            .map(|vs| {
                vs.into_iter()
                    .map(|(v, info)| {
                        let list = self.index.postings(info);
                        (v, list.docs.iter().map(|p| p.doc).collect())
                    })
                    .collect()
            })
            .collect();
        self.stage()?;
        // Per filter, the documents it lets through.
        let allowed: Vec<(usize, Vec<u32>)> = options
            .filters
            .iter()
            .filter(|(_, wanted)| !wanted.is_empty())
            .filter_map(|(facet, wanted)| {
                let i = names.iter().position(|n| n == facet)?;
                let mut pass: Vec<u32> = docs[i]
                    .iter()
                    .filter(|(v, _)| wanted.contains(v))
                    .flat_map(|(_, d)| d.iter().copied())
                    .collect();
                pass.sort_unstable();
                pass.dedup();
                Some((i, pass))
            })
            .collect();
        let passes = |doc: u32, except: Option<usize>| {
            allowed
                .iter()
                .filter(|(i, _)| Some(*i) != except)
                .all(|(_, pass)| pass.binary_search(&doc).is_ok())
        };
        let mut facets = BTreeMap::new();
        for name in &options.facets {
            let Some(i) = names.iter().position(|n| n == name) else {
                continue;
            };
            let matched: Vec<u32> = {
                let mut m: Vec<u32> = ranked
                    .iter()
                    .map(|r| r.0)
                    .filter(|&d| passes(d, Some(i)))
                    .collect();
                m.sort_unstable();
                m
            };
            let mut counts: Vec<(String, usize)> = docs[i]
                .iter()
                .map(|(v, d)| (v.clone(), intersect(&matched, d).len()))
                .filter(|(_, n)| *n > 0)
                .collect();
            counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            facets.insert(name.clone(), counts);
        }
        ranked.retain(|(doc, _, _)| passes(*doc, None));
        Ok(facets)
    }

    /// Document `id` whole, with the matches of `query` marked; `None` if
    /// there is no such document.
    pub fn document(&self, id: u32, query: &str) -> Result<Option<DocumentView>, SearchError> {
        self.stage()?;
        let Some(stored) = self.index.document(id) else {
            self.stage()?;
            return Ok(None);
        };
        let body = self.index.body(&stored, id);
        self.stage()?;
        let body = body.unwrap_or_default();
        let parsed = self.parse(query);
        self.stage()?;
        let needles = self.needles_for(id, &parsed)?;
        let doc = stored.doc;
        let body_ranges = ranges(&fold(&body), &needles);
        let title_ranges = ranges(&fold(&doc.title), &needles);
        let body_chars: Vec<char> = body.chars().collect();
        let title_chars: Vec<char> = doc.title.chars().collect();
        Ok(Some(DocumentView {
            id,
            highlights: snippet::utf16_ranges(&body_chars, &body_ranges, 0),
            title_highlights: snippet::utf16_ranges(&title_chars, &title_ranges, 0),
            doc_number: doc.doc_number,
            title: doc.title,
            issuer: doc.issuer,
            date: doc.date,
            category: doc.category,
            page: doc.page,
            url: doc.url,
            meta: doc.meta,
            source: doc.source,
            body,
        }))
    }

    /// What to mark in document `id` for `query`.
    fn needles_for<'q>(
        &self,
        id: u32,
        query: &'q Query,
    ) -> Result<Vec<snippet::Needle<'q>>, SearchError> {
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let plans = self.clause_plans(query)?;
        let matches: Vec<ClauseMatch> = query
            .clauses
            .iter()
            .zip(&plans)
            .map(|(c, p)| self.match_clause(id, c, p))
            .collect();
        Ok(needles(query, &matches))
    }

    /// Every clause's plan, complete: two stages, postings then positions.
    fn clause_plans(&self, query: &Query) -> Result<Vec<ClausePlan>, SearchError> {
        let plans = self.plans(query);
        self.stage()?;
        let plans = self.with_positions(query, plans);
        self.stage()?;
        Ok(plans)
    }

    /// The plans of every clause: term lookups and postings, one stage.
    fn plans(&self, query: &Query) -> Vec<(Phrase, Vec<Phrase>, ClausePlan)> {
        query.clauses.iter().map(|c| self.plan(c)).collect()
    }

    /// Completes the plans with what positions tell, one stage.
    fn with_positions(
        &self,
        query: &Query,
        plans: Vec<(Phrase, Vec<Phrase>, ClausePlan)>,
    ) -> Vec<ClausePlan> {
        plans
            .into_iter()
            .zip(&query.clauses)
            .map(|((clause_phrase, piece_phrases, mut plan), clause)| {
                plan.verbatim = self.phrase_hits(&clause_phrase);
                plan.pieces = piece_phrases
                    .iter()
                    .zip(&clause.pieces)
                    .map(|(p, piece)| {
                        // A piece that is the whole clause needs no second look.
                        if piece.text == clause.text {
                            plan.verbatim.iter().map(|h| h.doc).collect()
                        } else {
                            self.phrase_hits(p).iter().map(|h| h.doc).collect()
                        }
                    })
                    .collect();
                plan
            })
            .collect()
    }

    /// Every matching document with its score and clause matches, best first.
    fn rank(&self, query: &Query) -> Result<Vec<(u32, f32, Vec<ClauseMatch>)>, SearchError> {
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let plans = self.clause_plans(query)?;

        // Documents holding every clause (each clause: verbatim, all its
        // pieces, or its 文号).
        let mut strict: Option<Vec<u32>> = None;
        for (plan, clause) in plans.iter().zip(&query.clauses) {
            let mut docs: Vec<u32> = plan.verbatim.iter().map(|h| h.doc).collect();
            if clause.doc_number.is_none() {
                docs.extend(intersect_all(&plan.pieces));
            }
            docs.extend(plan.fields.iter().map(|&(d, _)| d));
            docs.sort_unstable();
            docs.dedup();
            strict = Some(match strict {
                None => docs,
                Some(prev) => intersect(&prev, &docs),
            });
        }
        let mut found = self.matches(query, &plans, &strict.unwrap_or_default(), |m| {
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
                        .chain(p.verbatim.iter().map(|h| h.doc))
                })
                .collect();
            loose.sort_unstable();
            loose.dedup();
            found = self.matches(query, &plans, &loose, |m| {
                m.iter().any(|c| c.pieces_found() > 0 || c.verbatim())
            });
        }

        // Inverse document frequency of each clause, over what matched.
        let n = self.index.len() as f32;
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
        Ok(ranked
            .into_iter()
            .map(|(doc, score, m, _)| (doc, score, m))
            .collect())
    }

    /// Matches each candidate against every clause, keeping those `keep` accepts.
    fn matches(
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

    /// How one clause matched one document, from its plan.
    fn match_clause(&self, doc: u32, clause: &Clause, plan: &ClausePlan) -> ClauseMatch {
        let hit = plan
            .verbatim
            .binary_search_by_key(&doc, |h| h.doc)
            .map_or_else(|_| PhraseHit::default(), |i| plan.verbatim[i]);
        let (body, title) = (hit.body, hit.title);
        let pieces = clause
            .pieces
            .iter()
            .enumerate()
            .map(|(i, p)| {
                // Pieces are only counted when the clause is not there
                // verbatim: a verbatim match outranks them and they would
                // not change its score.
                let n = if body + title > 0 || plan.pieces[i].binary_search(&doc).is_err() {
                    0
                } else {
                    plan.piece_words[i].get(doc).unwrap_or(1).max(1)
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
            first_body: hit.first_body,
            pieces,
            word,
            field,
            whole_only: clause.doc_number.is_some(),
        }
    }

    /// What the index knows about a clause, before positions: the phrases of
    /// the clause and its pieces, with their postings.
    fn plan(&self, clause: &Clause) -> (Phrase, Vec<Phrase>, ClausePlan) {
        let last = clause.pieces.len() - 1;
        let clause_phrase = self.phrase(&clause.text, clause.prefix);
        let piece_phrases = clause
            .pieces
            .iter()
            .enumerate()
            .map(|(i, p)| {
                if p.text == clause.text {
                    Phrase { checks: Vec::new() }
                } else {
                    self.phrase(&p.text, clause.prefix && i == last)
                }
            })
            .collect();
        let fields = match &clause.doc_number {
            Some(n) => {
                let canonical = n.canonical();
                let mut fields: Vec<(u32, u8)> = Vec::new();
                let prefix = term_key(TermKind::DocNum, &clause.text);
                for (key, info) in self.index.terms_with_prefix(&prefix, MAX_EXPANSIONS) {
                    let exact = key[1..] == *canonical.as_bytes();
                    let strength = if exact { 2 } else { 1 };
                    for p in self.index.postings(info).docs {
                        fields.push((p.doc, strength));
                    }
                }
                fields.sort_unstable();
                fields.dedup_by_key(|f| f.0);
                fields
            }
            None => Vec::new(),
        };
        let mut words = Vec::new();
        if clause.pieces.iter().all(|p| p.han) && clause.text.chars().all(crate::normalize::is_han)
        {
            // While typing, the words a clause begins count as it standing
            // as a word; but a lone character begins thousands of words in
            // an archive, each list a chunk to fetch, for a tier its own
            // title and counts decide well enough: only longer clauses
            // expand, and to the most frequent few words.
            let open = clause.prefix && clause.text.chars().nth(1).is_some();
            for postings in
                self.expand_limited(TermKind::Word, &clause.text, open, MAX_WORD_EXPANSIONS)
            {
                words.extend(postings.docs.iter().map(|p| (p.doc, p.tf)));
            }
        }
        let words = DocCounts::summing(words);
        let piece_words = clause
            .pieces
            .iter()
            .map(|p| {
                let list = self.postings_of(TermKind::Word, &p.text);
                DocCounts::summing(list.docs.iter().map(|p| (p.doc, p.tf)).collect())
            })
            .collect();
        let plan = ClausePlan {
            verbatim: Vec::new(),
            pieces: Vec::new(),
            fields,
            words,
            piece_words,
        };
        (clause_phrase, piece_phrases, plan)
    }

    /// The postings of one term, empty if the index does not have it.
    fn postings_of(&self, kind: TermKind, text: &str) -> Postings {
        match self.index.term(&term_key(kind, text)) {
            Some(info) => self.index.postings(info),
            None => Postings::default(),
        }
    }

    /// The terms that prove `text` where it stands. Han runs of two or more
    /// characters by every other bigram (and the last); a lone Han
    /// character by its run edge; tokens and punctuation by themselves.
    fn phrase(&self, text: &str, open_end: bool) -> Phrase {
        let (list, _) = units(text, 0);
        let mut checks: Vec<(u32, Vec<Postings>)> = Vec::new();
        if let [only] = list.as_slice() {
            let kind = match only.kind {
                UnitKind::Han => TermKind::Char,
                UnitKind::Ascii => TermKind::Ascii,
                UnitKind::Punct => TermKind::Punct,
            };
            let open = open_end && only.kind == UnitKind::Ascii;
            checks.push((0, self.expand(kind, only.text, open)));
            return Phrase { checks };
        }
        let mut i = 0;
        while i < list.len() {
            let u = list[i];
            match u.kind {
                UnitKind::Ascii => {
                    let open = open_end && i + 1 == list.len();
                    checks.push((u.pos, self.expand(TermKind::Ascii, u.text, open)));
                    i += 1;
                }
                UnitKind::Punct => {
                    checks.push((u.pos, vec![self.postings_of(TermKind::Punct, u.text)]));
                    i += 1;
                }
                UnitKind::Han => {
                    let mut j = i + 1;
                    while j < list.len() && list[j].kind == UnitKind::Han {
                        j += 1;
                    }
                    let run = &list[i..j];
                    if run.len() == 1 {
                        checks.push((u.pos, vec![self.postings_of(TermKind::Edge, u.text)]));
                    } else {
                        let mut starts: Vec<usize> = (0..run.len() - 1).step_by(2).collect();
                        if starts.last() != Some(&(run.len() - 2)) {
                            starts.push(run.len() - 2);
                        }
                        for k in starts {
                            let pair = format!("{}{}", run[k].text, run[k + 1].text);
                            checks.push((
                                run[k].pos,
                                vec![self.postings_of(TermKind::Bigram, &pair)],
                            ));
                        }
                    }
                    i = j;
                }
            }
        }
        Phrase { checks }
    }

    /// Where a phrase occurs, by document. One term's counts suffice for a
    /// phrase of one term; otherwise positions decide.
    fn phrase_hits(&self, phrase: &Phrase) -> Vec<PhraseHit> {
        let Some((_, first)) = phrase.checks.first() else {
            return Vec::new();
        };
        if phrase.checks.len() == 1 {
            let mut hits: Vec<PhraseHit> = first
                .iter()
                .flat_map(|p| p.docs.iter())
                .map(|p| PhraseHit {
                    doc: p.doc,
                    title: p.title_tf,
                    body: p.tf - p.title_tf,
                    first_body: None,
                })
                .collect();
            hits.sort_unstable_by_key(|h| h.doc);
            hits.dedup_by(|b, a| {
                if a.doc == b.doc {
                    a.title += b.title;
                    a.body += b.body;
                    true
                } else {
                    false
                }
            });
            return hits;
        }
        // Documents that hold every check's term.
        let doc_sets: Vec<Vec<u32>> = phrase
            .checks
            .iter()
            .map(|(_, lists)| {
                let mut docs: Vec<u32> = lists
                    .iter()
                    .flat_map(|l| l.docs.iter().map(|p| p.doc))
                    .collect();
                docs.sort_unstable();
                docs.dedup();
                docs
            })
            .collect();
        let candidates = intersect_all(&doc_sets);
        if candidates.is_empty() {
            return Vec::new();
        }
        // Positions of each check's lists, by document.
        let positions: Vec<Vec<ListPositions>> = phrase
            .checks
            .iter()
            .map(|(_, lists)| {
                lists
                    .iter()
                    .filter_map(|l| Some((l, self.index.positions(l)?)))
                    .collect()
            })
            .collect();
        if self.index.incomplete() {
            return Vec::new();
        }
        let mut hits = Vec::new();
        for doc in candidates {
            let mut starts: Option<Vec<u32>> = None;
            for ((offset, _), lists) in phrase.checks.iter().zip(&positions) {
                let mut here: Vec<u32> = Vec::new();
                for (postings, per_doc) in lists {
                    if let Ok(i) = postings.docs.binary_search_by_key(&doc, |p| p.doc) {
                        if let Some(list) = per_doc.get(i) {
                            here.extend(list.iter().filter_map(|&p| p.checked_sub(*offset)));
                        }
                    }
                }
                here.sort_unstable();
                here.dedup();
                starts = Some(match starts {
                    None => here,
                    Some(prev) => intersect(&prev, &here),
                });
                if starts.as_ref().is_some_and(Vec::is_empty) {
                    break;
                }
            }
            let starts = starts.unwrap_or_default();
            if starts.is_empty() {
                continue;
            }
            let title_end = self.index.title_end(doc);
            let in_title = starts.partition_point(|&p| p < title_end);
            hits.push(PhraseHit {
                doc,
                title: in_title as u32,
                body: (starts.len() - in_title) as u32,
                first_body: starts.get(in_title).copied(),
            });
        }
        hits
    }

    /// The postings of `text` as a term of `kind` or, when `open_end`, of
    /// every term of that kind it begins (up to [`MAX_EXPANSIONS`]).
    fn expand(&self, kind: TermKind, text: &str, open_end: bool) -> Vec<Postings> {
        self.expand_limited(kind, text, open_end, MAX_EXPANSIONS)
    }

    /// [`Searcher::expand`] to at most `limit` terms, the most frequent.
    fn expand_limited(
        &self,
        kind: TermKind,
        text: &str,
        open_end: bool,
        limit: usize,
    ) -> Vec<Postings> {
        let key = term_key(kind, text);
        if !open_end {
            return vec![self.postings_of(kind, text)];
        }
        let mut terms = self.index.terms_with_prefix(&key, MAX_EXPANSIONS);
        if terms.len() > limit {
            terms.sort_unstable_by(|a, b| b.1.count.cmp(&a.1.count).then_with(|| a.0.cmp(&b.0)));
            terms.truncate(limit);
        }
        terms
            .into_iter()
            .map(|(_, info): (Vec<u8>, TermInfo)| self.index.postings(info))
            .collect()
    }

    /// The position of the first body match of a result, to pick the stored
    /// segment its snippet comes from. Positions are read for the shown
    /// results only, when ranking did not need them.
    fn first_body(&self, doc: u32, query: &Query, matches: &[ClauseMatch]) -> Option<u32> {
        for (clause, m) in query.clauses.iter().zip(matches) {
            if m.first_body.is_some() {
                return m.first_body;
            }
            let texts: Vec<(&str, bool)> = if m.body > 0 {
                vec![(clause.text.as_str(), clause.prefix)]
            } else {
                let last = clause.pieces.len() - 1;
                clause
                    .pieces
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| m.pieces.get(*i).is_some_and(|p| p.0 > 0))
                    .map(|(i, p)| (p.text.as_str(), clause.prefix && i == last))
                    .collect()
            };
            for (text, open) in texts {
                let phrase = self.phrase(text, open);
                let title_end = self.index.title_end(doc);
                let mut best: Option<u32> = None;
                // The first check of a phrase places it well enough.
                if let Some((offset, lists)) = phrase.checks.first() {
                    for l in lists {
                        let Ok(i) = l.docs.binary_search_by_key(&doc, |p| p.doc) else {
                            continue;
                        };
                        let Some(per_doc) = self.index.positions(l) else {
                            continue;
                        };
                        let first = per_doc.get(i).and_then(|ps| {
                            ps.iter()
                                .filter_map(|&p| p.checked_sub(*offset))
                                .find(|&p| p >= title_end)
                        });
                        best = match (best, first) {
                            (Some(b), Some(f)) => Some(b.min(f)),
                            (b, f) => b.or(f),
                        };
                    }
                }
                if best.is_some() {
                    return best;
                }
            }
        }
        None
    }

    fn hit(
        &self,
        doc: u32,
        score: f32,
        query: &Query,
        matches: &[ClauseMatch],
        stored: StoredDoc,
        first: Option<u32>,
    ) -> Option<Hit> {
        let segment = self.index.segment_at(&stored, doc, first.unwrap_or(0))?;
        let d = stored.doc;
        let needles = needles(query, matches);
        let folded_title = fold(&d.title);
        let title_ranges = ranges(&folded_title, &needles);
        let is_first = stored
            .segments
            .first()
            .is_some_and(|s| s.0 == segment.first);
        let folded = fold(&segment.text);
        let prefer = if is_first {
            header_end(&folded, &d.doc_number)
        } else {
            0
        };
        let (mut snippet, mut highlights) =
            snippet::snippet(&segment.text, &folded, &needles, prefer);
        if !is_first && !snippet.starts_with('…') {
            snippet.insert(0, '…');
            for h in &mut highlights {
                h[0] += 1;
                h[1] += 1;
            }
        }
        let title_chars: Vec<char> = d.title.chars().collect();
        Some(Hit {
            id: doc,
            title_highlights: snippet::utf16_ranges(&title_chars, &title_ranges, 0),
            doc_number: d.doc_number,
            title: d.title,
            issuer: d.issuer,
            date: d.date,
            category: d.category,
            page: d.page,
            url: d.url,
            meta: d.meta,
            score,
            snippet,
            highlights,
        })
    }
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

/// Sorted, merged character ranges of every needle in `hay`.
fn ranges(hay: &str, needles: &[snippet::Needle<'_>]) -> Vec<(usize, usize)> {
    let bytes = snippet::matches(hay, needles, 0, hay.len());
    snippet::char_ranges(hay, &bytes)
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

/// Byte ranges of `needle` in `hay[from..to]` (clamped to character boundaries). A
/// needle that begins (ends) with an ASCII letter or digit must not continue
/// a token there: `04` is not found in `2004`, `5g` not in `15g`. `open_end`
/// lifts the check at the end, for the token being typed. The token checks
/// look at the characters around the slice.
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
