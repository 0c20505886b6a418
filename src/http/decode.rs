//! Response bodies: undoing `Content-Encoding`, and decoding text by charset.

use std::io::Read;

/// Undoes the `Content-Encoding` codings (gzip, deflate, br; applied in order, undone in
/// reverse). `identity` and an absent header leave the bytes alone.
pub fn decode_content(encodings: &[&str], body: Vec<u8>) -> Result<Vec<u8>, String> {
    let mut codings: Vec<String> = encodings
        .iter()
        .flat_map(|v| v.split(','))
        .map(|c| c.trim().to_ascii_lowercase())
        .filter(|c| !c.is_empty() && c != "identity")
        .collect();
    let mut data = body;
    while let Some(coding) = codings.pop() {
        data = match coding.as_str() {
            "gzip" | "x-gzip" => read_all(flate2::read::MultiGzDecoder::new(&data[..]), "gzip")?,
            "deflate" => inflate(&data)?,
            "br" => read_all(
                brotli_decompressor::Decompressor::new(&data[..], 4096),
                "br",
            )?,
            other => return Err(format!("unsupported Content-Encoding '{other}'")),
        };
    }
    Ok(data)
}

fn read_all(mut reader: impl Read, what: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    reader
        .read_to_end(&mut out)
        .map_err(|e| format!("invalid {what} body: {e}"))?;
    Ok(out)
}

/// `deflate` is zlib-wrapped by the standard, raw in some servers: accept both.
fn inflate(data: &[u8]) -> Result<Vec<u8>, String> {
    read_all(flate2::read::ZlibDecoder::new(data), "deflate")
        .or_else(|_| read_all(flate2::read::DeflateDecoder::new(data), "deflate"))
}

/// Decodes text in the given charset (UTF-8 when none); malformed bytes become U+FFFD.
pub fn decode_text(bytes: &[u8], charset: Option<&str>) -> Result<String, String> {
    let encoding = match charset {
        None => encoding_rs::UTF_8,
        Some(label) => encoding_rs::Encoding::for_label(label.trim().as_bytes())
            .ok_or_else(|| format!("unknown charset '{label}'"))?,
    };
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    Ok(text.into_owned())
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

    #[test]
    fn undoes_codings_in_reverse_order() {
        let body = b"hello hello hello".to_vec();
        assert_eq!(decode_content(&[], body.clone()).unwrap(), body);
        assert_eq!(decode_content(&["gzip"], gzip(&body)).unwrap(), body);
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(&body).unwrap();
        let deflated = z.finish().unwrap();
        assert_eq!(
            decode_content(&["deflate"], deflated.clone()).unwrap(),
            body
        );
        // deflate then gzip: undo gzip first.
        assert_eq!(
            decode_content(&["deflate, gzip"], gzip(&deflated)).unwrap(),
            body
        );
        assert!(decode_content(&["gzip"], b"not gzip".to_vec()).is_err());
        assert!(decode_content(&["zstd"], body)
            .unwrap_err()
            .contains("zstd"));
    }

    #[test]
    fn decodes_brotli() {
        // "hello hello hello" compressed by Python's brotli module (quality 11).
        let compressed = [
            27, 16, 0, 248, 141, 148, 110, 222, 68, 85, 134, 150, 108, 32, 111, 1, 79, 28, 96, 28,
        ];
        assert_eq!(
            decode_content(&["br"], compressed.to_vec()).unwrap(),
            b"hello hello hello"
        );
        assert!(decode_content(&["br"], b"garbage".to_vec()).is_err());
    }

    #[test]
    fn text_by_charset() {
        assert_eq!(decode_text(b"caf\xc3\xa9", None).unwrap(), "café");
        assert_eq!(decode_text(b"caf\xe9", Some("ISO-8859-1")).unwrap(), "café");
        assert_eq!(
            decode_text(b"\xc4\xe3\xba\xc3", Some("gb2312")).unwrap(),
            "你好"
        );
        assert!(decode_text(b"x", Some("klingon")).is_err());
    }
}
