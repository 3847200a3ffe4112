//! The index: a root and a set of content-named chunks, written by
//! [`IndexWriter`] and read, a chunk at a time and only when a query needs
//! it, by [`Index`].
//!
//! # Byte layout, format version 2
//!
//! All integers are little-endian. A *varint* is an unsigned LEB128 integer;
//! a *string* is a varint byte length followed by that many bytes (UTF-8,
//! except term keys, which are raw bytes). A *ref* is a chunk's 48-bit name
//! hash, 6 bytes.
//!
//! Every chunk, the root included, is framed the same way:
//!
//! ```text
//! chunk    payload     …
//!          crc32       u32      CRC-32 (IEEE) of the payload
//! ```
//!
//! A chunk other than the root is stored under the name `{kind}{hash}`:
//! the kind's letter (`t` term dictionary, `p` postings, `q` positions, `d`
//! documents, `x` text) and 12 hex digits of the FNV-1a hash of the framed
//! bytes ([`chunk_hash`]). Names change when contents do, so a bundle's
//! chunks can be cached forever; a chunk whose bytes do not hash to its name
//! is refused.
//!
//! ```text
//! root     "ZHSEARCH"  8 bytes  magic
//!          version     u32      FORMAT_VERSION; readers refuse any other
//!          layout      u8       0: this is the root
//!          meta        varint n, n × (string key, string value):
//!                      "title", "word_tokens" (all word occurrences),
//!                      "examples" (frequent words, one per line: what the
//!                      page suggests before the first query), and
//!                      optionally "site_root" (where result urls are
//!                      relative to, as a URL relative to the bundle folder,
//!                      e.g. "../"); readers ignore keys they do not know
//!          doc table   varint n, n × (varint length: index tokens, for
//!                      BM25; varint title_end: the first position past the
//!                      title, see below; varint date: yyyymmdd, 0 if none,
//!                      for sorting by date without the documents)
//!          t table     varint n, n × (string first key, ref)   key ranges
//!          p table     varint n, n × (varint first offset, ref)
//!          q table     varint n, n × (varint first offset, ref)
//!          d table     varint n, n × (varint first doc id, ref)
//!
//! t chunk  an fst::Map over term keys (a TermKind byte, then the term's
//!          UTF-8): value = offset in the postings stream << 24
//!                          | min(occurrences, 2^24 - 1)
//!          so the query side weighs words without reading postings.
//! p chunk  posting lists, back to back; the p table gives each chunk's
//!          offset in the stream, and no list straddles two chunks. A list:
//!          varint df << 3 | flags (1 tf, 2 title tf, 4 positions)
//!          if positions: varint offset of its positions in the q stream
//!          df × (varint doc-id delta [, varint tf] [, varint title tf])
//! q chunk  positions, per list in doc order: per document tf × varint
//!          position delta (the first from 0).
//! d chunk  varint n, n documents from the table's first id on: strings
//!          doc_number, title, issuer, date, category, source, url; varint
//!          page; varint m, m × (string, string) meta; varint m, m ×
//!          (string, string) filters; varint s, s × (varint first position,
//!          ref of the x chunk) body segments
//! x chunk  varint n, n × (varint doc id, varint first position, string
//!          text): consecutive pieces of bodies, cut at line ends
//! ```
//!
//! **Positions.** A document's folded title, then its folded body, are cut
//! into units ([`crate::tokenize::units`]): one position per Han character,
//! ASCII token or punctuation mark, one per run of white space. The title
//! starts at 0 and ends before `title_end`; the body starts at
//! `title_end + 1`. Bigrams, ASCII tokens, punctuation and the Han characters
//! at the edges of Han runs carry positions: together they prove any phrase
//! where it stands, so recall is exact without downloading any text.
//!
//! **Packed.** A small index can also live in one file, [`FILE_NAME`]:
//! `"ZHSEARCH"`, version u32, layout u8 = 1, varint n, n × (string name,
//! varint length), the framed chunks in that order (the root first, named
//! [`ROOT`]), and a CRC-32 of everything before it.
//!
//! Damage gives an [`IndexError`] that says to rebuild, never a panic: every
//! frame is checksummed, every offset bounds-checked, and each term chunk's
//! fst verified when it is loaded.

