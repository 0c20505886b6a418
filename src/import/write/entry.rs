//! One entry of a spec file (a request and what its response must be), written as text.

use super::json::Json;
use super::text::{Kind, Text};

/// A request body.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Body {
    /// A JSON object or array, pretty-printed.
    Json(Json),
    /// Text sent as it is; `lang` is the hint of a multiline string (`json`, `xml`,
    /// `graphql`), where whitespace at the end does not matter.
    Text {
        text: Text,
        lang: Option<&'static str>,
    },
    /// `file,path;`.
    File(Text),
}

/// A `[Multipart]` line.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Part {
    /// `name: value`.
    Field(Text, Text),
    /// `name: file,path; type; filename=name`.
    File {
        name: Text,
        path: Text,
        content_type: Option<String>,
        filename: Option<Text>,
    },
}

/// What the response must be.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Response {
    /// `HTTP 200`; `None` writes `HTTP *`.
    pub status: Option<u16>,
    /// `[Captures]` lines, written.
    pub captures: Vec<String>,
    /// `[Asserts]` lines, written.
    pub asserts: Vec<String>,
}

/// A request and its optional response.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Entry {
    /// Comment lines above the entry (without `# `), such as TODOs.
    pub notes: Vec<String>,
    /// The entry's name: the comment line right above the request line.
    pub name: Option<String>,
    pub method: String,
    pub url: Text,
    pub headers: Vec<(Text, Text)>,
    /// `[Options]` lines: name and written value.
    pub options: Vec<(String, String)>,
    pub query: Vec<(Text, Text)>,
    pub form: Vec<(Text, Text)>,
    pub multipart: Vec<Part>,
    pub cookies: Vec<(Text, Text)>,
    pub basic_auth: Option<(Text, Text)>,
    pub body: Option<Body>,
    pub response: Option<Response>,
    /// Comment lines after the entry (without `# `), such as untranslated test lines.
    pub trailing: Vec<String>,
}

impl Entry {
    /// A request with no header, section or body.
    pub(crate) fn new(method: &str, url: Text) -> Entry {
        Entry {
            method: method.to_string(),
            url,
            ..Entry::default()
        }
    }

    /// True when a header of that name (any case) is set.
    pub(crate) fn has_header(&self, name: &str) -> bool {
        self.headers
            .iter()
            .any(|(k, _)| k.as_literal().is_some_and(|k| k.eq_ignore_ascii_case(name)))
    }

    /// Adds an `[Options]` line.
    pub(crate) fn option(&mut self, name: &str, value: impl Into<String>) {
        self.options.push((name.to_string(), value.into()));
    }

    /// The entry as spec-file text, ending with a newline.
    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        for note in &self.notes {
            comment(&mut out, note);
        }
        if let Some(name) = &self.name {
            comment(&mut out, name);
        }
        out.push_str(&self.method);
        out.push(' ');
        out.push_str(&self.url.escaped(Kind::Value));
        out.push('\n');
        pairs(&mut out, None, &self.headers);
        if !self.options.is_empty() {
            out.push_str("[Options]\n");
            for (k, v) in &self.options {
                out.push_str(k);
                out.push_str(": ");
                out.push_str(v);
                out.push('\n');
            }
        }
        pairs(&mut out, Some("[Query]"), &self.query);
        pairs(&mut out, Some("[Form]"), &self.form);
        if !self.multipart.is_empty() {
            out.push_str("[Multipart]\n");
            for part in &self.multipart {
                multipart_line(&mut out, part);
            }
        }
        pairs(&mut out, Some("[Cookies]"), &self.cookies);
        if let Some((user, password)) = &self.basic_auth {
            out.push_str("[BasicAuth]\n");
            pair(&mut out, user, password);
        }
        if let Some(body) = &self.body {
            out.push_str(&render_body(body));
            out.push('\n');
        }
        if let Some(response) = &self.response {
            match response.status {
                Some(code) => out.push_str(&format!("HTTP {code}\n")),
                None => out.push_str("HTTP *\n"),
            }
            if !response.captures.is_empty() {
                out.push_str("[Captures]\n");
                for c in &response.captures {
                    out.push_str(c);
                    out.push('\n');
                }
            }
            if !response.asserts.is_empty() {
                out.push_str("[Asserts]\n");
                for a in &response.asserts {
                    out.push_str(a);
                    out.push('\n');
                }
            }
        }
        for line in &self.trailing {
            comment(&mut out, line);
        }
        out
    }
}

