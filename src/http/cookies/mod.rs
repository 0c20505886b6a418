//! Cookies as Hurl 8.0.1 handles them, that is as libcurl's cookie engine does.
//!
//! * [`CookieJar`]: the cookies of one spec file. It stores the `Set-Cookie` headers of each
//!   response ([`CookieJar::store_response`]), gives the cookies to send with a request
//!   ([`CookieJar::cookies_for`]), reads a `--cookie FILE` ([`CookieJar::set_cookie_file`]),
//!   takes `# @cookie_storage_set:` lines ([`CookieJar::add_netscape`]) and
//!   `# @cookie_storage_clear` ([`CookieJar::clear`]), and gives the lines of Hurl's
//!   `--cookie-jar` file ([`CookieJar::netscape_export`], [`JAR_FILE_HEADER`],
//!   [`jar_file_section`]).
//! * [`merge_cookie_header`]: the one `Cookie` header of a request (jar, `[Cookies]`, written
//!   `Cookie:` headers).
//! * [`ResponseCookie`]: a response's own `Set-Cookie` headers as the `cookie "name[Attr]"`
//!   query reads them.
//!
//! Behaviours were checked against the real `hurl` 8.0.1 binary (libcurl 7.88.1 with libpsl);
//! the scenarios and their recorded results are in `fixtures/cookies/oracle/`, replayed by
//! this module's tests.

mod cookie;
mod date;
mod error;
mod host;
mod jar;
mod netscape;
mod path;
mod request;
mod response;
mod set_cookie;

pub use cookie::Cookie;
pub use error::{ExpiresError, NetscapeError, Rejected, StorageSetError, TargetError};
pub use jar::{Clock, CookieJar, NetscapeExport, Stored};
pub use netscape::{hurl_line, jar_file_section, JAR_FILE_HEADER};
pub use request::{merge_cookie_header, JarCookies, RequestTarget};
pub use response::{ResponseCookie, ResponseCookieAttribute};

#[cfg(test)]
#[path = "tests/oracle_replay.rs"]
mod oracle_replay;
