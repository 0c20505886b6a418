//! A response against its expectation, in Hurl's order and with Hurl's verdicts:
//!
//! 1. the version and the status: when either fails, that is the entry's failure and
//!    nothing else is checked;
//! 2. the captures, in order: the first that cannot be evaluated (a template, a query or a
//!    filter error, or no value) is a runtime error and ends the checks;
//! 3. the implicit header asserts, the implicit body assert, then the explicit asserts: each
//!    is checked, and anything that keeps one from being evaluated (a body that is not
//!    JSON, an invalid JSONPath, a filter on the wrong type, an undefined variable) is an
//!    assert failure, as in Hurl.

use super::body::{body_bytes, json_value};
use super::{
    apply_filters, eval_predicate, eval_query, json_diff, text_diff, CheckError, CheckErrorKind,
    Context, ResponseData, Value,
};
use crate::diagnostic::{Diagnostic, Kind};
use crate::spec::ast::{
    Assert, Body, BodyKind, Capture, KeyValue, Response, Span, Status, Version,
};

/// What the checker needs besides templates and files: a place for captured values, which
/// the asserts after them can read.
pub trait CheckContext: Context {
    /// Keeps a captured value as a variable (`secret`: masked in every output from now on).
    fn capture(&mut self, name: String, value: Value, secret: bool);
}

/// One assert's result (implicit or explicit).
#[derive(Clone, Debug, PartialEq)]
pub struct AssertResult {
    /// Where it stands in the spec.
    pub span: Span,
    /// What it checks: `version`, `status`, `header Name`, `body`, or `assert`.
    pub what: String,
    /// What was expected.
    pub expected: String,
    /// What was found.
    pub actual: String,
    /// Did it hold.
    pub passed: bool,
}

/// One capture's result.
#[derive(Clone, Debug, PartialEq)]
pub struct CaptureResult {
    /// The variable's name.
    pub name: String,
    /// The captured value, rendered (`***` when secret).
    pub value: String,
}

/// Everything found checking one response.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResponseCheck {
    /// Asserts evaluated, in order.
    pub asserts: Vec<AssertResult>,
    /// Captures made, in order.
    pub captures: Vec<CaptureResult>,
    /// What failed: assert failures, or the runtime error that stopped the checks.
    pub problems: Vec<Diagnostic>,
}

impl ResponseCheck {
    fn record(&mut self, span: Span, what: &str, expected: String, actual: String, notes: Notes) {
        let passed = notes.is_none();
        self.asserts.push(AssertResult {
            span,
            what: what.to_string(),
            expected: expected.clone(),
            actual: actual.clone(),
            passed,
        });
        if let Some(extra) = notes {
            let mut all = vec![
                format!("expected: {expected}"),
                format!("actual:   {actual}"),
            ];
            all.extend(extra);
            let message = if what == "assert" {
                "assert failed".to_string()
            } else {
                format!("{what} does not match")
            };
            self.problems.push(
                Diagnostic::new(Kind::Assert, "assert failure", message)
                    .at(span)
                    .with_notes(all),
            );
        }
    }

    /// An error met while evaluating: an assert failure in asserts, a runtime error in
    /// captures.
    fn error(&mut self, e: CheckError, kind: Kind, title: &str) {
        self.problems
            .push(Diagnostic::new(kind, title, e.to_string()).at(e.span));
    }

    fn failed(&self) -> bool {
        !self.problems.is_empty()
    }
}

/// `None` for a passing assert; the extra notes (a diff) of a failing one.
type Notes = Option<Vec<String>>;

/// Checks `data` against `expected`, capturing into `cx`. Without `asserts` (Hurl's
/// `--no-assert`), only the captures are made.
pub fn check_response(
    expected: &Response,
    data: &ResponseData,
    cx: &mut dyn CheckContext,
    asserts: bool,
) -> ResponseCheck {
    let mut out = ResponseCheck::default();
    if asserts {
        version_and_status(expected, data, &mut out);
        if out.failed() {
            return out;
        }
    }
    if let Some(captures) = &expected.captures {
        for c in &captures.items {
            if let Err(e) = capture(c, data, cx, &mut out) {
                out.error(e, Kind::Runtime, "capture");
                return out;
            }
        }
    }
    if !asserts {
        return out;
    }
    for h in &expected.headers {
        header(h, data, cx, &mut out);
    }
    if let Some(body) = &expected.body {
        check_body(body, data, cx, &mut out);
    }
    if let Some(asserts) = &expected.asserts {
        for a in &asserts.items {
            explicit(a, data, cx, &mut out);
        }
    }
    out
}

fn version_and_status(expected: &Response, data: &ResponseData, out: &mut ResponseCheck) {
    let response = data.response;
    if expected.version.value != Version::Any {
        let want = match expected.version.value {
            Version::Http10 => "HTTP/1.0",
            Version::Http11 => "HTTP/1.1",
            Version::Http2 => "HTTP/2",
            Version::Http3 => "HTTP/3",
            Version::Any => "HTTP",
        };
        let notes = (want != response.version).then(Vec::new);
        out.record(
            expected.version.span,
            "version",
            want.to_string(),
            response.version.clone(),
            notes,
        );
    }
    if let Status::Code(code) = expected.status.value {
        let notes = (code != response.status).then(Vec::new);
        out.record(
            expected.status.span,
            "status",
            code.to_string(),
            response.status.to_string(),
            notes,
        );
    }
}

