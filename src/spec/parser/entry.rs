//! The file, its entries, and the request and response of each entry.

use super::body::body;
use super::connection::connection_block;
use super::option::entry_option;
use super::primitives::{describe, line_end, lts, sp0, sp1, text, TextKind};
use super::section::{
    assert, capture, items, key_value, multipart_param, section_header, SectionHeader, SectionName,
};
use super::{fail, optional, scan, span, starts, In, PResult};
use crate::spec::ast::{
    ConnectionBlock, CookieStorage, Entry, Request, Response, Section, Spanned, SpecFile, Status,
    Version,
};

/// `connection-block* entry* lt*` up to the end of the input.
pub(crate) fn spec_file(i: In) -> PResult<SpecFile> {
    let mut entries = Vec::with_capacity(estimate_entries(i.fragment(), 0));
    let (rest, connections) = spec_file_with(i, &mut |e| entries.push(e))?;
    entries.shrink_to_fit();
    Ok((
        rest,
        SpecFile {
            connections,
            entries,
        },
    ))
}

/// [`spec_file`], handing each entry to `on_entry` as soon as it is parsed instead of keeping
/// them: the connection blocks are what is left.
pub(crate) fn spec_file_with<'a>(
    i: In<'a>,
    on_entry: &mut dyn FnMut(Entry),
) -> PResult<'a, Vec<ConnectionBlock>> {
    let source = i.fragment();
    let mut rest = lts(i);
    let mut connections: Vec<ConnectionBlock> = Vec::new();
    while let Some((after, (block, name_at))) = optional(rest, connection_block)? {
        if let Some(first) = connections
            .iter()
            .find(|c| c.name.value == block.name.value)
        {
            return fail(
                name_at,
                format!(
                    "connection '{}' is already declared at line {}",
                    block.name.value,
                    super::line_of(&name_at, first.name.span.start)
                ),
            );
        }
        connections.push(block);
        rest = lts(after);
    }
    loop {
        rest = lts(rest);
        if rest.fragment().is_empty() {
            break;
        }
        if starts(&sp0(rest), "[Connection") {
            return fail(
                sp0(rest),
                "[Connection …] blocks must come before the first request",
            );
        }
        let (after, e) = entry(rest, source)?;
        on_entry(e);
        rest = after;
    }
    Ok((rest, connections))
}

/// Roughly how many request lines follow, so the entry list is allocated once: lines whose
/// first word is in capitals and followed by a space (not `HTTP`, not a header `Name:`).
/// Counts from byte `from` of `source` on.
fn estimate_entries(source: &str, from: usize) -> usize {
    let bytes = source.as_bytes();
    let is_request_line = |start: usize| {
        let line = &bytes[start..];
        let word_len = line.iter().take_while(|b| b.is_ascii_uppercase()).count();
        word_len > 0 && line.get(word_len) == Some(&b' ') && &line[..word_len] != b"HTTP"
    };
    let mut count = usize::from(is_request_line(from));
    for nl in memchr::memchr_iter(b'\n', &bytes[from..]) {
        count += usize::from(is_request_line(from + nl + 1));
    }
    // A hint only: never more than the text could hold.
    count.min((bytes.len() - from) / 8 + 1)
}

/// A request and its optional response.
fn entry<'a>(i: In<'a>, source: &str) -> PResult<'a, Entry> {
    let (rest, (request, line_start, url)) = request(i)?;
    let (rest, response) = match optional(rest, response)? {
        Some((r, resp)) => (r, Some(resp)),
        None => (rest, None),
    };
    let (name, named_by_comment) = match comment_above(source, line_start) {
        Some(comment) => (comment, true),
        None => {
            let method = &request.method.value;
            let mut name = String::with_capacity(method.len() + 1 + url.len());
            name.push_str(method);
            name.push(' ');
            name.push_str(url);
            (name, false)
        }
    };
    Ok((
        rest,
        Entry {
            name,
            named_by_comment,
            request,
            response,
            cookie_storage: cookie_storage(source, line_start),
        },
    ))
}