/// `# text`, one comment line per line of `text` (a lone `\r` counts as a line break).
pub(crate) fn comment(out: &mut String, text: &str) {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut any = false;
    for line in text.lines() {
        any = true;
        let line = line.trim_end();
        if line.is_empty() {
            out.push_str("#\n");
        } else {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
    }
    if !any {
        out.push_str("#\n");
    }
}

fn pairs(out: &mut String, section: Option<&str>, items: &[(Text, Text)]) {
    if items.is_empty() {
        return;
    }
    if let Some(s) = section {
        out.push_str(s);
        out.push('\n');
    }
    for (k, v) in items {
        pair(out, k, v);
    }
}

fn pair(out: &mut String, key: &Text, value: &Text) {
    out.push_str(&key.escaped(Kind::Key));
    out.push(':');
    if !value.is_empty() {
        out.push(' ');
        out.push_str(&value.escaped(Kind::Value));
    }
    out.push('\n');
}

fn multipart_line(out: &mut String, part: &Part) {
    match part {
        Part::Field(k, v) => pair(out, k, v),
        Part::File {
            name,
            path,
            content_type,
            filename,
        } => {
            out.push_str(&name.escaped(Kind::Key));
            out.push_str(": file,");
            out.push_str(&path.escaped(Kind::Filename));
            out.push(';');
            if let Some(ct) = content_type {
                out.push(' ');
                out.push_str(ct);
            }
            if let Some(f) = filename {
                if content_type.is_some() {
                    out.push(';');
                }
                out.push_str(" filename=");
                out.push_str(&f.escaped(Kind::Filename));
            }
            out.push('\n');
        }
    }
}

/// A body as text (without the final newline).
pub(crate) fn render_body(body: &Body) -> String {
    match body {
        Body::Json(json) => json.render(),
        Body::File(path) => format!("file,{};", path.escaped(Kind::Filename)),
        Body::Text { text, lang } => {
            let multiline_ok = !text.contains_lit("```")
                && !text.contains_lit("{{")
                && text.contains_lit("\n")
                && !text.contains_lit("\r");
            let exact_end = text.display().ends_with('\n');
            // A multiline string sends a final newline: used where that is what the text
            // has, or where a language ignores it.
            if multiline_ok && (exact_end || lang.is_some()) {
                let mut out = String::from("```");
                out.push_str(lang.unwrap_or(""));
                out.push('\n');
                out.push_str(&text.display());
                if !exact_end {
                    out.push('\n');
                }
                out.push_str("```");
                out
            } else {
                format!("`{}`", text.escaped(Kind::Backtick))
            }
        }
    }
}

/// `"text"` with quoted-string escapes, for predicate values and query arguments.
pub(crate) fn quoted(text: &Text) -> String {
    format!("\"{}\"", text.escaped(Kind::Quoted))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_every_section_in_order() {
        let mut e = Entry::new("POST", Text::lit("https://example.org/up#frag"));
        e.name = Some("Upload a file".into());
        e.notes.push("TODO: check".into());
        e.headers.push((Text::lit("X-Trace"), Text::lit("a#1")));
        e.option("insecure", "true");
        e.query.push((Text::lit("q"), Text::lit("x y")));
        e.multipart
            .push(Part::Field(Text::lit("title"), Text::lit("Q3")));
        e.multipart.push(Part::File {
            name: Text::lit("doc"),
            path: Text::lit("my report.pdf"),
            content_type: Some("application/pdf".into()),
            filename: Some(Text::lit("q3.pdf")),
        });
        e.cookies.push((Text::lit("sid"), Text::var("sid")));
        e.basic_auth = Some((Text::lit("alice"), Text::var("password")));
        e.response = Some(Response {
            status: Some(201),
            captures: vec!["id: jsonpath \"$.id\"".into()],
            asserts: vec!["duration < 500".into()],
        });
        e.trailing
            .push("TODO (from Postman test script): foo()".into());
        assert_eq!(
            e.render(),
            "# TODO: check\n# Upload a file\nPOST https://example.org/up\\#frag\nX-Trace: a\\#1\n\
             [Options]\ninsecure: true\n[Query]\nq: x y\n[Multipart]\ntitle: Q3\n\
             doc: file,my\\ report.pdf; application/pdf; filename=q3.pdf\n[Cookies]\nsid: {{sid}}\n\
             [BasicAuth]\nalice: {{password}}\nHTTP 201\n[Captures]\nid: jsonpath \"$.id\"\n\
             [Asserts]\nduration < 500\n# TODO (from Postman test script): foo()\n"
        );
    }

    #[test]
    fn text_bodies_are_exact() {
        let cases: &[(&str, Option<&'static str>, &str)] = &[
            ("hello", None, "`hello`"),
            ("a\nb\n", None, "```\na\nb\n```"),
            // No final newline: a multiline string would add one.
            ("a\nb", None, "`a\\nb`"),
            ("<a>\n</a>", Some("xml"), "```xml\n<a>\n</a>\n```"),
            ("x ``` y\n", None, "`x \\`\\`\\` y\\n`"),
            ("{{not a var}}\n", None, "`\\u{7b}{not a var}}\\n`"),
            ("", None, "``"),
        ];
        for (text, lang, want) in cases {
            let body = Body::Text {
                text: Text::lit(*text),
                lang: *lang,
            };
            assert_eq!(render_body(&body), *want, "{text:?}");
        }
        assert_eq!(
            render_body(&Body::File(Text::lit("data 1.bin"))),
            "file,data\\ 1.bin;"
        );
    }

    #[test]
    fn comments_keep_one_line_each() {
        let mut out = String::new();
        comment(&mut out, "two\nlines\rthree\n\n");
        assert_eq!(out, "# two\n# lines\n# three\n#\n");
        let mut empty = String::new();
        comment(&mut empty, "");
        assert_eq!(empty, "#\n");
    }
}
