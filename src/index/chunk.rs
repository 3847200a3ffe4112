//! Chunks: their names, their frame (payload + CRC-32), the packed one-file
//! container, and the bounds-checked cursor every decoder reads with. The
//! layout itself is documented once, in [`crate::index`].

use std::fmt::Write as _;

use super::{IndexError, FORMAT_VERSION, MAGIC};

/// What a chunk holds; its letter starts the chunk's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum ChunkKind {
    Terms = b't',
    Postings = b'p',
    Positions = b'q',
    Docs = b'd',
    Text = b'x',
}

impl ChunkKind {
    fn from_letter(c: u8) -> Option<ChunkKind> {
        Some(match c {
            b't' => ChunkKind::Terms,
            b'p' => ChunkKind::Postings,
            b'q' => ChunkKind::Positions,
            b'd' => ChunkKind::Docs,
            b'x' => ChunkKind::Text,
            _ => return None,
        })
    }
}

/// A chunk's identity: its kind and the 48-bit hash of its framed bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ChunkRef {
    pub kind: ChunkKind,
    pub hash: u64,
}

const HASH_BYTES: usize = 6;

impl ChunkRef {
    /// `t0123456789ab`: the kind's letter and 12 hex digits.
    pub fn name(&self) -> String {
        let mut s = String::with_capacity(1 + 2 * HASH_BYTES);
        s.push(self.kind as u8 as char);
        let _ = write!(s, "{:012x}", self.hash);
        s
    }

    /// The reference a name stands for, if it is one.
    pub fn parse(name: &str) -> Option<ChunkRef> {
        let bytes = name.as_bytes();
        if bytes.len() != 1 + 2 * HASH_BYTES {
            return None;
        }
        let kind = ChunkKind::from_letter(bytes[0])?;
        let hex = &name[1..];
        if !hex
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return None;
        }
        Some(ChunkRef {
            kind,
            hash: u64::from_str_radix(hex, 16).ok()?,
        })
    }
}