/// Hurl's `@cookie_storage_set:` / `@cookie_storage_clear` commands in the comment and blank
/// lines directly before the request line at `offset` (anywhere in a comment, as Hurl looks
/// for them).
fn cookie_storage(source: &str, offset: usize) -> Option<Box<CookieStorage>> {
    // Only the lines directly above are read: files with many entries stay linear.
    let mut end = source[..offset].rfind('\n')?;
    let mut lines = Vec::new();
    loop {
        let start = source[..end].rfind('\n').map_or(0, |n| n + 1);
        let line = source[start..end].trim();
        if !line.is_empty() && !line.starts_with('#') {
            break;
        }
        lines.push(line);
        if start == 0 {
            break;
        }
        end = start - 1;
    }
    let mut storage = CookieStorage::default();
    // Most comments name no command: one byte search rules them out.
    let commands = lines
        .iter()
        .rev()
        .filter_map(|l| l.strip_prefix('#'))
        .filter(|c| c.contains('@'));
    for comment in commands {
        if storage.set.is_none() {
            if let Some((_, value)) = comment.split_once("@cookie_storage_set:") {
                storage.set = Some(value.trim().to_string());
            }
        }
        storage.clear |= comment.contains("@cookie_storage_clear");
    }
    (storage != CookieStorage::default()).then(|| Box::new(storage))
}

/// The text of a comment-only line directly above the line at `offset`, if there is one.
fn comment_above(source: &str, offset: usize) -> Option<String> {
    let line_start = source[..offset].rfind('\n')?;
    let before = &source[..line_start];
    let prev_start = before.rfind('\n').map_or(0, |n| n + 1);
    let prev = before[prev_start..].trim();
    let text = prev.strip_prefix('#')?.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// `METHOD url` then headers, request sections and a body. Also returns the byte offset of
/// the request line and the URL as written, for the entry's name.
fn request<'a>(i: In<'a>) -> PResult<'a, (Request, usize, &'a str)> {
    let start = sp0(i);
    let (after_method, method) = scan(start, |b| b.is_ascii_uppercase());
    if method.is_empty() {
        return fail(
            start,
            format!(
                "expecting a request line such as GET https://example.org, found {}",
                describe(&start)
            ),
        );
    }
    let Ok((url_at, ())) = sp1(after_method) else {
        if after_method
            .fragment()
            .starts_with(|c: char| c.is_alphanumeric())
        {
            return fail(
                start,
                "expecting an HTTP method in capital letters, then a space and a URL",
            );
        }
        return fail(
            after_method,
            "expecting a space then a URL after the method",
        );
    };
    let (after_url, url) = text(url_at, TextKind::Value)?;
    if url.parts.is_empty() {
        return fail(url_at, "expecting a URL after the method");
    }
    let line_span = span(&start, &after_url);
    let url_text = url_at.up_to(&after_url).trim_end_matches([' ', '\t']);
    let (rest, ()) = line_end(after_url)?;
    let (rest, headers) = items(rest, key_value)?;

    let mut req = Request {
        method: Spanned {
            value: method.to_string(),
            span: span(&start, &after_method),
        },
        url,
        headers,
        query: None,
        form: None,
        multipart: None,
        cookies: None,
        options: None,
        basic_auth: None,
        body: None,
        span: line_span,
    };
    let mut rest = rest;
    while let Some((after_header, header)) = optional(lts(rest), section_header)? {
        if header.name.in_response() {
            return fail(
                header.name_at,
                format!(
                    "[{}] belongs to a response: add a status line such as HTTP 200 before it",
                    header.written
                ),
            );
        }
        rest = request_section(&mut req, header, after_header)?;
    }
    let rest = match optional(lts(rest), body)? {
        Some((r, b)) => {
            req.body = Some(Box::new(b));
            r
        }
        None => rest,
    };
    Ok((rest, (req, start.offset(), url_text)))
}

fn duplicate<'a, T>(header: &SectionHeader<'a>) -> PResult<'a, T> {
    fail(
        header.open,
        format!(
            "duplicate section [{}]: each section appears once per request or response",
            header.written
        ),
    )
}

