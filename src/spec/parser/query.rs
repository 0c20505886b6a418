//! Queries (`status`, `jsonpath "$.a"`, …) and filters (`count`, `nth 0`, …).

use super::primitives::{
    integer, quoted_string, regex_literal, required_quoted, sp0, sp1, template_expr,
};
use super::{backtrack, fail, scan, span, In, PResult};
use crate::spec::ast::{
    CertificateField, CookieAttribute, CookiePath, Filter, FilterKind, IntegerArg, Query,
    QueryKind, RegexValue, Replacement, Template, TemplatePart,
};
use crate::spec::options::did_you_mean;

/// Every query keyword.
pub(crate) const QUERY_NAMES: &[&str] = &[
    "status",
    "version",
    "url",
    "ip",
    "redirects",
    "header",
    "cookie",
    "body",
    "bytes",
    "rawbytes",
    "xpath",
    "jsonpath",
    "regex",
    "variable",
    "duration",
    "sha256",
    "md5",
    "certificate",
];

/// Every filter keyword.
pub(crate) const FILTER_NAMES: &[&str] = &[
    "base64Decode",
    "base64Encode",
    "base64UrlSafeDecode",
    "base64UrlSafeEncode",
    "charsetDecode",
    "count",
    "dateFormat",
    "daysAfterNow",
    "daysBeforeNow",
    "decode",
    "first",
    "format",
    "htmlEscape",
    "htmlUnescape",
    "jsonpath",
    "last",
    "location",
    "nth",
    "regex",
    "replace",
    "replaceRegex",
    "split",
    "toDate",
    "toFloat",
    "toHex",
    "toInt",
    "toString",
    "urlDecode",
    "urlEncode",
    "urlQueryParam",
    "utf8Decode",
    "utf8Encode",
    "xpath",
];

/// A word of letters and digits.
pub(crate) fn word(i: In<'_>) -> PResult<'_, &str> {
    let (rest, w) = scan(i, |b| b.is_ascii_alphanumeric());
    if w.is_empty() {
        return backtrack(i);
    }
    Ok((rest, w))
}

/// A query. Does not apply when the word here is not a query name.
pub(crate) fn query(i: In) -> PResult<Query> {
    let (rest, name) = word(i)?;
    let (rest, kind) = match name {
        "status" => (rest, QueryKind::Status),
        "version" => (rest, QueryKind::Version),
        "url" => (rest, QueryKind::Url),
        "ip" => (rest, QueryKind::Ip),
        "redirects" => (rest, QueryKind::Redirects),
        "body" => (rest, QueryKind::Body),
        "bytes" => (rest, QueryKind::Bytes),
        "rawbytes" => (rest, QueryKind::RawBytes),
        "duration" => (rest, QueryKind::Duration),
        "sha256" => (rest, QueryKind::Sha256),
        "md5" => (rest, QueryKind::Md5),
        "header" => {
            let (r, t) = quoted_arg(rest, "a header name")?;
            (r, QueryKind::Header(t))
        }
        "cookie" => {
            let (r, t) = quoted_arg(rest, "a cookie name")?;
            (r, QueryKind::Cookie(Box::new(cookie_path(rest, t)?)))
        }
        "xpath" => {
            let (r, t) = quoted_arg(rest, "an XPath expression")?;
            (r, QueryKind::Xpath(t))
        }
        "jsonpath" => {
            let (r, t) = quoted_arg(rest, "a JSONPath expression")?;
            (r, QueryKind::Jsonpath(t))
        }
        "regex" => {
            let (r, v) = regex_arg(rest)?;
            (r, QueryKind::Regex(v))
        }
        "variable" => {
            let (r, t) = quoted_arg(rest, "a variable name")?;
            (r, QueryKind::Variable(t))
        }
        "certificate" => {
            let (r, t) = quoted_arg(rest, "a certificate field")?;
            (r, QueryKind::Certificate(certificate_field(rest, &t)?))
        }
        _ => return backtrack(i),
    };
    Ok((
        rest,
        Query {
            kind,
            span: span(&i, &rest),
        },
    ))
}

/// The message for a word that is not a query, with a suggestion.
pub(crate) fn unknown_query(name: &str) -> String {
    match did_you_mean(name, QUERY_NAMES.iter().copied()) {
        Some(s) => format!("unknown query '{name}'; did you mean '{s}'?"),
        None => format!(
            "expecting a query such as status, header \"…\", jsonpath \"…\" or body; found '{name}'"
        ),
    }
}

/// Spaces then a required quoted string.
fn quoted_arg<'a>(i: In<'a>, what: &str) -> PResult<'a, Template> {
    let at = sp0(i);
    if sp1(i).is_err() {
        return fail(
            at,
            format!("expecting a space then {what} in double quotes"),
        );
    }
    required_quoted(at, what)
}

