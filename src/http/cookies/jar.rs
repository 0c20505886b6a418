//! The cookie jar of one spec file: curl's cookie engine, as Hurl 8.0.1 drives it.
//!
//! Cookies live in curl's 63 buckets (a hash of the domain's last two labels), each in the
//! order cookies were added; a replaced cookie keeps its place and its creation order. That
//! order is the order of the jar file. A request only looks at its own host's bucket.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use super::cookie::Cookie;
use super::error::{NetscapeError, Rejected, StorageSetError};
use super::host::{self, BUCKETS};
use super::netscape::{self, HurlLine};
use super::path;
use super::request::{JarCookies, RequestTarget};
use super::set_cookie::{self, Origin, Parsed};

/// Most `Set-Cookie` headers curl takes from one response.
const MAX_SET_COOKIES: usize = 50;
/// Most cookies curl sends with one request.
const MAX_SENT: usize = 150;
/// curl stops adding cookies before its request header line would reach this size.
const MAX_HEADER_LEN: usize = 8190;

/// Where the jar takes the current time from (for `Max-Age` and expiry).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Clock {
    /// The system clock.
    #[default]
    System,
    /// A fixed time in unix seconds (tests, replays).
    Fixed(i64),
}

impl Clock {
    fn now(self) -> i64 {
        match self {
            Clock::System => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
            Clock::Fixed(t) => t,
        }
    }
}

/// A cookie the jar took in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    /// It replaced a cookie of the same name, domain and path.
    pub replaced: bool,
    /// The cookie as stored.
    pub cookie: Cookie,
}

impl fmt::Display for Stored {
    /// curl's debug line: `Added cookie name="value" for domain d, path p, expire e`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.cookie;
        write!(
            f,
            "{} cookie {}=\"{}\" for domain {}, path {}, expire {}",
            if self.replaced { "Replaced" } else { "Added" },
            c.name,
            c.value,
            c.domain.as_deref().unwrap_or("(none)"),
            c.path.as_deref().unwrap_or("(none)"),
            c.expires
        )
    }
}

/// The cookies Hurl would write to its `--cookie-jar` file for one spec file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NetscapeExport {
    /// One line per cookie, each ending with `\n`, as Hurl writes them.
    pub lines: String,
    /// curl's lines that Hurl's parser refuses, left out of the file (Hurl warns
    /// "Line <...> can not be parsed as cookie").
    pub skipped: Vec<(String, NetscapeError)>,
}

/// The cookies of one spec file (Hurl keeps one store per file).
#[derive(Clone, Debug)]
pub struct CookieJar {
    buckets: Vec<Vec<Cookie>>,
    last_creation: u64,
    /// The `--cookie FILE` contents, read again before every request as curl does.
    cookie_file: Option<String>,
    clock: Clock,
}

impl Default for CookieJar {
    fn default() -> Self {
        CookieJar::new()
    }
}

/// How a cookie reaches the jar.
#[derive(Clone, Copy)]
struct Source<'a> {
    /// The response's host, for the public suffix check (`None` for files and comments).
    host: Option<&'a str>,
    /// The response came over https or from localhost (always true for files and comments).
    secure_origin: bool,
    /// Keep expired cookies for now (curl does not clean up while reading a file).
    keep_expired: bool,
}

impl CookieJar {
    /// An empty jar on the system clock.
    pub fn new() -> Self {
        CookieJar {
            buckets: vec![Vec::new(); BUCKETS],
            last_creation: 0,
            cookie_file: None,
            clock: Clock::System,
        }
    }

    /// The jar with another clock.
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Changes the clock (tests move a fixed clock forward).
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    /// Reads cookies from a Netscape cookie file (`-b/--cookie FILE`): curl reads the file
    /// again before each request, so a cookie the server deleted comes back from the file
    /// (unless the server's own cookie of that name is still there). Lines may also be
    /// `Set-Cookie:` headers; comments, bad lines and expired cookies are skipped.
    pub fn set_cookie_file(&mut self, contents: &str) {
        self.cookie_file = Some(contents.to_string());
    }

