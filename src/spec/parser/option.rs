//! `[Options]` lines: a known key, a colon and a value of the key's kind.

use super::primitives::{
    describe, identifier, keyword, line_end, number, quoted_string, sp0, template_expr,
    value_string, FUNCTIONS,
};
use super::{backtrack, eat, fail, scan, span, In, PResult};
use crate::spec::ast::{Spanned, Template, TemplatePart};
use crate::spec::options::{
    did_you_mean, entry_options, lookup_option, option_names, BoolOption, DurationOption,
    DurationUnit, EntryOption, IntegerOption, OptionKey, OptionSetting, ResponseType,
    VariableDefinition, VariableValue, Verbosity,
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
    let Some((key, _)) = lookup_option(name) else {
        let msg = match did_you_mean(name, option_names()) {
            Some(s) => format!("unknown option '{name}'; did you mean '{s}'?"),
            None => format!("unknown option '{name}'"),
        };
        return fail(start, msg);
    };
    let value_at = sp0(after_colon);
    let (rest, setting) = setting(value_at, key)?;
    let line_span = span(&start, &rest);
    let (rest, ()) = line_end(rest)?;
    Ok((
        rest,
        EntryOption {
            name: Spanned {
                value: name.to_string(),
                span: span(&start, &after_name),
            },
            setting,
            span: line_span,
        },
    ))
}

/// Parses a value of the kind `$kind` at `$i`.
macro_rules! parse_value {
    (Bool, $i:expr) => {
        bool_value($i)
    };
    (Natural, $i:expr) => {
        integer_value($i, 0)
    };
    (Count, $i:expr) => {
        integer_value($i, -1)
    };
    (DurationMs, $i:expr) => {
        duration($i, DurationUnit::Millisecond)
    };
    (Text, $i:expr) => {
        text_value($i)
    };
    (Variable, $i:expr) => {
        variable_definition($i)
    };
    (Verbosity, $i:expr) => {
        verbosity($i)
    };
    (ResponseType, $i:expr) => {
        response_type($i)
    };
}

macro_rules! define_setting_parser {
    ($($name:literal => $variant:ident: $kind:ident),* $(,)?) => {
        /// The value of `key`, typed by the key.
        fn setting(i: In, key: OptionKey) -> PResult<OptionSetting> {
            match key {
                $(OptionKey::$variant => {
                    let (rest, v) = parse_value!($kind, i)?;
                    Ok((rest, OptionSetting::$variant(v)))
                })*
            }
        }
    };
}

entry_options!(define_setting_parser);

fn bool_value(i: In) -> PResult<BoolOption> {
    if let Some(rest) = keyword(i, "true") {
        return Ok((rest, BoolOption::Literal(true)));
    }
    if let Some(rest) = keyword(i, "false") {
        return Ok((rest, BoolOption::Literal(false)));
    }
    match expr_template(i) {
        Some((rest, t)) => Ok((rest, BoolOption::Template(t))),
        None => fail(
            i,
            format!("expecting true or false, found {}", describe(&i)),
        ),
    }
}

fn text_value(i: In) -> PResult<Template> {
    let (rest, t) = value_string(i)?;
    if t.parts.is_empty() {
        return fail(i, "expecting a value");
    }
    Ok((rest, t))
}

fn verbosity(i: In) -> PResult<Verbosity> {
    for (w, v) in [
        ("brief", Verbosity::Brief),
        ("verbose", Verbosity::Verbose),
        ("debug", Verbosity::Debug),
    ] {
        if let Some(rest) = keyword(i, w) {
            return Ok((rest, v));
        }
    }
    fail(i, "expecting brief, verbose or debug")
}

fn response_type(i: In) -> PResult<ResponseType> {
    for (w, v) in [
        ("json", ResponseType::Json),
        ("text", ResponseType::Text),
        ("binary", ResponseType::Binary),
    ] {
        if let Some(rest) = keyword(i, w) {
            return Ok((rest, v));
        }
    }
    fail(i, "expecting json, text or binary")
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

/// An integer of at least `min` (0, or -1 for counts where -1 means no limit), or `{{…}}`.
fn integer_value(i: In, min: i64) -> PResult<IntegerOption> {
    if let Some((rest, t)) = expr_template(i) {
        return Ok((rest, IntegerOption::Template(t)));
    }
    match super::primitives::integer(i) {
        Ok((rest, n)) if n >= min => Ok((rest, IntegerOption::Literal(n))),
        Ok(_) if min == -1 => fail(i, "expecting a count: -1 (no limit), 0 or more"),
        Ok(_) => fail(i, "expecting an integer, 0 or more"),
        Err(nom::Err::Error(_)) => fail(i, format!("expecting an integer, found {}", describe(&i))),
        Err(e) => Err(e),
    }
}

/// A number with an optional unit; `default_unit` for a bare number.
fn duration(i: In, default_unit: DurationUnit) -> PResult<DurationOption> {
    let (rest, value) = integer_value(i, 0)?;
    let (after_unit, unit_text) = super::scan_chars(rest, |c: char| c.is_ascii_alphabetic());
    let unit = match unit_text {
        "" => default_unit,
        "ms" => DurationUnit::Millisecond,
        "s" => DurationUnit::Second,
        "m" => DurationUnit::Minute,
        "h" => DurationUnit::Hour,
        other => {
            return fail(
                rest,
                format!("invalid duration unit '{other}'; use ms, s, m or h"),
            )
        }
    };
    Ok((after_unit, DurationOption { value, unit }))
}

fn variable_definition(i: In) -> PResult<VariableDefinition> {
    let Ok((after_name, name)) = identifier(i) else {
        return fail(i, "expecting a variable name, as in variable: name=value");
    };
    if FUNCTIONS.contains(&name) {
        return fail(
            i,
            format!(
                "'{}' is a built-in function and cannot be used as a variable name",
                name
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
        VariableDefinition {
            name: Spanned {
                value: name.to_string(),
                span: span(&i, &after_name),
            },
            value,
        },
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
