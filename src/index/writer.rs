//! Writes the byte layout documented in [`crate::index`].

use std::collections::HashMap;

use super::{crc32, write_varint, Document, FORMAT_VERSION, MAGIC};
use crate::normalize::fold;
use crate::tokenize::{term_key, terms, Segmenter, TermKind};

/// Collects documents and their terms, then writes one index.
pub struct IndexWriter {
    title: String,
    docs: Vec<Document>,
    lengths: Vec<u32>,
    /// Term key → postings, doc ids ascending (documents are added in order).
    postings: HashMap<Vec<u8>, Vec<(u32, u32)>>,
    word_tokens: u64,
}

impl IndexWriter {
    /// A writer for a collection called `title` (shown by the search page).
    pub fn new(title: &str) -> Self {
        IndexWriter {
            title: title.to_string(),
            docs: Vec::new(),
            lengths: Vec::new(),
            postings: HashMap::new(),
            word_tokens: 0,
        }
    }

    /// The number of documents added so far.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// True before the first document.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Adds a document; its id is its position in the order of adding.
    /// The title is indexed with the body, so a word of the title alone
    /// still finds the document.
    pub fn add(&mut self, doc: Document, segmenter: &dyn Segmenter) -> u32 {
        let id = self.docs.len() as u32;
        let mut tf: HashMap<Vec<u8>, u32> = HashMap::new();
        let mut length = 0u32;
        for text in [&doc.title, &doc.body] {
            let folded = fold(text);
            for term in terms(&folded, segmenter) {
                match term.kind {
                    TermKind::Char | TermKind::Ascii => length += 1,
                    TermKind::Word => self.word_tokens += 1,
                    TermKind::Bigram => {}
                }
                *tf.entry(term_key(term.kind, term.text)).or_default() += 1;
            }
        }
        for (key, count) in tf {
            self.postings.entry(key).or_default().push((id, count));
        }
        self.lengths.push(length);
        self.docs.push(doc);
        id
    }

    /// Writes the index.
    pub fn finish(self) -> Result<Vec<u8>, fst::Error> {
        let mut meta = Vec::new();
        write_varint(&mut meta, 2);
        for (key, value) in [
            ("title", self.title.clone()),
            ("word_tokens", self.word_tokens.to_string()),
        ] {
            write_string(&mut meta, key);
            write_string(&mut meta, &value);
        }

        let mut keys: Vec<_> = self.postings.into_iter().collect();
        keys.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut post = Vec::new();
        let mut fst = fst::MapBuilder::memory();
        for (key, list) in &keys {
            fst.insert(key, post.len() as u64)?;
            // Characters and bigrams only filter candidates (the search
            // verifies against the text and counts there): their lists carry
            // no frequencies, which saves a third of the section.
            let with_tf = !matches!(key.first(), Some(&k) if k == TermKind::Char.byte() || k == TermKind::Bigram.byte());
            write_varint(&mut post, (list.len() as u64) << 1 | u64::from(with_tf));
            if with_tf {
                write_varint(&mut post, list.iter().map(|&(_, tf)| u64::from(tf)).sum());
            }
            let mut prev = 0u32;
            for &(doc, tf) in list {
                write_varint(&mut post, u64::from(doc - prev));
                if with_tf {
                    write_varint(&mut post, u64::from(tf));
                }
                prev = doc;
            }
        }
        let term = fst.into_inner()?;

        let mut docs = Vec::new();
        write_varint(&mut docs, self.docs.len() as u64);
        for (doc, &length) in self.docs.iter().zip(&self.lengths) {
            for field in [
                &doc.doc_number,
                &doc.title,
                &doc.issuer,
                &doc.date,
                &doc.category,
                &doc.source,
                &doc.body,
            ] {
                write_string(&mut docs, field);
            }
            write_varint(&mut docs, u64::from(doc.page));
            write_varint(&mut docs, u64::from(length));
        }

        let sections: [(&[u8; 4], &[u8]); 4] = [
            (b"META", &meta),
            (b"TERM", &term),
            (b"POST", &post),
            (b"DOCS", &docs),
        ];
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&(sections.len() as u32).to_le_bytes());
        let mut offset = out.len() + sections.len() * 12;
        for (tag, bytes) in &sections {
            out.extend_from_slice(*tag);
            out.extend_from_slice(&(offset as u32).to_le_bytes());
            out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
            offset += bytes.len();
        }
        for (_, bytes) in &sections {
            out.extend_from_slice(bytes);
        }
        let crc = crc32(&out);
        out.extend_from_slice(&crc.to_le_bytes());
        Ok(out)
    }
}

fn write_string(out: &mut Vec<u8>, s: &str) {
    write_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}
