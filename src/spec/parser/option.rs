//! `[Options]` lines: a known key, a colon and a value of the key's kind.

use nom::bytes::complete::take_while;
use nom::Parser;

use super::primitives::{
    describe, identifier, keyword, line_end, number, quoted_string, sp0, template_expr,
    value_string, FUNCTIONS,
};
use super::{backtrack, eat, fail, scan, span, In, PResult};
use crate::spec::ast::{Spanned, Template, TemplatePart};
use crate::spec::options::{
    did_you_mean, lookup_option, BoolOption, DurationOption, DurationUnit, EntryOption,
    IntegerOption, OptionValue, ResponseType, ValueKind, VariableDefinition, VariableValue,
    Verbosity, OPTION_TABLE,
};

/// One option line. Does not apply unless the line looks like `word: …`.
pub(crate) fn entry_option(i: In) -> PResult<EntryOption> {
    let start = sp0(i);
    let (after_name, name) = scan(start, |b| {
        b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_')
    });
    if name.is_empty() {
        return backtrack(i);
    }
    let Some(after_colon) = eat(sp0(after_name), ":") else {
        return backtrack(i);
    };
    let Some((key, kind)) = lookup_option(name) else {
        let names = OPTION_TABLE.iter().map(|(n, _, _)| *n);
        let msg = match did_you_mean(name, names) {
            Some(s) => format!("unknown option '{name}'; did you mean '{s}'?"),
            None => format!("unknown option '{name}'"),
        };
        return fail(start, msg);
    };
    let value_at = sp0(after_colon);
    let (rest, value) = option_value(value_at, kind)?;
    let line_span = span(&start, &rest);
    let (rest, ()) = line_end(rest)?;
    Ok((
        rest,
        EntryOption {
            key: Spanned {
                value: key,
                span: span(&start, &after_name),
            },
            name: name.to_string(),
            value,
            span: line_span,
        },
    ))
}

fn option_value(i: In, kind: ValueKind) -> PResult<OptionValue> {
    match kind {
        ValueKind::Bool => {
            if let Some(rest) = keyword(i, "true") {
                return Ok((rest, OptionValue::Bool(BoolOption::Literal(true))));
            }
            if let Some(rest) = keyword(i, "false") {
                return Ok((rest, OptionValue::Bool(BoolOption::Literal(false))));
            }
            match expr_template(i) {
                Some((rest, t)) => Ok((rest, OptionValue::Bool(BoolOption::Template(t)))),
                None => fail(
                    i,
                    format!("expecting true or false, found {}", describe(&i)),
                ),
            }
        }
        ValueKind::Natural | ValueKind::Count => {
            let (rest, v) = integer_value(i, kind)?;
            Ok((rest, OptionValue::Integer(v)))
        }
        ValueKind::DurationMs | ValueKind::DurationSecs => duration(i, kind),
        ValueKind::Text => {
            let (rest, t) = value_string(i)?;
            if t.parts.is_empty() {
                return fail(i, "expecting a value");
            }
            Ok((rest, OptionValue::Text(t)))
        }
        ValueKind::Variable => variable_definition(i),
        ValueKind::Verbosity => {
            for (w, v) in [
                ("brief", Verbosity::Brief),
                ("verbose", Verbosity::Verbose),
                ("debug", Verbosity::Debug),
            ] {
                if let Some(rest) = keyword(i, w) {
                    return Ok((rest, OptionValue::Verbosity(v)));
                }
            }
            fail(i, "expecting brief, verbose or debug")
        }
        ValueKind::ResponseType => {
            for (w, v) in [
                ("json", ResponseType::Json),
                ("text", ResponseType::Text),
                ("binary", ResponseType::Binary),
            ] {
                if let Some(rest) = keyword(i, w) {
                    return Ok((rest, OptionValue::ResponseType(v)));
                }
            }
            fail(i, "expecting json, text or binary")
        }
    }
}

