//! Predicates (`== 1`, `not contains "x"`, `isInteger`, …) and their values.

use super::body::{bytes_literal, multiline};
use super::json::json_value;
use super::primitives::{
    backtick_string, describe, keyword, number, quoted_string, regex_literal, sp0, sp1,
    template_expr,
};
use super::query::{word, FILTER_NAMES};
use super::{advance, fail, peek, span, starts, In, PResult};
use crate::spec::ast::{
    BodyKind, MultilineString, Predicate, PredicateFunc, PredicateValue, PredicateValueKind,
};
use crate::spec::options::did_you_mean;

/// Predicate names that take no value.
const NO_VALUE: &[(&str, PredicateFunc)] = &[
    ("exists", PredicateFunc::Exist),
    ("isBoolean", PredicateFunc::IsBoolean),
    ("isCollection", PredicateFunc::IsCollection),
    ("isDate", PredicateFunc::IsDate),
    ("isEmpty", PredicateFunc::IsEmpty),
    ("isFloat", PredicateFunc::IsFloat),
    ("isInteger", PredicateFunc::IsInteger),
    ("isIpv4", PredicateFunc::IsIpv4),
    ("isIpv6", PredicateFunc::IsIpv6),
    ("isIsoDate", PredicateFunc::IsIsoDate),
    ("isList", PredicateFunc::IsList),
    ("isNumber", PredicateFunc::IsNumber),
    ("isObject", PredicateFunc::IsObject),
    ("isString", PredicateFunc::IsString),
    ("isUuid", PredicateFunc::IsUuid),
];

type WithValue = fn(PredicateValue) -> PredicateFunc;

/// Predicate operators and names that take a value.
const WITH_VALUE: &[(&str, WithValue)] = &[
    ("==", PredicateFunc::Equal),
    ("!=", PredicateFunc::NotEqual),
    (">=", PredicateFunc::GreaterOrEqual),
    (">", PredicateFunc::Greater),
    ("<=", PredicateFunc::LessOrEqual),
    ("<", PredicateFunc::Less),
    ("equals", PredicateFunc::Equal),
    ("notEquals", PredicateFunc::NotEqual),
    ("greaterThanOrEquals", PredicateFunc::GreaterOrEqual),
    ("greaterThan", PredicateFunc::Greater),
    ("lessThanOrEquals", PredicateFunc::LessOrEqual),
    ("lessThan", PredicateFunc::Less),
    ("startsWith", PredicateFunc::StartWith),
    ("endsWith", PredicateFunc::EndWith),
    ("contains", PredicateFunc::Contain),
    ("includes", PredicateFunc::Include),
    ("matches", PredicateFunc::Match),
];

/// sortie's predicate whose value is a JSON Schema (see [`schema_value`]).
const MATCHES_SCHEMA: &str = "matchesSchema";

fn all_names() -> impl Iterator<Item = &'static str> {
    NO_VALUE
        .iter()
        .map(|(n, _)| *n)
        .chain(WITH_VALUE.iter().map(|(n, _)| *n))
        .chain([MATCHES_SCHEMA])
}

/// `[not] function [value]`. Always commits: it is called where a predicate must stand.
pub(crate) fn predicate(i: In) -> PResult<Predicate> {
    let not_word = i.fragment().starts_with('n').then(|| keyword(i, "not"));
    let (func_at, not) = match not_word.flatten() {
        Some(rest) => match sp1(rest) {
            Ok((r, ())) => (r, true),
            Err(_) => return fail(sp0(rest), "expecting a predicate after 'not'"),
        },
        None => (i, false),
    };
    let (rest, func) = predicate_func(func_at)?;
    Ok((
        rest,
        Predicate {
            not,
            func,
            span: span(&i, &rest),
        },
    ))
}