    /// Stores the cookies of a response's `Set-Cookie` headers (values in order, as received,
    /// surrounding whitespace trimmed) for a request to `target`. One outcome per header.
    pub fn store_response<'a>(
        &mut self,
        target: &RequestTarget,
        set_cookies: impl IntoIterator<Item = &'a str>,
    ) -> Vec<Result<Stored, Rejected>> {
        let now = self.clock.now();
        let secure_origin = target.is_secure_context();
        let origin = Origin {
            host: target.host(),
            path: target.path(),
        };
        let source = Source {
            host: Some(target.host()),
            secure_origin,
            keep_expired: false,
        };
        let mut parsed_count = 0;
        set_cookies
            .into_iter()
            .map(|value| {
                if parsed_count >= MAX_SET_COOKIES {
                    return Err(Rejected::TooMany);
                }
                if value.len() > set_cookie::MAX_HEADER_VALUE {
                    return Err(Rejected::LineTooLong);
                }
                let parsed = set_cookie::parse(value, Some(origin), secure_origin, false, now)?;
                parsed_count += 1;
                self.add(parsed, source, now)
            })
            .collect()
    }

    /// The cookies to send with a request to `target`, in curl's order: longest path first,
    /// then longest domain, then longest name, then the newest. `None` when none matches.
    ///
    /// Like curl before each request, this first reads the cookie file again (if any) and
    /// drops expired cookies.
    pub fn cookies_for(&mut self, target: &RequestTarget) -> Option<JarCookies> {
        let now = self.clock.now();
        self.reload_cookie_file(now);
        let bucket = host::bucket(Some(target.host()));
        if self.buckets[bucket].is_empty() {
            return None;
        }
        self.remove_expired(now);
        let secure = target.is_secure_context();
        let ip = host::is_ip(target.host());
        let mut sent: Vec<&Cookie> = Vec::new();
        for c in &self.buckets[bucket] {
            if c.secure && !secure {
                continue;
            }
            let domain_ok = match c.domain.as_deref() {
                None => true,
                Some(d) if c.tailmatch && !ip => host::tail_matches(d, target.host()),
                Some(d) => d.eq_ignore_ascii_case(target.host()),
            };
            let path_ok = c
                .spath
                .as_deref()
                .is_none_or(|p| path::matches(p, target.path()));
            if domain_ok && path_ok {
                sent.push(c);
                if sent.len() >= MAX_SENT {
                    break;
                }
            }
        }
        if sent.is_empty() {
            return None;
        }
        sent.sort_by(|a, b| {
            let len = |c: &Cookie| {
                (
                    c.path.as_deref().map_or(0, str::len),
                    c.domain.as_deref().map_or(0, str::len),
                    c.name.len(),
                    c.creation,
                )
            };
            len(b).cmp(&len(a))
        });
        let mut value = String::new();
        let mut truncated = false;
        for c in sent {
            // curl counts its whole request head; this counts the `Cookie: ` line only.
            if "Cookie: ".len() + value.len() + c.name.len() + c.value.len() + 1 >= MAX_HEADER_LEN {
                truncated = true;
                break;
            }
            if !value.is_empty() {
                value.push_str("; ");
            }
            value.push_str(&c.name);
            value.push('=');
            value.push_str(&c.value);
        }
        Some(JarCookies { value, truncated })
    }

    /// Adds a cookie from a Netscape line, as Hurl's `# @cookie_storage_set: LINE` comment
    /// does: fields separated by spaces or tabs, the value taking the rest of the line.
    pub fn add_netscape(&mut self, line: &str) -> Result<Stored, StorageSetError> {
        let hurl = HurlLine::parse(line.trim())?;
        let mut parsed = netscape::parse_curl_line(&hurl.format())?;
        parsed.cookie.live = true;
        let source = Source {
            host: None,
            secure_origin: true,
            keep_expired: false,
        };
        let now = self.clock.now();
        Ok(self.add(parsed, source, now)?)
    }

    /// Removes every cookie (`# @cookie_storage_clear`). A cookie file comes back before the
    /// next request.
    pub fn clear(&mut self) {
        for b in &mut self.buckets {
            b.clear();
        }
    }

    /// The stored cookies in the jar file's order (bucket by bucket), without the cookies of
    /// a file's `Set-Cookie:` lines that had no `Domain` (curl never lists those). Cookies
    /// the server deleted stay (expiry 1) until the next request or `Set-Cookie`.
    pub fn cookies(&self) -> impl Iterator<Item = &Cookie> {
        self.buckets.iter().flatten().filter(|c| c.domain.is_some())
    }

    /// The lines Hurl writes to its `--cookie-jar` file for this jar.
    pub fn netscape_export(&self) -> NetscapeExport {
        let mut export = NetscapeExport::default();
        for c in self.cookies() {
            match netscape::hurl_line(c) {
                Ok(line) => {
                    export.lines.push_str(&line);
                    export.lines.push('\n');
                }
                Err(e) => export.skipped.push((c.to_netscape(), e)),
            }
        }
        export
    }

    /// Whether the jar holds no cookie at all.
    pub fn is_empty(&self) -> bool {
        self.buckets.iter().all(Vec::is_empty)
    }

    /// Reads the cookie file again, as curl does before every transfer.
    fn reload_cookie_file(&mut self, now: i64) {
        let Some(contents) = self.cookie_file.take() else {
            return;
        };
        let source = Source {
            host: None,
            secure_origin: true,
            keep_expired: true,
        };
        for line in netscape::file_lines(&contents) {
            let parsed = match strip_set_cookie(line) {
                Some(header) => set_cookie::parse(header, None, true, true, now),
                None => netscape::parse_curl_line(set_cookie_free(line)),
            };
            if let Ok(parsed) = parsed {
                // A line curl refuses is skipped silently, as in curl.
                let _ = self.add(parsed, source, now);
            }
        }
        self.remove_expired(now);
        self.cookie_file = Some(contents);
    }

    /// Drops every cookie whose expiry has passed.
    fn remove_expired(&mut self, now: i64) {
        for b in &mut self.buckets {
            b.retain(|c| !c.expired_at(now));
        }
    }

    /// curl's checks once a cookie is read: prefixes, public suffixes, secure overlay, then
    /// replacement of the cookie with the same name, domain, subdomain flag and path.
    fn add(&mut self, parsed: Parsed, source: Source<'_>, now: i64) -> Result<Stored, Rejected> {
        let mut c = parsed.cookie;
        if parsed.secure_prefix && !c.secure {
            return Err(Rejected::SecurePrefix);
        }
        if parsed.host_prefix && !(c.secure && c.path.as_deref() == Some("/") && !c.tailmatch) {
            return Err(Rejected::HostPrefix);
        }
        self.last_creation += 1;
        c.creation = self.last_creation;
        if !source.keep_expired {
            self.remove_expired(now);
        }
        if let (Some(h), Some(d)) = (source.host, c.domain.as_deref()) {
            if !host::is_ip(d) && !host::domain_acceptable(h, d) {
                return Err(Rejected::PublicSuffix(d.to_string()));
            }
        }
        let list = &mut self.buckets[host::bucket(c.domain.as_deref())];
        let mut replace = None;
        for (i, old) in list.iter().enumerate() {
            if !old.name.eq_ignore_ascii_case(&c.name) {
                continue;
            }
            if old.secure && !c.secure && !source.secure_origin && same_domain(old, &c, false) {
                if let (Some(old_path), Some(new_path)) = (&old.spath, &c.spath) {
                    let guarded = path::first_segment(old_path).as_bytes();
                    if set_cookie::starts_with_ignore_case(new_path.as_bytes(), guarded) {
                        return Err(Rejected::OverlaysSecure);
                    }
                }
            }
            if replace.is_none() && same_domain(old, &c, true) && same_path(old, &c) {
                if !c.live && old.live {
                    return Err(Rejected::ShadowedByLive);
                }
                replace = Some(i);
            }
        }
        let replaced = match replace {
            Some(i) => {
                c.creation = list[i].creation;
                list[i] = c.clone();
                true
            }
            None => {
                list.push(c.clone());
                false
            }
        };
        Ok(Stored {
            replaced,
            cookie: c,
        })
    }
}

