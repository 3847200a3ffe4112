//! # zhsearch
//!
//! Chinese full-text search for static sites, with no search server.
//!
//! At build time the sources are read, split into documents, segmented with
//! jieba and written as an index of small chunks named by their contents;
//! in the browser a small wasm engine loads only the chunks a query needs and
//! answers as the reader types. `ARCHITECTURE.md` walks one document from its
//! source file to a search result.
//!
//! ## Modules
//!
//! | module | owns |
//! |---|---|
//! | [`normalize`] | character folding (full-width → half-width, case) shared by both sides |
//! | [`tokenize`] | folded text → positions (units) and index terms: characters, bigrams, run edges, tokens, words |
//! | [`docnum`] | 文号 (document numbers) in their many spellings, and their canonical form |
//! | [`index`] | the byte layout: [`index::IndexWriter`] writes the chunks, [`index::Index`] reads them lazily |
//! | [`search`] | queries: parsing, matching by position, ranking, facets, snippets |
//! | `indexer` (native only) | the build side: source files → [`index::Document`]s → jieba → index |
//! | `bundle` (native only) | writing a deployable bundle: the page, the engine, the index |
//! | `wasm` (wasm32 only) | the JavaScript API, through wasm-bindgen |
//!
//! ## How a query is answered
//!
//! Bigrams, ASCII tokens, punctuation and the characters at the edges of Han
//! runs carry positions, so a phrase is proved where it stands: recall is
//! exactly Ctrl+F's (护工 inside 防护工程 is found) without downloading any
//! text. jieba's words, stored with their frequencies, rank documents where
//! the query stands as a word above those where it only appears by accident.
//! A search runs in stages and says which chunks it needs
//! ([`search::SearchError::Need`]); natively the index reads them itself.
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