fn request_section<'a>(
    req: &mut Request,
    header: SectionHeader<'a>,
    rest: In<'a>,
) -> Result<In<'a>, nom::Err<super::PError<'a>>> {
    macro_rules! section {
        ($field:ident, $item:expr) => {{
            if req.$field.is_some() {
                return duplicate(&header).map(|(r, ())| r);
            }
            let (rest, items) = items(rest, $item)?;
            req.$field = Some(Box::new(Section {
                span: header.span,
                items,
            }));
            rest
        }};
    }
    Ok(match header.name {
        SectionName::Query => section!(query, key_value),
        SectionName::Form => section!(form, key_value),
        SectionName::Multipart => section!(multipart, multipart_param),
        SectionName::Cookies => section!(cookies, key_value),
        SectionName::Options => section!(options, entry_option),
        SectionName::BasicAuth => section!(basic_auth, key_value),
        SectionName::Captures | SectionName::Asserts => rest,
    })
}

/// `HTTP/x status` then headers, response sections and a body. Applies when a line starts
/// with `HTTP`.
fn response(i: In) -> PResult<Response> {
    let start = sp0(lts(i));
    if !starts(&start, "HTTP") {
        return super::backtrack(i);
    }
    let (after_version, version_text) = super::scan_chars(start, |c: char| !c.is_whitespace());
    let version = match version_text {
        "HTTP/1.0" => Version::Http10,
        "HTTP/1.1" => Version::Http11,
        "HTTP/2" => Version::Http2,
        "HTTP/3" => Version::Http3,
        "HTTP" => Version::Any,
        other => {
            return fail(
                start,
                format!(
                "invalid HTTP version '{other}'; use HTTP/1.0, HTTP/1.1, HTTP/2, HTTP/3 or HTTP"
            ),
            )
        }
    };
    let Ok((status_at, ())) = sp1(after_version) else {
        return fail(
            after_version,
            "expecting a space then a status code after the version",
        );
    };
    let (after_status, status) = status(status_at)?;
    let line_span = span(&start, &after_status);
    let (rest, ()) = line_end(after_status)?;
    let (rest, headers) = items(rest, key_value)?;
    let mut resp = Response {
        version: Spanned {
            value: version,
            span: span(&start, &after_version),
        },
        status,
        headers,
        captures: None,
        asserts: None,
        body: None,
        span: line_span,
    };
    let mut rest = rest;
    while let Some((after_header, header)) = optional(lts(rest), section_header)? {
        rest = match header.name {
            SectionName::Captures => {
                if resp.captures.is_some() {
                    return duplicate(&header);
                }
                let (r, items) = items(after_header, capture)?;
                resp.captures = Some(Box::new(Section {
                    span: header.span,
                    items,
                }));
                r
            }
            SectionName::Asserts => {
                if resp.asserts.is_some() {
                    return duplicate(&header);
                }
                let (r, items) = items(after_header, assert)?;
                resp.asserts = Some(Box::new(Section {
                    span: header.span,
                    items,
                }));
                r
            }
            _ => {
                return fail(
                    header.name_at,
                    format!(
                        "[{}] belongs to a request: put it before the status line",
                        header.written
                    ),
                )
            }
        };
    }
    match optional(lts(rest), body)? {
        Some((r, b)) => {
            resp.body = Some(Box::new(b));
            Ok((r, resp))
        }
        None => Ok((rest, resp)),
    }
}

/// A status code or `*`.
fn status(i: In) -> PResult<Spanned<Status>> {
    if let Some(rest) = super::eat(i, "*") {
        return Ok((
            rest,
            Spanned {
                value: Status::Any,
                span: span(&i, &rest),
            },
        ));
    }
    let (rest, digits) = scan(i, |b| b.is_ascii_digit());
    let code = digits
        .parse::<u16>()
        .ok()
        .filter(|c| (100..=999).contains(c));
    let end_ok = rest.fragment().is_empty() || rest.fragment().starts_with(char::is_whitespace);
    match code {
        Some(code) if end_ok => Ok((
            rest,
            Spanned {
                value: Status::Code(code),
                span: span(&i, &rest),
            },
        )),
        _ => fail(i, "expecting a status code (100 to 999) or *"),
    }
}