pub mod chunk;
#[cfg(not(target_arch = "wasm32"))]
pub mod writer;

pub use chunk::{chunk_hash, crc32, ChunkKind, ChunkRef};
#[cfg(not(target_arch = "wasm32"))]
pub use writer::{IndexFiles, IndexWriter, WriterOptions};

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;

use chunk::Reader;

/// The magic bytes every root and packed index starts with.
pub const MAGIC: &[u8; 8] = b"ZHSEARCH";
/// The format version this build writes and reads.
pub const FORMAT_VERSION: u32 = 2;
/// The root chunk's name (it is the only chunk not named by its hash).
pub const ROOT: &str = "zhsearch-index";
/// The file name of a packed index.
pub const FILE_NAME: &str = "zhsearch.idx";
/// The largest occurrence count a term dictionary value holds.
const CF_MASK: u64 = (1 << 24) - 1;

/// One document. The build side fills it; the index hands it out again.
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

/// Why an index, or one of its chunks, could not be read. Each message says
/// what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexError {
    /// The bytes do not start with [`MAGIC`].
    NotAnIndex,
    /// Shorter than a header and footer.
    Truncated { len: usize },
    /// Written by another version of zhsearch.
    UnsupportedVersion { found: u32, supported: u32 },
    /// A frame's checksum does not match its bytes.
    Checksum { stored: u32, computed: u32 },
    /// A chunk's bytes do not hash to its name: a stale or mixed-up file.
    WrongChunk { name: String },
    /// A chunk the index refers to is not there.
    MissingChunk { name: String },
    /// A part does not decode.
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
            IndexError::WrongChunk { name } => write!(
                f,
                "the index file {name} does not hold what its name says (a stale or damaged \
                 copy); {REBUILD} and copy the whole folder again"
            ),
            IndexError::MissingChunk { name } => write!(
                f,
                "the index file {name} is missing; {REBUILD} and copy the whole folder again"
            ),
            IndexError::Corrupt { section, detail } => {
                write!(
                    f,
                    "the index's {section} part is damaged ({detail}); {REBUILD}"
                )
            }
        }
    }
}

impl std::error::Error for IndexError {}

/// A posting: a document, how often the term occurs in it, and how often in
/// its title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    pub tf: u32,
    pub title_tf: u32,
}

/// A term's posting list, decoded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Postings {
    /// One entry per document, doc ids ascending.
    pub docs: Vec<Posting>,
    /// Where the list's positions start in the positions stream, if it has any.
    pub positions_at: Option<u64>,
}

/// What a term dictionary lookup tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermInfo {
    /// Where the postings are (for [`Index::postings`]).
    pub offset: u64,
    /// Occurrences in all documents (saturating at 2^24 − 1).
    pub count: u64,
}

impl TermInfo {
    fn from_value(v: u64) -> TermInfo {
        TermInfo {
            offset: v >> 24,
            count: v & CF_MASK,
        }
    }
}

/// One stored piece of a document's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub doc: u32,
    /// The position of the segment's first unit (see the layout above).
    pub first: u32,
    pub text: String,
}

/// A document as stored: its fields, and where its body's segments are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDoc {
    pub doc: Document,
    /// (first position, x chunk) of each body segment, in order.
    pub segments: Vec<(u32, ChunkRef)>,
}

