//! A small multipart/form-data parser, to check what was sent.

/// One part of a multipart body.
#[derive(Clone, Debug, PartialEq)]
pub struct MultipartPart {
    /// `name` of Content-Disposition.
    pub name: String,
    /// `filename` of Content-Disposition, if any.
    pub filename: Option<String>,
    /// The part's Content-Type, if any.
    pub content_type: Option<String>,
    /// Its bytes.
    pub data: Vec<u8>,
}

/// Splits a multipart/form-data body by the boundary of `content_type`.
pub fn parse_multipart(content_type: &str, body: &[u8]) -> Vec<MultipartPart> {
    let boundary = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))
        .unwrap_or_else(|| panic!("no boundary in {content_type}"))
        .trim_matches('"');
    let delimiter = format!("--{boundary}").into_bytes();
    let mut parts = Vec::new();
    let mut chunks = split_bytes(body, &delimiter).into_iter();
    assert!(
        chunks.next().is_some_and(|pre| pre.is_empty()),
        "body must start with the delimiter"
    );
    for chunk in chunks {
        if chunk.starts_with(b"--") {
            break; // the closing delimiter
        }
        let chunk = chunk
            .strip_prefix(b"\r\n")
            .expect("CRLF after the delimiter");
        let chunk = chunk
            .strip_suffix(b"\r\n")
            .expect("CRLF before the next delimiter");
        let split = find(chunk, b"\r\n\r\n").expect("part headers end");
        let head = String::from_utf8_lossy(&chunk[..split]).into_owned();
        let data = chunk[split + 4..].to_vec();
        let mut part = MultipartPart {
            name: String::new(),
            filename: None,
            content_type: None,
            data,
        };
        for line in head.split("\r\n") {
            let Some((n, v)) = line.split_once(':') else {
                continue;
            };
            if n.eq_ignore_ascii_case("content-disposition") {
                for param in v.split(';').skip(1) {
                    if let Some((k, val)) = param.trim().split_once('=') {
                        let val = val.trim_matches('"').to_string();
                        match k {
                            "name" => part.name = val,
                            "filename" => part.filename = Some(val),
                            _ => {}
                        }
                    }
                }
            } else if n.eq_ignore_ascii_case("content-type") {
                part.content_type = Some(v.trim().to_string());
            }
        }
        parts.push(part);
    }
    parts
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn split_bytes<'a>(mut data: &'a [u8], sep: &[u8]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    while let Some(i) = find(data, sep) {
        out.push(&data[..i]);
        data = &data[i + sep.len()..];
    }
    out.push(data);
    out
}
