//! Text with variables, and its escaping for each place of a spec file.
//!
//! Hurl's grammar (and sortie's, which accepts the same files) has five kinds of text, each
//! with its own escapes: keys, unquoted values, file names, quoted and backtick strings, plus
//! JSON strings. The escapes written here are the ones both parsers accept. Literal `{{`
//! would start a template: its first `{` is written `\u{7b}` (`\u007b` in JSON), which
//! decodes to `{` without opening a placeholder.

/// One piece of a [`Text`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Characters sent as they are.
    Lit(String),
    /// A variable or function (`newUuid`), written `{{name}}`.
    Var(String),
}

/// Text with variables: what a header value, a URL or a JSON string holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text {
    parts: Vec<Part>,
}

/// The kinds of text in a spec file; each escapes differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A key before `:` (header names, form and query names, cookie names).
    Key,
    /// An unquoted value after `:` or a URL: spaces at the ends are dropped by the parsers.
    Value,
    /// A file name in `file,…;`.
    Filename,
    /// Inside `"…"` (predicate values, query arguments).
    Quoted,
    /// Inside a one-line `` `…` `` body.
    Backtick,
    /// Inside a JSON string of a JSON body.
    Json,
}

impl Text {
    /// Literal text.
    pub fn lit(s: impl Into<String>) -> Text {
        let s = s.into();
        if s.is_empty() {
            return Text::default();
        }
        Text {
            parts: vec![Part::Lit(s)],
        }
    }

    /// A variable reference; `name` must be a valid variable name.
    pub fn var(name: impl Into<String>) -> Text {
        Text {
            parts: vec![Part::Var(name.into())],
        }
    }

    /// Appends literal text.
    pub fn push_lit(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if let Some(Part::Lit(last)) = self.parts.last_mut() {
            last.push_str(s);
        } else {
            self.parts.push(Part::Lit(s.to_string()));
        }
    }

    /// Appends a variable reference.
    pub fn push_var(&mut self, name: &str) {
        self.parts.push(Part::Var(name.to_string()));
    }

    /// Appends another text.
    pub fn push_text(&mut self, other: &Text) {
        for p in &other.parts {
            match p {
                Part::Lit(s) => self.push_lit(s),
                Part::Var(v) => self.push_var(v),
            }
        }
    }

    /// The text without its first `n` bytes, which must be literal.
    pub fn drop_prefix(&self, n: usize) -> Text {
        let mut out = Text::default();
        let mut skip = n;
        for p in &self.parts {
            match p {
                Part::Lit(s) if skip > 0 => {
                    let k = skip.min(s.len());
                    skip -= k;
                    out.push_lit(s.get(k..).unwrap_or(""));
                }
                Part::Lit(s) => out.push_lit(s),
                Part::Var(v) => {
                    skip = 0;
                    out.push_var(v);
                }
            }
        }
        out
    }

