//! Bytes to text: BOMs, UTF-8, GBK/GB18030, UTF-16, and the rest of the
//! WHATWG encodings, with [`encoding_rs`] and [`chardetng`].
//!
//! Order: a BOM decides (UTF-8, UTF-16LE, UTF-16BE); then valid UTF-8 is
//! UTF-8; then, for HTML, a `<meta charset>` or `http-equiv` label in the first
//! kilobytes; then chardetng's guess. Decoding never replaces bytes: a byte
//! sequence that is invalid in the chosen encoding is an error naming the
//! position, and so is NUL (binary content) or a decoding that yields C1
//! control characters (what a wrong single-byte guess looks like).

use std::fmt;

use encoding_rs::Encoding;

/// Text decoded from a file, and from which encoding if it was not UTF-8.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    /// `None` for UTF-8 (with or without BOM), else e.g. `GBK`, `UTF-16LE`.
    pub encoding: Option<&'static str>,
}

/// Why bytes could not be decoded; each says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// A NUL byte: an image, an archive, a PDF, not text.
    Binary { byte: usize },
    /// Invalid in the encoding that was chosen.
    Invalid {
        encoding: &'static str,
        line: usize,
        byte: usize,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Binary { byte } => write!(
                f,
                "binary content (a NUL byte at byte {byte}), not text; remove the file or \
                 extract its text first"
            ),
            DecodeError::Invalid {
                encoding,
                line,
                byte,
            } => {
                match *encoding {
                    "UTF-8" => write!(f, "not valid UTF-8")?,
                    e if e.starts_with("UTF-16") => {
                        write!(f, "not valid {e}, as its byte-order mark says it is")?
                    }
                    e => write!(f, "not valid UTF-8, and not valid {e} either")?,
                }
                write!(
                    f,
                    " (at byte {byte}, line {line}); save the file as UTF-8 \
                     (e.g. `iconv -f GB18030 -t UTF-8`)"
                )
            }
        }
    }
}

/// How far into an HTML page a `<meta charset>` is looked for.
const META_SCAN: usize = 4096;

/// Decodes `bytes`; `html` also honours a `<meta charset>` declaration.
pub fn decode(bytes: Vec<u8>, html: bool) -> Result<Decoded, DecodeError> {
    if let Some((encoding, bom)) = Encoding::for_bom(&bytes) {
        let text = strict(encoding, &bytes, bom)?;
        let name = (encoding != encoding_rs::UTF_8).then(|| encoding.name());
        return check_binary(Decoded {
            text,
            encoding: name,
        });
    }
    if let Some(byte) = bytes.iter().position(|&b| b == 0) {
        return Err(DecodeError::Binary { byte });
    }
    // Valid UTF-8 (the common case) is taken as it is, without a copy.
    let (bytes, utf8_error) = match String::from_utf8(bytes) {
        Ok(text) => {
            return Ok(Decoded {
                text,
                encoding: None,
            })
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            (e.into_bytes(), at)
        }
    };
    let bytes = bytes.as_slice();
    let declared = if html { meta_charset(bytes) } else { None };
    let encoding = match declared {
        Some(e) if e != encoding_rs::UTF_8 => e,
        _ => {
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            detector.guess(None, chardetng::Utf8Detection::Allow)
        }
    };
    if encoding == encoding_rs::UTF_8 {
        return Err(invalid("UTF-8", bytes, utf8_error));
    }
    let text = strict(encoding, bytes, 0)?;
    // A wrong single-byte guess decodes anything, but gives C1 controls.
    if let Some(at) = text.find(|c: char| ('\u{80}'..='\u{9f}').contains(&c)) {
        let byte = byte_of_char_offset(encoding, bytes, &text, at);
        return Err(invalid(encoding.name(), bytes, byte));
    }
    Ok(Decoded {
        text,
        encoding: Some(encoding.name()),
    })
}

/// Decodes without replacement; the error locates the first bad byte.
fn strict(encoding: &'static Encoding, bytes: &[u8], skip: usize) -> Result<String, DecodeError> {
    let body = &bytes[skip..];
    match encoding.decode_without_bom_handling_and_without_replacement(body) {
        Some(text) => Ok(text.into_owned()),
        None => {
            // Find the first malformed sequence with a streaming decoder.
            let mut decoder = encoding.new_decoder_without_bom_handling();
            let mut out = String::with_capacity(body.len() * 3);
            let (result, read) = decoder.decode_to_string_without_replacement(body, &mut out, true);
            let at = match result {
                encoding_rs::DecoderResult::Malformed(bad, _) => read.saturating_sub(bad as usize),
                _ => read,
            };
            Err(invalid(encoding.name(), bytes, skip + at))
        }
    }
}

fn check_binary(decoded: Decoded) -> Result<Decoded, DecodeError> {
    match decoded.text.find('\0') {
        Some(at) => Err(DecodeError::Binary { byte: at }),
        None => Ok(decoded),
    }
}

