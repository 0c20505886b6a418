//! `.netrc` credentials lookup, as curl's `--netrc`, `--netrc-optional` and `--netrc-file` do.
//!
//! The parser is curl 8's: a token stream (blanks and new lines separate tokens, comment lines
//! start with `#`, quoted tokens with `\"`, `\\`, `\n`, `\r`, `\t` escapes), `machine`,
//! `default`, `login`, `password` keywords (case-insensitive), `macdef` bodies skipped up to an
//! empty line, anything else (such as `account` and its value) ignored. The first entry for the
//! host wins; `default` matches any host. The file is looked up for the URL's host name only,
//! whatever the scheme and port.

use std::path::{Path, PathBuf};

/// curl refuses `.netrc` files larger than this.
const MAX_NETRC_FILE: usize = 128 * 1024;
/// curl refuses tokens longer than this.
const MAX_NETRC_TOKEN: usize = 4096;

/// An error reading or parsing a `.netrc` file.
#[derive(Debug, thiserror::Error)]
pub enum NetrcError {
    /// A token is malformed (unterminated quote, dangling escape, over-long, empty).
    #[error(".netrc parser error: syntax error at byte {0}")]
    Syntax(usize),
    /// The file is larger than curl's 128 KiB limit.
    #[error(".netrc parser error: file larger than 128 KiB")]
    TooLarge,
    /// The file exists but cannot be read.
    #[error("cannot read .netrc file {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// Credentials found for a host.
#[derive(Clone, PartialEq, Eq)]
pub struct NetrcCredentials {
    /// The login (empty when the entry has only a password).
    pub login: String,
    /// The password; `None` when the entry for a requested login had none.
    pub password: Option<String>,
}

impl std::fmt::Debug for NetrcCredentials {
    // Passwords stay out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NetrcCredentials")
            .field("login", &self.login)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .finish()
    }
}

/// How `.netrc` relates to credentials in the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetrcMode {
    /// `--netrc-optional`: URL credentials are preferred; a URL user name selects the entry.
    Optional,
    /// `--netrc` and `--netrc-file`: URL credentials are ignored.
    Required,
}

/// The file curl reads when no `--netrc-file` is given: `$NETRC` (curl ≥ 8.16), else
/// `$HOME/.netrc`. `env` reads an environment variable (inject `std::env::var(..).ok()`).
pub fn default_netrc_path(env: impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    if let Some(file) = env("NETRC").filter(|f| !f.is_empty()) {
        return Some(PathBuf::from(file));
    }
    env("HOME")
        .filter(|h| !h.is_empty())
        .map(|home| Path::new(&home).join(".netrc"))
}

