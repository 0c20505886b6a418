//! Filter expressions: logical operators, comparisons, singular queries and functions.

use regex::Regex;

use super::super::ast::{
    CmpOp, Comparison, LogicalExpr, Operand, Origin, Query, RegexArg, SingularQuery, SingularStep,
    Test, ValueFunction,
};
use super::super::error::{JsonPathError, JsonPathErrorKind};
use super::literal;
use super::reader::Reader;
use super::{member_name, segments};

/// `a || b || …`.
pub(super) fn logical_or(r: &mut Reader) -> Result<LogicalExpr, JsonPathError> {
    let mut operands = vec![logical_and(r)?];
    loop {
        r.skip_blank();
        if !r.eat("||") {
            break;
        }
        r.skip_blank();
        operands.push(logical_and(r)?);
    }
    Ok(single_or(operands, LogicalExpr::Or))
}

/// `a && b && …`.
fn logical_and(r: &mut Reader) -> Result<LogicalExpr, JsonPathError> {
    let mut operands = vec![basic(r)?];
    loop {
        r.skip_blank();
        if !r.eat("&&") {
            break;
        }
        r.skip_blank();
        operands.push(basic(r)?);
    }
    Ok(single_or(operands, LogicalExpr::And))
}

fn single_or(
    mut operands: Vec<LogicalExpr>,
    combine: fn(Vec<LogicalExpr>) -> LogicalExpr,
) -> LogicalExpr {
    if operands.len() == 1 {
        if let Some(only) = operands.pop() {
            return only;
        }
    }
    combine(operands)
}

/// A parenthesized expression, a comparison or a test, in that order of attempts.
fn basic(r: &mut Reader) -> Result<LogicalExpr, JsonPathError> {
    let at = r.pos();
    if let Some(expr) = paren(r)? {
        Ok(expr)
    } else if let Some(comparison) = comparison(r)? {
        Ok(LogicalExpr::Comparison(Box::new(comparison)))
    } else if let Some(expr) = test(r)? {
        Ok(expr)
    } else {
        Err(r.error_at(at, JsonPathErrorKind::Expecting("a filter expression")))
    }
}

/// `(expr)` or `!(expr)`; blank space may follow `!` but not `(` (as in Hurl).
fn paren(r: &mut Reader) -> Result<Option<LogicalExpr>, JsonPathError> {
    let save = r.pos();
    let negated = r.eat("!");
    r.skip_blank();
    if !r.eat("(") {
        r.seek(save);
        return Ok(None);
    }
    r.enter()?;
    let expr = logical_or(r)?;
    r.leave();
    if !r.eat(")") {
        return Err(r.error_here(JsonPathErrorKind::Expecting("')'")));
    }
    Ok(Some(if negated {
        LogicalExpr::Not(Box::new(expr))
    } else {
        expr
    }))
}

/// `left op right`. Without an operator the position goes back to where it started; without
/// a left operand it stays where the attempt left it, as in Hurl.
fn comparison(r: &mut Reader) -> Result<Option<Comparison>, JsonPathError> {
    let save = r.pos();
    let Some(left) = comparable(r)? else {
        return Ok(None);
    };
    r.skip_blank();
    let Some(op) = comparison_op(r) else {
        r.seek(save);
        return Ok(None);
    };
    r.skip_blank();
    let Some(right) = comparable(r)? else {
        return Err(r.error_here(JsonPathErrorKind::Expecting("a value to compare")));
    };
    Ok(Some(Comparison { left, op, right }))
}

fn comparison_op(r: &mut Reader) -> Option<CmpOp> {
    const OPS: [(&str, CmpOp); 6] = [
        ("==", CmpOp::Eq),
        ("!=", CmpOp::Ne),
        ("<=", CmpOp::Le),
        ("<", CmpOp::Lt),
        (">=", CmpOp::Ge),
        (">", CmpOp::Gt),
    ];
    OPS.iter().find(|(text, _)| r.eat(text)).map(|&(_, op)| op)
}

/// A comparison side. A malformed literal is not an error here: Hurl moves on to the other
/// kinds of operand from wherever the literal's parse stopped (so `-@.a` reads as `@.a`).
fn comparable(r: &mut Reader) -> Result<Option<Operand>, JsonPathError> {
    if let Ok(Some(literal)) = literal::literal(r) {
        return Ok(Some(Operand::Literal(literal)));
    }
    if let Some(query) = singular_query(r)? {
        return Ok(Some(Operand::Singular(query)));
    }
    Ok(value_function(r)?.map(|f| Operand::Function(Box::new(f))))
}

/// An existence test (`@.a`, `!$.b`) or a `match`/`search` call, possibly negated.
fn test(r: &mut Reader) -> Result<Option<LogicalExpr>, JsonPathError> {
    let negated = r.eat("!");
    r.skip_blank();
    let test = if let Some(query) = filter_query(r)? {
        Test::Exists(query)
    } else if let Some(test) = logical_function(r)? {
        test
    } else {
        return Ok(None);
    };
    Ok(Some(LogicalExpr::Test { negated, test }))
}

/// A query inside a filter: `@…` or `$…`, any segments.
fn filter_query(r: &mut Reader) -> Result<Option<Query>, JsonPathError> {
    let origin = if r.eat("@") {
        Origin::Current
    } else if r.eat("$") {
        Origin::Root
    } else {
        return Ok(None);
    };
    let segments = segments(r)?;
    Ok(Some(Query { origin, segments }))
}