    /// The pieces, in order.
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// True when there is nothing in it.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The text when it holds no variable.
    pub fn as_literal(&self) -> Option<String> {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Lit(s) => out.push_str(s),
                Part::Var(_) => return None,
            }
        }
        Some(out)
    }

    /// The text with variables shown as `{{name}}` (for comments and messages only).
    pub fn display(&self) -> String {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Lit(s) => out.push_str(s),
                Part::Var(v) => {
                    out.push_str("{{");
                    out.push_str(v);
                    out.push_str("}}");
                }
            }
        }
        out
    }

    /// True when a literal part contains `c`.
    pub fn contains_lit(&self, pat: &str) -> bool {
        self.parts
            .iter()
            .any(|p| matches!(p, Part::Lit(s) if s.contains(pat)))
    }

    /// Splits at the first literal occurrence of `sep`.
    pub fn split_once(&self, sep: char) -> Option<(Text, Text)> {
        let mut before = Text::default();
        for (i, p) in self.parts.iter().enumerate() {
            match p {
                Part::Lit(s) => {
                    if let Some((a, b)) = s.split_once(sep) {
                        before.push_lit(a);
                        let mut after = Text::lit(b);
                        for rest in &self.parts[i + 1..] {
                            after.push_text(&Text {
                                parts: vec![rest.clone()],
                            });
                        }
                        return Some((before, after));
                    }
                    before.push_lit(s);
                }
                Part::Var(v) => before.push_var(v),
            }
        }
        None
    }

    /// Splits at every literal occurrence of `sep`.
    pub fn split(&self, sep: char) -> Vec<Text> {
        let mut out = Vec::new();
        let mut rest = self.clone();
        while let Some((a, b)) = rest.split_once(sep) {
            out.push(a);
            rest = b;
        }
        out.push(rest);
        out
    }

    /// The text with literal ASCII white space (as C's `isspace`) removed at both ends.
    pub fn trim(&self) -> Text {
        let space = |c: char| c.is_ascii_whitespace() || c == '\u{b}';
        let mut parts = self.parts.clone();
        if let Some(Part::Lit(s)) = parts.first_mut() {
            *s = s.trim_start_matches(space).to_string();
        }
        if let Some(Part::Lit(s)) = parts.last_mut() {
            *s = s.trim_end_matches(space).to_string();
        }
        parts.retain(|p| !matches!(p, Part::Lit(s) if s.is_empty()));
        Text { parts }
    }

    /// Maps every literal part.
    pub fn map_lit(&self, f: impl Fn(&str) -> String) -> Text {
        let mut out = Text::default();
        for p in &self.parts {
            match p {
                Part::Lit(s) => out.push_lit(&f(s)),
                Part::Var(v) => out.push_var(v),
            }
        }
        out
    }

    /// The text escaped for `kind`.
    pub(crate) fn escaped(&self, kind: Kind) -> String {
        let mut out = String::new();
        let n = self.parts.len();
        for (i, p) in self.parts.iter().enumerate() {
            match p {
                Part::Lit(s) => {
                    let next_is_var = matches!(self.parts.get(i + 1), Some(Part::Var(_)));
                    escape_into(&mut out, s, kind, i == 0, i + 1 == n, next_is_var);
                }
                Part::Var(v) => {
                    out.push_str("{{");
                    out.push_str(v);
                    out.push_str("}}");
                }
            }
        }
        out
    }
}

/// Escapes one literal run. `first`/`last`: the run starts/ends the whole text (ends matter
/// for values, whose outer spaces the parsers drop); `before_var`: a `{{` follows it.
fn escape_into(out: &mut String, s: &str, kind: Kind, first: bool, last: bool, before_var: bool) {
    let chars: Vec<char> = s.chars().collect();
    let len = chars.len();
    // Spaces at the ends of an unquoted value are dropped when parsing: keep them escaped.
    let lead = if first && kind == Kind::Value {
        chars.iter().take_while(|c| **c == ' ').count()
    } else {
        0
    };
    let trail = if last && kind == Kind::Value {
        chars[lead..]
            .iter()
            .rev()
            .take_while(|c| **c == ' ')
            .count()
    } else {
        0
    };
    for (idx, &c) in chars.iter().enumerate() {
        let next = chars.get(idx + 1).copied();
        let opens_template = c == '{' && (next == Some('{') || (next.is_none() && before_var));
        if opens_template {
            out.push_str(if kind == Kind::Json {
                "\\u007b"
            } else {
                "\\u{7b}"
            });
            continue;
        }
        if c == ' ' && (idx < lead || idx >= len - trail) {
            out.push_str("\\u{20}");
            continue;
        }
        if idx == 0 && first && c == '[' && matches!(kind, Kind::Key | Kind::Filename) {
            // A key or file name may not start with `[` (it would read as a section).
            out.push_str("\\u{5b}");
            continue;
        }
        push_escaped(out, c, kind);
    }
}

fn push_escaped(out: &mut String, c: char, kind: Kind) {
    // Escapes common to every kind.
    let common = match c {
        '\\' => Some("\\\\"),
        '\n' => Some("\\n"),
        '\r' => Some("\\r"),
        '\t' => Some("\\t"),
        '\u{8}' => Some("\\b"),
        '\u{c}' => Some("\\f"),
        _ => None,
    };
    if let Some(e) = common {
        out.push_str(e);
        return;
    }
    if c.is_control() {
        if kind == Kind::Json {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
        return;
    }
    match kind {
        Kind::Key => match c {
            ':' => out.push_str("\\:"),
            '#' => out.push_str("\\#"),
            c if c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '[' | ']' | '@' | '$') => {
                out.push(c)
            }
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        },
        Kind::Value => match c {
            '#' => out.push_str("\\#"),
            c => out.push(c),
        },
        Kind::Filename => match c {
            ';' => out.push_str("\\;"),
            '#' => out.push_str("\\#"),
            ' ' => out.push_str("\\ "),
            '{' | '}' => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c if c.is_whitespace() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        },
        Kind::Quoted | Kind::Json => match c {
            '"' => out.push_str("\\\""),
            c => out.push(c),
        },
        Kind::Backtick => match c {
            '`' => out.push_str("\\`"),
            c => out.push(c),
        },
    }
}