fn capture(
    c: &Capture,
    data: &ResponseData,
    cx: &mut dyn CheckContext,
    out: &mut ResponseCheck,
) -> Result<(), CheckError> {
    let name = cx.render(&c.name)?;
    let value = eval_query(&c.query, data, cx)?;
    let value = apply_filters(&c.filters, value, cx)?;
    let Some(value) = value else {
        let span = c.filters.last().map_or(c.query.span, |f| f.span);
        return Err(CheckError::invalid(
            format!("the capture '{name}' has no value"),
            span,
        ));
    };
    if c.redact && !matches!(value, Value::String(_)) {
        // As Hurl: only text can be masked wherever it shows.
        return Err(CheckError::invalid(
            format!(
                "the secret '{name}' must be a string, got {} (redact)",
                value.type_name()
            ),
            c.span,
        ));
    }
    let shown = if c.redact {
        crate::secret::MASK.to_string()
    } else {
        value.render()
    };
    cx.capture(name.clone(), value, c.redact);
    out.captures.push(CaptureResult { name, value: shown });
    Ok(())
}

fn header(h: &KeyValue, data: &ResponseData, cx: &dyn Context, out: &mut ResponseCheck) {
    let (name, value) = match (cx.render(&h.key), cx.render(&h.value)) {
        (Ok(n), Ok(v)) => (n, v),
        (Err(e), _) | (_, Err(e)) => return out.error(e, Kind::Assert, "assert failure"),
    };
    let actual: Vec<&str> = data.response.headers_named(&name).collect();
    let passed = actual.contains(&value.as_str());
    let shown = if actual.is_empty() {
        "none".to_string()
    } else {
        actual
            .iter()
            .map(|v| format!("{v:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    out.record(
        h.span,
        &format!("header {name}"),
        format!("{value:?}"),
        shown,
        (!passed).then(Vec::new),
    );
}

fn explicit(a: &Assert, data: &ResponseData, cx: &dyn Context, out: &mut ResponseCheck) {
    let actual = eval_query(&a.query, data, cx).and_then(|v| apply_filters(&a.filters, v, cx));
    let actual = match actual {
        Ok(v) => v,
        Err(e) => return out.error(e, Kind::Assert, "assert failure"),
    };
    match eval_predicate(&a.predicate, actual.as_ref(), cx) {
        Ok(outcome) => out.record(
            a.predicate.span,
            "assert",
            outcome.expected,
            outcome.actual,
            (!outcome.passed).then(|| outcome.diff.into_iter().collect()),
        ),
        Err(e) => out.error(e, Kind::Assert, "assert failure"),
    }
}

fn check_body(body: &Body, data: &ResponseData, cx: &dyn Context, out: &mut ResponseCheck) {
    // One caret under the body's first character (always ASCII: a JSON, XML, string or
    // bytes opener), as a body spans many lines.
    let at = Span {
        start: body.span.start,
        end: body.span.start + 1,
    };
    let actual_body = match data.response.body() {
        Ok(b) => b,
        Err(e) => {
            let e = CheckError::new(CheckErrorKind::BodyNotDecoded(e.to_string()), at);
            return out.error(e, Kind::Assert, "assert failure");
        }
    };
    match &body.kind {
        BodyKind::Json(expected) => {
            let expected = match json_value(&expected.value, cx) {
                Ok(v) => v,
                Err(e) => return out.error(e, Kind::Assert, "assert failure"),
            };
            let actual: serde_json::Value = match serde_json::from_slice(actual_body) {
                Ok(v) => v,
                Err(e) => {
                    let text = String::from_utf8_lossy(actual_body);
                    return out.record(
                        at,
                        "body",
                        "a JSON body".to_string(),
                        format!("not JSON ({e}): {}", truncate(&text)),
                        Some(Vec::new()),
                    );
                }
            };
            let notes = json_diff(&expected, &actual).map(|d| {
                let mut text = d.diff;
                if !d.paths.is_empty() {
                    text.push_str(&format!("differs at: {}", d.paths.join(", ")));
                }
                vec![text]
            });
            out.record(
                at,
                "JSON body",
                Value::from_json(&expected).to_string(),
                Value::from_json(&actual).to_string(),
                notes,
            );
        }
        kind => {
            let (expected, _) = match body_bytes(kind, cx) {
                Ok(b) => b,
                Err(e) => return out.error(e, Kind::Assert, "assert failure"),
            };
            let passed = expected == actual_body;
            match (
                std::str::from_utf8(&expected),
                std::str::from_utf8(actual_body),
            ) {
                (Ok(e), Ok(a)) => out.record(
                    at,
                    "body",
                    truncate(e),
                    truncate(a),
                    (!passed).then(|| vec![text_diff(e, a)]),
                ),
                _ => out.record(
                    at,
                    "body",
                    format!("{} bytes", expected.len()),
                    format!("{} bytes", actual_body.len()),
                    (!passed).then(Vec::new),
                ),
            }
        }
    }
}

/// A text shown quoted, cut after 200 characters.
fn truncate(s: &str) -> String {
    const MAX: usize = 200;
    if s.chars().count() > MAX {
        let cut: String = s.chars().take(MAX).collect();
        format!("{cut:?}…")
    } else {
        format!("{s:?}")
    }
}