fn predicate_func(i: In) -> PResult<PredicateFunc> {
    // An operator (`==`, `>=`, …): the entries of `WITH_VALUE` before the first name.
    if i.fragment().starts_with(['=', '!', '<', '>']) {
        for (symbol, make) in WITH_VALUE
            .iter()
            .take_while(|(n, _)| !n.starts_with(char::is_alphabetic))
        {
            if starts(&i, symbol) {
                let after = advance(i, symbol.len());
                let (rest, value) = predicate_value(sp0(after))?;
                return Ok((rest, make(value)));
            }
        }
    }
    let Ok((after, name)) = word(i) else {
        return fail(
            i,
            format!(
                "expecting a predicate such as == or contains, found {}",
                describe(&i)
            ),
        );
    };

    if let Some((_, f)) = NO_VALUE.iter().find(|(n, _)| *n == name) {
        return Ok((after, f.clone()));
    }
    if name == MATCHES_SCHEMA {
        let Ok((at, ())) = sp1(after) else {
            return fail(
                sp0(after),
                format!("expecting a space then a schema after '{name}'"),
            );
        };
        let (rest, value) = schema_value(at)?;
        return Ok((rest, PredicateFunc::MatchesSchema(value)));
    }
    if let Some((_, make)) = WITH_VALUE.iter().find(|(n, _)| *n == name) {
        let Ok((at, ())) = sp1(after) else {
            return fail(
                sp0(after),
                format!("expecting a space then a value after '{name}'"),
            );
        };
        let (rest, value) = predicate_value(at)?;
        return Ok((rest, make(value)));
    }
    if let Some(f) = did_you_mean(name, FILTER_NAMES.iter().copied()) {
        if did_you_mean(name, all_names()).is_none() {
            return fail(
                i,
                format!("unknown filter or predicate '{name}'; did you mean the filter '{f}'?"),
            );
        }
    }
    match did_you_mean(name, all_names()) {
        Some(s) => fail(
            i,
            format!("unknown predicate '{name}'; did you mean '{s}'?"),
        ),
        None => fail(
            i,
            format!("expecting a predicate such as == or contains, found '{name}'"),
        ),
    }
}

/// The schema of `matchesSchema`: `file,schema.json;`, an inline JSON object, or
/// `{{variable}}` (holding an object or the schema's text); commits with a message on any
/// other value.
fn schema_value(i: In) -> PResult<PredicateValue> {
    if starts(&i, "{") || starts(&i, "file,") {
        return predicate_value(i);
    }
    fail(
        i,
        format!(
            "expecting a JSON Schema: file,schema.json; an inline JSON object {{…}} or {{{{variable}}}}; found {}",
            describe(&i)
        ),
    )
}

/// A predicate value; commits with a message when none stands here.
pub(crate) fn predicate_value(i: In) -> PResult<PredicateValue> {
    let (rest, kind) = value_kind(i)?;
    Ok((
        rest,
        PredicateValue {
            kind,
            span: span(&i, &rest),
        },
    ))
}

fn value_kind(i: In) -> PResult<PredicateValueKind> {
    if i.fragment().starts_with(['n', 't', 'f']) {
        if let Some(rest) = keyword(i, "null") {
            return Ok((rest, PredicateValueKind::Null));
        }
        if let Some(rest) = keyword(i, "true") {
            return Ok((rest, PredicateValueKind::Bool(true)));
        }
        if let Some(rest) = keyword(i, "false") {
            return Ok((rest, PredicateValueKind::Bool(false)));
        }
    }
    match peek(&i) {
        Some('"') => {
            let (rest, t) = quoted_string(i)?;
            Ok((rest, PredicateValueKind::String(t)))
        }
        Some('-' | '0'..='9') => match number(i) {
            Ok((rest, n)) => Ok((rest, PredicateValueKind::Number(n))),
            // A lone '-': this rule always commits.
            Err(nom::Err::Error(_)) => fail(advance(i, 1), "expecting a digit after '-'"),
            Err(e) => Err(e),
        },
        Some('`') if starts(&i, "```") => {
            let (rest, m) = multiline(i)?;
            Ok((rest, PredicateValueKind::Multiline(Box::new(m))))
        }
        Some('`') => {
            let (rest, t) = backtick_string(i)?;
            let m = MultilineString {
                lang: None,
                content: t,
                graphql_variables: None,
            };
            Ok((rest, PredicateValueKind::Multiline(Box::new(m))))
        }
        Some('/') => {
            let (rest, r) = regex_literal(i)?;
            Ok((rest, PredicateValueKind::Regex(r.value)))
        }
        Some('{') if starts(&i, "{{") => {
            let (rest, e) = template_expr(i)?;
            Ok((rest, PredicateValueKind::Expr(Box::new(e))))
        }
        Some('{' | '[') => {
            let (rest, v) = json_value(i)?;
            Ok((rest, PredicateValueKind::Json(v)))
        }
        _ => match bytes_literal(i)? {
            Some((rest, BodyKind::Base64(b))) => Ok((rest, PredicateValueKind::Base64(b))),
            Some((rest, BodyKind::Hex(b))) => Ok((rest, PredicateValueKind::Hex(b))),
            Some((rest, BodyKind::File(f))) => Ok((rest, PredicateValueKind::File(f))),
            _ => fail(
                i,
                format!(
                    "expecting a value: a \"string\", a number, true, false, null, a /regex/, {{{{variable}}}}, base64,…; hex,…; file,…; or JSON; found {}",
                    describe(&i)
                ),
            ),
        },
    }
}