/// Same domain, case-insensitively (and, for replacement, the same subdomain flag).
fn same_domain(a: &Cookie, b: &Cookie, with_flag: bool) -> bool {
    match (&a.domain, &b.domain) {
        (Some(x), Some(y)) => {
            x.eq_ignore_ascii_case(y) && (!with_flag || a.tailmatch == b.tailmatch)
        }
        (None, None) => true,
        _ => false,
    }
}

/// Same sanitized path, case-insensitively (curl compares paths so for replacement).
fn same_path(a: &Cookie, b: &Cookie) -> bool {
    match (&a.spath, &b.spath) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
        (None, None) => true,
        _ => false,
    }
}

/// The header of a cookie file's `Set-Cookie:` line (prefix matched case-insensitively).
fn strip_set_cookie(line: &str) -> Option<&str> {
    let prefix = "Set-Cookie:";
    let head = line.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| set_cookie_free(&line[prefix.len()..]))
}

/// A cookie file line without its leading blanks.
fn set_cookie_free(line: &str) -> &str {
    line.trim_start_matches([' ', '\t'])
}

#[cfg(test)]
#[path = "tests/jar.rs"]
mod tests;

#[cfg(test)]
#[path = "tests/jar_lifecycle.rs"]
mod lifecycle_tests;
