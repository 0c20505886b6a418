//! Queries: the values an assert or a capture reads from a response.

use md5::Digest as _;

use super::cookie::cookie_attribute;
use super::{jsonpath, CheckError, CheckErrorKind, Context, ResponseData, Value};
use crate::http::net::certificate::CertificateInfo;
use crate::http::HttpResponse;
use crate::spec::ast::{
    CertificateField, CookieAttribute, Query, QueryKind, RegexValue, Span, Template, TemplatePart,
};
use crate::spec::options::ResponseType;

/// Evaluates a query: Ok(None) when there is no value (header absent, jsonpath with no match,
/// regex no match, cookie absent).
pub fn eval_query(
    q: &Query,
    r: &ResponseData,
    cx: &dyn Context,
) -> Result<Option<Value>, CheckError> {
    let response = r.response;
    let value = match &q.kind {
        QueryKind::Status => Value::Integer(i64::from(response.status)),
        QueryKind::Version => Value::String(version(&response.version)),
        QueryKind::Url => Value::String(response.url.clone()),
        QueryKind::Header(name) => {
            let name = cx.render(name)?;
            let mut values: Vec<Value> = response
                .headers_named(&name)
                .map(|v| Value::String(v.to_string()))
                .collect();
            match values.len() {
                0 => return Ok(None),
                1 => values.remove(0),
                _ => Value::List(values),
            }
        }
        QueryKind::Cookie(path) => {
            let name = cx.render(&path.name)?;
            let attribute = path.attribute.unwrap_or(CookieAttribute::Value);
            return cookie_attribute(response.headers_named("set-cookie"), &name, attribute)
                .map_err(|kind| CheckError::new(kind, q.span));
        }
        QueryKind::Body => match r.response_type {
            Some(ResponseType::Binary) => Value::Bytes(decoded(r, q.span)?.to_vec()),
            _ => Value::String(body_text(r, q.span)?),
        },
        QueryKind::Bytes => Value::Bytes(decoded(r, q.span)?.to_vec()),
        QueryKind::RawBytes => Value::Bytes(response.raw_body.clone()),
        QueryKind::Jsonpath(written) => {
            let expr = cx.render(written)?;
            let text = body_text(r, q.span)?;
            let json: serde_json::Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
                .map_err(|e| CheckError::new(CheckErrorKind::BodyNotJson(e.to_string()), q.span))?;
            return eval_jsonpath(&json, &expr, written, q.span);
        }
        QueryKind::Regex(re) => {
            let re = compile_regex(re, cx)?;
            let text = body_text(r, q.span)?;
            return Ok(first_capture(&re, &text).map(Value::String));
        }
        QueryKind::Variable(name) => return Ok(cx.variable(&cx.render(name)?)),
        QueryKind::Duration => {
            Value::Integer(i64::try_from(r.duration.as_millis()).unwrap_or(i64::MAX))
        }
        QueryKind::Sha256 => Value::Bytes(sha2::Sha256::digest(decoded(r, q.span)?).to_vec()),
        QueryKind::Md5 => Value::Bytes(md5::Md5::digest(decoded(r, q.span)?).to_vec()),
        QueryKind::Redirects => Value::List(
            r.redirects
                .iter()
                .map(|step| {
                    Value::Object(vec![
                        ("location".to_string(), Value::String(step.location.clone())),
                        ("status".to_string(), Value::Integer(i64::from(step.status))),
                    ])
                })
                .collect(),
        ),
        QueryKind::Ip => match response.peer {
            Some(peer) => Value::String(peer.ip().to_string()),
            None => return Ok(None),
        },
        QueryKind::Xpath(expr) => super::xpath_query::query(r, &cx.render(expr)?, q.span)?,
        QueryKind::Certificate(field) => return certificate(response, *field, q.span),
    };
    Ok(Some(value))
}

/// A field of the server's leaf certificate (no value over plain HTTP), as Hurl shows it.
fn certificate(
    response: &HttpResponse,
    field: CertificateField,
    span: Span,
) -> Result<Option<Value>, CheckError> {
    let Some(der) = response
        .certificates
        .as_ref()
        .and_then(|chain| chain.first())
    else {
        return Ok(None);
    };
    let info = CertificateInfo::from_der(der).map_err(|e| {
        CheckError::invalid(format!("the server certificate can not be read: {e}"), span)
    })?;
    Ok(match field {
        CertificateField::Subject => Some(Value::String(info.subject)),
        CertificateField::Issuer => Some(Value::String(info.issuer)),
        CertificateField::StartDate => Some(Value::Date(info.start_date)),
        CertificateField::ExpireDate => Some(Value::Date(info.expire_date)),
        CertificateField::SerialNumber => Some(Value::String(info.serial_number)),
        CertificateField::SubjectAltName => info.subject_alt_name.map(Value::String),
        CertificateField::Value => Some(Value::String(info.value)),
    })
}

