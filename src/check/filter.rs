//! Filters: the 33 transformations of Hurl 8 applied, in order, to a query's value.
//!
//! A filter given the wrong type of input is a runtime error whose message names the filter
//! and both types, e.g. `filter 'count' expects a list or bytes, got integer`, at the
//! filter's span. A filter with no input (the query or the previous filter gave nothing) is
//! an assertion error `filter 'toInt' has no value: …`, as in Hurl.

use super::query::{compile_regex, first_capture};
use super::{filter_codec, filter_date, CheckError, CheckErrorKind, Context, Value};
use crate::spec::ast::{Filter, FilterKind, IntegerArg, RegexValue, Span, TemplatePart};

/// Applies filters in order; a filter on None yields an error "… has no value".
pub fn apply_filters(
    filters: &[Filter],
    v: Option<Value>,
    cx: &dyn Context,
) -> Result<Option<Value>, CheckError> {
    let mut value = v;
    let mut source = "the query".to_string();
    for f in filters {
        let name = filter_name(&f.kind);
        let Some(input) = value else {
            return Err(CheckError::new(
                CheckErrorKind::FilterNoInput {
                    filter: name,
                    from: source,
                },
                f.span,
            ));
        };
        value = apply_filter(f, input, cx)?;
        source = format!("filter '{name}'");
    }
    Ok(value)
}

/// The filter's name as written in specs.
pub fn filter_name(kind: &FilterKind) -> &'static str {
    match kind {
        FilterKind::Base64Decode => "base64Decode",
        FilterKind::Base64Encode => "base64Encode",
        FilterKind::Base64UrlSafeDecode => "base64UrlSafeDecode",
        FilterKind::Base64UrlSafeEncode => "base64UrlSafeEncode",
        FilterKind::CharsetDecode(_) => "charsetDecode",
        FilterKind::Count => "count",
        FilterKind::DateFormat(_) => "dateFormat",
        FilterKind::DaysAfterNow => "daysAfterNow",
        FilterKind::DaysBeforeNow => "daysBeforeNow",
        FilterKind::Decode(_) => "decode",
        FilterKind::First => "first",
        FilterKind::Format(_) => "format",
        FilterKind::HtmlEscape => "htmlEscape",
        FilterKind::HtmlUnescape => "htmlUnescape",
        FilterKind::Jsonpath(_) => "jsonpath",
        FilterKind::Last => "last",
        FilterKind::Location => "location",
        FilterKind::Nth(_) => "nth",
        FilterKind::Regex(_) => "regex",
        FilterKind::Replace(_) => "replace",
        FilterKind::ReplaceRegex(_) => "replaceRegex",
        FilterKind::Split(_) => "split",
        FilterKind::ToDate(_) => "toDate",
        FilterKind::ToFloat => "toFloat",
        FilterKind::ToHex => "toHex",
        FilterKind::ToInt => "toInt",
        FilterKind::ToString => "toString",
        FilterKind::UrlDecode => "urlDecode",
        FilterKind::UrlEncode => "urlEncode",
        FilterKind::UrlQueryParam(_) => "urlQueryParam",
        FilterKind::Utf8Decode => "utf8Decode",
        FilterKind::Utf8Encode => "utf8Encode",
        FilterKind::Xpath(_) => "xpath",
    }
}

/// The filter being applied, for error messages.
#[derive(Clone, Copy)]
pub(crate) struct On {
    /// The filter's name.
    pub name: &'static str,
    /// The filter's span.
    pub span: Span,
}

impl On {
    /// `filter 'count' expects a list or bytes, got integer`.
    pub fn wrong(self, expects: &str, got: &Value) -> CheckError {
        CheckError::new(
            CheckErrorKind::FilterInputType {
                filter: self.name,
                expected: expects.to_string(),
                actual: got.type_name(),
            },
            self.span,
        )
    }

    /// `filter 'nth': index 3 is out of bounds …`.
    pub fn fail(self, message: impl std::fmt::Display) -> CheckError {
        CheckError::new(
            CheckErrorKind::Filter {
                filter: self.name,
                message: message.to_string(),
            },
            self.span,
        )
    }
}

