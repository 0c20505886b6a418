//! Body bytes to text: the charset Hurl would use, with fallbacks where Hurl fails.
//!
//! Hurl decodes with the `Content-Type` charset, or UTF-8 without one, and ignores the XML
//! declaration. Here the same text comes out whenever Hurl succeeds; when a body has no
//! charset and is not UTF-8, a byte-order mark, the XML declaration's `encoding` or an HTML
//! `<meta charset>` is used instead of failing.

use std::borrow::Cow;

use encoding_rs::Encoding;

use super::error::XpathError;
use super::DocumentKind;

/// Decodes `body` to text.
pub(super) fn decode<'a>(
    body: &'a [u8],
    kind: DocumentKind,
    charset: Option<&str>,
) -> Result<Cow<'a, str>, XpathError> {
    if let Some(label) = charset {
        let encoding = Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
            XpathError::UnknownCharset {
                charset: label.to_string(),
            }
        })?;
        return decode_with(body, encoding).map(strip_bom);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(body) {
        return decode_with(&body[bom_len..], encoding);
    }
    if let Ok(text) = std::str::from_utf8(body) {
        return Ok(Cow::Borrowed(text));
    }
    let declared = match kind {
        DocumentKind::Xml => xml_declared_encoding(body),
        DocumentKind::Html => html_meta_charset(body),
    };
    match declared.and_then(|label| Encoding::for_label(label.as_bytes())) {
        Some(encoding) => decode_with(body, encoding),
        None => Err(XpathError::UndecodableBody {
            charset: encoding_rs::UTF_8.name().to_string(),
        }),
    }
}

fn decode_with<'a>(
    body: &'a [u8],
    encoding: &'static Encoding,
) -> Result<Cow<'a, str>, XpathError> {
    encoding
        .decode_without_bom_handling_and_without_replacement(body)
        .ok_or_else(|| XpathError::UndecodableBody {
            charset: encoding.name().to_string(),
        })
}

/// A byte-order mark left by a charset-labelled decode is not part of the document.
fn strip_bom(text: Cow<'_, str>) -> Cow<'_, str> {
    match text {
        Cow::Borrowed(s) => Cow::Borrowed(s.strip_prefix('\u{feff}').unwrap_or(s)),
        Cow::Owned(s) => match s.strip_prefix('\u{feff}') {
            Some(rest) => Cow::Owned(rest.to_string()),
            None => Cow::Owned(s),
        },
    }
}

/// The value of `name=` (quoted or not) in an ASCII-lowercased tag text.
fn attribute_value<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(name)? + name.len();
    let rest = tag[start..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let (quote, rest) = match rest.chars().next()? {
        q @ ('"' | '\'') => (Some(q), &rest[1..]),
        _ => (None, rest),
    };
    let end = rest
        .find(|c: char| match quote {
            Some(q) => c == q,
            None => c.is_whitespace() || matches!(c, '>' | ';' | '/' | '"' | '\''),
        })
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

/// `encoding` of a leading `<?xml … ?>` declaration.
fn xml_declared_encoding(body: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&body[..body.len().min(200)]).to_ascii_lowercase();
    let decl = head.strip_prefix("<?xml")?;
    let decl = &decl[..decl.find("?>")?];
    attribute_value(decl, "encoding").map(str::to_string)
}

/// The charset of a `<meta charset>` or `<meta http-equiv content="…; charset=…">` in
/// the first 1024 bytes, as the HTML5 prescan looks for it.
fn html_meta_charset(body: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&body[..body.len().min(1024)]).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(i) = rest.find("<meta") {
        rest = &rest[i + 5..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if let Some(charset) = attribute_value(tag, "charset") {
            return Some(charset.to_string());
        }
    }
    None
}
