//! JSON Pointer (RFC 6901) helpers and their JSONPath-style rendering for messages.

/// Escapes one reference token: `~` → `~0`, `/` → `~1`.
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Undoes [`escape`].
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Appends one unescaped token to a pointer.
pub fn push(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape(token))
}

/// Renders a JSON Pointer as JSONPath: `/pets/0/first name` → `$.pets[0]['first name']`.
///
/// All-digit tokens render as indexes; a pointer cannot tell them from object keys made of
/// digits, so the pointer stays the exact form.
pub fn to_json_path(pointer: &str) -> String {
    let mut out = String::from("$");
    if pointer.is_empty() {
        return out;
    }
    for raw in pointer.split('/').skip(1) {
        let token = unescape(raw);
        if !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit()) {
            out.push('[');
            out.push_str(&token);
            out.push(']');
        } else if is_identifier(&token) {
            out.push('.');
            out.push_str(&token);
        } else {
            out.push_str("['");
            for c in token.chars() {
                if c == '\'' || c == '\\' {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push_str("']");
        }
    }
    out
}

fn is_identifier(token: &str) -> bool {
    let mut chars = token.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_path_rendering() {
        let cases = [
            ("", "$"),
            ("/name", "$.name"),
            ("/pets/0/name", "$.pets[0].name"),
            ("/first name", "$['first name']"),
            ("/a~1b/c~0d", "$['a/b']['c~d']"),
            ("/it's", "$['it\\'s']"),
            ("/_x1", "$._x1"),
            ("/", "$['']"),
        ];
        for (pointer, expected) in cases {
            assert_eq!(to_json_path(pointer), expected, "pointer {pointer:?}");
        }
    }

    #[test]
    fn escape_round_trip() {
        for token in ["plain", "a/b", "~x", "~1/~0"] {
            assert_eq!(unescape(&escape(token)), token);
        }
        assert_eq!(push("/paths", "/pets/{id}"), "/paths/~1pets~1{id}");
    }
}
