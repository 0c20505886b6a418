//! Percent-encoding for `application/x-www-form-urlencoded` bodies and query strings.

use super::write::text::Text;

/// Decodes `%XX` escapes, and `+` as a space when `plus_is_space`. `None` when an escape
/// is malformed or the bytes are not UTF-8.
pub(crate) fn decode(s: &str, plus_is_space: bool) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Encodes all but unreserved characters (`A-Z a-z 0-9 - . _ ~`), as curl's
/// `--data-urlencode` does.
pub(crate) fn encode(s: &str) -> String {
    crate::http::request::escape(s)
}

/// `a=1&b=x%20y` as decoded (name, value) pairs, when the text is a plain form: every
/// piece has a non-empty name and an `=`, and every escape decodes. Variables are kept.
pub(crate) fn form_pairs(text: &Text) -> Option<Vec<(Text, Text)>> {
    if text.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    for piece in text.split('&') {
        if piece.is_empty() {
            continue;
        }
        let (name, value) = piece.split_once('=')?;
        let name = decode_text(&name)?;
        if name.is_empty() {
            return None;
        }
        out.push((name, decode_text(&value)?));
    }
    (!out.is_empty()).then_some(out)
}

/// The literal parts decoded (`+` as a space).
pub(crate) fn decode_text(text: &Text) -> Option<Text> {
    let mut out = Text::default();
    for p in text.parts() {
        match p {
            super::write::text::Part::Lit(s) => out.push_lit(&decode(s, true)?),
            super::write::text::Part::Var(v) => out.push_var(v),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_encodes() {
        assert_eq!(decode("a%20b+c%2B", true).as_deref(), Some("a b c+"));
        assert_eq!(decode("a+b", false).as_deref(), Some("a+b"));
        assert_eq!(decode("100%", true), None);
        assert_eq!(decode("%ff", true), None);
        assert_eq!(encode("a b&c=d/é~"), "a%20b%26c%3Dd%2F%C3%A9~");
    }

    #[test]
    fn form_pairs_only_for_plain_forms() {
        let pairs = form_pairs(&Text::lit("name=Jane+Doe&email=j%40x.org&empty=")).unwrap();
        let shown: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.display(), v.display()))
            .collect();
        assert_eq!(
            shown,
            [
                ("name".to_string(), "Jane Doe".to_string()),
                ("email".to_string(), "j@x.org".to_string()),
                ("empty".to_string(), String::new())
            ]
        );
        assert_eq!(form_pairs(&Text::lit("just text")), None);
        assert_eq!(form_pairs(&Text::lit("=v")), None);
        assert_eq!(form_pairs(&Text::lit("a=%zz")), None);
        assert_eq!(form_pairs(&Text::lit("")), None);
    }
}
