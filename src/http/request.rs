//! What is sent: a fully resolved request and the transport options that apply to it.

use std::io::Read as _;
use std::path::PathBuf;
use std::time::Duration;

use super::retry::RetryPolicy;

/// A request with every template already resolved.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HttpRequest {
    /// Method, e.g. `GET` (any token is allowed, as in Hurl).
    pub method: String,
    /// The URL as given (query parameters below are appended to it).
    pub url: String,
    /// Extra query parameters, appended in order.
    pub query: Vec<(String, String)>,
    /// Headers in order; repeats are sent as repeats.
    pub headers: Vec<Header>,
    /// The body.
    pub body: RequestBody,
}

/// A request header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// Name as written.
    pub name: String,
    /// Value.
    pub value: String,
    /// True when a connection added it (dropped on a redirect to another origin).
    pub from_connection: bool,
}

impl Header {
    /// A header set by the user.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Header {
            name: name.into(),
            value: value.into(),
            from_connection: false,
        }
    }
}

/// A request body before encoding.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum RequestBody {
    /// No body.
    #[default]
    Empty,
    /// Raw bytes with an optional default content type (a `Content-Type` header wins).
    Bytes {
        /// The bytes.
        data: Vec<u8>,
        /// Content type to send when no header sets one.
        content_type: Option<String>,
    },
    /// `application/x-www-form-urlencoded` fields.
    Form(Vec<(String, String)>),
    /// `multipart/form-data` parts.
    Multipart(Vec<Part>),
}

/// One multipart part.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    /// Field name.
    pub name: String,
    /// Text or file.
    pub content: PartContent,
}

/// The content of a multipart part.
#[derive(Clone, Debug, PartialEq)]
pub enum PartContent {
    /// A text field.
    Text(String),
    /// A file read from disk.
    File {
        /// Where to read it.
        path: PathBuf,
        /// Content type; guessed from the file name when `None`.
        content_type: Option<String>,
        /// The file name sent; the path's file name when `None`.
        filename: Option<String>,
    },
}

/// A body ready to send: bytes and the content type they need.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EncodedBody {
    /// The bytes sent.
    pub data: Vec<u8>,
    /// Content type to send unless the request sets one.
    pub content_type: Option<String>,
}

impl RequestBody {
    /// Encodes the body once, so retries and 307/308 redirects send the same bytes.
    /// Fails when a multipart file cannot be read.
    pub fn encode(&self) -> Result<Option<EncodedBody>, String> {
        match self {
            RequestBody::Empty => Ok(None),
            RequestBody::Bytes { data, content_type } => Ok(Some(EncodedBody {
                data: data.clone(),
                content_type: content_type.clone(),
            })),
            RequestBody::Form(fields) => {
                let encoded = form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(fields)
                    .finish();
                Ok(Some(EncodedBody {
                    data: encoded.into_bytes(),
                    content_type: Some("application/x-www-form-urlencoded".to_string()),
                }))
            }
            RequestBody::Multipart(parts) => encode_multipart(parts).map(Some),
        }
    }
}

fn encode_multipart(parts: &[Part]) -> Result<EncodedBody, String> {
    use ureq::unversioned::multipart::{Form, Part as FormPart};
    // Files are read first: the form borrows their bytes.
    let mut files: Vec<(Vec<u8>, String, String)> = Vec::new();
    for part in parts {
        if let PartContent::File {
            path,
            content_type,
            filename,
        } = &part.content
        {
            let data =
                std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let name = filename.clone().unwrap_or_else(|| {
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            });
            let mime = content_type
                .clone()
                .unwrap_or_else(|| guess_content_type(&name).to_string());
            files.push((data, name, mime));
        }
    }
    let mut form = Form::new();
    let mut file_iter = files.iter();
    for part in parts {
        form = match &part.content {
            PartContent::Text(text) => form.text(&part.name, text),
            PartContent::File { .. } => {
                let (data, name, mime) = file_iter
                    .next()
                    .ok_or_else(|| "multipart file list out of step".to_string())?;
                let p = FormPart::bytes(data)
                    .file_name(name)
                    .mime_str(mime)
                    .map_err(|e| format!("invalid content type '{mime}': {e}"))?;
                form.part(&part.name, p)
            }
        };
    }
    let content_type = format!("multipart/form-data; boundary={}", form.boundary());
    let mut data = Vec::new();
    form.read_to_end(&mut data)
        .map_err(|e| format!("cannot encode the multipart body: {e}"))?;
    Ok(EncodedBody {
        data,
        content_type: Some(content_type),
    })
}

