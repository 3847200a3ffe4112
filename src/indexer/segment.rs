//! jieba-rs behind the [`Segmenter`] trait.

use crate::tokenize::Segmenter;

/// jieba in search-engine mode (`cut_for_search`, HMM on): it yields the long
/// words *and* their dictionary sub-words (中华人民共和国 → 中华, 华人, 人民,
/// 共和, 共和国, 中华人民共和国), which is what the query side's vocabulary
/// needs to cut any query into known words.
pub struct Jieba(jieba_rs::Jieba);

impl Jieba {
    /// Loads jieba's default dictionary (about 0.1 s).
    pub fn new() -> Self {
        Jieba(jieba_rs::Jieba::new())
    }
}

impl Default for Jieba {
    fn default() -> Self {
        Self::new()
    }
}

impl Segmenter for Jieba {
    fn words<'a>(&self, han_run: &'a str) -> Vec<&'a str> {
        self.0
            .cut_for_search(han_run, true)
            .into_iter()
            .map(|t| t.word)
            .collect()
    }
}
