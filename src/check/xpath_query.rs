//! The `xpath` query and filter: Hurl's XPath 1.0 on the response body ([`xpath`](super::xpath)
//! parses and evaluates), with expressions compiled once per run and values typed as Hurl
//! types them.

use std::sync::OnceLock;

use super::expr_cache::ExprCache;
use super::xpath::{Document, DocumentKind, XPath, XpathError, XpathValue};
use super::{CheckError, CheckErrorKind, ResponseData, Value};
use crate::spec::ast::Span;

/// The process-wide cache of compiled XPath expressions.
fn cache() -> &'static ExprCache<XPath, XpathError> {
    static CACHE: OnceLock<ExprCache<XPath, XpathError>> = OnceLock::new();
    CACHE.get_or_init(|| {
        ExprCache::new(
            XPath::compile,
            ExprCache::<XPath, XpathError>::DEFAULT_LIMIT,
        )
    })
}

fn error(e: &XpathError, span: Span) -> CheckError {
    CheckError::new(CheckErrorKind::Xpath(e.to_string()), span)
}

/// A node-set by its size, numbers as floats (`count()` included), as Hurl types them.
fn value(v: XpathValue) -> Value {
    match v {
        XpathValue::Nodeset(nodes) => Value::Nodeset(nodes.len()),
        XpathValue::Bool(b) => Value::Bool(b),
        XpathValue::Number(n) => Value::Float(n),
        XpathValue::String(s) => Value::String(s),
    }
}

/// `xpath "expr"` on the response body: HTML for `text/html`, XML otherwise. The body is
/// parsed once per response.
pub(crate) fn query(r: &ResponseData, expr: &str, span: Span) -> Result<Value, CheckError> {
    let compiled = cache().get(expr).map_err(|e| error(&e, span))?;
    let document = r.document.get_or_init(|| {
        let kind = DocumentKind::from_content_type(r.response.header("content-type"));
        let body = r.response.body().map_err(|e| e.to_string())?;
        Document::parse(body, kind, r.response.charset().as_deref()).map_err(|e| e.to_string())
    });
    let document = document
        .as_ref()
        .map_err(|message| CheckError::new(CheckErrorKind::Xpath(message.clone()), span))?;
    compiled
        .eval(document)
        .map(value)
        .map_err(|e| error(&e, span))
}

/// The `xpath` filter on a string: read as Hurl's HTML parser reads it.
pub(crate) fn filter(text: &str, expr: &str, span: Span) -> Result<Value, CheckError> {
    let compiled = cache().get(expr).map_err(|e| error(&e, span))?;
    let document = Document::parse_filter_input(text).map_err(|e| error(&e, span))?;
    compiled
        .eval(&document)
        .map(value)
        .map_err(|e| error(&e, span))
}
