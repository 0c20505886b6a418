//! Date filters: `toDate`, `dateFormat` / `format`, `daysAfterNow`, `daysBeforeNow`.
//!
//! Formats are chrono's strftime specifiers, as in Hurl.

use chrono::format::{Item, StrftimeItems};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use super::filter::{string, On};
use super::{CheckError, Context, Value};
use crate::spec::ast::FilterKind;

/// Applies a date filter.
pub(crate) fn apply(
    kind: &FilterKind,
    v: &Value,
    on: On,
    cx: &dyn Context,
) -> Result<Value, CheckError> {
    Ok(match kind {
        FilterKind::ToDate(fmt) => {
            let s = string(v, on)?;
            let fmt = cx.render(fmt)?;
            let date = parse_date(s, &fmt)
                .ok_or_else(|| on.fail(format!("{v} does not match the date format \"{fmt}\"")))?;
            Value::Date(date)
        }
        FilterKind::DateFormat(fmt) | FilterKind::Format(fmt) => {
            let d = date(v, on)?;
            let fmt = cx.render(fmt)?;
            if StrftimeItems::new(&fmt).any(|i| matches!(i, Item::Error)) {
                return Err(on.fail(format!("invalid date format \"{fmt}\"")));
            }
            Value::String(d.format(&fmt).to_string())
        }
        FilterKind::DaysAfterNow => Value::Integer((date(v, on)? - Utc::now()).num_days()),
        FilterKind::DaysBeforeNow => Value::Integer((Utc::now() - date(v, on)?).num_days()),
        other => unreachable!("not a date filter: {other:?}"),
    })
}

fn date(v: &Value, on: On) -> Result<DateTime<Utc>, CheckError> {
    match v {
        Value::Date(d) => Ok(*d),
        _ => Err(on.wrong("a date", v)),
    }
}

/// Parses with the richest interpretation that fits: date, time and offset; date and time
/// (UTC); date only (midnight UTC).
pub(crate) fn parse_date(s: &str, fmt: &str) -> Option<DateTime<Utc>> {
    if let Ok(d) = DateTime::parse_from_str(s, fmt) {
        return Some(d.with_timezone(&Utc));
    }
    if let Ok(d) = NaiveDateTime::parse_from_str(s, fmt) {
        return Some(d.and_utc());
    }
    NaiveDate::parse_from_str(s, fmt)
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
}
