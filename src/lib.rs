//! # zhsearch
//!
//! Chinese full-text search for static sites, with no search server.
//!
//! At build time the documents under `index/` are split, segmented with jieba
//! and packed into one binary index; in the browser a small wasm engine
//! answers queries against it as the reader types.
//!
//! ## Modules
//!
//! | module | owns |
//! |---|---|
//! | [`normalize`] | character folding (full-width → half-width, case) shared by both sides |
//! | [`tokenize`] | cutting folded text into index terms: characters, bigrams, words, ASCII tokens |
//! | [`docnum`] | 文号 (document numbers) in their many spellings, and their canonical form |
//! | [`index`] | the index's byte layout: [`index::IndexWriter`] writes it, [`index::Index`] reads it |
//! | [`search`] | queries: parsing, candidate generation, verification, ranking, snippets |
//! | `indexer` (native only) | the build side: source files → [`indexer::Document`]s → jieba → index |
//! | `wasm` (wasm32 only) | the JavaScript API, through wasm-bindgen |
//!
//! ## How a query is answered
//!
//! The index is a *filter*, the stored text is the *truth*: character bigrams
//! narrow the documents down to those that may contain a query, and the
//! document's own (folded) text confirms it. That is what gives Ctrl+F recall
//! across jieba's word boundaries (护工 inside 防护工程), while jieba's words,
//! stored with their frequencies, rank documents where the query stands as a
//! word above those where it only appears by accident.
//!
//! ```
//! let index = zhsearch::index::Index::embedded().unwrap();
//! let searcher = zhsearch::search::Searcher::new(&index);
//! let hits = searcher.search("氢能", 10).unwrap();
//! assert_eq!(hits.results[0].doc_number, "吕政办发〔2022〕16号");
//! ```

pub mod docnum;
pub mod embedded;
pub mod index;
pub mod normalize;
pub mod search;
pub mod tokenize;

#[cfg(not(target_arch = "wasm32"))]
pub mod bundle;
#[cfg(not(target_arch = "wasm32"))]
pub mod indexer;

#[cfg(target_arch = "wasm32")]
mod wasm;

#[cfg(test)]
mod test_rng;
