//! The index: one self-contained byte string, written by [`IndexWriter`] and
//! read, without copying, by [`Index`].
//!
//! # Byte layout, format version 1
//!
//! All integers are little-endian. A *varint* is an unsigned LEB128 integer;
//! a *string* is a varint byte length followed by that many bytes of UTF-8.
//!
//! ```text
//! header   "ZHSEARCH"  8 bytes  magic
//!          version     u32      FORMAT_VERSION; readers refuse any other
//!          sections    u32      number of entries in the table below
//! table    per section: tag [u8; 4], offset u32, length u32
//!          (offsets from the start of the index; sections in any order)
//! sections "META"  varint n, then n (key string, value string) pairs:
//!                  "title" (the collection's name), "word_tokens" (the
//!                  total count of word occurrences, in decimal)
//!          "TERM"  an fst::Map. Key: a TermKind byte + the term's UTF-8
//!                  text (see crate::tokenize). Value: the byte offset of the
//!                  term's posting list inside "POST".
//!          "POST"  posting lists, each: varint head = df << 1 | with_tf
//!                  (df: the number of documents); if with_tf, varint cf
//!                  (occurrences in all); then df × (varint doc-id delta, and
//!                  if with_tf varint tf), doc ids ascending, the first delta
//!                  from 0. Character and bigram lists have no tf (it reads
//!                  as 1): they only filter, the text is counted at search time
//!          "DOCS"  varint n, then per document: strings doc_number, title,
//!                  issuer, date, category, source, body; varint page;
//!                  varint length (its number of index tokens, for BM25)
//! footer   crc32       u32      CRC-32 (IEEE) of every byte before it
//! ```
//!
//! The checksum is verified on open, so a truncated or damaged file is
//! reported as such instead of surfacing as nonsense results. Behind it,
//! every offset is still bounds-checked while decoding, and the fst's own
//! checksum is verified, so a file from a buggy writer gives an error too.

mod writer;

pub use writer::IndexWriter;

use std::fmt;

/// The magic bytes every index starts with.
pub const MAGIC: &[u8; 8] = b"ZHSEARCH";
/// The format version this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;
/// The file name of the index inside an index directory.
pub const FILE_NAME: &str = "zhsearch.idx";

/// One document. The build side owns its strings (`Document<String>`); the
/// index hands out `Document<&str>` borrowed from its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document<S = String> {
    /// The 文号 in canonical form, e.g. `吕政办发〔2022〕15号` (see [`crate::docnum`]).
    pub doc_number: S,
    /// The full title, without the PDF's stray spaces and line breaks.
    pub title: S,
    /// Who issued it, e.g. `吕梁市人民政府办公室`.
    pub issuer: S,
    /// The signing date, ISO 8601 (`2022-05-07`).
    pub date: S,
    /// The section of the table of contents, e.g. `市政府文件`.
    pub category: S,
    /// The first page in the printed publication, 1-based; 0 if unknown.
    pub page: u32,
    /// The file the document came from, as given to the indexer.
    pub source: S,
    /// Where the document lives on the site (an HTML page's URL, relative to
    /// the site's root, or a front-matter `url`); empty for documents that
    /// are read in the search page's reader view (text, gazette documents).
    pub url: S,
    /// Other metadata to show, in source order: (key, value), e.g. the
    /// gazette issue, a page's `ContentSource`, a front-matter field.
    pub meta: Vec<(S, S)>,
    /// Facet values the search can filter on and count: (facet, value),
    /// e.g. ("文种", "通知"); a key may repeat.
    pub filters: Vec<(S, S)>,
    /// The repaired body text: one paragraph per line (`\n` between paragraphs).
    pub body: S,
}

/// Why an index could not be opened. Each message says what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexError {
    /// The bytes do not start with [`MAGIC`].
    NotAnIndex,
    /// Shorter than a header and footer.
    Truncated { len: usize },
    /// Written by another version of zhsearch.
    UnsupportedVersion { found: u32, supported: u32 },
    /// The footer's checksum does not match the bytes.
    Checksum { stored: u32, computed: u32 },
    /// A required section is absent from the table.
    MissingSection { tag: &'static str },
    /// A section does not decode.
    Corrupt {
        section: &'static str,
        detail: String,
    },
}