/// A name made valid as a variable name: letters, digits, `_` and `-`; others become `_`.
pub fn variable_name(raw: &str) -> String {
    let mut out: String = raw
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.is_empty() {
        out.push_str("value");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(parts: &[Part]) -> Text {
        Text {
            parts: parts.to_vec(),
        }
    }

    #[test]
    fn escapes_each_kind() {
        let cases: &[(&str, Kind, &str)] = &[
            ("a#b", Kind::Value, "a\\#b"),
            (
                "  padded  ",
                Kind::Value,
                "\\u{20}\\u{20}padded\\u{20}\\u{20}",
            ),
            ("in side", Kind::Value, "in side"),
            ("c:\\dir", Kind::Value, "c:\\\\dir"),
            ("tab\there", Kind::Value, "tab\\there"),
            ("{{x}}", Kind::Value, "\\u{7b}{x}}"),
            ("{{{x", Kind::Value, "\\u{7b}\\u{7b}{x"),
            ("{a}", Kind::Value, "{a}"),
            ("X-Api-Key", Kind::Key, "X-Api-Key"),
            ("a b:c#d", Kind::Key, "a\\u{20}b\\:c\\#d"),
            ("[0]", Kind::Key, "\\u{5b}0]"),
            ("user/name", Kind::Key, "user\\u{2f}name"),
            (
                "my file;v1 #2.txt",
                Kind::Filename,
                "my\\ file\\;v1\\ \\#2.txt",
            ),
            ("{x}.bin", Kind::Filename, "\\u{7b}x\\u{7d}.bin"),
            ("say \"hi\"\n", Kind::Quoted, "say \\\"hi\\\"\\n"),
            ("a`b#c", Kind::Backtick, "a\\`b#c"),
            ("q\"\u{1}{{", Kind::Json, "q\\\"\\u0001\\u007b{"),
        ];
        for (input, kind, want) in cases {
            assert_eq!(
                Text::lit(*input).escaped(*kind),
                *want,
                "{input:?} as {kind:?}"
            );
        }
    }

    #[test]
    fn variables_are_written_as_templates() {
        let text = t(&[
            Part::Lit("Bearer ".into()),
            Part::Var("token".into()),
            Part::Lit(" #1".into()),
        ]);
        assert_eq!(text.escaped(Kind::Value), "Bearer {{token}} \\#1");
        // A literal `{` right before a template would make `{{{`.
        let brace = t(&[Part::Lit("{".into()), Part::Var("id".into())]);
        assert_eq!(brace.escaped(Kind::Value), "\\u{7b}{{id}}");
        // Spaces are only escaped at the ends of the whole value.
        let spaced = t(&[Part::Lit(" a ".into()), Part::Var("v".into())]);
        assert_eq!(spaced.escaped(Kind::Value), "\\u{20}a {{v}}");
    }

    #[test]
    fn splits_and_trims_literal_parts_only() {
        let text = t(&[
            Part::Lit(" k=".into()),
            Part::Var("v".into()),
            Part::Lit("&x=1 ".into()),
        ]);
        let pieces = text.split('&');
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces[0].display(), " k={{v}}");
        assert_eq!(pieces[1].trim().display(), "x=1");
        let (k, v) = pieces[0].trim().split_once('=').unwrap();
        assert_eq!((k.display(), v.display()), ("k".into(), "{{v}}".into()));
        assert_eq!(text.as_literal(), None);
        assert_eq!(Text::lit("plain").as_literal().as_deref(), Some("plain"));
    }

    #[test]
    fn variable_names_are_sanitized() {
        assert_eq!(variable_name("base url"), "base_url");
        assert_eq!(variable_name("api.key"), "api_key");
        assert_eq!(variable_name("my-id"), "my-id");
        assert_eq!(variable_name(""), "value");
    }

    /// The pieces of a parsed template, as a [`Text`].
    fn from_template(t: &crate::spec::ast::Template) -> Text {
        use crate::spec::ast::{ExprKind, TemplatePart};
        let mut out = Text::default();
        for part in &t.parts {
            match part {
                TemplatePart::Literal(s) => out.push_lit(s),
                TemplatePart::Expr(e) => match &e.kind {
                    ExprKind::Variable(name) => out.push_var(name),
                    other => panic!("unexpected function {other:?}"),
                },
            }
        }
        out
    }

    /// Every kind of text, escaped by the emitter and read back by sortie's parser, gives
    /// the text again: random texts over the characters each kind treats specially.
    #[test]
    fn escaped_text_reads_back_the_same() {
        use crate::spec::ast::{BodyKind, JsonValue, PredicateFunc, PredicateValueKind};
        const CHARS: &[char] = &[
            'a', 'Z', '0', ' ', ' ', '#', '{', '{', '}', '\\', '"', '\'', '`', ':', ';', '=', '&',
            '%', '+', '@', '<', '[', ']', '$', '/', ',', '*', '-', '.', '_', '\t', '\n', '\r',
            '\u{1}', '\u{8}', '\u{b}', '\u{c}', '\u{7f}', '\u{a0}', 'é', '€', '😀',
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let reread = |kind: Kind, text: &Text| -> Text {
            let e = text.escaped(kind);
            let src = match kind {
                Kind::Key => format!("GET http://h/\n{e}: v\n"),
                Kind::Value => format!("GET http://h/\nX: {e}\n"),
                Kind::Filename => format!("POST http://h/\nfile,{e};\n"),
                Kind::Quoted => format!("GET http://h/\nHTTP 200\n[Asserts]\nbody == \"{e}\"\n"),
                Kind::Backtick => format!("POST http://h/\n`{e}`\n"),
                Kind::Json => format!("POST http://h/\n{{\"{e}\": \"{e}\"}}\n"),
            };
            let file = super::super::super::parsed(&format!("{kind:?} {text:?}"), &src);
            let entry = &file.entries[0];
            let body = || &entry.request.body.as_ref().expect("a body").kind;
            match kind {
                Kind::Key => from_template(&entry.request.headers[0].key),
                Kind::Value => from_template(&entry.request.headers[0].value),
                Kind::Filename => match body() {
                    BodyKind::File(t) => from_template(t),
                    other => panic!("{other:?}"),
                },
                Kind::Backtick => match body() {
                    BodyKind::Oneline(t) => from_template(t),
                    other => panic!("{other:?}"),
                },
                Kind::Json => match body() {
                    BodyKind::Json(j) => match &j.value {
                        JsonValue::Object(members) => {
                            let (k, v) = &members[0];
                            let JsonValue::String(v) = v else {
                                panic!("{v:?}")
                            };
                            assert_eq!(from_template(k), from_template(v), "{src}");
                            from_template(v)
                        }
                        other => panic!("{other:?}"),
                    },
                    other => panic!("{other:?}"),
                },
                Kind::Quoted => {
                    let asserts = entry.response.as_ref().unwrap().asserts.as_ref().unwrap();
                    match &asserts.items[0].predicate.func {
                        PredicateFunc::Equal(v) => match &v.kind {
                            PredicateValueKind::String(t) => from_template(t),
                            other => panic!("{other:?}"),
                        },
                        other => panic!("{other:?}"),
                    }
                }
            }
        };
        for round in 0..4000 {
            let mut text = Text::default();
            for _ in 0..1 + next(10) {
                if next(8) == 0 {
                    text.push_var(["v", "a_b", "x-1"][next(3)]);
                } else {
                    text.push_lit(&CHARS[next(CHARS.len())].to_string());
                }
            }
            let kinds = [
                Kind::Key,
                Kind::Value,
                Kind::Filename,
                Kind::Quoted,
                Kind::Backtick,
                Kind::Json,
            ];
            let kind = kinds[round % kinds.len()];
            assert_eq!(
                reread(kind, &text),
                text,
                "{kind:?}: {}",
                text.escaped(kind)
            );
        }
    }
}