/// A bare `{{…}}` as a template.
fn expr_template(i: In) -> Option<(In, Template)> {
    let (rest, e) = template_expr(i).ok()?;
    Some((
        rest,
        Template {
            span: span(&i, &rest),
            parts: smallvec::smallvec![TemplatePart::Expr(Box::new(e))],
        },
    ))
}

fn integer_value(i: In, kind: ValueKind) -> PResult<IntegerOption> {
    if let Some((rest, t)) = expr_template(i) {
        return Ok((rest, IntegerOption::Template(t)));
    }
    let min = if kind == ValueKind::Count { -1 } else { 0 };
    match super::primitives::integer(i) {
        Ok((rest, n)) if n >= min => Ok((rest, IntegerOption::Literal(n))),
        Ok(_) if min == -1 => fail(i, "expecting a count: -1 (no limit), 0 or more"),
        Ok(_) => fail(i, "expecting an integer, 0 or more"),
        Err(nom::Err::Error(_)) => fail(i, format!("expecting an integer, found {}", describe(&i))),
        Err(e) => Err(e),
    }
}

fn duration(i: In, kind: ValueKind) -> PResult<OptionValue> {
    let default_unit = if kind == ValueKind::DurationMs {
        DurationUnit::Millisecond
    } else {
        DurationUnit::Second
    };
    let (rest, value) = integer_value(i, ValueKind::Natural)?;
    let (rest, unit_text) = take_while(|c: char| c.is_ascii_alphabetic()).parse(rest)?;
    let unit = match *unit_text.fragment() {
        "" => default_unit,
        "ms" => DurationUnit::Millisecond,
        "s" => DurationUnit::Second,
        "m" => DurationUnit::Minute,
        "h" => DurationUnit::Hour,
        other => {
            return fail(
                unit_text,
                format!("invalid duration unit '{other}'; use ms, s, m or h"),
            )
        }
    };
    Ok((rest, OptionValue::Duration(DurationOption { value, unit })))
}

fn variable_definition(i: In) -> PResult<OptionValue> {
    let Ok((after_name, name)) = identifier(i) else {
        return fail(i, "expecting a variable name, as in variable: name=value");
    };
    if FUNCTIONS.contains(name.fragment()) {
        return fail(
            i,
            format!(
                "'{}' is a built-in function and cannot be used as a variable name",
                name.fragment()
            ),
        );
    }
    let eq_at = sp0(after_name);
    let Some(after_eq) = eat(eq_at, "=") else {
        return fail(
            eq_at,
            format!(
                "expecting '=' after the variable name, found {}",
                describe(&eq_at)
            ),
        );
    };
    let value_at = sp0(after_eq);
    let (rest, value) = variable_value(value_at)?;
    Ok((
        rest,
        OptionValue::Variable(VariableDefinition {
            name: Spanned {
                value: name.fragment().to_string(),
                span: span(&i, &after_name),
            },
            value,
        }),
    ))
}

/// `null`, a boolean, a number, a quoted string, or the rest of the line.
pub(crate) fn variable_value(i: In) -> PResult<VariableValue> {
    let at_line_end = |r: &In| super::primitives::lt(*r).is_ok();
    for (w, v) in [
        ("null", VariableValue::Null),
        ("true", VariableValue::Bool(true)),
        ("false", VariableValue::Bool(false)),
    ] {
        if let Some(rest) = keyword(i, w) {
            if at_line_end(&rest) {
                return Ok((rest, v));
            }
        }
    }
    if let Ok((rest, n)) = number(i) {
        if at_line_end(&rest) {
            return Ok((rest, VariableValue::Number(n)));
        }
    }
    if let Ok((rest, t)) = quoted_string(i) {
        if at_line_end(&rest) {
            return Ok((rest, VariableValue::String(t)));
        }
    }
    let (rest, t) = value_string(i)?;
    Ok((rest, VariableValue::String(t)))
}