impl fmt::Display for IndexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const REBUILD: &str = "rebuild it with `zhsearch build`";
        match self {
            IndexError::NotAnIndex => {
                write!(
                    f,
                    "not a zhsearch index (it does not start with \"ZHSEARCH\"); {REBUILD}"
                )
            }
            IndexError::Truncated { len } => {
                write!(f, "the index is truncated ({len} bytes); {REBUILD}")
            }
            IndexError::UnsupportedVersion { found, supported } => write!(
                f,
                "the index has format version {found}, but this zhsearch reads version \
                 {supported}; {REBUILD} from this version"
            ),
            IndexError::Checksum { stored, computed } => write!(
                f,
                "the index is damaged (checksum {computed:08x}, expected {stored:08x}); {REBUILD}"
            ),
            IndexError::MissingSection { tag } => {
                write!(f, "the index has no {tag} section; {REBUILD}")
            }
            IndexError::Corrupt { section, detail } => {
                write!(
                    f,
                    "the index's {section} section is damaged ({detail}); {REBUILD}"
                )
            }
        }
    }
}

impl std::error::Error for IndexError {}

/// A posting: a document and how often the term occurs in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    pub tf: u32,
}

/// A term's posting list, decoded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Postings {
    /// Occurrences across all documents.
    pub cf: u64,
    /// One entry per document, doc ids ascending.
    pub docs: Vec<Posting>,
}

/// An open index, borrowing its bytes.
pub struct Index<'a> {
    title: &'a str,
    word_tokens: u64,
    terms: fst::Map<&'a [u8]>,
    postings: &'a [u8],
    docs: Vec<Document<&'a str>>,
    lengths: Vec<u32>,
    avg_length: f32,
}

impl<'a> Index<'a> {
    /// Opens an index, verifying its magic, version and checksum.
    pub fn open(bytes: &'a [u8]) -> Result<Index<'a>, IndexError> {
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(IndexError::NotAnIndex);
        }
        if bytes.len() < 20 {
            return Err(IndexError::Truncated { len: bytes.len() });
        }
        let version = read_u32(bytes, 8);
        if version != FORMAT_VERSION {
            return Err(IndexError::UnsupportedVersion {
                found: version,
                supported: FORMAT_VERSION,
            });
        }
        let body_len = bytes.len() - 4;
        let stored = read_u32(bytes, body_len);
        let computed = crc32(&bytes[..body_len]);
        if stored != computed {
            return Err(IndexError::Checksum { stored, computed });
        }
        let sections = Sections::parse(&bytes[..body_len])?;

        let mut meta = Reader::new(sections.get("META")?, "META");
        let mut title = "";
        let mut word_tokens = 0u64;
        for _ in 0..meta.varint()? {
            let (key, value) = (meta.string()?, meta.string()?);
            match key {
                "title" => title = value,
                "word_tokens" => {
                    word_tokens = value.parse().map_err(|_| meta.corrupt("word_tokens"))?
                }
                _ => {} // unknown keys are for newer readers
            }
        }

        let term_error = |e: fst::Error| IndexError::Corrupt {
            section: "TERM",
            detail: e.to_string(),
        };
        let terms = fst::Map::new(sections.get("TERM")?).map_err(term_error)?;
        // fst checks only its header and footer on open and then trusts its
        // nodes (a bad one panics deep inside a lookup). Its own checksum
        // covers the nodes: verify it once, here, instead.
        terms.as_fst().verify().map_err(term_error)?;
        let postings = sections.get("POST")?;

        let mut r = Reader::new(sections.get("DOCS")?, "DOCS");
        let n = r.varint()?;
        let mut docs = Vec::new();
        let mut lengths = Vec::new();
        for _ in 0..n {
            docs.push(Document {
                doc_number: r.string()?,
                title: r.string()?,
                issuer: r.string()?,
                date: r.string()?,
                category: r.string()?,
                source: r.string()?,
                body: r.string()?,
                page: r.varint_u32()?,
                ..Document::default()
            });
            lengths.push(r.varint_u32()?);
        }
        let avg_length = if lengths.is_empty() {
            1.0
        } else {
            (lengths.iter().map(|&l| l as f64).sum::<f64>() / lengths.len() as f64).max(1.0) as f32
        };
        Ok(Index {
            title,
            word_tokens,
            terms,
            postings,
            docs,
            lengths,
            avg_length,
        })
    }