/// The root: what every query needs, read once.
#[derive(Debug, Clone)]
struct Root {
    /// Every (key, value) of the root's meta, in order, known keys too.
    meta: Vec<(String, String)>,
    title: String,
    examples: String,
    word_tokens: u64,
    lengths: Vec<u32>,
    title_ends: Vec<u32>,
    dates: Vec<u32>,
    avg_length: f32,
    terms: Vec<(Vec<u8>, ChunkRef)>,
    postings: Vec<(u64, ChunkRef)>,
    positions: Vec<(u64, ChunkRef)>,
    docs: Vec<(u32, ChunkRef)>,
}

/// A chunk, decoded once.
enum Loaded {
    Terms(fst::Map<Vec<u8>>),
    Bytes(Vec<u8>),
    Docs(Vec<StoredDoc>),
    Text(Vec<Segment>),
}

/// Reads the framed bytes of a chunk by name (natively, from a folder).
pub type ChunkLoader = Box<dyn Fn(&str) -> Result<Vec<u8>, IndexError>>;

/// An open index. Chunks are loaded when a query first needs them: from the
/// loader if there is one (natively), else they must be handed in with
/// [`Index::add_chunk`] (the browser), and until then each access records
/// what is missing ([`Index::take_missing`]).
pub struct Index {
    root: Root,
    loaded: RefCell<BTreeMap<ChunkRef, Rc<Loaded>>>,
    loader: Option<ChunkLoader>,
    missing: RefCell<Vec<ChunkRef>>,
    failure: RefCell<Option<IndexError>>,
}

impl Index {
    /// Opens an index from its root chunk's framed bytes. Chunks come from
    /// `loader`, or from [`Index::add_chunk`].
    pub fn open_root(bytes: &[u8], loader: Option<ChunkLoader>) -> Result<Index, IndexError> {
        let payload = chunk::unframe_root(bytes)?;
        let root = Root::parse(payload)?;
        Ok(Index {
            root,
            loaded: RefCell::new(BTreeMap::new()),
            loader,
            missing: RefCell::new(Vec::new()),
            failure: RefCell::new(None),
        })
    }

    /// Opens a packed index (one file holding every chunk).
    pub fn open(bytes: &[u8]) -> Result<Index, IndexError> {
        let chunks = chunk::unpack(bytes)?;
        let mut iter = chunks.into_iter();
        let (name, root) = iter.next().ok_or(IndexError::MissingChunk {
            name: ROOT.to_string(),
        })?;
        if name != ROOT {
            return Err(IndexError::MissingChunk {
                name: ROOT.to_string(),
            });
        }
        let index = Index::open_root(root, None)?;
        for (name, bytes) in iter {
            index.add_chunk(name, bytes)?;
        }
        Ok(index)
    }

