//! Writes the layout documented in [`crate::index`]: collects documents and
//! their terms, then cuts the term dictionary, postings, positions and
//! document store into chunks.

use std::collections::HashMap;

use rustc_hash::FxBuildHasher;

use super::chunk::{self, frame, write_bytes, write_ref, write_varint};
use super::{ChunkKind, ChunkRef, Document, CF_MASK, ROOT};
use crate::normalize::fold;
use crate::tokenize::{facet_key, term_key, units, Segmenter, TermKind, Unit, UnitKind};

/// How big chunks grow before the next one starts, in bytes before gzip.
/// Smaller chunks move fewer bytes per query and make more files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriterOptions {
    pub terms: usize,
    pub postings: usize,
    pub positions: usize,
    pub docs: usize,
    pub text: usize,
}

/// Below this much text (bytes), [`WriterOptions::scaled`] cuts smaller
/// chunks.
const SMALL_CORPUS: usize = 4 << 20;

impl WriterOptions {
    /// The sizes for a corpus of `text` bytes: a small one (a gazette issue)
    /// gets term, postings and positions chunks a sixth the size, since a
    /// query then moves a fraction of the bytes and the number of files
    /// stays small (a few hundred); a large one keeps the sizes, so an
    /// archive does not become tens of thousands of files.
    pub fn scaled(self, text: usize) -> WriterOptions {
        if text >= SMALL_CORPUS || self != WriterOptions::default() {
            return self;
        }
        WriterOptions {
            terms: self.terms / 6,
            postings: self.postings / 6,
            positions: self.positions / 6,
            ..self
        }
    }
}

impl Default for WriterOptions {
    fn default() -> Self {
        WriterOptions {
            terms: 24 << 10,
            postings: 24 << 10,
            positions: 24 << 10,
            docs: 6 << 10,
            text: 6 << 10,
        }
    }
}

/// A term's postings while building: (doc, tf, title tf) and, for the
/// positional kinds, every position, document after document.
#[derive(Default)]
struct TermData {
    docs: Vec<(u32, u32, u32)>,
    positions: Vec<u32>,
}

/// A document's term while adding it.
#[derive(Default)]
struct Local {
    tf: u32,
    title_tf: u32,
    positions: Vec<u32>,
}

/// The root metadata keys [`IndexWriter::finish`] writes itself.
const RESERVED_META: [&str; 3] = ["title", "word_tokens", "examples"];

/// Collects documents and their terms, then writes one index.
pub struct IndexWriter {
    title: String,
    options: WriterOptions,
    docs: Vec<Document>,
    lengths: Vec<u32>,
    title_ends: Vec<u32>,
    /// Per document, the position of each body line's first unit.
    line_starts: Vec<Vec<u32>>,
    /// Term key → term id: each key is allocated once, not per occurrence.
    ids: HashMap<Box<[u8]>, u32, FxBuildHasher>,
    /// By term id: its key and postings.
    terms: Vec<(Box<[u8]>, TermData)>,
    /// A scratch buffer for building keys.
    key: Vec<u8>,
    word_tokens: u64,
    /// More root metadata, (key, value), from [`IndexWriter::set_meta`].
    extra_meta: Vec<(String, String)>,
}

/// A written index: the root and every other chunk, framed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexFiles {
    pub root: Vec<u8>,
    /// (name, framed bytes), no name twice.
    pub chunks: Vec<(String, Vec<u8>)>,
}

impl IndexFiles {
    /// All of it as one packed file.
    pub fn pack(&self) -> Vec<u8> {
        let mut all = vec![(ROOT.to_string(), self.root.clone())];
        all.extend(self.chunks.iter().cloned());
        chunk::pack(&all)
    }

    /// The bytes of every chunk, the root included.
    pub fn len(&self) -> usize {
        self.root.len() + self.chunks.iter().map(|c| c.1.len()).sum::<usize>()
    }

    /// Never true: there is always a root.
    pub fn is_empty(&self) -> bool {
        false
    }
}

