//! Redirect rules: which statuses redirect, where to, with which method, and which headers
//! may travel to another origin.

use url::Url;

use super::request::Header;

/// Statuses sortie follows.
pub(crate) fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// `Location` resolved against the URL that sent it.
pub(crate) fn resolve(base: &str, location: &str) -> Result<Url, String> {
    let base = Url::parse(base).map_err(|e| format!("invalid URL {base}: {e}"))?;
    base.join(location.trim())
        .map_err(|e| format!("invalid redirect Location '{location}': {e}"))
}

/// Same scheme, host and port.
pub(crate) fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// 301, 302 and 303 become GET without a body (HEAD stays HEAD); 307 and 308 keep both.
pub(crate) fn keeps_method(status: u16) -> bool {
    matches!(status, 307 | 308)
}

/// Headers that describe a body, dropped with it.
pub(crate) fn is_body_header(name: &str) -> bool {
    name.eq_ignore_ascii_case("content-type") || name.eq_ignore_ascii_case("content-length")
}

/// Credentials that must not reach another origin: `Authorization`, `Cookie`, and anything a
/// connection added (an API key in `X-Api-Key` too).
pub(crate) fn is_credential(header: &Header) -> bool {
    header.from_connection
        || header.name.eq_ignore_ascii_case("authorization")
        || header.name.eq_ignore_ascii_case("cookie")
        || header.name.eq_ignore_ascii_case("proxy-authorization")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_locations() {
        let cases = [
            ("http://a.test/x/y", "/z", "http://a.test/z"),
            ("http://a.test/x/y", "z", "http://a.test/x/z"),
            ("http://a.test/x/y", "../z?q=1", "http://a.test/z?q=1"),
            ("http://a.test/x", "//b.test:81/p", "http://b.test:81/p"),
            ("http://a.test/x", "https://c.test/", "https://c.test/"),
        ];
        for (base, loc, want) in cases {
            assert_eq!(resolve(base, loc).unwrap().as_str(), want, "{base} + {loc}");
        }
        assert!(resolve("not a url", "/x").is_err());
    }

    #[test]
    fn origins() {
        let u = |s: &str| Url::parse(s).unwrap();
        assert!(same_origin(&u("http://a.test/x"), &u("http://a.test:80/y")));
        assert!(!same_origin(&u("http://a.test/"), &u("https://a.test/")));
        assert!(!same_origin(&u("http://a.test/"), &u("http://a.test:81/")));
        assert!(!same_origin(&u("http://a.test/"), &u("http://b.test/")));
    }

    #[test]
    fn credentials() {
        assert!(is_credential(&Header::new("Authorization", "x")));
        assert!(is_credential(&Header::new("cookie", "x")));
        assert!(!is_credential(&Header::new("X-Api-Key", "x")));
        let mut h = Header::new("X-Api-Key", "x");
        h.from_connection = true;
        assert!(is_credential(&h));
    }
}
