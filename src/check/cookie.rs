//! `Set-Cookie` headers read by the `cookie "name[Attribute]"` query.

use chrono::{DateTime, NaiveDateTime, Utc};

use super::Value;
use crate::spec::ast::CookieAttribute;

/// One cookie set by a response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SetCookie {
    /// The cookie's name.
    pub name: String,
    /// Its value.
    pub value: String,
    /// Attributes in order: name as written and value (`None` for flags like `Secure`).
    pub attributes: Vec<(String, Option<String>)>,
}

impl SetCookie {
    /// Parses one `Set-Cookie` header value; `None` when it has no `name=`.
    pub fn parse(header: &str) -> Option<SetCookie> {
        let mut parts = header.split(';');
        let (name, value) = parts.next()?.split_once('=')?;
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        let attributes = parts
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| match p.split_once('=') {
                Some((k, v)) => (k.trim().to_string(), Some(v.trim().to_string())),
                None => (p.to_string(), None),
            })
            .collect();
        Some(SetCookie {
            name: name.to_string(),
            value: value.trim().trim_matches('"').to_string(),
            attributes,
        })
    }

    fn attribute(&self, name: &str) -> Option<&(String, Option<String>)> {
        self.attributes
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
    }

    /// The value of an attribute as the query returns it; `None` when absent.
    pub fn get(&self, attribute: CookieAttribute) -> Option<Value> {
        let text = |name: &str| {
            self.attribute(name)
                .map(|(_, v)| Value::String(v.clone().unwrap_or_default()))
        };
        let flag = |name: &str| self.attribute(name).map(|_| Value::Bool(true));
        match attribute {
            CookieAttribute::Value => Some(Value::String(self.value.clone())),
            CookieAttribute::Expires => {
                let raw = self.attribute("Expires")?.1.clone().unwrap_or_default();
                Some(match parse_cookie_date(&raw) {
                    Some(d) => Value::Date(d),
                    None => Value::String(raw),
                })
            }
            CookieAttribute::MaxAge => {
                let raw = self.attribute("Max-Age")?.1.clone().unwrap_or_default();
                Some(match raw.parse::<i64>() {
                    Ok(n) => Value::Integer(n),
                    Err(_) => Value::String(raw),
                })
            }
            CookieAttribute::Domain => text("Domain"),
            CookieAttribute::Path => text("Path"),
            CookieAttribute::SameSite => text("SameSite"),
            CookieAttribute::Secure => flag("Secure"),
            CookieAttribute::HttpOnly => flag("HttpOnly"),
        }
    }
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
    fn parses_set_cookie() {
        let c = SetCookie::parse(
            "LSID=DQAAAK; Expires=Wed, 13 Jan 2021 22:23:01 GMT; Max-Age=3600; Domain=example.com; \
             Path=/accounts; Secure; HttpOnly; SameSite=Lax",
        )
        .unwrap();
        let date = Utc.with_ymd_and_hms(2021, 1, 13, 22, 23, 1).unwrap();
        let rows = [
            (CookieAttribute::Value, Some(Value::String("DQAAAK".into()))),
            (CookieAttribute::Expires, Some(Value::Date(date))),
            (CookieAttribute::MaxAge, Some(Value::Integer(3600))),
            (
                CookieAttribute::Domain,
                Some(Value::String("example.com".into())),
            ),
            (
                CookieAttribute::Path,
                Some(Value::String("/accounts".into())),
            ),
            (CookieAttribute::Secure, Some(Value::Bool(true))),
            (CookieAttribute::HttpOnly, Some(Value::Bool(true))),
            (CookieAttribute::SameSite, Some(Value::String("Lax".into()))),
        ];
        for (attr, expected) in rows {
            assert_eq!(c.get(attr), expected, "{attr:?}");
        }
        let bare = SetCookie::parse("a=b").unwrap();
        for attr in [
            CookieAttribute::Secure,
            CookieAttribute::Expires,
            CookieAttribute::Domain,
        ] {
            assert_eq!(bare.get(attr), None);
        }
        assert_eq!(SetCookie::parse("novalue"), None);
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