fn invalid(encoding: &'static str, bytes: &[u8], byte: usize) -> DecodeError {
    let byte = byte.min(bytes.len());
    let line = 1 + bytes[..byte].iter().filter(|&&b| b == b'\n').count();
    DecodeError::Invalid {
        encoding,
        line,
        byte,
    }
}

/// The byte offset in `bytes` of the character at `at` in `text` (decoded
/// from `bytes`), found by re-encoding the prefix; approximate is fine for a
/// message.
fn byte_of_char_offset(encoding: &'static Encoding, _bytes: &[u8], text: &str, at: usize) -> usize {
    encoding.encode(&text[..at]).0.len()
}

/// The encoding an HTML page declares: `<meta charset="gbk">` or
/// `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`.
/// Scanned as ASCII in the first bytes, as browsers' prescan does.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_SCAN)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"<meta") {
        let start = from + at;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + b"charset".len()..];
            let rest = rest
                .iter()
                .position(|&b| b != b' ')
                .map_or(&rest[rest.len()..], |p| &rest[p..]);
            if let Some(value) = rest.strip_prefix(b"=") {
                let value: Vec<u8> = value
                    .iter()
                    .copied()
                    .skip_while(|&b| matches!(b, b' ' | b'"' | b'\''))
                    .take_while(|&b| !matches!(b, b' ' | b'"' | b'\'' | b';' | b'/' | b'>'))
                    .collect();
                if let Some(e) = Encoding::for_label(&value) {
                    return Some(e);
                }
            }
        }
        from = end.max(start + 1);
        if from >= lower.len() {
            break;
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gbk(s: &str) -> Vec<u8> {
        encoding_rs::GB18030.encode(s).0.into_owned()
    }

    fn utf16(s: &str, big_endian: bool) -> Vec<u8> {
        let mut out = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in s.encode_utf16() {
            let b = if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            };
            out.extend_from_slice(&b);
        }
        out
    }

    const TEXT: &str = "吕梁市人民政府关于做好春季森林防火工作的通知\n各县（市、区）人民政府，市直各有关单位：\n为切实做好今年春季森林防火工作，保护人民群众生命财产安全，现将有关事项通知如下。\n";

    #[test]
    fn decodes_each_encoding() {
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(TEXT.as_bytes());
        let cases: Vec<(&str, Vec<u8>, bool, Option<&str>)> = vec![
            ("utf-8", TEXT.as_bytes().to_vec(), false, None),
            ("utf-8 with BOM", bom, false, None),
            ("utf-16le", utf16(TEXT, false), false, Some("UTF-16LE")),
            ("utf-16be", utf16(TEXT, true), false, Some("UTF-16BE")),
            ("gbk, detected", gbk(TEXT), false, Some("GBK")),
            (
                "gbk, declared by meta charset",
                gbk(&format!("<html><head><meta charset=\"gbk\"></head><body>{TEXT}</body></html>")),
                true,
                Some("GBK"),
            ),
            (
                "gb2312, declared by http-equiv",
                gbk(&format!(
                    "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body>{TEXT}</body></html>"
                )),
                true,
                Some("GBK"),
            ),
        ];
        for (name, bytes, html, encoding) in cases {
            let decoded = decode(bytes, html).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(decoded.text.contains(TEXT), "{name}: {:?}", decoded.text);
            assert!(!decoded.text.starts_with('\u{feff}'), "{name}: BOM kept");
            assert_eq!(decoded.encoding, encoding, "{name}");
        }
    }

    #[test]
    fn undecodable_and_binary_are_errors() {
        // An unpaired surrogate in UTF-16.
        let mut bad16 = utf16("通知", false);
        bad16.extend_from_slice(&[0x00, 0xD8, 0x41, 0x00]);
        assert!(matches!(
            decode(bad16, false),
            Err(DecodeError::Invalid {
                encoding: "UTF-16LE",
                ..
            })
        ));
        // Declared GBK, but holding a byte GBK cannot start with.
        let mut page = b"<meta charset=gbk>\n".to_vec();
        page.extend_from_slice(&gbk("通知"));
        page.extend_from_slice(b"\xff\xff\n");
        match decode(page, true) {
            Err(DecodeError::Invalid {
                encoding: "GBK",
                line,
                ..
            }) => assert_eq!(line, 2),
            other => panic!("{other:?}"),
        }
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert_eq!(
            decode(png.to_vec(), false).unwrap_err(),
            DecodeError::Binary { byte: 8 }
        );
        let message = DecodeError::Binary { byte: 8 }.to_string();
        assert!(message.contains("binary"), "{message}");
        // (encoding, start of the message)
        for (encoding, start) in [
            ("UTF-8", "not valid UTF-8 (at byte 3, line 2); save"),
            (
                "UTF-16BE",
                "not valid UTF-16BE, as its byte-order mark says it is (at byte 3",
            ),
            (
                "GBK",
                "not valid UTF-8, and not valid GBK either (at byte 3, line 2)",
            ),
        ] {
            let message = invalid(encoding, b"a\nbc", 3).to_string();
            assert!(message.starts_with(start), "{message}");
            assert!(!message.contains('\n'), "{message}");
        }
    }
}
