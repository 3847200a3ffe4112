//! The default index, built from `index/` (or `$ZHSEARCH_INDEX_DIR`) by
//! build.rs and embedded in the library. Kept out of `index/` because build.rs
//! compiles that module too, before this file exists.

use crate::index::{Index, IndexError};

/// The embedded index's bytes.
pub static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/zhsearch.idx"));

impl Index {
    /// Opens the index that build.rs embedded in this library (packed).
    pub fn embedded() -> Result<Index, IndexError> {
        Index::open(EMBEDDED)
    }
}