/// Reads a `.netrc` file; a missing file is `Ok(None)` (curl then just goes on without).
pub fn read_netrc_file(path: &Path) -> Result<Option<String>, NetrcError> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(NetrcError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// The credentials to use for a request to `host`, combining the URL's and the `.netrc`'s as
/// curl does (an explicit `--user` bypasses `.netrc` altogether: don't call this then).
///
/// Returns `None` when there is nothing to authenticate with.
pub fn resolve_credentials(
    mode: NetrcMode,
    netrc: Option<&str>,
    host: &str,
    url_user: Option<&str>,
    url_password: Option<&str>,
) -> Result<Option<NetrcCredentials>, NetrcError> {
    let (user, password) = match mode {
        NetrcMode::Required => (None, None),
        NetrcMode::Optional => (url_user, url_password),
    };
    if let (Some(user), Some(password)) = (user, password) {
        return Ok(Some(NetrcCredentials {
            login: user.to_string(),
            password: Some(password.to_string()),
        }));
    }
    let found = match netrc {
        Some(content) => lookup(content, host, user)?,
        None => None,
    };
    Ok(found.or_else(|| {
        user.map(|u| NetrcCredentials {
            login: u.to_string(),
            password: None,
        })
    }))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Nothing,
    HostFound,
    HostValid,
    Macdef,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Keyword {
    None,
    Login,
    Password,
}

/// Looks `host` up in `.netrc` content; with `login`, only an entry for that login matches.
///
/// `Ok(None)` means no matching entry.
pub fn lookup(
    content: &str,
    host: &str,
    login: Option<&str>,
) -> Result<Option<NetrcCredentials>, NetrcError> {
    let buffer = strip_comments(content);
    if buffer.len() > MAX_NETRC_FILE {
        return Err(NetrcError::TooLarge);
    }
    let bytes = buffer.as_bytes();
    let specific_login = login.is_some();
    let mut current_login: Option<String> = login.map(str::to_string);
    let mut password: Option<String> = None;
    let mut state = State::Nothing;
    let mut keyword = Keyword::None;
    let (mut found_login, mut found_password) = (false, false);
    let mut our_login = false;
    let mut host_matched = false;

    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        if state == State::Macdef && matches!(bytes[i], b'\n' | b'\r') {
            // An empty line ends a macro definition.
            state = State::Nothing;
        }
        if matches!(bytes[i], b'\n' | b'\r') {
            i += 1;
            continue;
        }
        let (token, end) = read_token(bytes, i)?;
        // The byte after a token is its delimiter; curl skips it.
        i = end + 1;

        match state {
            State::Nothing => {
                if token.eq_ignore_ascii_case("macdef") {
                    state = State::Macdef;
                } else if token.eq_ignore_ascii_case("machine") {
                    state = State::HostFound;
                    keyword = Keyword::None;
                    (found_login, found_password, our_login) = (false, false, false);
                    password = None;
                    if !specific_login {
                        current_login = None;
                    }
                } else if token.eq_ignore_ascii_case("default") {
                    state = State::HostValid;
                    host_matched = true;
                }
            }
            State::Macdef => {
                if token.is_empty() {
                    state = State::Nothing;
                }
            }
            State::HostFound => {
                if token.eq_ignore_ascii_case(host) {
                    state = State::HostValid;
                    host_matched = true;
                } else {
                    state = State::Nothing;
                }
            }
            State::HostValid => {
                match keyword {
                    Keyword::Login => {
                        if specific_login {
                            our_login = current_login.as_deref() == Some(token.as_str());
                        } else {
                            our_login = true;
                            current_login = Some(token.clone());
                        }
                        found_login = true;
                        keyword = Keyword::None;
                    }
                    Keyword::Password => {
                        password = Some(token.clone());
                        if !specific_login || our_login {
                            found_password = true;
                        }
                        keyword = Keyword::None;
                    }
                    Keyword::None => {
                        if token.eq_ignore_ascii_case("login") {
                            keyword = Keyword::Login;
                        } else if token.eq_ignore_ascii_case("password") {
                            keyword = Keyword::Password;
                        } else if token.eq_ignore_ascii_case("machine") {
                            if found_password {
                                break;
                            }
                            state = State::HostFound;
                            (found_login, found_password) = (false, false);
                            password = None;
                            if !specific_login {
                                current_login = None;
                            }
                        } else if token.eq_ignore_ascii_case("default") {
                            host_matched = true;
                            password = None;
                            if !specific_login {
                                current_login = None;
                            }
                        }
                    }
                }
                if found_login && found_password && our_login {
                    break;
                }
            }
        }
    }

    if !host_matched {
        return Ok(None);
    }
    if password.is_none() && our_login {
        password = Some(String::new());
    } else if current_login.is_none() && password.is_none() {
        // A `default` (or host) entry without credentials.
        return Ok(None);
    }
    Ok(Some(NetrcCredentials {
        login: current_login.unwrap_or_default(),
        password,
    }))
}

/// Drops lines whose first non-blank is `#` and the leading blanks of the others, as curl does
/// when loading the file.
fn strip_comments(content: &str) -> String {
    let mut out = String::with_capacity(content.len());
    for line in content.split_inclusive('\n') {
        let line = line.trim_start_matches([' ', '\t']);
        if !line.starts_with('#') {
            out.push_str(line);
        }
    }
    out
}

/// Reads the token starting at `start`; returns it and the index just past it.
fn read_token(bytes: &[u8], start: usize) -> Result<(String, usize), NetrcError> {
    let mut token: Vec<u8> = Vec::new();
    let mut i = start;
    if bytes[i] == b'"' {
        i += 1;
        let mut escape = false;
        loop {
            let Some(&c) = bytes.get(i) else {
                return Err(NetrcError::Syntax(start));
            };
            i += 1;
            if escape {
                escape = false;
                token.push(match c {
                    b'n' => b'\n',
                    b'r' => b'\r',
                    b't' => b'\t',
                    other => other,
                });
            } else if c == b'\\' {
                escape = true;
            } else if c == b'"' {
                break;
            } else {
                token.push(c);
            }
        }
    } else {
        // Unquoted tokens run to the first control character or space.
        while i < bytes.len() && bytes[i] > b' ' {
            token.push(bytes[i]);
            i += 1;
        }
        if token.is_empty() {
            return Err(NetrcError::Syntax(start));
        }
    }
    if token.len() > MAX_NETRC_TOKEN {
        return Err(NetrcError::Syntax(start));
    }
    Ok((String::from_utf8_lossy(&token).into_owned(), i))
}

#[cfg(test)]
#[path = "netrc_tests.rs"]
mod tests;