impl IndexWriter {
    /// A writer for a collection called `title` (shown by the search page).
    pub fn new(title: &str) -> Self {
        Self::with_options(title, WriterOptions::default())
    }

    /// A writer with chunk sizes of its own (tests use tiny ones).
    pub fn with_options(title: &str, options: WriterOptions) -> Self {
        IndexWriter {
            title: title.to_string(),
            options,
            docs: Vec::new(),
            lengths: Vec::new(),
            title_ends: Vec::new(),
            line_starts: Vec::new(),
            ids: HashMap::default(),
            terms: Vec::new(),
            key: Vec::new(),
            word_tokens: 0,
            extra_meta: Vec::new(),
        }
    }

    /// Sets a root metadata entry, read back with [`crate::index::Index::meta`]
    /// (e.g. "site_root": where result urls are relative to, from the
    /// bundle). Setting a key again replaces its value. The keys the writer
    /// fills itself ("title", "word_tokens", "examples") are not settable:
    /// this returns false for them and changes nothing. Readers ignore keys
    /// they do not know, so new keys need no format version.
    pub fn set_meta(&mut self, key: &str, value: &str) -> bool {
        if RESERVED_META.contains(&key) {
            return false;
        }
        match self.extra_meta.iter_mut().find(|(k, _)| k == key) {
            Some(entry) => entry.1 = value.to_string(),
            None => self.extra_meta.push((key.to_string(), value.to_string())),
        }
        true
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
    /// The title is indexed with the body (at positions before it), so a
    /// word of the title alone still finds the document.
    pub fn add(&mut self, doc: Document, segmenter: &dyn Segmenter) -> u32 {
        let id = self.docs.len() as u32;
        let mut local: HashMap<u32, Local, FxBuildHasher> = HashMap::default();
        let mut length = 0u32;
        let title = fold(&doc.title);
        let body = fold(&doc.body);
        let (title_units, title_end) = units(&title, 0);
        let (body_units, _) = units(&body, title_end + 1);
        for (list, in_title) in [(&title_units, true), (&body_units, false)] {
            length += self.add_units(list, in_title, segmenter, &mut local);
        }
        // Where each body line starts, for cutting the body into segments.
        let mut line_starts = Vec::new();
        let mut next = body_units.iter().peekable();
        let mut at = 0usize;
        for line in body.split_inclusive('\n') {
            while next.peek().is_some_and(|u| u.at < at) {
                next.next();
            }
            line_starts.push(next.peek().map_or(u32::MAX, |u| u.pos));
            at += line.len();
        }
        if !doc.doc_number.is_empty() {
            let term = self.intern(&term_key(TermKind::DocNum, &doc.doc_number));
            local.entry(term).or_default().tf = 1;
        }
        for (facet, value) in facets(&doc) {
            let term = self.intern(&facet_key(&facet, &value));
            local.entry(term).or_default().tf = 1;
        }
        // In term-id order, so the build is deterministic.
        let mut local: Vec<(u32, Local)> = local.into_iter().collect();
        local.sort_unstable_by_key(|(term, _)| *term);
        for (term, l) in local {
            let data = &mut self.terms[term as usize].1;
            data.docs.push((id, l.tf, l.title_tf));
            data.positions.extend(l.positions);
        }
        self.lengths.push(length);
        self.title_ends.push(title_end);
        self.line_starts.push(line_starts);
        self.docs.push(doc);
        id
    }

    /// Adds the terms of one text's units; returns how many count towards
    /// the document's length.
    fn add_units(
        &mut self,
        list: &[Unit<'_>],
        in_title: bool,
        segmenter: &dyn Segmenter,
        local: &mut HashMap<u32, Local, FxBuildHasher>,
    ) -> u32 {
        let mut length = 0;
        let mut note = |this: &mut Self, kind: TermKind, text: &str, pos: u32| {
            let mut key = std::mem::take(&mut this.key);
            key.clear();
            key.push(kind.byte());
            key.extend_from_slice(text.as_bytes());
            let term = this.intern(&key);
            this.key = key;
            let l = local.entry(term).or_default();
            l.tf += 1;
            l.title_tf += u32::from(in_title);
            if kind.positional() {
                l.positions.push(pos);
            }
        };
        let mut i = 0;
        while i < list.len() {
            let u = list[i];
            match u.kind {
                UnitKind::Ascii => {
                    note(self, TermKind::Ascii, u.text, u.pos);
                    length += 1;
                    i += 1;
                }
                UnitKind::Punct => {
                    note(self, TermKind::Punct, u.text, u.pos);
                    i += 1;
                }
                UnitKind::Han => {
                    // A Han run: adjacent Han units.
                    let mut j = i + 1;
                    while j < list.len()
                        && list[j].kind == UnitKind::Han
                        && list[j].pos == list[j - 1].pos + 1
                    {
                        j += 1;
                    }
                    let run = &list[i..j];
                    let mut text = String::new();
                    for (k, c) in run.iter().enumerate() {
                        note(self, TermKind::Char, c.text, c.pos);
                        if k == 0 || k + 1 == run.len() {
                            note(self, TermKind::Edge, c.text, c.pos);
                        }
                        if let Some(next) = run.get(k + 1) {
                            let mut pair = String::with_capacity(8);
                            pair.push_str(c.text);
                            pair.push_str(next.text);
                            note(self, TermKind::Bigram, &pair, c.pos);
                        }
                        text.push_str(c.text);
                    }
                    length += run.len() as u32;
                    for word in segmenter.words(&text) {
                        if word.chars().nth(1).is_some() {
                            note(self, TermKind::Word, word, 0);
                            self.word_tokens += 1;
                        }
                    }
                    i = j;
                }
            }
        }
        length
    }

    /// The id of a term key, new or known.
    fn intern(&mut self, key: &[u8]) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = self.terms.len() as u32;
        let key: Box<[u8]> = key.into();
        self.ids.insert(key.clone(), id);
        self.terms.push((key, TermData::default()));
        id
    }

    /// Writes the index: the root and its chunks.
    pub fn finish(self) -> Result<IndexFiles, fst::Error> {
        let options = self
            .options
            .scaled(self.docs.iter().map(|d| d.body.len()).sum());
        let mut chunks: Vec<(String, Vec<u8>)> = Vec::new();
        let mut keep = |kind: ChunkKind, payload: Vec<u8>| -> ChunkRef {
            let framed = frame(payload);
            let r = ChunkRef {
                kind,
                hash: chunk::chunk_hash(&framed),
            };
            chunks.push((r.name(), framed));
            r
        };

        // Term dictionary, postings and positions, in key order.
        let mut keys = self.terms;
        keys.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut term_table: Vec<(Vec<u8>, ChunkRef)> = Vec::new();
        let mut postings = Stream::new(options.postings);
        let mut positions = Stream::new(options.positions);
        let mut fst_chunk: Option<(Vec<u8>, fst::MapBuilder<Vec<u8>>)> = None;
        for (key, data) in &keys {
            let kind = key.first().and_then(|&b| TermKind::from_byte(b));
            let positional = kind.is_some_and(TermKind::positional);
            let with_title = !matches!(
                kind,
                Some(TermKind::Word | TermKind::DocNum | TermKind::Facet)
            );
            let with_tf = !matches!(kind, Some(TermKind::DocNum | TermKind::Facet));
            let flags =
                u64::from(with_tf) | u64::from(with_title) << 1 | u64::from(positional) << 2;

            let mut list = Vec::new();
            write_varint(&mut list, (data.docs.len() as u64) << 3 | flags);
            if positional {
                let mut bytes = Vec::new();
                let mut at = 0;
                for &(_, tf, _) in &data.docs {
                    let mut prev = 0u32;
                    for &p in &data.positions[at..at + tf as usize] {
                        write_varint(&mut bytes, u64::from(p - prev));
                        prev = p;
                    }
                    at += tf as usize;
                }
                let offset = positions.append(&bytes, &mut keep, ChunkKind::Positions);
                write_varint(&mut list, offset);
            }
            let mut prev = 0u32;
            let mut cf = 0u64;
            for &(doc, tf, title_tf) in &data.docs {
                write_varint(&mut list, u64::from(doc - prev));
                if with_tf {
                    write_varint(&mut list, u64::from(tf));
                }
                if with_title {
                    write_varint(&mut list, u64::from(title_tf));
                }
                prev = doc;
                cf += u64::from(tf);
            }
            let offset = postings.append(&list, &mut keep, ChunkKind::Postings);

            if fst_chunk
                .as_ref()
                .is_some_and(|(_, b)| b.bytes_written() as usize >= options.terms)
            {
                let (first, builder) = fst_chunk.take().expect("checked above");
                term_table.push((first, keep(ChunkKind::Terms, builder.into_inner()?)));
            }
            let (_, builder) =
                fst_chunk.get_or_insert_with(|| (key.to_vec(), fst::MapBuilder::memory()));
            builder.insert(key, offset << 24 | cf.min(CF_MASK))?;
        }
        if let Some((first, builder)) = fst_chunk {
            term_table.push((first, keep(ChunkKind::Terms, builder.into_inner()?)));
        }
        let post_table = postings.finish(&mut keep, ChunkKind::Postings);
        let posn_table = positions.finish(&mut keep, ChunkKind::Positions);

        // Text: each body cut into segments at line ends, segments packed
        // into chunks in document order.
        let mut doc_segments: Vec<Vec<(u32, usize)>> = Vec::with_capacity(self.docs.len());
        let mut text_chunks: Vec<ChunkRef> = Vec::new();
        let mut current: Vec<(u32, u32, String)> = Vec::new();
        let mut current_len = 0usize;
        let flush = |current: &mut Vec<(u32, u32, String)>,
                     keep: &mut dyn FnMut(ChunkKind, Vec<u8>) -> ChunkRef| {
            let mut payload = Vec::new();
            write_varint(&mut payload, current.len() as u64);
            for (doc, first, text) in current.drain(..) {
                write_varint(&mut payload, u64::from(doc));
                write_varint(&mut payload, u64::from(first));
                write_bytes(&mut payload, text.as_bytes());
            }
            keep(ChunkKind::Text, payload)
        };
        for (id, doc) in self.docs.iter().enumerate() {
            let mut segments = Vec::new();
            for (first, text) in segments_of(&doc.body, &self.line_starts[id], options.text) {
                if current_len >= options.text {
                    text_chunks.push(flush(&mut current, &mut keep));
                    current_len = 0;
                }
                segments.push((first, text_chunks.len()));
                current_len += text.len() + 8;
                current.push((id as u32, first, text));
            }
            doc_segments.push(segments);
        }
        if !current.is_empty() {
            text_chunks.push(flush(&mut current, &mut keep));
        }

        // Document records, in chunks of consecutive ids.
        let mut docs_table: Vec<(u32, ChunkRef)> = Vec::new();
        let mut records: Vec<u8> = Vec::new();
        let (mut first, mut count) = (0u32, 0u64);
        let mut flush_docs = |records: &mut Vec<u8>, first: u32, count: u64| {
            let mut payload = Vec::new();
            write_varint(&mut payload, count);
            payload.append(records);
            docs_table.push((first, keep(ChunkKind::Docs, payload)));
        };
        for (id, doc) in self.docs.iter().enumerate() {
            if records.len() >= options.docs {
                flush_docs(&mut records, first, count);
                (first, count) = (id as u32, 0);
            }
            for field in [
                &doc.doc_number,
                &doc.title,
                &doc.issuer,
                &doc.date,
                &doc.category,
                &doc.source,
                &doc.url,
            ] {
                write_bytes(&mut records, field.as_bytes());
            }
            write_varint(&mut records, u64::from(doc.page));
            for pairs in [&doc.meta, &doc.filters] {
                write_varint(&mut records, pairs.len() as u64);
                for (k, v) in pairs {
                    write_bytes(&mut records, k.as_bytes());
                    write_bytes(&mut records, v.as_bytes());
                }
            }
            write_varint(&mut records, doc_segments[id].len() as u64);
            for &(pos, chunk) in &doc_segments[id] {
                write_varint(&mut records, u64::from(pos));
                write_ref(&mut records, text_chunks[chunk]);
            }
            count += 1;
        }
        if count > 0 {
            flush_docs(&mut records, first, count);
        }

        // The root.
        let mut root = chunk::root_header(0);
        let mut meta = vec![
            ("title".to_string(), self.title.clone()),
            ("word_tokens".to_string(), self.word_tokens.to_string()),
            ("examples".to_string(), examples(&keys, self.docs.len())),
        ];
        meta.extend(self.extra_meta.iter().cloned());
        write_varint(&mut root, meta.len() as u64);
        for (key, value) in meta {
            write_bytes(&mut root, key.as_bytes());
            write_bytes(&mut root, value.as_bytes());
        }
        write_varint(&mut root, self.lengths.len() as u64);
        for ((&length, &title_end), doc) in
            self.lengths.iter().zip(&self.title_ends).zip(&self.docs)
        {
            write_varint(&mut root, u64::from(length));
            write_varint(&mut root, u64::from(title_end));
            write_varint(&mut root, u64::from(date_number(&doc.date)));
        }
        write_varint(&mut root, term_table.len() as u64);
        for (first, r) in &term_table {
            write_bytes(&mut root, first);
            write_ref(&mut root, *r);
        }
        for table in [&post_table, &posn_table] {
            write_varint(&mut root, table.len() as u64);
            for &(offset, r) in table {
                write_varint(&mut root, offset);
                write_ref(&mut root, r);
            }
        }
        write_varint(&mut root, docs_table.len() as u64);
        for &(first, r) in &docs_table {
            write_varint(&mut root, u64::from(first));
            write_ref(&mut root, r);
        }

        chunks.sort_by(|a, b| a.0.cmp(&b.0));
        chunks.dedup_by(|a, b| a.0 == b.0);
        Ok(IndexFiles {
            root: frame(root),
            chunks,
        })
    }
}

/// A date as a number that sorts like it, `2022-05-07` → 20220507; 0 for
/// none. Partial dates count their missing parts as 0.
pub(crate) fn date_number(date: &str) -> u32 {
    let mut parts = date
        .split(['-', '/', '.'])
        .map(|p| p.trim().parse::<u32>().ok());
    match (
        parts.next().flatten(),
        parts.next().flatten(),
        parts.next().flatten(),
    ) {
        (Some(y), m, d) if (1000..10000).contains(&y) => {
            y * 10000 + m.unwrap_or(0).min(99) * 100 + d.unwrap_or(0).min(99)
        }
        _ => 0,
    }
}

/// The kinds of official document (公文种类, 党政机关公文处理工作条例) and
/// of legal text, by the word a title ends with.
const KINDS: &[&str] = &[
    "决议", "决定", "命令", "公报", "公告", "通告", "意见", "通知", "通报", "报告", "请示", "批复",
    "议案", "函", "纪要", "条例", "规定", "办法", "细则", "规则", "方案", "计划", "规划", "法",
    "解释", "答复",
];

/// A document's facet values: its own filters, then those derived from its
/// fields (category, issuer, year, kind), unless it sets them itself.
fn facets(doc: &Document) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = doc
        .filters
        .iter()
        .filter(|(k, v)| !k.is_empty() && !v.is_empty())
        .cloned()
        .collect();
    let title = doc
        .title
        .trim_end_matches(|c: char| !crate::normalize::is_han(c));
    let kind = KINDS
        .iter()
        .filter(|k| title.ends_with(*k))
        .max_by_key(|k| k.len())
        .map(|k| k.to_string());
    let year = doc
        .date
        .get(..4)
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()));
    for (facet, value) in [
        ("category", Some(doc.category.clone())),
        ("issuer", Some(doc.issuer.clone())),
        ("year", year.map(str::to_string)),
        ("kind", kind),
    ] {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            if !out.iter().any(|(k, _)| k == facet) {
                out.push((facet.to_string(), v));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The words to suggest before the first query: those in the most
/// documents, but not in most of them (those say nothing), two to four
/// characters long.
fn examples(keys: &[(Box<[u8]>, TermData)], docs: usize) -> String {
    let mut words: Vec<(usize, &str)> = keys
        .iter()
        .filter(|(k, _)| k.first() == Some(&TermKind::Word.byte()))
        .filter_map(|(k, d)| Some((d.docs.len(), std::str::from_utf8(&k[1..]).ok()?)))
        .filter(|&(df, w)| (2..=4).contains(&w.chars().count()) && (docs < 4 || df * 2 <= docs))
        .collect();
    words.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let picked: Vec<&str> = words.iter().take(6).map(|w| w.1).collect();
    picked.join("\n")
}

/// A stream of lists cut into chunks at list boundaries.
struct Stream {
    target: usize,
    start: u64,
    current: Vec<u8>,
    table: Vec<(u64, ChunkRef)>,
}

impl Stream {
    fn new(target: usize) -> Self {
        Stream {
            target,
            start: 0,
            current: Vec::new(),
            table: Vec::new(),
        }
    }

    /// Appends one list; returns its offset in the stream.
    fn append(
        &mut self,
        bytes: &[u8],
        keep: &mut dyn FnMut(ChunkKind, Vec<u8>) -> ChunkRef,
        kind: ChunkKind,
    ) -> u64 {
        if !self.current.is_empty() && self.current.len() + bytes.len() > self.target {
            let len = self.current.len() as u64;
            let r = keep(kind, std::mem::take(&mut self.current));
            self.table.push((self.start, r));
            self.start += len;
        }
        let offset = self.start + self.current.len() as u64;
        self.current.extend_from_slice(bytes);
        offset
    }

    fn finish(
        mut self,
        keep: &mut dyn FnMut(ChunkKind, Vec<u8>) -> ChunkRef,
        kind: ChunkKind,
    ) -> Vec<(u64, ChunkRef)> {
        if !self.current.is_empty() {
            let r = keep(kind, std::mem::take(&mut self.current));
            self.table.push((self.start, r));
        }
        self.table
    }
}

/// Cuts a body into segments of about `target` bytes at line ends (a line
/// longer than that alone at character boundaries), each with the position
/// of its first unit. The segments' texts put together are the body.
fn segments_of(body: &str, line_starts: &[u32], target: usize) -> Vec<(u32, String)> {
    let mut out: Vec<(u32, String)> = Vec::new();
    let mut current = String::new();
    let mut first = u32::MAX;
    for (line, &start) in body.split_inclusive('\n').zip(line_starts) {
        if !current.is_empty() && current.len() + line.len() > target {
            out.push((first, std::mem::take(&mut current)));
            first = u32::MAX;
        }
        if current.is_empty() {
            first = start;
        }
        if line.len() <= target {
            current.push_str(line);
            continue;
        }
        // A line longer than a segment: cut it; the pieces after the first
        // start at an unknown position, reported as the line's.
        let mut rest = line;
        while !rest.is_empty() {
            let mut cut = rest.len().min(target);
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            current.push_str(&rest[..cut]);
            rest = &rest[cut..];
            if !rest.is_empty() {
                out.push((first, std::mem::take(&mut current)));
                first = start;
            }
        }
    }
    if !current.is_empty() || out.is_empty() {
        out.push((first, current));
    }
    // A segment with no unit of its own starts where the next one does.
    let mut next = u32::MAX;
    for seg in out.iter_mut().rev() {
        if seg.0 == u32::MAX {
            seg.0 = next;
        }
        next = seg.0;
    }
    let mut prev = 0;
    for seg in out.iter_mut() {
        if seg.0 == u32::MAX || seg.0 < prev {
            seg.0 = prev;
        }
        prev = seg.0;
    }
    out
}
