//! `[Connection NAME]` blocks: a type and the keys that type accepts.

use super::primitives::{line_end, lts, sp0, sp1, value_string};
use super::{backtrack, eat, fail, span, In, PResult};
use crate::spec::ast::{ConnectionBlock, ConnectionSetting, Spanned, Template};
use crate::spec::options::{did_you_mean, ConnectionType, KeyRule, CONNECTION_TYPES};

/// A connection name: letters, digits, `_` and `-`.
fn name(i: In<'_>) -> PResult<'_, &str> {
    let (rest, n) = super::scan_chars(i, |c: char| {
        c.is_ascii_alphanumeric() || c == '_' || c == '-'
    });
    if n.is_empty() {
        return backtrack(i);
    }
    Ok((rest, n))
}

/// A whole block. Does not apply unless the line starts with `[Connection`.
/// Returns the block and where its name stands.
pub(crate) fn connection_block(i: In) -> PResult<(ConnectionBlock, In)> {
    let open = sp0(i);
    let Some(after_word) = eat(open, "[Connection") else {
        return backtrack(i);
    };
    let Ok((name_at, ())) = sp1(after_word) else {
        return fail(
            after_word,
            "expecting a space then the connection's name, as in [Connection billing]",
        );
    };
    let Ok((after_name, block_name)) = name(name_at) else {
        return fail(
            name_at,
            "expecting a connection name: letters, digits, '_' or '-'",
        );
    };
    let Some(close) = eat(after_name, "]") else {
        return fail(after_name, "expecting ']' after the connection name");
    };
    let header_span = span(&open, &close);
    let (mut rest, ()) = line_end(close)?;

    let mut kind: Option<Spanned<ConnectionType>> = None;
    let mut settings: Vec<ConnectionSetting> = Vec::new();
    let mut key_inputs: Vec<In> = Vec::new();
    loop {
        let at = sp0(lts(rest));
        let Ok((after_key, key)) = name(at) else {
            break;
        };
        if !key.starts_with(|c: char| c.is_ascii_lowercase()) {
            break;
        }
        let Some(after_colon) = eat(sp0(after_key), ":") else {
            break;
        };
        let value_at = sp0(after_colon);
        let (after_value, value) = value_string(value_at)?;
        let (after_line, ()) = line_end(after_value)?;
        let key_span = span(&at, &after_key);
        if key == "type" {
            if let Some(previous) = &kind {
                return fail(
                    at,
                    format!(
                        "type is already given at line {}",
                        super::line_of(&i, previous.span.start)
                    ),
                );
            }
            kind = Some(connection_type(value_at, &value)?);
        } else {
            key_inputs.push(at);
            settings.push(ConnectionSetting {
                key: Spanned {
                    value: key.to_string(),
                    span: key_span,
                },
                value,
            });
        }
        rest = after_line;
    }
    let Some(kind) = kind else {
        let types: Vec<&str> = CONNECTION_TYPES.iter().map(|(n, _, _)| *n).collect();
        return fail(
            name_at,
            format!(
                "connection '{}' has no type: add a line 'type: …' ({})",
                block_name,
                types.join(", ")
            ),
        );
    };
    check_keys(open, block_name, &kind, &settings, &key_inputs)?;
    Ok((
        rest,
        (
            ConnectionBlock {
                name: Spanned {
                    value: block_name.to_string(),
                    span: span(&name_at, &after_name),
                },
                kind,
                settings,
                span: header_span,
            },
            name_at,
        ),
    ))
}

fn connection_type<'a>(
    at: In<'a>,
    value: &Template,
) -> Result<Spanned<ConnectionType>, nom::Err<super::PError<'a>>> {
    let written = value.as_literal().unwrap_or_default();
    match ConnectionType::from_name(&written) {
        Some(t) => Ok(Spanned {
            value: t,
            span: value.span,
        }),
        None => {
            let names = CONNECTION_TYPES.iter().map(|(n, _, _)| *n);
            let list: Vec<&str> = CONNECTION_TYPES.iter().map(|(n, _, _)| *n).collect();
            let msg = match did_you_mean(&written, names) {
                Some(s) => format!("unknown connection type '{written}'; did you mean '{s}'?"),
                None => format!(
                    "unknown connection type '{written}'; the types are {}",
                    list.join(", ")
                ),
            };
            Err(super::error_at(at, msg))
        }
    }
}

/// Unknown, repeated and missing keys, each reported where it stands.
fn check_keys<'a>(
    header: In<'a>,
    block_name: &str,
    kind: &Spanned<ConnectionType>,
    settings: &[ConnectionSetting],
    key_inputs: &[In<'a>],
) -> Result<(), nom::Err<super::PError<'a>>> {
    let allowed = kind.value.keys();
    for (idx, s) in settings.iter().enumerate() {
        let Some((_, rule)) = allowed.iter().find(|(k, _)| *k == s.key.value) else {
            let names = allowed.iter().map(|(k, _)| *k);
            let msg = match did_you_mean(&s.key.value, names) {
                Some(k) => format!(
                    "unknown key '{}' for a {} connection; did you mean '{k}'?",
                    s.key.value,
                    kind.value.name()
                ),
                None => format!(
                    "unknown key '{}' for a {} connection; its keys are {}",
                    s.key.value,
                    kind.value.name(),
                    allowed
                        .iter()
                        .map(|(k, _)| *k)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            return Err(super::error_at(key_inputs[idx], msg));
        };
        if *rule != KeyRule::Repeatable {
            if let Some(first) = settings[..idx].iter().find(|p| p.key.value == s.key.value) {
                return Err(super::error_at(
                    key_inputs[idx],
                    format!(
                        "'{}' is already given at line {}",
                        s.key.value,
                        super::line_of(&header, first.key.span.start)
                    ),
                ));
            }
        }
    }
    for (key, rule) in allowed {
        if *rule == KeyRule::Required && !settings.iter().any(|s| s.key.value == *key) {
            return Err(super::error_at(
                header,
                format!(
                    "connection '{block_name}' ({}) is missing the key '{key}'",
                    kind.value.name()
                ),
            ));
        }
    }
    Ok(())
}