/// Spaces then `"regex"` or `/regex/`.
fn regex_arg(i: In) -> PResult<RegexValue> {
    let at = sp0(i);
    if sp1(i).is_err() {
        return fail(at, "expecting a space then a regex, \"…\" or /…/");
    }
    match quoted_string(at) {
        Ok((rest, t)) => return Ok((rest, RegexValue::Template(t))),
        // A bad escape in the string is reported where it stands.
        Err(nom::Err::Failure(e)) => return Err(nom::Err::Failure(e)),
        Err(_) => {}
    }
    match regex_literal(at) {
        Ok((rest, r)) => Ok((rest, RegexValue::Literal(r))),
        Err(nom::Err::Error(_)) => fail(at, "expecting a regex, as \"…\" or /…/"),
        Err(e) => Err(e),
    }
}

/// Splits `name[Attribute]` of a cookie query.
fn cookie_path<'a>(at: In<'a>, t: Template) -> Result<CookiePath, nom::Err<super::PError<'a>>> {
    let at = sp0(at);
    let Some(TemplatePart::Literal(last)) = t.parts.last().cloned() else {
        return Ok(CookiePath {
            name: t,
            attribute: None,
        });
    };
    let Some(open) = last.rfind('[') else {
        return Ok(CookiePath {
            name: t,
            attribute: None,
        });
    };
    let Some(attr) = last[open + 1..].strip_suffix(']') else {
        return Err(super::error_at(
            at,
            "expecting ']' to close the cookie attribute, as in \"id[Domain]\"",
        ));
    };
    let attribute = match attr.to_ascii_lowercase().as_str() {
        "value" => CookieAttribute::Value,
        "expires" => CookieAttribute::Expires,
        "max-age" => CookieAttribute::MaxAge,
        "domain" => CookieAttribute::Domain,
        "path" => CookieAttribute::Path,
        "secure" => CookieAttribute::Secure,
        "httponly" => CookieAttribute::HttpOnly,
        "samesite" => CookieAttribute::SameSite,
        _ => {
            return fail(
                at,
                format!(
                    "unknown cookie attribute '{attr}'; use Value, Expires, Max-Age, Domain, Path, Secure, HttpOnly or SameSite"
                ),
            )
            .map(|(_, v)| v)
        }
    };
    let mut name = t;
    let keep = last[..open].to_string();
    name.parts.pop();
    if !keep.is_empty() {
        name.parts.push(TemplatePart::Literal(keep.into()));
    }
    Ok(CookiePath {
        name,
        attribute: Some(attribute),
    })
}

fn certificate_field<'a>(
    at: In<'a>,
    t: &Template,
) -> Result<CertificateField, nom::Err<super::PError<'a>>> {
    let field = match t.as_literal().as_deref() {
        Some("Subject") => CertificateField::Subject,
        Some("Issuer") => CertificateField::Issuer,
        Some("Start-Date") => CertificateField::StartDate,
        Some("Expire-Date") => CertificateField::ExpireDate,
        Some("Serial-Number") => CertificateField::SerialNumber,
        Some("Subject-Alt-Name") => CertificateField::SubjectAltName,
        Some("Value") => CertificateField::Value,
        _ => {
            return Err(super::error_at(
                sp0(at),
                "expecting a certificate field: Subject, Issuer, Start-Date, Expire-Date, Serial-Number, Subject-Alt-Name or Value",
            ))
        }
    };
    Ok(field)
}