    /// Opens an index folder written by `zhsearch build`: its root now, each
    /// chunk when a query needs it. Natively only.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn open_dir(dir: &std::path::Path) -> Result<Index, IndexError> {
        let root_path = dir.join(format!("{ROOT}.bin"));
        let read = |path: &std::path::Path, name: &str| -> Result<Vec<u8>, IndexError> {
            let raw = std::fs::read(path).map_err(|_| IndexError::MissingChunk {
                name: name.to_string(),
            })?;
            chunk::gunzip(&raw).map_err(|detail| IndexError::Corrupt {
                section: "gzip",
                detail: format!("{name}: {detail}"),
            })
        };
        let root = read(&root_path, ROOT)?;
        if root.get(12) == Some(&1) {
            return Index::open(&root); // a small index, packed whole
        }
        let dir = dir.to_path_buf();
        let loader: ChunkLoader =
            Box::new(move |name: &str| read(&dir.join(format!("{name}.bin")), name));
        Index::open_root(&root, Some(loader))
    }

    /// Hands in a chunk's framed bytes; verifies and decodes it.
    pub fn add_chunk(&self, name: &str, bytes: &[u8]) -> Result<(), IndexError> {
        let chunk_ref = ChunkRef::parse(name).ok_or_else(|| IndexError::WrongChunk {
            name: name.to_string(),
        })?;
        if self.loaded.borrow().contains_key(&chunk_ref) {
            return Ok(());
        }
        let loaded = decode(chunk_ref, bytes)?;
        self.loaded.borrow_mut().insert(chunk_ref, Rc::new(loaded));
        Ok(())
    }

    /// The chunks that accesses since the last call found missing, each once;
    /// and the first damage met, if any.
    pub fn take_missing(&self) -> Result<Vec<String>, IndexError> {
        if let Some(e) = self.failure.borrow_mut().take() {
            self.missing.borrow_mut().clear();
            return Err(e);
        }
        let mut missing = std::mem::take(&mut *self.missing.borrow_mut());
        missing.sort();
        missing.dedup();
        Ok(missing.iter().map(ChunkRef::name).collect())
    }

    /// True when an access since the last [`Index::take_missing`] could not
    /// be answered.
    pub fn incomplete(&self) -> bool {
        !self.missing.borrow().is_empty() || self.failure.borrow().is_some()
    }

    fn get(&self, chunk_ref: ChunkRef) -> Option<Rc<Loaded>> {
        if let Some(l) = self.loaded.borrow().get(&chunk_ref) {
            return Some(l.clone());
        }
        let Some(loader) = &self.loader else {
            self.missing.borrow_mut().push(chunk_ref);
            return None;
        };
        let decoded = loader(&chunk_ref.name()).and_then(|bytes| decode(chunk_ref, &bytes));
        match decoded {
            Ok(l) => {
                let l = Rc::new(l);
                self.loaded.borrow_mut().insert(chunk_ref, l.clone());
                Some(l)
            }
            Err(e) => {
                self.failure.borrow_mut().get_or_insert(e);
                None
            }
        }
    }

    /// The collection's name, e.g. `吕梁市人民政府公报 2022年第3期`.
    pub fn title(&self) -> &str {
        &self.root.title
    }

    /// A root metadata value by key (see [`IndexWriter::set_meta`]), e.g.
    /// `meta("site_root")`; the first one if a key appears twice.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.root
            .meta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Frequent words of the collection, to suggest before the first query.
    pub fn examples(&self) -> Vec<&str> {
        self.root
            .examples
            .lines()
            .filter(|l| !l.is_empty())
            .collect()
    }

    /// The number of documents.
    pub fn len(&self) -> usize {
        self.root.lengths.len()
    }

    /// True for an index of no documents.
    pub fn is_empty(&self) -> bool {
        self.root.lengths.is_empty()
    }

    /// The number of index tokens in a document (its BM25 length).
    pub fn doc_length(&self, doc: u32) -> u32 {
        self.root.lengths.get(doc as usize).copied().unwrap_or(0)
    }

    /// The first position past a document's title.
    pub fn title_end(&self, doc: u32) -> u32 {
        self.root.title_ends.get(doc as usize).copied().unwrap_or(0)
    }

    /// A document's date as yyyymmdd (0 if it has none).
    pub fn date(&self, doc: u32) -> u32 {
        self.root.dates.get(doc as usize).copied().unwrap_or(0)
    }

    /// The average document length.
    pub fn avg_length(&self) -> f32 {
        self.root.avg_length
    }

    /// Occurrences of all words together (the denominator of a word's
    /// probability when the query side segments).
    pub fn word_tokens(&self) -> u64 {
        self.root.word_tokens
    }

    /// The names of every chunk, for tools that copy or check an index.
    pub fn chunk_names(&self) -> Vec<String> {
        let root = &self.root;
        let refs = root.terms.iter().map(|c| c.1);
        let refs = refs.chain(root.postings.iter().map(|c| c.1));
        let refs = refs.chain(root.positions.iter().map(|c| c.1));
        refs.chain(root.docs.iter().map(|c| c.1))
            .map(|r| r.name())
            .collect()
    }

    /// Looks a term key up; `None` if the index does not have it (or its
    /// chunk is missing: see [`Index::incomplete`]).
    pub fn term(&self, key: &[u8]) -> Option<TermInfo> {
        let i = self
            .root
            .terms
            .partition_point(|(first, _)| first.as_slice() <= key);
        let (_, chunk_ref) = self.root.terms.get(i.checked_sub(1)?)?;
        let loaded = self.get(*chunk_ref)?;
        let Loaded::Terms(map) = &*loaded else {
            return None;
        };
        map.get(key).map(TermInfo::from_value)
    }

    /// Every term key that begins with `prefix`, in order, at most `limit`.
    pub fn terms_with_prefix(&self, prefix: &[u8], limit: usize) -> Vec<(Vec<u8>, TermInfo)> {
        use fst::{IntoStreamer, Streamer};
        let mut upper = prefix.to_vec();
        upper.push(0xff);
        let first = self
            .root
            .terms
            .partition_point(|(k, _)| k.as_slice() <= prefix)
            .saturating_sub(1);
        let mut out = Vec::new();
        for (start, chunk_ref) in &self.root.terms[first..] {
            if start.as_slice() >= upper.as_slice() || out.len() >= limit {
                break;
            }
            let Some(loaded) = self.get(*chunk_ref) else {
                continue;
            };
            let Loaded::Terms(map) = &*loaded else {
                continue;
            };
            let mut stream = map.range().ge(prefix).lt(&upper).into_stream();
            while let Some((key, value)) = stream.next() {
                out.push((key.to_vec(), TermInfo::from_value(value)));
                if out.len() >= limit {
                    break;
                }
            }
        }
        out
    }

    /// The posting list a term dictionary value points to. A damaged list
    /// decodes as far as it is sound.
    pub fn postings(&self, info: TermInfo) -> Postings {
        let mut out = Postings::default();
        let Some((chunk_ref, at)) = locate(&self.root.postings, info.offset) else {
            return out;
        };
        let Some(loaded) = self.get(chunk_ref) else {
            return out;
        };
        let Loaded::Bytes(bytes) = &*loaded else {
            return out;
        };
        let mut r = Reader::new(bytes, "postings");
        r.pos = at;
        let Ok(head) = r.varint() else { return out };
        let (df, flags) = (head >> 3, head & 7);
        if flags & 4 != 0 {
            match r.varint() {
                Ok(p) => out.positions_at = Some(p),
                Err(_) => return out,
            }
        }
        let n = self.len() as u64;
        let mut doc = 0u64;
        for _ in 0..df.min(n) {
            let Ok(delta) = r.varint() else { break };
            let tf = if flags & 1 != 0 { r.varint() } else { Ok(1) };
            let title_tf = if flags & 2 != 0 { r.varint() } else { Ok(0) };
            let (Ok(tf), Ok(title_tf)) = (tf, title_tf) else {
                break;
            };
            doc += delta;
            if doc >= n {
                break;
            }
            out.docs.push(Posting {
                doc: doc as u32,
                tf: tf.min(u32::MAX as u64) as u32,
                title_tf: title_tf.min(tf).min(u32::MAX as u64) as u32,
            });
        }
        out
    }

    /// The positions of a posting list, per document (in the list's order).
    /// `None` if the list has none or its chunk is missing.
    pub fn positions(&self, postings: &Postings) -> Option<Vec<Vec<u32>>> {
        let (chunk_ref, at) = locate(&self.root.positions, postings.positions_at?)?;
        let loaded = self.get(chunk_ref)?;
        let Loaded::Bytes(bytes) = &*loaded else {
            return None;
        };
        let mut r = Reader::new(bytes, "positions");
        r.pos = at;
        let mut out = Vec::with_capacity(postings.docs.len());
        for p in &postings.docs {
            let mut list = Vec::with_capacity(p.tf.min(1 << 16) as usize);
            let mut pos = 0u64;
            for _ in 0..p.tf {
                let Ok(delta) = r.varint() else {
                    return Some(out);
                };
                pos += delta;
                list.push(pos.min(u32::MAX as u64) as u32);
            }
            out.push(list);
        }
        Some(out)
    }

    /// A stored document, or `None` (no such id, or its chunk is missing).
    pub fn document(&self, doc: u32) -> Option<StoredDoc> {
        if doc as usize >= self.len() {
            return None;
        }
        let i = self.root.docs.partition_point(|&(first, _)| first <= doc);
        let (first, chunk_ref) = *self.root.docs.get(i.checked_sub(1)?)?;
        let loaded = self.get(chunk_ref)?;
        let Loaded::Docs(docs) = &*loaded else {
            return None;
        };
        docs.get((doc - first) as usize).cloned()
    }

    /// A document with its whole body, or `None` (no such id, or a chunk
    /// is missing).
    pub fn full_document(&self, doc: u32) -> Option<Document> {
        let stored = self.document(doc)?;
        let body = self.body(&stored, doc)?;
        Some(Document { body, ..stored.doc })
    }

    /// The stored segment of `doc` that holds position `pos` (its first
    /// segment for a position before the body).
    pub fn segment_at(&self, stored: &StoredDoc, doc: u32, pos: u32) -> Option<Segment> {
        let i = stored.segments.partition_point(|&(first, _)| first <= pos);
        let (first, chunk_ref) = *stored.segments.get(i.saturating_sub(1))?;
        self.segment(chunk_ref, doc, first)
    }

    /// A document's whole body, or `None` while any of its chunks is missing.
    pub fn body(&self, stored: &StoredDoc, doc: u32) -> Option<String> {
        let mut body = String::new();
        let mut complete = true;
        for &(first, chunk_ref) in &stored.segments {
            match self.segment(chunk_ref, doc, first) {
                Some(s) => body.push_str(&s.text),
                None => complete = false,
            }
        }
        complete.then_some(body)
    }

    fn segment(&self, chunk_ref: ChunkRef, doc: u32, first: u32) -> Option<Segment> {
        let loaded = self.get(chunk_ref)?;
        let Loaded::Text(segments) = &*loaded else {
            return None;
        };
        segments
            .iter()
            .find(|s| s.doc == doc && s.first == first)
            .cloned()
    }
}

