//! What `sortie check` warns about in a file that parses: options sortie cannot honour
//! (`http2`, `http3`, `ntlm`, `negotiate` set to `true`), which fail the entry when it runs.

use super::ast::{Entry, Span, SpecFile};
use super::options::{BoolOption, OptionSetting};

/// A warning at a place of the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// The option line.
    pub span: Span,
    /// What will happen, and why.
    pub message: String,
}

/// The warnings of a parsed file, in file order.
pub fn warnings(spec: &SpecFile) -> Vec<Warning> {
    let mut out = Vec::new();
    for entry in &spec.entries {
        entry_warnings(entry, &mut out);
    }
    out
}

/// Adds the warnings of one entry to `out`, in file order.
pub fn entry_warnings(entry: &Entry, out: &mut Vec<Warning>) {
    if let Some(options) = &entry.request.options {
        for option in &options.items {
            let why = match &option.setting {
                OptionSetting::Http2(v) | OptionSetting::Http3(v) if may_be_true(v) => {
                    "sortie speaks HTTP/1.1 (and HTTP/1.0) only"
                }
                OptionSetting::Ntlm(v) | OptionSetting::Negotiate(v) if may_be_true(v) => {
                    "sortie does not do NTLM or Negotiate (SPNEGO) authentication"
                }
                _ => continue,
            };
            out.push(Warning {
                span: option.span,
                message: format!(
                    "'{}' can not be honoured: {why}; this entry fails when it runs",
                    option.name.value
                ),
            });
        }
    }
}

/// `true`, or a template that may give it.
fn may_be_true(v: &BoolOption) -> bool {
    !matches!(v, BoolOption::Literal(false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::parse_spec;

    #[test]
    fn options_sortie_cannot_honour_are_warned_at_their_line() {
        let text =
            "GET http://a\n[Options]\nhttp2: true\nhttp3: false\nntlm: {{x}}\nlocation: true\n";
        let spec = parse_spec(text).unwrap();
        let found = warnings(&spec);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(&text[found[0].span.start as usize..][..11], "http2: true");
        assert!(found[0].message.contains("HTTP/1.1"));
        assert!(text[found[1].span.start as usize..].starts_with("ntlm"));
        assert!(warnings(&parse_spec("GET http://a\n").unwrap()).is_empty());
    }
}
