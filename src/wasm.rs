//! The JavaScript API, through wasm-bindgen.
//!
//! ```js
//! wasm_bindgen.initSync({ module: bytes });
//! const engine = new wasm_bindgen.Engine();   // throws Error(message) on a damaged index
//! engine.info();                 // { title, documents, format_version }
//! engine.search("氢能", 10);      // { query, total, results: [{ id, doc_number, title, …,
//!                                //   snippet, highlights: [[s, e]], title_highlights }] }
//! engine.document(id, "氢能");    // { id, …, body, highlights, title_highlights }
//! ```
//!
//! Offsets are UTF-16 code units, ready for `String.prototype.slice`.
//! Nothing here panics on any input: an unknown document id gives `null`.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::index::{Index, FORMAT_VERSION};
use crate::search::Searcher;

/// A search engine over the embedded index.
#[wasm_bindgen]
pub struct Engine {
    searcher: Searcher<'static>,
}

#[derive(Serialize)]
struct Info<'a> {
    title: &'a str,
    documents: usize,
    format_version: u32,
}

#[wasm_bindgen]
impl Engine {
    /// Opens the index embedded in this module.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<Engine, JsError> {
        let index = Index::embedded().map_err(|e| JsError::new(&e.to_string()))?;
        // One engine lives as long as the page; wasm memory is never returned
        // to the browser anyway, so leaking the small Index struct costs nothing
        // and lets the searcher borrow it for 'static.
        let index: &'static Index<'static> = Box::leak(Box::new(index));
        Ok(Engine {
            searcher: Searcher::new(index),
        })
    }

    /// `{ title, documents, format_version }`.
    pub fn info(&self) -> Result<JsValue, JsError> {
        let index = self.searcher.index();
        to_js(&Info {
            title: index.title(),
            documents: index.docs().len(),
            format_version: FORMAT_VERSION,
        })
    }

    /// The best `limit` results for `query`.
    pub fn search(&self, query: &str, limit: usize) -> Result<JsValue, JsError> {
        to_js(&self.searcher.search(query, limit))
    }

    /// Document `id` whole, with the matches of `query` marked, or `null`.
    pub fn document(&self, id: u32, query: &str) -> Result<JsValue, JsError> {
        match self.searcher.document(id, query) {
            Some(view) => to_js(&view),
            None => Ok(JsValue::NULL),
        }
    }
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    // Plain objects rather than Maps, so the page can read `result.title`.
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&serializer)
        .map_err(|e| JsError::new(&e.to_string()))
}