/// The chunk of a stream that holds `offset`, and the offset inside it.
fn locate(table: &[(u64, ChunkRef)], offset: u64) -> Option<(ChunkRef, usize)> {
    let i = table.partition_point(|&(first, _)| first <= offset);
    let (first, chunk_ref) = *table.get(i.checked_sub(1)?)?;
    Some((chunk_ref, (offset - first) as usize))
}

/// Verifies a chunk's frame and name, and decodes it by kind.
fn decode(chunk_ref: ChunkRef, framed: &[u8]) -> Result<Loaded, IndexError> {
    if chunk_hash(framed) != chunk_ref.hash {
        return Err(IndexError::WrongChunk {
            name: chunk_ref.name(),
        });
    }
    let payload = chunk::unframe(framed)?;
    Ok(match chunk_ref.kind {
        ChunkKind::Terms => {
            let error = |e: fst::Error| IndexError::Corrupt {
                section: "term dictionary",
                detail: e.to_string(),
            };
            let map = fst::Map::new(payload.to_vec()).map_err(error)?;
            // fst checks only its header and footer on open and then trusts
            // its nodes (a bad one panics deep inside a lookup). Its own
            // checksum covers the nodes: verify it once, here.
            map.as_fst().verify().map_err(error)?;
            Loaded::Terms(map)
        }
        ChunkKind::Postings | ChunkKind::Positions => Loaded::Bytes(payload.to_vec()),
        ChunkKind::Docs => Loaded::Docs(decode_docs(payload)?),
        ChunkKind::Text => {
            let mut r = Reader::new(payload, "text");
            let n = r.varint()?;
            let mut out = Vec::new();
            for _ in 0..n {
                out.push(Segment {
                    doc: r.varint_u32()?,
                    first: r.varint_u32()?,
                    text: r.string()?.to_string(),
                });
            }
            Loaded::Text(out)
        }
    })
}

