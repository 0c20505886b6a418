//! HTML bodies: parsed by `html5ever` (the WHATWG HTML5 algorithm, so sloppy real-world
//! pages get the tree a browser builds), laid out with HTML naming (names as the parser
//! gives them, no namespaces).

use html5ever::tendril::TendrilSink;

use super::dom::Dom;
use super::error::XpathError;
use super::sink::{Naming, Sink};

/// Parses an HTML document.
pub(super) fn parse_html(text: &str) -> Result<Dom, XpathError> {
    // Hurl (libxml2) finds no root element in a blank body and rejects it; an HTML5 parser
    // would invent html/head/body.
    if text.trim().is_empty() {
        return Err(XpathError::InvalidDocument {
            reason: "the document is empty".to_string(),
        });
    }
    let mut opts = html5ever::ParseOpts::default();
    // As a browser with scripting off (and as libxml2): `<noscript>` content is markup that
    // queries can reach, not raw text.
    opts.tree_builder.scripting_enabled = false;
    let sink = html5ever::parse_document(Sink::default(), opts).one(text);
    Ok(sink.into_dom(Naming::Html))
}
