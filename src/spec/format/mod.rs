//! `sortie fmt`: one canonical layout of a spec file, the one Hurl 8's `hurlfmt` writes, so
//! that a file `hurlfmt` formatted is left as it is, and the other way round.
//!
//! The layout only changes what never changes a spec's meaning:
//!
//! * every line starts at its first column, and tokens are one space apart: `GET url`,
//!   `Name: value` (`Name:` when empty), `HTTP/1.1 200`, `[Asserts]`,
//!   `id: jsonpath "$.id" redact`, `jsonpath "$.tags" nth 0 not == "x"`;
//! * predicates are written with their symbols (`==` for sortie's `equals`, …);
//! * a request's sections stand in one order, `[Options]`, `[Query]`, `[BasicAuth]`,
//!   `[Form]`, `[Multipart]`, `[Cookies]`, and a response's `[Captures]` then `[Asserts]`;
//!   the comment and blank lines above a section move with it. Section names stay as
//!   written (`[QueryStringParams]` is not renamed);
//! * `[Options]` durations written as a bare number get their unit (`delay: 500ms`) and
//!   `variable: name=value` loses the spaces around `=`; `file,…;`, `base64,…;` and `hex,…;`
//!   lose the spaces after the comma and before the `;`;
//! * comment lines are `#` and their text, trailing spaces removed; a comment after a line
//!   keeps the spaces before its `#` (aligned comments stay aligned); blank lines are kept;
//! * every line keeps its line end (LF or CRLF), and the last line gets one.
//!
//! Values, URLs, keys and query arguments keep their text as written (escapes and
//! templates included), and bodies (JSON, XML, multiline strings, base64, hex) are kept
//! byte for byte, since a request body is sent as written. Each line is rendered from the
//! syntax tree, with the text of its values taken from the source through the tree's
//! spans, and the comment and blank lines between them come from the source: formatting
//! keeps the tree, and formatting a formatted file changes nothing.

mod line;
#[cfg(test)]
mod tests;

use super::ast::{
    Body, BodyKind, ConnectionBlock, Entry, KeyValue, MultipartParam, Request, Response, Section,
    Span, SpecFile,
};
use super::SyntaxError;

/// Parses `source` and gives it in the canonical layout.
pub fn format_source(source: &str) -> Result<String, SyntaxError> {
    let file = super::parse_spec(source)?;
    Ok(format(source, &file))
}

/// `source` in the canonical layout; `file` must be the tree `source` parses to.
pub fn format(source: &str, file: &SpecFile) -> String {
    let mut items = Vec::new();
    for (block, connection) in file.connections.iter().enumerate() {
        connection_items(source, connection, block, &mut items);
    }
    let first_entry = file.connections.len();
    for (index, entry) in file.entries.iter().enumerate() {
        entry_items(source, entry, first_entry + index, &mut items);
    }

    // The comment and blank lines above each line go with it.
    items.sort_by_key(|item| item.start);
    let mut leads = Vec::with_capacity(items.len());
    let mut pos = 0;
    for item in &items {
        let line_start = line_start(source, item.start).max(pos);
        leads.push(pos..line_start);
        pos = rest_of_line(source, item.end).1;
    }
    let mut placed: Vec<(&Item, std::ops::Range<usize>)> = items.iter().zip(leads).collect();
    // Sections in the canonical order (a stable sort keeps source order within a part).
    placed.sort_by_key(|(item, _)| item.place);

    let mut out = String::with_capacity(source.len() + source.len() / 16);
    for (item, lead) in placed {
        gap_lines(&source[lead], &mut out);
        out.push_str(&item.text);
        let (rest, _) = rest_of_line(source, item.end);
        if let Some(at) = rest.find('#') {
            // A trailing comment keeps the spaces written before it.
            let before = &source[..item.end + at];
            let spaces = before.len() - before.trim_end_matches([' ', '\t']).len();
            out.push_str(&before[before.len() - spaces..]);
            out.push_str(rest[at..].trim_end());
        }
        out.push_str(line_end(rest));
    }
    gap_lines(&source[pos.min(source.len())..], &mut out);
    out
}

/// The part of a block a line belongs to, in the order the canonical layout writes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    /// A request line and its headers, or a whole connection block.
    Request,
    Options,
    Query,
    BasicAuth,
    Form,
    Multipart,
    Cookies,
    RequestBody,
    /// A status line and its headers.
    Response,
    Captures,
    Asserts,
    ResponseBody,
}

/// One line (or, for bodies, lines) of the canonical text.
struct Item {
    /// Byte offset of its first character in the source.
    start: usize,
    /// Byte offset just after its last character in the source.
    end: usize,
    /// Its canonical text.
    text: String,
    /// Where it goes: its block (connection or entry, in file order) and part.
    place: (usize, Part),
}

/// The lines of one block, in the making.
struct Lines<'a> {
    source: &'a str,
    block: usize,
    items: &'a mut Vec<Item>,
}

impl Lines<'_> {
    fn push(&mut self, span: (u32, u32), part: Part, text: String) {
        self.items.push(Item {
            start: span.0 as usize,
            end: span.1 as usize,
            text,
            place: (self.block, part),
        });
    }

    fn key_values(&mut self, part: Part, list: &[KeyValue]) {
        for kv in list {
            let text = self.key_value(kv);
            self.push((kv.span.start, kv.span.end), part, text);
        }
    }

    fn key_value(&self, kv: &KeyValue) -> String {
        line::key_value(
            line::slice(self.source, kv.key.span),
            line::slice(self.source, kv.value.span),
        )
    }

    fn section<T>(&mut self, part: Part, section: &Section<T>, name: &str) {
        self.push(
            (section.span.start, section.span.end),
            part,
            format!("[{name}]"),
        );
    }

    fn body(&mut self, part: Part, body: &Body) {
        let written = line::slice(self.source, body.span);
        let text = match &body.kind {
            BodyKind::File(name) => format!("file,{};", line::slice(self.source, name.span)),
            BodyKind::Base64(_) | BodyKind::Hex(_) => line::bytes_literal(written),
            // Sent (or compared) as written.
            _ => written.to_string(),
        };
        self.push((body.span.start, body.span.end), part, text);
    }
}

