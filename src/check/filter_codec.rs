//! Encoding filters: base64, URL, HTML, hex, charsets.

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;

use super::filter::{bytes, string, On};
use super::{CheckError, Context, Value};
use crate::spec::ast::FilterKind;

/// Decoders that accept base64 with or without its `=` padding.
fn decoder(url_safe: bool) -> GeneralPurpose {
    let alphabet = if url_safe {
        &alphabet::URL_SAFE
    } else {
        &alphabet::STANDARD
    };
    let config =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    GeneralPurpose::new(alphabet, config)
}

/// Applies an encoding filter.
pub(crate) fn apply(
    kind: &FilterKind,
    v: &Value,
    on: On,
    cx: &dyn Context,
) -> Result<Value, CheckError> {
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
    Ok(match kind {
        FilterKind::Base64Decode | FilterKind::Base64UrlSafeDecode => {
            let s = string(v, on)?;
            let url_safe = matches!(kind, FilterKind::Base64UrlSafeDecode);
            let decoded = decoder(url_safe).decode(s.trim()).map_err(|e| {
                let what = if url_safe {
                    "URL-safe base64"
                } else {
                    "base64"
                };
                on.fail(format!("the string is not {what} ({e})"))
            })?;
            Value::Bytes(decoded)
        }
        FilterKind::Base64Encode => Value::String(STANDARD.encode(bytes(v, on)?)),
        FilterKind::Base64UrlSafeEncode => Value::String(URL_SAFE_NO_PAD.encode(bytes(v, on)?)),
        FilterKind::UrlEncode => Value::String(url_encode(string(v, on)?)),
        FilterKind::UrlDecode => Value::String(url_decode(string(v, on)?)),
        FilterKind::HtmlEscape => Value::String(html_escape(string(v, on)?)),
        FilterKind::HtmlUnescape => Value::String(html_unescape(string(v, on)?)),
        FilterKind::Decode(charset) | FilterKind::CharsetDecode(charset) => {
            let b = bytes(v, on)?;
            let label = cx.render(charset)?;
            let encoding = encoding_rs::Encoding::for_label(label.trim().as_bytes())
                .ok_or_else(|| on.fail(format!("unknown charset '{label}'")))?;
            let text = encoding
                .decode_without_bom_handling_and_without_replacement(b)
                .ok_or_else(|| on.fail(format!("the bytes are not valid {label}")))?;
            Value::String(text.into_owned())
        }
        FilterKind::Utf8Decode => {
            Value::String(String::from_utf8_lossy(bytes(v, on)?).into_owned())
        }
        FilterKind::Utf8Encode => Value::Bytes(string(v, on)?.as_bytes().to_vec()),
        FilterKind::ToHex => {
            let b = bytes(v, on)?;
            Value::String(b.iter().map(|byte| format!("{byte:02x}")).collect())
        }
        other => unreachable!("not an encoding filter: {other:?}"),
    })
}

/// Percent-encodes every byte but the unreserved characters of RFC 3986 and `/`.
pub(crate) fn url_encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, crate::http::request::NOT_UNRESERVED_OR_SLASH)
        .to_string()
}

/// Replaces `%XX` escapes by their bytes (other `%` are kept), then reads UTF-8 (lossy).
pub(crate) fn url_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// `&`, `<`, `>`, `"` and `'` as HTML entities.
pub(crate) fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

/// Code points a numeric character reference gives nothing for (the HTML 5 table).
fn is_invalid_codepoint(c: u32) -> bool {
    matches!(c, 0x1..=0x8 | 0xb | 0xe..=0x1f | 0x7f..=0x9f | 0xfdd0..=0xfdef)
        || (c & 0xfffe == 0xfffe && c <= 0x10ffff)
}

/// A numeric reference: what it stands for (Windows-1252 for C1 controls, U+FFFD for
/// surrogates and out-of-range numbers).
fn numeric_reference(code: Option<u32>) -> String {
    let Some(code) = code.filter(|c| *c <= 0x10ffff) else {
        return "\u{fffd}".to_string();
    };
    match code {
        0x00 => "\u{fffd}".to_string(),
        0x0d => "\r".to_string(),
        0x80..=0x9f => {
            let replaced = html5ever::data::C1_REPLACEMENTS[(code - 0x80) as usize];
            replaced.map_or_else(
                || char::from_u32(code).unwrap_or_default().to_string(),
                String::from,
            )
        }
        0xd800..=0xdfff => "\u{fffd}".to_string(),
        c if is_invalid_codepoint(c) => String::new(),
        c => char::from_u32(c).map(String::from).unwrap_or_default(),
    }
}

/// A named reference (without `&`, maybe with `;`): the longest HTML 5 entity name it starts
/// with, the rest kept; as written when none matches.
fn named_reference(name: &str) -> String {
    let entity = |text: &str| {
        // The table also holds every prefix of a name, as (0, 0), for the tokenizer.
        let found = html5ever::data::NAMED_ENTITIES
            .get(text)
            .filter(|(a, _)| *a != 0);
        found.map(|(a, b)| {
            [*a, *b]
                .into_iter()
                .filter(|c| *c != 0)
                .filter_map(char::from_u32)
                .collect::<String>()
        })
    };
    if let Some(text) = entity(name) {
        return text;
    }
    for end in (2..name.len()).rev() {
        if let Some(text) = name.get(..end).and_then(entity) {
            return text + &name[end..];
        }
    }
    format!("&{name}")
}

/// Replaces character references as HTML 5 (and Hurl, after Python's `html.unescape`) does:
/// numeric ones with or without `;`, every named entity of HTML 5, the legacy ones without
/// `;` too.
pub(crate) fn html_unescape(s: &str) -> String {
    static REFERENCE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let reference = REFERENCE.get_or_init(|| {
        regex::Regex::new(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
            .expect("a valid pattern")
    });
    reference
        .replace_all(s, |c: &regex::Captures| {
            let body = &c[1];
            match body.strip_prefix('#') {
                Some(num) => {
                    let num = num.trim_end_matches(';');
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => num.parse::<u32>().ok(),
                    };
                    numeric_reference(code)
                }
                None => named_reference(body),
            }
        })
        .into_owned()
}

#[cfg(test)]
#[path = "filter_codec_tests.rs"]
mod tests;
