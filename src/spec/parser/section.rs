//! Section headers (`[Asserts]`, …) and the items of each section.

use super::predicate::predicate;
use super::primitives::{filename, key_then_colon, keyword, line_end, lts, sp0, sp1, value_string};
use super::query::{filters, query, unknown_query, word};
use super::{advance, backtrack, eat, fail, peek, scan, span, starts, In, PResult};
use crate::spec::ast::{Assert, Capture, FileParam, KeyValue, MultipartParam, Span};

/// Every section, by the names it may be written with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SectionName {
    Query,
    Form,
    Multipart,
    Cookies,
    Options,
    BasicAuth,
    Captures,
    Asserts,
}

const SECTION_NAMES: &[(&str, SectionName)] = &[
    ("Query", SectionName::Query),
    ("QueryStringParams", SectionName::Query),
    ("Form", SectionName::Form),
    ("FormParams", SectionName::Form),
    ("Multipart", SectionName::Multipart),
    ("MultipartFormData", SectionName::Multipart),
    ("Cookies", SectionName::Cookies),
    ("Options", SectionName::Options),
    ("BasicAuth", SectionName::BasicAuth),
    ("Captures", SectionName::Captures),
    ("Asserts", SectionName::Asserts),
];

impl SectionName {
    pub(crate) fn in_response(self) -> bool {
        matches!(self, SectionName::Captures | SectionName::Asserts)
    }
}

/// A parsed `[Name]` line.
pub(crate) struct SectionHeader<'a> {
    pub(crate) name: SectionName,
    pub(crate) written: &'a str,
    /// Where the `[` stands.
    pub(crate) open: In<'a>,
    /// Where the name stands.
    pub(crate) name_at: In<'a>,
    pub(crate) span: Span,
}

/// `[Name]` at the start of a line. Does not apply unless the line is `[` letters `]`.
pub(crate) fn section_header(i: In) -> PResult<SectionHeader> {
    let open = sp0(i);
    let Some(name_at) = eat(open, "[") else {
        return backtrack(i);
    };
    let (after_name, name) = scan(name_at, |b| b.is_ascii_alphabetic());
    if name.is_empty() || !starts(&after_name, "]") {
        return backtrack(i);
    }
    let close = advance(after_name, 1);
    let written = name;
    let Some((_, kind)) = SECTION_NAMES.iter().find(|(n, _)| *n == written) else {
        let names = SECTION_NAMES.iter().map(|(n, _)| *n);
        return match crate::spec::options::did_you_mean(written, names) {
            Some(s) => fail(
                name_at,
                format!("unknown section [{written}]; did you mean [{s}]?"),
            ),
            None => fail(name_at, format!("unknown section [{written}]")),
        };
    };
    let header_span = span(&open, &close);
    let (rest, ()) = line_end(close)?;
    Ok((
        rest,
        SectionHeader {
            name: *kind,
            written,
            open,
            name_at,
            span: header_span,
        },
    ))
}

/// Repeats an item rule over lines until it no longer applies. The rest starts after the
/// blank and comment lines that follow the items (every caller skips them next: skipped
/// here once, they are not scanned again).
pub(crate) fn items<'a, T>(
    mut i: In<'a>,
    item: impl Fn(In<'a>) -> PResult<'a, T>,
) -> PResult<'a, Vec<T>> {
    let mut out = Vec::new();
    loop {
        let at = lts(i);
        if at.fragment().is_empty() {
            out.shrink_to_fit();
            return Ok((at, out));
        }
        match item(at) {
            Ok((rest, v)) => {
                out.push(v);
                i = rest;
            }
            Err(nom::Err::Error(_)) => {
                out.shrink_to_fit();
                return Ok((at, out));
            }
            Err(e) => return Err(e),
        }
    }
}

/// `key: value` on one line. Does not apply unless a key and a colon stand here.
pub(crate) fn key_value(i: In) -> PResult<KeyValue> {
    let start = sp0(i);
    let (after_colon, key) = key_then_colon(start)?;
    let (rest, value) = value_string(sp0(after_colon))?;
    let line_span = span(&start, &rest);
    let (rest, ()) = line_end(rest)?;
    Ok((
        rest,
        KeyValue {
            key,
            value,
            span: line_span,
        },
    ))
}