fn decode_docs(payload: &[u8]) -> Result<Vec<StoredDoc>, IndexError> {
    let mut r = Reader::new(payload, "documents");
    let n = r.varint()?;
    let mut out = Vec::new();
    for _ in 0..n {
        let mut s = || r.string().map(str::to_string);
        let (doc_number, title, issuer, date, category, source, url) =
            (s()?, s()?, s()?, s()?, s()?, s()?, s()?);
        let page = r.varint_u32()?;
        let pairs = |r: &mut Reader| -> Result<Vec<(String, String)>, IndexError> {
            let m = r.varint()?;
            let mut v = Vec::new();
            for _ in 0..m {
                v.push((r.string()?.to_string(), r.string()?.to_string()));
            }
            Ok(v)
        };
        let meta = pairs(&mut r)?;
        let filters = pairs(&mut r)?;
        let m = r.varint()?;
        let mut segments = Vec::new();
        for _ in 0..m {
            segments.push((r.varint_u32()?, r.chunk_ref(ChunkKind::Text)?));
        }
        out.push(StoredDoc {
            doc: Document {
                doc_number,
                title,
                issuer,
                date,
                category,
                page,
                source,
                url,
                meta,
                filters,
                body: String::new(),
            },
            segments,
        });
    }
    Ok(out)
}