/// Zero or more filters, each preceded by spaces.
pub(crate) fn filters(mut i: In) -> PResult<Vec<Filter>> {
    let mut out = Vec::new();
    while let Ok((at, ())) = sp1(i) {
        match filter(at) {
            Ok((rest, f)) => {
                out.push(f);
                i = rest;
            }
            Err(nom::Err::Error(_)) => break,
            Err(e) => return Err(e),
        }
    }
    Ok((i, out))
}

/// One filter. Does not apply when the word here is not a filter name.
pub(crate) fn filter(i: In) -> PResult<Filter> {
    let (rest, name) = word(i)?;
    let (rest, kind) = match name {
        "base64Decode" => (rest, FilterKind::Base64Decode),
        "base64Encode" => (rest, FilterKind::Base64Encode),
        "base64UrlSafeDecode" => (rest, FilterKind::Base64UrlSafeDecode),
        "base64UrlSafeEncode" => (rest, FilterKind::Base64UrlSafeEncode),
        "count" => (rest, FilterKind::Count),
        "daysAfterNow" => (rest, FilterKind::DaysAfterNow),
        "daysBeforeNow" => (rest, FilterKind::DaysBeforeNow),
        "first" => (rest, FilterKind::First),
        "htmlEscape" => (rest, FilterKind::HtmlEscape),
        "htmlUnescape" => (rest, FilterKind::HtmlUnescape),
        "last" => (rest, FilterKind::Last),
        "location" => (rest, FilterKind::Location),
        "toFloat" => (rest, FilterKind::ToFloat),
        "toHex" => (rest, FilterKind::ToHex),
        "toInt" => (rest, FilterKind::ToInt),
        "toString" => (rest, FilterKind::ToString),
        "urlDecode" => (rest, FilterKind::UrlDecode),
        "urlEncode" => (rest, FilterKind::UrlEncode),
        "utf8Decode" => (rest, FilterKind::Utf8Decode),
        "utf8Encode" => (rest, FilterKind::Utf8Encode),
        "charsetDecode" => with_quoted(rest, "an encoding", FilterKind::CharsetDecode)?,
        "dateFormat" => with_quoted(rest, "a date format", FilterKind::DateFormat)?,
        "decode" => with_quoted(rest, "an encoding", FilterKind::Decode)?,
        "format" => with_quoted(rest, "a date format", FilterKind::Format)?,
        "jsonpath" => with_quoted(rest, "a JSONPath expression", FilterKind::Jsonpath)?,
        "split" => with_quoted(rest, "a separator", FilterKind::Split)?,
        "toDate" => with_quoted(rest, "a date format", FilterKind::ToDate)?,
        "urlQueryParam" => with_quoted(rest, "a parameter name", FilterKind::UrlQueryParam)?,
        "xpath" => with_quoted(rest, "an XPath expression", FilterKind::Xpath)?,
        "nth" => {
            let at = sp0(rest);
            if sp1(rest).is_err() {
                return fail(at, "expecting a space then an index, as in nth 0");
            }
            if let Ok((r, n)) = integer(at) {
                (r, FilterKind::Nth(IntegerArg::Literal(n)))
            } else if let Ok((r, e)) = template_expr(at) {
                let t = Template {
                    span: e.span,
                    parts: smallvec::smallvec![TemplatePart::Expr(Box::new(e))],
                };
                (r, FilterKind::Nth(IntegerArg::Template(t)))
            } else {
                return fail(at, "expecting an index, as in nth 0 or nth -1");
            }
        }
        "regex" => {
            let (r, v) = regex_arg(rest)?;
            (r, FilterKind::Regex(v))
        }
        "replace" | "replaceRegex" => {
            let (r, old) = regex_arg(rest)?;
            let (r, new) = quoted_arg(r, "the replacement")?;
            let args = Box::new(Replacement {
                pattern: old,
                with: new,
            });
            if name == "replace" {
                (r, FilterKind::Replace(args))
            } else {
                (r, FilterKind::ReplaceRegex(args))
            }
        }
        _ => return backtrack(i),
    };
    Ok((
        rest,
        Filter {
            kind,
            span: span(&i, &rest),
        },
    ))
}

fn with_quoted<'a>(
    i: In<'a>,
    what: &str,
    make: fn(Template) -> FilterKind,
) -> PResult<'a, FilterKind> {
    let (rest, t) = quoted_arg(i, what)?;
    Ok((rest, make(t)))
}