fn connection_items(
    source: &str,
    connection: &ConnectionBlock,
    block: usize,
    items: &mut Vec<Item>,
) {
    let mut lines = Lines {
        source,
        block,
        items,
    };
    lines.push(
        (connection.span.start, connection.span.end),
        Part::Request,
        format!("[Connection {}]", connection.name.value),
    );
    // `type:` is kept as its value's span: its line starts at the key.
    let kind = connection.kind.span;
    let line = line_start(source, kind.start as usize);
    let key_at = line + leading_blanks(&source[line..]);
    lines.push(
        (key_at as u32, kind.end),
        Part::Request,
        line::key_value("type", line::slice(source, kind)),
    );
    for setting in &connection.settings {
        lines.push(
            (setting.key.span.start, setting.value.span.end),
            Part::Request,
            line::key_value(&setting.key.value, line::slice(source, setting.value.span)),
        );
    }
}

fn entry_items(source: &str, entry: &Entry, block: usize, items: &mut Vec<Item>) {
    let mut lines = Lines {
        source,
        block,
        items,
    };
    request_items(&mut lines, &entry.request);
    if let Some(response) = &entry.response {
        response_items(&mut lines, response);
    }
}

fn request_items(lines: &mut Lines, request: &Request) {
    let source = lines.source;
    lines.push(
        (request.span.start, request.url.span.end),
        Part::Request,
        format!(
            "{} {}",
            request.method.value,
            line::slice(source, request.url.span)
        ),
    );
    lines.key_values(Part::Request, &request.headers);
    let sections: [(Part, Option<&Section<KeyValue>>); 4] = [
        (Part::Query, request.query.as_deref()),
        (Part::BasicAuth, request.basic_auth.as_deref()),
        (Part::Form, request.form.as_deref()),
        (Part::Cookies, request.cookies.as_deref()),
    ];
    for (part, section) in sections {
        if let Some(section) = section {
            lines.section(part, section, section_name(source, section.span));
            lines.key_values(part, &section.items);
        }
    }
    if let Some(section) = &request.multipart {
        let part = Part::Multipart;
        lines.section(part, section, section_name(source, section.span));
        for param in &section.items {
            match param {
                MultipartParam::Field(kv) => lines.key_values(part, std::slice::from_ref(kv)),
                MultipartParam::File(file) => lines.push(
                    (file.span.start, file.span.end),
                    part,
                    line::file_param(source, file),
                ),
            }
        }
    }
    if let Some(section) = &request.options {
        lines.section(Part::Options, section, "Options");
        for option in &section.items {
            lines.push(
                (option.span.start, option.span.end),
                Part::Options,
                line::option(source, option),
            );
        }
    }
    if let Some(body) = &request.body {
        lines.body(Part::RequestBody, body);
    }
}

fn response_items(lines: &mut Lines, response: &Response) {
    let source = lines.source;
    lines.push(
        (response.span.start, response.span.end),
        Part::Response,
        line::status_line(response),
    );
    lines.key_values(Part::Response, &response.headers);
    if let Some(section) = &response.captures {
        lines.section(Part::Captures, section, "Captures");
        for capture in &section.items {
            lines.push(
                (capture.span.start, capture.span.end),
                Part::Captures,
                line::capture(source, capture),
            );
        }
    }
    if let Some(section) = &response.asserts {
        lines.section(Part::Asserts, section, "Asserts");
        for assert in &section.items {
            lines.push(
                (assert.span.start, assert.span.end),
                Part::Asserts,
                line::assert(source, assert),
            );
        }
    }
    if let Some(body) = &response.body {
        lines.body(Part::ResponseBody, body);
    }
}

/// A section's name as written (`Query` or `QueryStringParams`), from its `[Name]` span.
fn section_name(source: &str, span: Span) -> &str {
    line::slice(source, span)
        .trim_start_matches('[')
        .trim_end_matches(']')
}

/// Comment and blank lines: comments from their `#`, without trailing spaces; blank lines
/// empty. Each keeps its line end; a last line without one gets `\n`.
fn gap_lines(text: &str, out: &mut String) {
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        out.push_str(content.trim());
        out.push_str(line_end(line));
    }
}

/// The line end of a line (`\r\n` or `\n`); `\n` for the last line of a file without one.
fn line_end(line: &str) -> &'static str {
    if line.ends_with("\r\n") || line.ends_with('\r') {
        "\r\n"
    } else {
        "\n"
    }
}

/// The offset where the line holding `offset` starts.
fn line_start(source: &str, offset: usize) -> usize {
    source[..offset].rfind('\n').map_or(0, |n| n + 1)
}

/// The number of spaces and tabs `text` starts with.
fn leading_blanks(text: &str) -> usize {
    text.len() - text.trim_start_matches([' ', '\t']).len()
}

/// The rest of the line from `offset`, its line end included, and where the next line
/// starts.
fn rest_of_line(source: &str, offset: usize) -> (&str, usize) {
    let offset = offset.min(source.len());
    match source[offset..].find('\n') {
        Some(n) => (&source[offset..offset + n + 1], offset + n + 1),
        None => (&source[offset..], source.len()),
    }
}