/// The name hash of a framed chunk: FNV-1a, 64 bits, cut to 48.
pub fn chunk_hash(framed: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in framed {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h & ((1 << (8 * HASH_BYTES)) - 1)
}

/// Appends the CRC-32 footer to a payload.
pub fn frame(mut payload: Vec<u8>) -> Vec<u8> {
    let crc = crc32(&payload);
    payload.extend_from_slice(&crc.to_le_bytes());
    payload
}

/// The payload of a framed chunk, its checksum verified.
pub fn unframe(framed: &[u8]) -> Result<&[u8], IndexError> {
    if framed.len() < 4 {
        return Err(IndexError::Truncated { len: framed.len() });
    }
    let (payload, footer) = framed.split_at(framed.len() - 4);
    let stored = u32::from_le_bytes([footer[0], footer[1], footer[2], footer[3]]);
    let computed = crc32(payload);
    if stored != computed {
        return Err(IndexError::Checksum { stored, computed });
    }
    Ok(payload)
}

/// Checks a header's magic and version, and returns its layout byte.
fn header(bytes: &[u8]) -> Result<u8, IndexError> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(IndexError::NotAnIndex);
    }
    if bytes.len() < 17 {
        return Err(IndexError::Truncated { len: bytes.len() });
    }
    let version = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);
    if version != FORMAT_VERSION {
        return Err(IndexError::UnsupportedVersion {
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    Ok(bytes[12])
}

/// The root's fields after its header, the frame verified.
pub(crate) fn unframe_root(framed: &[u8]) -> Result<&[u8], IndexError> {
    let layout = header(framed)?;
    let payload = unframe(framed)?;
    if layout != 0 {
        return Err(IndexError::Corrupt {
            section: "root",
            detail: format!("layout {layout} where a root (0) was expected"),
        });
    }
    Ok(&payload[13..])
}

/// The root's header, for the writer.
pub(crate) fn root_header(layout: u8) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.push(layout);
    out
}

/// Packs framed chunks, the root first, into one file.
pub fn pack(chunks: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = root_header(1);
    write_varint(&mut out, chunks.len() as u64);
    for (name, bytes) in chunks {
        write_bytes(&mut out, name.as_bytes());
        write_varint(&mut out, bytes.len() as u64);
    }
    for (_, bytes) in chunks {
        out.extend_from_slice(bytes);
    }
    frame(out)
}

/// The (name, framed bytes) of each chunk in a packed file.
pub(crate) fn unpack(bytes: &[u8]) -> Result<Vec<(&str, &[u8])>, IndexError> {
    let layout = header(bytes)?;
    let payload = unframe(bytes)?;
    if layout != 1 {
        return Err(IndexError::Corrupt {
            section: "header",
            detail: format!("layout {layout} where a packed index (1) was expected"),
        });
    }
    let mut r = Reader::new(&payload[13..], "pack table");
    let n = r.varint()?;
    let mut table = Vec::new();
    for _ in 0..n.min(1 << 24) {
        table.push((r.string()?, r.varint()? as usize));
    }
    let mut at = r.pos;
    let data = r.bytes;
    let mut out = Vec::with_capacity(table.len());
    for (name, len) in table {
        let end = at
            .checked_add(len)
            .filter(|&e| e <= data.len())
            .ok_or_else(|| r.corrupt("chunk past the end"))?;
        out.push((name, &data[at..end]));
        at = end;
    }
    Ok(out)
}

/// Appends `v` as an unsigned LEB128 varint.
pub(crate) fn write_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Appends a length-prefixed byte string.
pub(crate) fn write_bytes(out: &mut Vec<u8>, s: &[u8]) {
    write_varint(out, s.len() as u64);
    out.extend_from_slice(s);
}

/// Appends a chunk reference (its 6 hash bytes).
pub(crate) fn write_ref(out: &mut Vec<u8>, r: ChunkRef) {
    out.extend_from_slice(&r.hash.to_le_bytes()[..HASH_BYTES]);
}

/// A bounds-checked cursor over a chunk's payload.
pub(crate) struct Reader<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) pos: usize,
    section: &'static str,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8], section: &'static str) -> Self {
        Reader {
            bytes,
            pos: 0,
            section,
        }
    }

    pub(crate) fn corrupt(&self, what: &str) -> IndexError {
        IndexError::Corrupt {
            section: self.section,
            detail: format!("{what} at byte {}", self.pos),
        }
    }

    pub(crate) fn varint(&mut self) -> Result<u64, IndexError> {
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

    pub(crate) fn varint_u32(&mut self) -> Result<u32, IndexError> {
        let v = self.varint()?;
        u32::try_from(v).map_err(|_| self.corrupt("number too large"))
    }

    pub(crate) fn bytes(&mut self) -> Result<&'a [u8], IndexError> {
        let len = self.varint()? as usize;
        let end = self.pos.checked_add(len).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| self.corrupt("string past the end"))?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    pub(crate) fn string(&mut self) -> Result<&'a str, IndexError> {
        let at = self.pos;
        let bytes = self.bytes()?;
        std::str::from_utf8(bytes).map_err(|_| {
            self.pos = at;
            self.corrupt("invalid UTF-8")
        })
    }

    pub(crate) fn chunk_ref(&mut self, kind: ChunkKind) -> Result<ChunkRef, IndexError> {
        let end = self.pos + HASH_BYTES;
        let bytes = self
            .bytes
            .get(self.pos..end)
            .ok_or_else(|| self.corrupt("chunk reference past the end"))?;
        let mut hash = [0u8; 8];
        hash[..HASH_BYTES].copy_from_slice(bytes);
        self.pos = end;
        Ok(ChunkRef {
            kind,
            hash: u64::from_le_bytes(hash),
        })
    }
}

/// Decompresses a gzip file (natively; the browser uses DecompressionStream).
#[cfg(not(target_arch = "wasm32"))]
pub fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

/// Compresses with gzip, at the best level (chunks are written once and
/// downloaded many times).
#[cfg(not(target_arch = "wasm32"))]
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    // Writing to a Vec cannot fail.
    let _ = enc.write_all(bytes);
    enc.finish().unwrap_or_default()
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