/// `@` or `$` followed by `.name`, `['name']` or `[index]` steps (blank space allowed
/// between steps, not inside brackets).
fn singular_query(r: &mut Reader) -> Result<Option<SingularQuery>, JsonPathError> {
    let origin = if r.eat("$") {
        Origin::Root
    } else if r.eat("@") {
        Origin::Current
    } else {
        return Ok(None);
    };
    let mut steps = Vec::new();
    r.skip_blank();
    while let Some(step) = singular_step(r)? {
        steps.push(step);
        r.skip_blank();
    }
    Ok(Some(SingularQuery { origin, steps }))
}

/// One singular step. A `[` followed by neither a string nor an integer ends the query with
/// the `[` consumed, as in Hurl (the caller then fails or backtracks).
fn singular_step(r: &mut Reader) -> Result<Option<SingularStep>, JsonPathError> {
    let save = r.pos();
    if r.eat("[") {
        if let Some(name) = literal::string(r)? {
            r.expect("]", "']'")?;
            Ok(Some(SingularStep::Name(name)))
        } else if let Some(index) = literal::integer(r)? {
            r.expect("]", "']'")?;
            Ok(Some(SingularStep::Index(index)))
        } else {
            Ok(None)
        }
    } else if r.eat(".") {
        match member_name(r) {
            Some(name) => Ok(Some(SingularStep::Name(name))),
            None => {
                r.seek(save);
                Ok(None)
            }
        }
    } else {
        Ok(None)
    }
}

/// `length(value)`, `value(query)` or `count(query)`.
fn value_function(r: &mut Reader) -> Result<Option<ValueFunction>, JsonPathError> {
    let function = if r.eat("length") {
        call(r, |r| Ok(ValueFunction::Length(value_arg(r)?)))?
    } else if r.eat("value") {
        call(r, |r| Ok(ValueFunction::Value(query_arg(r)?)))?
    } else if r.eat("count") {
        call(r, |r| Ok(ValueFunction::Count(query_arg(r)?)))?
    } else {
        return Ok(None);
    };
    Ok(Some(function))
}

/// `match(value, regex)` or `search(value, regex)`.
fn logical_function(r: &mut Reader) -> Result<Option<Test>, JsonPathError> {
    let whole = if r.eat("match") {
        true
    } else if r.eat("search") {
        false
    } else {
        return Ok(None);
    };
    let test = call(r, |r| {
        let subject = Box::new(value_arg(r)?);
        r.skip_blank();
        r.expect(",", "','")?;
        r.skip_blank();
        let pattern = regex_arg(r)?;
        Ok(if whole {
            Test::Match(subject, pattern)
        } else {
            Test::Search(subject, pattern)
        })
    })?;
    Ok(Some(test))
}

/// The parenthesized arguments of a function whose name was just read.
fn call<T>(
    r: &mut Reader,
    args: impl FnOnce(&mut Reader) -> Result<T, JsonPathError>,
) -> Result<T, JsonPathError> {
    r.expect("(", "'('")?;
    r.skip_blank();
    r.enter()?;
    let value = args(r)?;
    r.leave();
    r.skip_blank();
    r.expect(")", "')'")?;
    Ok(value)
}

/// A ValueType argument: a literal, a singular query or a value function.
fn value_arg(r: &mut Reader) -> Result<Operand, JsonPathError> {
    if let Some(literal) = literal::literal(r)? {
        Ok(Operand::Literal(literal))
    } else if let Some(query) = singular_query(r)? {
        Ok(Operand::Singular(query))
    } else if let Some(function) = value_function(r)? {
        Ok(Operand::Function(Box::new(function)))
    } else {
        Err(r.error_here(JsonPathErrorKind::Expecting("a value argument")))
    }
}

/// The pattern argument: a string literal (which must compile), a singular query or a value
/// function.
fn regex_arg(r: &mut Reader) -> Result<RegexArg, JsonPathError> {
    let at = r.pos();
    if let Some(pattern) = literal::string(r)? {
        let invalid = |r: &Reader| r.error_at(at, JsonPathErrorKind::InvalidRegex(pattern.clone()));
        let search = Regex::new(&pattern).map_err(|_| invalid(r))?;
        let whole = Regex::new(&whole_match(&pattern)).map_err(|_| invalid(r))?;
        Ok(RegexArg::Literal { search, whole })
    } else if let Some(query) = singular_query(r)? {
        Ok(RegexArg::Dynamic(Operand::Singular(query)))
    } else if let Some(function) = value_function(r)? {
        Ok(RegexArg::Dynamic(Operand::Function(Box::new(function))))
    } else {
        Err(r.error_here(JsonPathErrorKind::Expecting(
            "a regular expression argument",
        )))
    }
}

/// The pattern `match` uses: the whole string must match. Grouped so that an alternation
/// is anchored as a whole (Hurl 8.0.1 writes `^a|b$`; see the oracle's deviation rows).
pub(in super::super) fn whole_match(pattern: &str) -> String {
    format!("^(?:{pattern})$")
}

/// A NodesType argument: any query from `@` or `$`.
fn query_arg(r: &mut Reader) -> Result<Query, JsonPathError> {
    match filter_query(r)? {
        Some(query) => Ok(query),
        None => Err(r.error_here(JsonPathErrorKind::Expecting("a query argument"))),
    }
}
