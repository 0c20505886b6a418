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

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use crate::check::testutil::{check_filters, str_, want_int as i, want_str as s, Want};
    use crate::check::Value;
    use Want::{Err as E, V};

    #[test]
    fn date_filters() {
        let date = Value::Date(Utc.with_ymd_and_hms(2024, 1, 31, 10, 20, 30).unwrap());
        let midnight = Value::Date(Utc.with_ymd_and_hms(2024, 1, 31, 0, 0, 0).unwrap());
        let shifted = Value::Date(Utc.with_ymd_and_hms(2020, 8, 27, 7, 7, 46).unwrap());
        let soon = Value::Date(Utc::now() + chrono::Duration::hours(30));
        let ago = Value::Date(Utc::now() - chrono::Duration::hours(50));
        check_filters(vec![
            (str_("2024-01-31"), r#"toDate "%Y-%m-%d""#, V(midnight)),
            (
                str_("2024-01-31 10:20:30"),
                r#"toDate "%Y-%m-%d %H:%M:%S""#,
                V(date.clone()),
            ),
            (
                str_("2024-01-31T10:20:30.000Z"),
                r#"toDate "%Y-%m-%dT%H:%M:%S%.fZ""#,
                V(date.clone()),
            ),
            (
                str_("2020-08-27 09:07:46 +02:00"),
                r#"toDate "%Y-%m-%d %H:%M:%S %:z""#,
                V(shifted),
            ),
            (
                str_("31/01"),
                r#"toDate "%Y-%m-%d""#,
                E("filter 'toDate': \"31/01\" does not match the date format \"%Y-%m-%d\""),
            ),
            (
                Value::Integer(1),
                r#"toDate "%Y""#,
                E("filter 'toDate' expects a string, got integer"),
            ),
            (date.clone(), r#"dateFormat "%Y/%m/%d""#, s("2024/01/31")),
            (date.clone(), r#"format "%A %H:%M""#, s("Wednesday 10:20")),
            (
                date.clone(),
                r#"dateFormat "%Q""#,
                E("filter 'dateFormat': invalid date format \"%Q\""),
            ),
            (
                str_("2024"),
                r#"dateFormat "%Y""#,
                E("filter 'dateFormat' expects a date, got string"),
            ),
            (
                str_("2024-01-31"),
                r#"toDate "%Y-%m-%d" dateFormat "%d.%m.%Y""#,
                s("31.01.2024"),
            ),
            (soon.clone(), "daysAfterNow", i(1)),
            (soon, "daysBeforeNow", i(-1)),
            (ago.clone(), "daysBeforeNow", i(2)),
            (ago, "daysAfterNow", i(-2)),
            (
                str_("2024-01-31"),
                "daysAfterNow",
                E("filter 'daysAfterNow' expects a date, got string"),
            ),
            (
                Value::Integer(3),
                "daysBeforeNow",
                E("filter 'daysBeforeNow' expects a date, got integer"),
            ),
        ]);
    }
}
