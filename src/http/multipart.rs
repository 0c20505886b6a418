//! `multipart/form-data` bodies as libcurl's mime API writes them for Hurl: a boundary of 24
//! dashes and 16 hexadecimal digits, one part per field, the file name as written, and
//! `"`, CR and LF in names and file names escaped as `%22`, `%0D` and `%0A` (so a name can
//! never end its quoted string or start a header of its own).

use super::request::{guess_content_type, BodyError, EncodedBody, Part, PartContent};

/// A fresh boundary: `------------------------` and 16 hexadecimal digits.
fn boundary() -> String {
    format!("------------------------{:016x}", fastrand::u64(..))
}

/// A name or file name inside `"…"`.
fn quoted(text: &str) -> String {
    text.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Encodes the parts; reads the files.
pub fn encode(parts: &[Part]) -> Result<EncodedBody, BodyError> {
    encode_with(parts, &boundary())
}

fn encode_with(parts: &[Part], boundary: &str) -> Result<EncodedBody, BodyError> {
    let mut data = Vec::new();
    for part in parts {
        data.extend_from_slice(b"--");
        data.extend_from_slice(boundary.as_bytes());
        data.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
        data.extend_from_slice(quoted(&part.name).as_bytes());
        data.push(b'"');
        match &part.content {
            PartContent::Text(text) => {
                data.extend_from_slice(b"\r\n\r\n");
                data.extend_from_slice(text.as_bytes());
            }
            PartContent::File {
                path,
                content_type,
                filename,
            } => {
                let bytes = std::fs::read(path).map_err(|e| BodyError::File {
                    path: path.display().to_string(),
                    reason: e.to_string(),
                })?;
                let name = filename
                    .clone()
                    .unwrap_or_else(|| path.display().to_string());
                let mime = content_type
                    .clone()
                    .unwrap_or_else(|| guess_content_type(&name).to_string());
                data.extend_from_slice(b"; filename=\"");
                data.extend_from_slice(quoted(&name).as_bytes());
                data.extend_from_slice(b"\"\r\nContent-Type: ");
                data.extend_from_slice(quoted(&mime).as_bytes());
                data.extend_from_slice(b"\r\n\r\n");
                data.extend_from_slice(&bytes);
            }
        }
        data.extend_from_slice(b"\r\n");
    }
    data.extend_from_slice(b"--");
    data.extend_from_slice(boundary.as_bytes());
    data.extend_from_slice(b"--\r\n");
    Ok(EncodedBody {
        data,
        content_type: None,
        trailing_content_type: Some(format!("multipart/form-data; boundary={boundary}")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_as_libcurl_writes_them() {
        let dir = std::env::temp_dir().join(format!("sortie-mp-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        let file = dir.join("sub/x.txt");
        std::fs::write(&file, b"hi").unwrap();
        let parts = vec![
            Part {
                name: "f".into(),
                content: PartContent::File {
                    path: file.clone(),
                    content_type: None,
                    filename: Some("sub/x.txt".into()),
                },
            },
            Part {
                name: "h".into(),
                content: PartContent::Text("a\"b".into()),
            },
        ];
        let body = encode_with(&parts, "------------------------0123456789abcdef").unwrap();
        assert_eq!(
            String::from_utf8(body.data).unwrap(),
            "--------------------------0123456789abcdef\r\nContent-Disposition: form-data; name=\"f\"; filename=\"sub/x.txt\"\r\nContent-Type: text/plain\r\n\r\nhi\r\n--------------------------0123456789abcdef\r\nContent-Disposition: form-data; name=\"h\"\r\n\r\na\"b\r\n--------------------------0123456789abcdef--\r\n"
        );
        assert_eq!(
            body.trailing_content_type.as_deref(),
            Some("multipart/form-data; boundary=------------------------0123456789abcdef")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn quotes_and_line_breaks_in_names_cannot_inject_headers() {
        let dir = std::env::temp_dir().join(format!("sortie-mp-inj-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a.bin");
        std::fs::write(&file, b"x").unwrap();
        let parts = vec![Part {
            name: "n\"x".into(),
            content: PartContent::File {
                path: file,
                content_type: Some("text/plain\r\nX-Injected: 1".into()),
                filename: Some("evil\"\r\nContent-Type: text/html\r\n\r\n.txt".into()),
            },
        }];
        let text = String::from_utf8(encode_with(&parts, "b").unwrap().data).unwrap();
        assert!(text.contains("name=\"n%22x\"; filename=\"evil%22%0D%0AContent-Type: text/html%0D%0A%0D%0A.txt\"\r\nContent-Type: text/plain%0D%0AX-Injected: 1\r\n"), "{text}");
        assert_eq!(text.matches("\r\nContent-Type:").count(), 1, "{text}");
        std::fs::remove_dir_all(&dir).unwrap();
        let missing = vec![Part {
            name: "x".into(),
            content: PartContent::File {
                path: "/nonexistent/sortie".into(),
                content_type: None,
                filename: None,
            },
        }];
        assert!(matches!(encode(&missing), Err(BodyError::File { .. })));
    }
}
