//! The `cookie "name[Attribute]"` query: a response's own `Set-Cookie` headers, read as Hurl
//! reads them ([`ResponseCookie`]), whatever the cookie store kept.

use chrono::{DateTime, NaiveDateTime, Utc};

use super::{CheckErrorKind, Value};
use crate::http::cookies::ResponseCookie;
use crate::spec::ast::CookieAttribute;

/// The attribute of the first cookie called `name` among `set_cookies`: `None` when there is
/// no such cookie or attribute; an error for an `Expires` Hurl cannot read as a date.
pub(crate) fn cookie_attribute<'a>(
    set_cookies: impl IntoIterator<Item = &'a str>,
    name: &str,
    attribute: CookieAttribute,
) -> Result<Option<Value>, CheckErrorKind> {
    let Some(cookie) = ResponseCookie::find(set_cookies, name) else {
        return Ok(None);
    };
    let text = |v: Option<&str>| v.map(|s| Value::String(s.to_string()));
    // Hurl gives flags a unit value: they exist, nothing more.
    let flag = |set: bool| set.then_some(Value::Bool(true));
    Ok(match attribute {
        CookieAttribute::Value => Some(Value::String(cookie.value().to_string())),
        CookieAttribute::Expires => cookie
            .expires()
            .map_err(|e| CheckErrorKind::CookieExpires(e.0))?
            .map(Value::Date),
        CookieAttribute::MaxAge => cookie.max_age().map(Value::Integer),
        CookieAttribute::Domain => text(cookie.domain()),
        CookieAttribute::Path => text(cookie.path()),
        CookieAttribute::SameSite => text(cookie.same_site()),
        CookieAttribute::Secure => flag(cookie.secure()),
        CookieAttribute::HttpOnly => flag(cookie.http_only()),
    })
}

/// Dates as cookies write them: HTTP dates, with or without dashes, or RFC 2822 / 3339.
pub(crate) fn parse_cookie_date(raw: &str) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    if let Ok(t) = httpdate::parse_http_date(raw) {
        return Some(t.into());
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(raw) {
        return Some(d.with_timezone(&Utc));
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(raw) {
        return Some(d.with_timezone(&Utc));
    }
    // `Wed, 21-Oct-2015 07:28:00 GMT` and friends.
    let spaced = raw.replace('-', " ");
    let body = spaced
        .split_once(',')
        .map_or(spaced.as_str(), |(_, rest)| rest)
        .trim()
        .trim_end_matches("GMT")
        .trim_end_matches("UTC")
        .trim();
    for fmt in ["%d %b %Y %H:%M:%S", "%d %b %y %H:%M:%S"] {
        if let Ok(d) = NaiveDateTime::parse_from_str(body, fmt) {
            return Some(d.and_utc());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn reads_every_attribute() {
        let headers = [
            "other=1",
            "LSID=DQAAAK; Expires=Wed, 13 Jan 2021 22:23:01 GMT; Max-Age=3600; \
             Domain=example.com; Path=/accounts; Secure; HttpOnly; SameSite=Lax",
        ];
        let date = Utc.with_ymd_and_hms(2021, 1, 13, 22, 23, 1).unwrap();
        let s = |t: &str| Some(Value::String(t.into()));
        let rows = [
            (CookieAttribute::Value, s("DQAAAK")),
            (CookieAttribute::Expires, Some(Value::Date(date))),
            (CookieAttribute::MaxAge, Some(Value::Integer(3600))),
            (CookieAttribute::Domain, s("example.com")),
            (CookieAttribute::Path, s("/accounts")),
            (CookieAttribute::Secure, Some(Value::Bool(true))),
            (CookieAttribute::HttpOnly, Some(Value::Bool(true))),
            (CookieAttribute::SameSite, s("Lax")),
        ];
        for (attr, expected) in rows {
            assert_eq!(
                cookie_attribute(headers, "LSID", attr),
                Ok(expected),
                "{attr:?}"
            );
        }
        for attr in [
            CookieAttribute::Secure,
            CookieAttribute::Expires,
            CookieAttribute::Domain,
        ] {
            assert_eq!(
                cookie_attribute(headers, "other", attr),
                Ok(None),
                "{attr:?}"
            );
        }
        assert_eq!(
            cookie_attribute(headers, "nope", CookieAttribute::Value),
            Ok(None)
        );
    }

    #[test]
    fn an_expires_hurl_cannot_read_is_an_error() {
        assert_eq!(
            cookie_attribute(["a=1; Expires=tomorrow"], "a", CookieAttribute::Expires),
            Err(CheckErrorKind::CookieExpires("tomorrow".into()))
        );
        assert_eq!(
            cookie_attribute(["a=1; Expires=tomorrow"], "a", CookieAttribute::Value),
            Ok(Some(Value::String("1".into())))
        );
    }

    #[test]
    fn cookie_dates() {
        let date = Utc.with_ymd_and_hms(2015, 10, 21, 7, 28, 0).unwrap();
        for raw in [
            "Wed, 21 Oct 2015 07:28:00 GMT",
            "Wed, 21-Oct-2015 07:28:00 GMT",
            "Wednesday, 21-Oct-15 07:28:00 GMT",
            "2015-10-21T07:28:00Z",
        ] {
            assert_eq!(parse_cookie_date(raw), Some(date), "{raw}");
        }
        assert_eq!(parse_cookie_date("tomorrow"), None);
    }
}
