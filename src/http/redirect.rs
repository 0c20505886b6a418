//! Redirect rules: which statuses redirect, where to, with which method, and which headers
//! may travel to another origin.

use url::Url;

use super::request::Header;

/// The method of the next hop, as libcurl (and so Hurl) chooses it: 301, 302 and 303
/// become GET (a HEAD too); every other status keeps the method.
pub(crate) fn redirect_method(status: u16, method: &str) -> String {
    match status {
        301..=303 => "GET".to_string(),
        _ => method.to_string(),
    }
}

/// True when a hop to `next` leaves the first request's origin (scheme, host or port), so
/// the credentials stay behind unless trusted (`location-trusted`). As in Hurl, the first
/// request's URL is the reference, not the previous hop's.
pub(crate) fn strips_credentials(first: &Url, next: &Url) -> bool {
    first.scheme() != next.scheme()
        || first.host_str() != next.host_str()
        || first.port_or_known_default() != next.port_or_known_default()
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
    fn methods_per_status() {
        for (status, method, want) in [
            (301, "POST", "GET"),
            (302, "PUT", "GET"),
            (303, "HEAD", "GET"),
            (307, "POST", "POST"),
            (308, "PATCH", "PATCH"),
            (300, "POST", "POST"),
        ] {
            assert_eq!(redirect_method(status, method), want, "{status} {method}");
        }
    }

    #[test]
    fn origins() {
        let u = |s: &str| Url::parse(s).unwrap();
        assert!(!strips_credentials(
            &u("http://a.test/x"),
            &u("http://a.test:80/y")
        ));
        assert!(strips_credentials(
            &u("http://a.test/"),
            &u("https://a.test/")
        ));
        assert!(strips_credentials(
            &u("http://a.test/"),
            &u("http://a.test:81/")
        ));
        assert!(strips_credentials(
            &u("http://a.test/"),
            &u("http://b.test/")
        ));
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