    /// The collection's name, e.g. `吕梁市人民政府公报 2022年第3期`.
    pub fn title(&self) -> &'a str {
        self.title
    }

    /// The documents, by id.
    pub fn docs(&self) -> &[Document<&'a str>] {
        &self.docs
    }

    /// The number of index tokens in a document (its BM25 length).
    pub fn doc_length(&self, doc: u32) -> u32 {
        self.lengths.get(doc as usize).copied().unwrap_or(0)
    }

    /// The average document length.
    pub fn avg_length(&self) -> f32 {
        self.avg_length
    }

    /// Occurrences of all words together (the denominator of a word's
    /// probability when the query side segments).
    pub fn word_tokens(&self) -> u64 {
        self.word_tokens
    }

    /// The term dictionary.
    pub fn terms(&self) -> &fst::Map<&'a [u8]> {
        &self.terms
    }

    /// The posting list stored at `offset` (a value from [`Index::terms`]).
    /// A damaged list decodes as far as it is sound.
    pub fn postings_at(&self, offset: u64) -> Postings {
        let mut r = Reader::new(self.postings, "POST");
        r.pos = offset as usize;
        let mut out = Postings::default();
        let Ok(head) = r.varint() else { return out };
        let (df, with_tf) = (head >> 1, head & 1 == 1);
        out.cf = if with_tf { r.varint().unwrap_or(0) } else { df };
        let mut doc = 0u64;
        for _ in 0..df.min(self.docs.len() as u64) {
            let Ok(delta) = r.varint() else { break };
            let tf = if with_tf { r.varint() } else { Ok(1) };
            let Ok(tf) = tf else { break };
            doc += delta;
            if doc >= self.docs.len() as u64 {
                break;
            }
            out.docs.push(Posting {
                doc: doc as u32,
                tf: tf as u32,
            });
        }
        out
    }

    /// A term's document frequency and collection frequency, read from the
    /// head of its posting list without decoding the rest.
    pub fn term_stats(&self, offset: u64) -> (u64, u64) {
        let mut r = Reader::new(self.postings, "POST");
        r.pos = offset as usize;
        let Ok(head) = r.varint() else { return (0, 0) };
        let df = head >> 1;
        if head & 1 == 0 {
            return (df, df);
        }
        (df, r.varint().unwrap_or(0))
    }

    /// The posting list of one term, empty if the index does not have it.
    pub fn postings(&self, key: &[u8]) -> Postings {
        match self.terms.get(key) {
            Some(offset) => self.postings_at(offset),
            None => Postings::default(),
        }
    }
}

/// The section table.
struct Sections<'a> {
    bytes: &'a [u8],
    table: Vec<([u8; 4], usize, usize)>,
}

impl<'a> Sections<'a> {
    fn parse(bytes: &'a [u8]) -> Result<Self, IndexError> {
        let count = read_u32(bytes, 12) as usize;
        let corrupt = |detail: String| IndexError::Corrupt {
            section: "header",
            detail,
        };
        if count > 64 || 16 + count * 12 > bytes.len() {
            return Err(corrupt(format!("{count} sections")));
        }
        let mut table = Vec::new();
        for i in 0..count {
            let at = 16 + i * 12;
            let tag = [bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]];
            let (offset, len) = (
                read_u32(bytes, at + 4) as usize,
                read_u32(bytes, at + 8) as usize,
            );
            if offset.checked_add(len).is_none_or(|end| end > bytes.len()) {
                return Err(corrupt(format!(
                    "section {} out of bounds",
                    String::from_utf8_lossy(&tag)
                )));
            }
            table.push((tag, offset, len));
        }
        Ok(Sections { bytes, table })
    }

    fn get(&self, tag: &'static str) -> Result<&'a [u8], IndexError> {
        self.table
            .iter()
            .find(|(t, _, _)| t == tag.as_bytes())
            .map(|&(_, offset, len)| &self.bytes[offset..offset + len])
            .ok_or(IndexError::MissingSection { tag })
    }
}

fn read_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

/// A bounds-checked cursor over a section.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    section: &'static str,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8], section: &'static str) -> Self {
        Reader {
            bytes,
            pos: 0,
            section,
        }
    }

    fn corrupt(&self, what: &str) -> IndexError {
        IndexError::Corrupt {
            section: self.section,
            detail: format!("{what} at byte {}", self.pos),
        }
    }

    fn varint(&mut self) -> Result<u64, IndexError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self
                .bytes
                .get(self.pos)
                .ok_or_else(|| self.corrupt("unexpected end"))?;
            self.pos += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(self.corrupt("overlong varint"))
    }

    fn varint_u32(&mut self) -> Result<u32, IndexError> {
        let v = self.varint()?;
        u32::try_from(v).map_err(|_| self.corrupt("number too large"))
    }

    fn string(&mut self) -> Result<&'a str, IndexError> {
        let len = self.varint()? as usize;
        let end = self.pos.checked_add(len).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| self.corrupt("string past the end"))?;
        let s = std::str::from_utf8(&self.bytes[self.pos..end])
            .map_err(|_| self.corrupt("invalid UTF-8"))?;
        self.pos = end;
        Ok(s)
    }
}

/// Appends `v` as an unsigned LEB128 varint.
pub(crate) fn write_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// CRC-32 (IEEE 802.3, the zlib/PNG one), table-driven.
pub fn crc32(bytes: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
                k += 1;
            }
            table[i] = c;
            i += 1;
        }
        table
    };
    let mut c = !0u32;
    for &b in bytes {
        c = TABLE[((c ^ u32::from(b)) & 0xff) as usize] ^ (c >> 8);
    }
    !c
}

#[cfg(test)]
mod tests;