/// Applies one filter to a value.
pub fn apply_filter(f: &Filter, v: Value, cx: &dyn Context) -> Result<Option<Value>, CheckError> {
    let on = On {
        name: filter_name(&f.kind),
        span: f.span,
    };
    let out = match &f.kind {
        FilterKind::Count => match &v {
            Value::List(items) => Value::Integer(items.len() as i64),
            Value::Bytes(b) => Value::Integer(b.len() as i64),
            Value::Nodeset(n) => Value::Integer(*n as i64),
            _ => return Err(on.wrong("a list, bytes or a node-set", &v)),
        },
        FilterKind::Nth(n) => {
            let n = index(n, on, cx)?;
            let Value::List(items) = &v else {
                return Err(on.wrong("a list", &v));
            };
            let len = items.len() as i64;
            let i = if n < 0 { len + n } else { n };
            if i < 0 || i >= len {
                return Err(on.fail(format!(
                    "index {n} is out of bounds (the list has {len} items)"
                )));
            }
            items[i as usize].clone()
        }
        FilterKind::First | FilterKind::Last => {
            let Value::List(items) = &v else {
                return Err(on.wrong("a list", &v));
            };
            let item = if matches!(f.kind, FilterKind::First) {
                items.first()
            } else {
                items.last()
            };
            item.cloned().ok_or_else(|| on.fail("the list is empty"))?
        }
        FilterKind::Split(sep) => {
            let s = string(&v, on)?;
            let sep = cx.render(sep)?;
            Value::List(
                s.split(sep.as_str())
                    .map(|p| Value::String(p.to_string()))
                    .collect(),
            )
        }
        FilterKind::Replace(r) | FilterKind::ReplaceRegex(r) => {
            let s = string(&v, on)?;
            let with = cx.render(&r.with)?;
            let literal = match (&f.kind, &r.pattern) {
                (FilterKind::Replace(_), RegexValue::Template(t)) => Some(cx.render(t)?),
                _ => None,
            };
            match literal {
                Some(old) => Value::String(s.replace(&old, &with)),
                None => {
                    let re = compile_regex(&r.pattern, cx)?;
                    Value::String(re.replace_all(s, with.as_str()).into_owned())
                }
            }
        }
        FilterKind::Regex(re) => {
            let s = string(&v, on)?;
            let re = compile_regex(re, cx)?;
            return Ok(first_capture(&re, s).map(Value::String));
        }
        FilterKind::ToInt => to_int(&v, on)?,
        FilterKind::ToFloat => to_float(&v, on)?,
        FilterKind::ToString => match &v {
            Value::List(_) | Value::Object(_) | Value::Bytes(_) => {
                return Err(on.wrong("a string, a number, a boolean, null or a date", &v))
            }
            other => Value::String(other.render()),
        },
        FilterKind::Jsonpath(written) => {
            let json = match &v {
                Value::String(s) => serde_json::from_str(s)
                    .map_err(|e| on.fail(format!("the string is not valid JSON ({e})")))?,
                Value::List(_) | Value::Object(_) => v.to_json(),
                _ => return Err(on.wrong("a string of JSON, a list or an object", &v)),
            };
            let expr = cx.render(written)?;
            return super::query::eval_jsonpath(&json, &expr, written, f.span);
        }
        FilterKind::UrlQueryParam(name) => {
            let s = string(&v, on)?;
            let name = cx.render(name)?;
            let url = url::Url::parse(s).map_err(|e| on.fail(format!("invalid URL '{s}': {e}")))?;
            return Ok(url
                .query_pairs()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| Value::String(v.into_owned())));
        }
        FilterKind::Location => match &v {
            Value::Object(members) => match members.iter().find(|(k, _)| k == "location") {
                Some((_, Value::String(loc))) => Value::String(loc.clone()),
                _ => return Err(on.wrong("a redirect step", &v)),
            },
            _ => return Err(on.wrong("a redirect step (from the 'redirects' query)", &v)),
        },
        FilterKind::Xpath(expr) => match &v {
            Value::String(text) => super::xpath_query::filter(text, &cx.render(expr)?, f.span)?,
            _ => return Err(on.wrong("a string", &v)),
        },
        FilterKind::ToDate(_)
        | FilterKind::DateFormat(_)
        | FilterKind::Format(_)
        | FilterKind::DaysAfterNow
        | FilterKind::DaysBeforeNow => filter_date::apply(&f.kind, &v, on, cx)?,
        _ => filter_codec::apply(&f.kind, &v, on, cx)?,
    };
    Ok(Some(out))
}

/// The text of a string value, or the filter's type error.
pub(crate) fn string(v: &Value, on: On) -> Result<&str, CheckError> {
    match v {
        Value::String(s) => Ok(s),
        _ => Err(on.wrong("a string", v)),
    }
}

/// The bytes of a bytes value, or the filter's type error.
pub(crate) fn bytes(v: &Value, on: On) -> Result<&[u8], CheckError> {
    match v {
        Value::Bytes(b) => Ok(b),
        _ => Err(on.wrong("bytes", v)),
    }
}

/// The index of `nth`: a literal or a `{{…}}` giving an integer.
fn index(n: &IntegerArg, on: On, cx: &dyn Context) -> Result<i64, CheckError> {
    let t = match n {
        IntegerArg::Literal(n) => return Ok(*n),
        IntegerArg::Template(t) => t,
    };
    let value = match t.parts.as_slice() {
        [TemplatePart::Expr(e)] => cx.expr(e)?,
        _ => Value::String(cx.render(t)?),
    };
    match &value {
        Value::Integer(i) => Ok(*i),
        Value::String(s) => s
            .trim()
            .parse()
            .map_err(|_| on.fail(format!("the index {value} is not an integer"))),
        _ => Err(on.fail(format!("the index {value} is not an integer"))),
    }
}

fn to_int(v: &Value, on: On) -> Result<Value, CheckError> {
    match v {
        Value::Integer(i) => Ok(Value::Integer(*i)),
        Value::BigInteger(s) => Err(on.fail(format!("{s} is too big for an integer"))),
        Value::Float(f) => {
            let t = f.trunc();
            if t.is_finite() && t >= i64::MIN as f64 && t <= i64::MAX as f64 {
                Ok(Value::Integer(t as i64))
            } else {
                Err(on.fail(format!("{v} can not be converted to an integer")))
            }
        }
        Value::String(s) => s
            .parse::<i64>()
            .map(Value::Integer)
            .map_err(|_| on.fail(format!("{v} is not an integer"))),
        _ => Err(on.wrong("a number or a string", v)),
    }
}

fn to_float(v: &Value, on: On) -> Result<Value, CheckError> {
    match v {
        Value::Integer(_) | Value::BigInteger(_) | Value::Float(_) => {
            Ok(Value::Float(v.as_f64().unwrap_or(f64::NAN)))
        }
        Value::String(s) => s
            .parse::<f64>()
            .map(Value::Float)
            .map_err(|_| on.fail(format!("{v} is not a number"))),
        _ => Err(on.wrong("a number or a string", v)),
    }
}

#[cfg(test)]
#[path = "filter_tests.rs"]
mod tests;
