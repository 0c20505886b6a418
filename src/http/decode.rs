//! Response bodies: undoing `Content-Encoding`, and decoding text by charset.

use std::io::Read;

/// Why a body could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// A `Content-Encoding` sortie does not know.
    #[error("unsupported Content-Encoding '{0}'")]
    Unsupported(String),
    /// The bytes are not valid for their coding.
    #[error("invalid {coding} body: {reason}")]
    Invalid {
        /// The coding.
        coding: String,
        /// What the decoder said.
        reason: String,
    },
    /// The decoded body is larger than allowed (a decompression bomb, or `max-filesize`).
    #[error("the decoded body is larger than {0} bytes (max-filesize)")]
    TooLarge(u64),
    /// A charset sortie does not know.
    #[error("unknown charset '{0}'")]
    UnknownCharset(String),
    /// Bytes that are not valid text in their charset.
    #[error("the bytes are not valid {0}")]
    InvalidText(String),
}

/// The codings of `Content-Encoding` headers, in the order they were applied.
pub fn codings<'a>(encodings: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    encodings
        .into_iter()
        .flat_map(|v| v.split(','))
        .map(|c| c.trim().to_ascii_lowercase())
        .filter(|c| !c.is_empty() && c != "identity")
        .collect()
}

/// Undoes the `Content-Encoding` codings (gzip, deflate, br, zstd; applied in order, undone
/// in reverse), stopping with an error past `max` decoded bytes.
pub fn decode_content(codings: &[String], body: &[u8], max: u64) -> Result<Vec<u8>, DecodeError> {
    let mut data = body.to_vec();
    for coding in codings.iter().rev() {
        let input = &data[..];
        data = match coding.as_str() {
            "gzip" | "x-gzip" => read_all(flate2::read::MultiGzDecoder::new(input), coding, max)?,
            "deflate" => inflate(input, max)?,
            "br" => read_all(
                brotli_decompressor::Decompressor::new(input, 4096),
                coding,
                max,
            )?,
            "zstd" => {
                let decoder = ruzstd::decoding::StreamingDecoder::new(input).map_err(|e| {
                    DecodeError::Invalid {
                        coding: coding.clone(),
                        reason: e.to_string(),
                    }
                })?;
                read_all(decoder, coding, max)?
            }
            other => return Err(DecodeError::Unsupported(other.to_string())),
        };
    }
    Ok(data)
}

/// Reads a decoder to the end, at most `max` bytes.
fn read_all(reader: impl Read, coding: &str, max: u64) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::new();
    reader
        .take(max.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| DecodeError::Invalid {
            coding: coding.to_string(),
            reason: e.to_string(),
        })?;
    if out.len() as u64 > max {
        return Err(DecodeError::TooLarge(max));
    }
    Ok(out)
}

/// `deflate` is zlib-wrapped by the standard, raw in some servers: accept both.
fn inflate(data: &[u8], max: u64) -> Result<Vec<u8>, DecodeError> {
    match read_all(flate2::read::ZlibDecoder::new(data), "deflate", max) {
        Err(DecodeError::Invalid { .. }) => {
            read_all(flate2::read::DeflateDecoder::new(data), "deflate", max)
        }
        other => other,
    }
}

/// Decodes text in the given charset (UTF-8 when none); bytes that are not valid in it are
/// an error, as in Hurl.
pub fn decode_text(bytes: &[u8], charset: Option<&str>) -> Result<String, DecodeError> {
    let encoding = match charset {
        None => encoding_rs::UTF_8,
        Some(label) => encoding_rs::Encoding::for_label(label.trim().as_bytes())
            .ok_or_else(|| DecodeError::UnknownCharset(label.to_string()))?,
    };
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
        .ok_or_else(|| DecodeError::InvalidText(encoding.name().to_string()))
}

/// Text as readable as it can be: invalid bytes become U+FFFD (for messages, never checks).
pub fn lossy_text(bytes: &[u8], charset: Option<&str>) -> String {
    let encoding = charset
        .and_then(|label| encoding_rs::Encoding::for_label(label.trim().as_bytes()))
        .unwrap_or(encoding_rs::UTF_8);
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn decode(codings: &[&str], body: &[u8]) -> Result<Vec<u8>, DecodeError> {
        let codings: Vec<String> = codings.iter().map(|c| c.to_string()).collect();
        decode_content(&codings, body, 1 << 20)
    }

    #[test]
    fn undoes_codings_in_reverse_order() {
        let body = b"hello hello hello".to_vec();
        assert_eq!(decode(&[], &body).unwrap(), body);
        assert_eq!(decode(&["gzip"], &gzip(&body)).unwrap(), body);
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(&body).unwrap();
        let deflated = z.finish().unwrap();
        assert_eq!(decode(&["deflate"], &deflated).unwrap(), body);
        // deflate then gzip: undo gzip first.
        assert_eq!(
            codings(["deflate, gzip", "identity"]),
            vec!["deflate".to_string(), "gzip".to_string()]
        );
        assert_eq!(
            decode(&["deflate", "gzip"], &gzip(&deflated)).unwrap(),
            body
        );
        assert!(matches!(
            decode(&["gzip"], b"not gzip"),
            Err(DecodeError::Invalid { .. })
        ));
        assert_eq!(
            decode(&["compress"], &body),
            Err(DecodeError::Unsupported("compress".into()))
        );
    }

    #[test]
    fn decodes_brotli_and_zstd() {
        // "hello hello hello" compressed by Python's brotli module (quality 11).
        let compressed = [
            27, 16, 0, 248, 141, 148, 110, 222, 68, 85, 134, 150, 108, 32, 111, 1, 79, 28, 96, 28,
        ];
        assert_eq!(decode(&["br"], &compressed).unwrap(), b"hello hello hello");
        assert!(decode(&["br"], b"garbage").is_err());
        // "hello hello hello\n" compressed by `zstd -19`.
        let zstd = [
            0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x68, 0x6d, 0x00, 0x00, 0x38, 0x68, 0x65, 0x6c, 0x6c,
            0x6f, 0x20, 0x0a, 0x01, 0x00, 0x31, 0x4a, 0x11, 0xa3, 0xaa, 0x74, 0xce,
        ];
        assert_eq!(decode(&["zstd"], &zstd).unwrap(), b"hello hello hello\n");
        assert!(decode(&["zstd"], b"garbage").is_err());
    }

    #[test]
    fn decoding_stops_past_the_limit() {
        let big = gzip(&vec![b'a'; 100_000]);
        let codings = vec!["gzip".to_string()];
        assert_eq!(
            decode_content(&codings, &big, 1000),
            Err(DecodeError::TooLarge(1000))
        );
        assert_eq!(
            decode_content(&codings, &big, 100_000).unwrap().len(),
            100_000
        );
    }

    #[test]
    fn text_by_charset() {
        assert_eq!(decode_text(b"caf\xc3\xa9", None).unwrap(), "café");
        assert_eq!(decode_text(b"caf\xe9", Some("ISO-8859-1")).unwrap(), "café");
        assert_eq!(
            decode_text(b"\xc4\xe3\xba\xc3", Some("gb2312")).unwrap(),
            "你好"
        );
        assert_eq!(
            decode_text(b"x", Some("klingon")),
            Err(DecodeError::UnknownCharset("klingon".into()))
        );
    }
}