/// A content type from a file name's extension.
pub fn guess_content_type(name: &str) -> &'static str {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" | "text" => "text/plain",
        "html" | "htm" => "text/html",
        "csv" => "text/csv",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "zip" => "application/zip",
        "gz" => "application/gzip",
        "js" => "text/javascript",
        "css" => "text/css",
        _ => "application/octet-stream",
    }
}

/// How a request is sent.
#[derive(Clone, Debug, PartialEq)]
pub struct TransportOptions {
    /// Time limit for the whole request (all redirect hops of one attempt).
    pub timeout: Option<Duration>,
    /// Time limit for connecting.
    pub connect_timeout: Option<Duration>,
    /// Skip TLS verification for this request.
    pub insecure: bool,
    /// Follow redirects.
    pub follow_redirects: bool,
    /// Most redirects followed; `None` = no limit.
    pub max_redirects: Option<u32>,
    /// Keep credentials on redirects to another origin.
    pub location_trusted: bool,
    /// Transport retries.
    pub retry: RetryPolicy,
    /// Print each request as sent to stderr, secrets masked.
    pub debug: bool,
    /// Largest response body accepted, in bytes.
    pub max_body_bytes: u64,
}

impl Default for TransportOptions {
    fn default() -> Self {
        TransportOptions {
            timeout: None,
            connect_timeout: None,
            insecure: false,
            follow_redirects: false,
            max_redirects: Some(50),
            location_trusted: false,
            retry: RetryPolicy::default(),
            debug: false,
            max_body_bytes: 1 << 30,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_bodies_are_url_encoded() {
        let body = RequestBody::Form(vec![
            ("title".into(), "Q3 & Q4".into()),
            ("n".into(), "é".into()),
        ]);
        let encoded = body.encode().unwrap().unwrap();
        assert_eq!(encoded.data, b"title=Q3+%26+Q4&n=%C3%A9");
        assert_eq!(
            encoded.content_type.as_deref(),
            Some("application/x-www-form-urlencoded")
        );
    }

    #[test]
    fn multipart_bodies_carry_names_file_names_and_types() {
        let dir = std::env::temp_dir().join(format!("sortie-mp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("report.bin");
        std::fs::write(&file, b"PDFDATA").unwrap();
        let body = RequestBody::Multipart(vec![
            Part {
                name: "title".into(),
                content: PartContent::Text("Q3".into()),
            },
            Part {
                name: "doc".into(),
                content: PartContent::File {
                    path: file.clone(),
                    content_type: Some("application/pdf".into()),
                    filename: Some("q3.pdf".into()),
                },
            },
        ]);
        let encoded = body.encode().unwrap().unwrap();
        let ct = encoded.content_type.unwrap();
        assert!(ct.starts_with("multipart/form-data; boundary="));
        let text = String::from_utf8_lossy(&encoded.data);
        assert!(text.contains("name=\"title\"\r\n\r\nQ3\r\n"), "{text}");
        assert!(text.contains("name=\"doc\"; filename=\"q3.pdf\""), "{text}");
        assert!(text.contains("Content-Type: application/pdf"), "{text}");
        assert!(text.contains("PDFDATA"));
        let missing = RequestBody::Multipart(vec![Part {
            name: "x".into(),
            content: PartContent::File {
                path: dir.join("nope"),
                content_type: None,
                filename: None,
            },
        }]);
        assert!(missing.encode().unwrap_err().contains("cannot read"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn content_types_are_guessed_from_extensions() {
        assert_eq!(guess_content_type("a.JSON"), "application/json");
        assert_eq!(guess_content_type("q3.pdf"), "application/pdf");
        assert_eq!(guess_content_type("noext"), "application/octet-stream");
    }
}