/// A `[Multipart]` line: a text field or `name: file,path; [type;] [filename=name]`.
pub(crate) fn multipart_param(i: In) -> PResult<MultipartParam> {
    let start = sp0(i);
    let (after_colon, key) = key_then_colon(start)?;
    let value_at = sp0(after_colon);
    let Some(path_at) = eat(value_at, "file,") else {
        let (rest, value) = value_string(value_at)?;
        let line_span = span(&start, &rest);
        let (rest, ()) = line_end(rest)?;
        return Ok((
            rest,
            MultipartParam::Field(KeyValue {
                key,
                value,
                span: line_span,
            }),
        ));
    };
    let (after_path, path) = filename(sp0(path_at))?;
    let semi = sp0(after_path);
    let Some(mut rest) = eat(semi, ";") else {
        return fail(
            semi,
            "expecting ';' after the file name, as in file,data.bin;",
        );
    };
    let mut content_type = None;
    let mut sent_name = None;
    loop {
        let at = sp0(rest);
        if let Some(name_at) = eat(at, "filename=") {
            if sent_name.is_some() {
                return fail(at, "filename= is given twice");
            }
            let (after, name) = filename(name_at)?;
            sent_name = Some(name);
            rest = after;
        } else if content_type.is_none()
            && sent_name.is_none()
            && peek(&at).is_some_and(|c| c.is_ascii_alphanumeric())
        {
            let (after, ct) =
                super::scan_chars(at, |c: char| !c.is_whitespace() && c != ';' && c != '#');
            content_type = Some(ct.to_string());
            rest = after;
        } else {
            rest = at;
            break;
        }
        match eat(sp0(rest), ";") {
            Some(after) => rest = after,
            None => break,
        }
    }
    let line_span = span(&start, &rest);
    let (rest, ()) = line_end(rest)?;
    Ok((
        rest,
        MultipartParam::File(FileParam {
            key,
            path,
            content_type,
            filename: sent_name,
            span: line_span,
        }),
    ))
}

/// `name: query filters… [redact]`.
pub(crate) fn capture(i: In) -> PResult<Capture> {
    let start = sp0(i);
    let (after_colon, name) = key_then_colon(start)?;
    let query_at = sp0(after_colon);
    let (rest, q) = required_query(query_at)?;
    let (rest, fs) = filters(rest)?;
    let (rest, redact) = match sp1(rest).ok().and_then(|(at, ())| keyword(at, "redact")) {
        Some(after) => (after, true),
        None => (rest, false),
    };
    let line_span = span(&start, &rest);
    let (rest, ()) = line_end(rest)?;
    Ok((
        rest,
        Capture {
            name,
            query: q,
            filters: fs,
            redact,
            span: line_span,
        },
    ))
}

fn required_query(i: In) -> PResult<crate::spec::ast::Query> {
    match query(i) {
        Err(nom::Err::Error(_)) => match word(i) {
            Ok((_, w)) => fail(i, unknown_query(w)),
            Err(_) => fail(
                i,
                "expecting a query such as status, header \"…\", jsonpath \"…\" or body",
            ),
        },
        other => other,
    }
}

/// `query filters… predicate`. Does not apply on a line that cannot start an assert.
pub(crate) fn assert(i: In) -> PResult<Assert> {
    let start = sp0(i);
    let q = match query(start) {
        Ok(r) => r,
        Err(nom::Err::Error(_)) => {
            // A lower-case word that is not a body keyword can only be a mistyped query.
            let Ok((_, w)) = word(start) else {
                return backtrack(i);
            };
            let w: &str = w;
            let body_word = ["true", "false", "null", "base64", "hex", "file"].contains(&w);
            if w.starts_with(|c: char| c.is_ascii_lowercase()) && !body_word {
                return fail(start, unknown_query(w));
            }
            return backtrack(i);
        }
        Err(e) => return Err(e),
    };
    let (rest, q) = q;
    let (rest, fs) = filters(rest)?;
    let Ok((pred_at, ())) = sp1(rest) else {
        return fail(
            rest,
            format!(
                "expecting a space then a predicate such as == or contains, found {}",
                super::primitives::describe(&rest)
            ),
        );
    };
    let (rest, p) = predicate(pred_at)?;
    let line_span = span(&start, &rest);
    let (rest, ()) = line_end(rest)?;
    Ok((
        rest,
        Assert {
            query: q,
            filters: fs,
            predicate: p,
            span: line_span,
        },
    ))
}
