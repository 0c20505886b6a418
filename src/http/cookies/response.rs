//! The cookies a response sets, as Hurl's `cookie "name[Attribute]"` query reads them.
//!
//! This is Hurl's own reading of `Set-Cookie`, not curl's: the name is everything before the
//! first `=` (untrimmed), the value runs to the first `;`, and each attribute is split on `=`
//! with only its name trimmed. It is independent of the jar: the query works with
//! `--no-cookie-store` and sees cookies curl refused. `oracle/results/query_attrs.txt` and
//! `query_expires_formats.txt` hold the checks against Hurl 8.0.1.

use chrono::{DateTime, NaiveDateTime, Utc};

use super::error::ExpiresError;

/// One `Set-Cookie` header as Hurl's cookie query reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseCookie {
    /// Everything before the first `=` of the header.
    pub name: String,
    /// From the first `=` to the first `;` after it.
    pub value: String,
    /// The `;`-separated parts after the value, in order.
    pub attributes: Vec<ResponseCookieAttribute>,
}

/// One attribute of a [`ResponseCookie`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseCookieAttribute {
    /// The text before the first `=`, trimmed.
    pub name: String,
    /// The text between the first and the second `=`, untrimmed; `None` without `=`.
    pub value: Option<String>,
}

impl ResponseCookie {
    /// Reads one `Set-Cookie` value (as Hurl stores it: surrounding whitespace trimmed).
    /// `None` when it has no `=`.
    pub fn parse(header: &str) -> Option<ResponseCookie> {
        let (name, rest) = header.split_once('=')?;
        let mut parts = rest.split(';');
        let value = parts.next().unwrap_or_default();
        let attributes = parts
            .filter(|p| !p.is_empty())
            .map(|p| {
                let mut tokens = p.split('=');
                ResponseCookieAttribute {
                    name: tokens.next().unwrap_or_default().trim().to_string(),
                    value: tokens.next().map(str::to_string),
                }
            })
            .collect();
        Some(ResponseCookie {
            name: name.to_string(),
            value: value.to_string(),
            attributes,
        })
    }

    /// The first cookie called `name` (exact, case-sensitive) among a response's `Set-Cookie`
    /// values, in header order; the values are trimmed as Hurl trims header values.
    pub fn find<'a>(
        set_cookies: impl IntoIterator<Item = &'a str>,
        name: &str,
    ) -> Option<ResponseCookie> {
        set_cookies
            .into_iter()
            .filter_map(|h| ResponseCookie::parse(h.trim()))
            .find(|c| c.name == name)
    }

    /// `cookie "name[Value]"` (and `cookie "name"`).
    pub fn value(&self) -> &str {
        &self.value
    }

    /// `cookie "name[Expires]"`: the date, `None` without the attribute, an error when Hurl
    /// cannot read it (only RFC 2822 dates and `Wed, 21-Oct-2015 07:28:00 GMT` are read: a
    /// wrong weekday, a full weekday name or asctime's format fail).
    pub fn expires(&self) -> Result<Option<DateTime<Utc>>, ExpiresError> {
        let Some(s) = self.text("Expires") else {
            return Ok(None);
        };
        if let Ok(d) = DateTime::parse_from_rfc2822(s) {
            return Ok(Some(d.with_timezone(&Utc)));
        }
        match NaiveDateTime::parse_from_str(s, "%a, %d-%b-%Y %H:%M:%S%.3f GMT") {
            Ok(d) => Ok(Some(d.and_utc())),
            Err(_) => Err(ExpiresError(s.to_string())),
        }
    }

    /// `cookie "name[Max-Age]"`: the first `Max-Age` that is an integer; `None` if none is.
    pub fn max_age(&self) -> Option<i64> {
        self.attributes
            .iter()
            .filter(|a| a.name.eq_ignore_ascii_case("Max-Age"))
            .find_map(|a| a.value.as_deref().and_then(|v| v.parse::<i64>().ok()))
    }

    /// `cookie "name[Domain]"`.
    pub fn domain(&self) -> Option<&str> {
        self.text("Domain")
    }

    /// `cookie "name[Path]"`.
    pub fn path(&self) -> Option<&str> {
        self.text("Path")
    }

    /// `cookie "name[SameSite]"`.
    pub fn same_site(&self) -> Option<&str> {
        self.text("SameSite")
    }

    /// `cookie "name[Secure]"` exists: some `Secure` attribute without `=`.
    pub fn secure(&self) -> bool {
        self.flag("Secure")
    }

    /// `cookie "name[HttpOnly]"` exists: some `HttpOnly` attribute without `=`.
    pub fn http_only(&self) -> bool {
        self.flag("HttpOnly")
    }

    /// The value of the first attribute called `name` (any case); `None` when that first one
    /// has no `=`, even if a later one has.
    fn text(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
            .and_then(|a| a.value.as_deref())
    }

    fn flag(&self, name: &str) -> bool {
        self.attributes
            .iter()
            .any(|a| a.name.eq_ignore_ascii_case(name) && a.value.is_none())
    }
}

#[cfg(test)]
#[path = "tests/response.rs"]
mod tests;