/// `HTTP/1.1` → `1.1`, `HTTP/2` → `2`, as Hurl's `version` query.
fn version(v: &str) -> String {
    v.strip_prefix("HTTP/").unwrap_or(v).to_string()
}

/// Evaluates a JSONPath expression (compiled once per run, on first use) with Hurl's rule:
/// nothing selected is no value, one node is that node, more are a list. `written` is the
/// expression's template: an invalid expression written plainly is reported at the
/// character that is wrong; otherwise at `span`, its query or filter.
pub(crate) fn eval_jsonpath(
    json: &serde_json::Value,
    expr: &str,
    written: &Template,
    span: Span,
) -> Result<Option<Value>, CheckError> {
    let path = jsonpath::JsonPathCache::global().get(expr).map_err(|e| {
        let (span, reason) = match error_place(written, expr, e.column()) {
            Some(at) => (at, e.kind().to_string()),
            None => (span, e.to_string()),
        };
        CheckError::new(
            CheckErrorKind::InvalidJsonpath {
                expr: expr.to_string(),
                reason,
            },
            span,
        )
    })?;
    Ok(path.eval(json).map(|found| match found {
        jsonpath::JsonResult::Node(n) => Value::from_json(n),
        jsonpath::JsonResult::List(nodes) => {
            Value::List(nodes.into_iter().map(Value::from_json).collect())
        }
    }))
}

/// Where character `column` (1-based) of `expr` stands in the spec, when the expression is
/// written as one `"…"` string without escapes (its text is then the source's).
fn error_place(written: &Template, expr: &str, column: usize) -> Option<Span> {
    let [TemplatePart::Literal(text)] = written.parts.as_slice() else {
        return None;
    };
    let quoted_len = (written.span.end - written.span.start) as usize;
    if text.as_str() != expr || quoted_len != expr.len() + 2 {
        return None;
    }
    let offset = expr
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(expr.len(), |(i, _)| i);
    let at = written.span.start as usize + 1 + offset;
    Some(Span::new(at, at))
}

/// The body with its content encoding undone.
fn decoded<'a>(r: &'a ResponseData, span: Span) -> Result<&'a [u8], CheckError> {
    r.response
        .body()
        .map_err(|e| CheckError::new(CheckErrorKind::BodyNotDecoded(e.to_string()), span))
}

/// The body as text, in the charset of `Content-Type` (UTF-8 by default); bytes that are
/// not valid in it are an error, as in Hurl.
pub(crate) fn body_text(r: &ResponseData, span: Span) -> Result<String, CheckError> {
    let charset = r.response.charset();
    crate::http::decode::decode_text(decoded(r, span)?, charset.as_deref())
        .map_err(|e| CheckError::new(CheckErrorKind::BodyNotText(e.to_string()), span))
}

/// Compiles a `"regex"` or `/regex/` argument; a bad pattern is a runtime error at its span.
pub(crate) fn compile_regex(re: &RegexValue, cx: &dyn Context) -> Result<regex::Regex, CheckError> {
    let (pattern, span) = match re {
        RegexValue::Template(t) => (cx.render(t)?, t.span),
        RegexValue::Literal(s) => (s.value.clone(), s.span),
    };
    regex_at(&pattern, span)
}

/// Compiles a pattern; a bad pattern is a runtime error at `span`.
pub(crate) fn regex_at(pattern: &str, span: Span) -> Result<regex::Regex, CheckError> {
    regex::Regex::new(pattern).map_err(|e| {
        let detail = e.to_string();
        let last = detail.lines().last().unwrap_or("").trim();
        CheckError::new(
            CheckErrorKind::InvalidRegex {
                pattern: pattern.to_string(),
                reason: last.to_string(),
            },
            span,
        )
    })
}

/// The first capture group of the first match, or the whole match when the regex has no group.
pub(crate) fn first_capture(re: &regex::Regex, text: &str) -> Option<String> {
    let caps = re.captures(text)?;
    let m = if re.captures_len() > 1 {
        caps.get(1)?
    } else {
        caps.get(0)?
    };
    Some(m.as_str().to_string())
}

#[cfg(test)]
#[path = "query_tests.rs"]
mod tests;
