//! The JavaScript API, through wasm-bindgen. `www/zhsearch-core.js` drives it.
//!
//! ```js
//! const engine = new wasm_bindgen.Engine(rootBytes);  // the root chunk, or a packed index
//! engine.info();                    // { title, documents, format_version, examples, site_root }
//! engine.search("氢能", 10);         // { need: ["t…", "p…"] }: load those chunks, then ask again
//! engine.add_chunk("t0123456789ab", bytes);
//! engine.search("氢能", 10);         // { query, total, partial, results: [{ id, doc_number, title, …,
//!                                   //   url, meta, snippet, highlights: [[s, e]], title_highlights }] }
//! engine.document(id, "氢能");       // { need } | { id, …, body, highlights, title_highlights } | null
//! ```
//!
//! Offsets are UTF-16 code units, ready for `String.prototype.slice`.
//! Nothing here panics on any input: arguments of the wrong type or out of
//! range give an Error that says which, a damaged chunk gives an Error that
//! says to rebuild.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::index::{Index, FORMAT_VERSION};
use crate::search::{SearchError, SearchOptions, Searcher, Sort};

/// The most results one call returns.
const MAX_LIMIT: usize = 1000;
/// The limit when none (or no number) is given.
const DEFAULT_LIMIT: usize = 10;

/// A search engine over one index.
#[wasm_bindgen]
pub struct Engine {
    index: Index,
}

#[derive(Serialize)]
struct Info<'a> {
    title: &'a str,
    documents: usize,
    format_version: u32,
    examples: Vec<&'a str>,
    /// Where result urls are relative to, from the bundle folder (e.g.
    /// `../`); `null` when the build did not know (urls are then relative
    /// to the bundle folder).
    site_root: Option<&'a str>,
}

#[derive(Serialize)]
struct Need {
    need: Vec<String>,
}

#[wasm_bindgen]
impl Engine {
    /// Opens an index from its root chunk (chunked) or from a packed index.
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: &[u8]) -> Result<Engine, JsError> {
        let packed = bytes.get(12) == Some(&1);
        let index = if packed {
            Index::open(bytes)
        } else {
            Index::open_root(bytes, None)
        };
        let index = index.map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Engine { index })
    }

    /// Hands in a chunk the engine asked for (its framed, decompressed bytes).
    pub fn add_chunk(&self, name: &str, bytes: &[u8]) -> Result<(), JsError> {
        self.index
            .add_chunk(name, bytes)
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// `{ title, documents, format_version, examples, site_root }`.
    pub fn info(&self) -> Result<JsValue, JsError> {
        to_js(&Info {
            title: self.index.title(),
            documents: self.index.len(),
            format_version: FORMAT_VERSION,
            examples: self.index.examples(),
            site_root: self.index.meta("site_root"),
        })
    }

    /// The best results for `query` (a string), or the chunks to load
    /// first. `options` is a limit, or `{ limit, filters: { facet: [values] },
    /// facets: [names], sort: "relevance" | "date" }`. A missing or
    /// non-numeric limit means 10; it is clamped to 1..=1000.
    pub fn search(&self, query: JsValue, options: JsValue) -> Result<JsValue, JsError> {
        let query = query
            .as_string()
            .ok_or_else(|| JsError::new("search(query, options): query must be a string"))?;
        let options = search_options(&options)?;
        answer(Searcher::new(&self.index).search_with(&query, &options))
    }

    /// Document `id` whole, with the matches of `query` marked; `null` for
    /// no such document; or the chunks to load first.
    pub fn document(&self, id: JsValue, query: JsValue) -> Result<JsValue, JsError> {
        let id = id
            .as_f64()
            .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= u32::MAX as f64)
            .ok_or_else(|| {
                JsError::new("document(id, query): id must be a whole number from 0 to 2^32 - 1")
            })?;
        let query = query.as_string().unwrap_or_default();
        match Searcher::new(&self.index).document(id as u32, &query) {
            Ok(None) => Ok(JsValue::NULL),
            Ok(Some(view)) => to_js(&view),
            Err(e) => answer::<()>(Err(e)),
        }
    }
}

/// Reads `search`'s options: a number (the limit) or an object.
fn search_options(value: &JsValue) -> Result<SearchOptions, JsError> {
    let limit_of = |v: &JsValue| match v.as_f64() {
        Some(n) if n.is_finite() && n >= 1.0 => (n as usize).min(MAX_LIMIT),
        Some(n) if n.is_finite() => 1,
        _ => DEFAULT_LIMIT,
    };
    let mut options = SearchOptions {
        limit: limit_of(value),
        ..SearchOptions::default()
    };
    if !value.is_object() {
        return Ok(options);
    }
    let get = |key: &str| {
        js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    };
    let strings = |v: &JsValue| -> Vec<String> {
        if js_sys::Array::is_array(v) {
            js_sys::Array::from(v)
                .iter()
                .filter_map(|s| s.as_string())
                .collect()
        } else {
            v.as_string().into_iter().collect()
        }
    };
    options.limit = limit_of(&get("limit"));
    options.facets = strings(&get("facets"));
    let filters = get("filters");
    if filters.is_object() {
        let object = js_sys::Object::from(filters.clone());
        for key in js_sys::Object::keys(&object).iter() {
            if let Some(name) = key.as_string() {
                let wanted =
                    strings(&js_sys::Reflect::get(&filters, &key).unwrap_or(JsValue::UNDEFINED));
                options.filters.push((name, wanted));
            }
        }
    }
    options.sort = match get("sort").as_string().as_deref() {
        None | Some("relevance") => Sort::Relevance,
        Some("date") => Sort::Date,
        Some(other) => {
            return Err(JsError::new(&format!(
                "search(query, options): sort is \"relevance\" or \"date\", not \"{other}\""
            )))
        }
    };
    Ok(options)
}

/// Results, or `{ need }`, or an Error for damage.
fn answer<T: Serialize>(result: Result<T, SearchError>) -> Result<JsValue, JsError> {
    match result {
        Ok(value) => to_js(&value),
        Err(SearchError::Need(need)) => to_js(&Need { need }),
        Err(e) => Err(JsError::new(&e.to_string())),
    }
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    // Plain objects rather than Maps, so the page can read `result.title`.
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&serializer)
        .map_err(|e| JsError::new(&e.to_string()))
}