impl Root {
    fn parse(payload: &[u8]) -> Result<Root, IndexError> {
        let mut r = Reader::new(payload, "root");
        let mut title = String::new();
        let mut examples = String::new();
        let mut word_tokens = 0u64;
        let mut meta = Vec::new();
        for _ in 0..r.varint()? {
            let (key, value) = (r.string()?, r.string()?);
            meta.push((key.to_string(), value.to_string()));
            match key {
                "title" => title = value.to_string(),
                "examples" => examples = value.to_string(),
                "word_tokens" => {
                    word_tokens = value.parse().map_err(|_| r.corrupt("word_tokens"))?
                }
                _ => {} // unknown keys are for newer readers
            }
        }
        let n = r.varint()?;
        let mut lengths = Vec::new();
        let mut title_ends = Vec::new();
        let mut dates = Vec::new();
        for _ in 0..n.min(1 << 26) {
            lengths.push(r.varint_u32()?);
            title_ends.push(r.varint_u32()?);
            dates.push(r.varint_u32()?);
        }
        let mut terms = Vec::new();
        for _ in 0..r.varint()? {
            terms.push((r.bytes()?.to_vec(), r.chunk_ref(ChunkKind::Terms)?));
        }
        let offsets = |r: &mut Reader, kind| -> Result<Vec<(u64, ChunkRef)>, IndexError> {
            let mut v = Vec::new();
            for _ in 0..r.varint()? {
                v.push((r.varint()?, r.chunk_ref(kind)?));
            }
            Ok(v)
        };
        let postings = offsets(&mut r, ChunkKind::Postings)?;
        let positions = offsets(&mut r, ChunkKind::Positions)?;
        let mut docs = Vec::new();
        for _ in 0..r.varint()? {
            docs.push((r.varint_u32()?, r.chunk_ref(ChunkKind::Docs)?));
        }
        let avg_length = if lengths.is_empty() {
            1.0
        } else {
            (lengths.iter().map(|&l| l as f64).sum::<f64>() / lengths.len() as f64).max(1.0) as f32
        };
        Ok(Root {
            meta,
            title,
            examples,
            word_tokens,
            lengths,
            title_ends,
            dates,
            avg_length,
            terms,
            postings,
            positions,
            docs,
        })
    }
}

#[cfg(test)]
mod tests;
