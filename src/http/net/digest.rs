//! HTTP Digest access authentication (RFC 7616, RFC 2617), answering as curl's `--digest` does.
//!
//! [`Challenge::parse`] reads a `WWW-Authenticate: Digest …` value; [`DigestClient`] keeps the
//! challenge, the client nonce and the nonce count, and builds each `Authorization` value with
//! curl's field order: `username, realm, nonce, uri, cnonce, nc, qop, response`, then `opaque`,
//! `algorithm` and `userhash` when present.

use md5::Md5;
use sha2::{Digest, Sha256, Sha512_256};
use std::fmt::Write as _;

/// An error while reading a Digest challenge.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DigestError {
    /// The header does not start with the `Digest` scheme.
    #[error("not a Digest challenge")]
    NotDigest,
    /// A parameter is malformed (no `=`, or an unterminated quoted string).
    #[error("malformed Digest challenge parameter near <{0}>")]
    Malformed(String),
    /// The challenge has no `nonce`.
    #[error("Digest challenge without nonce")]
    MissingNonce,
    /// The `algorithm` is not one curl supports.
    #[error("unsupported Digest algorithm <{0}>")]
    UnsupportedAlgorithm(String),
    /// A `-sess` algorithm without a `qop` of `auth` or `auth-int`.
    #[error("Digest session algorithm <{0}> requires qop auth or auth-int")]
    SessionWithoutQop(String),
}

/// The hash algorithm of a challenge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// `MD5` (the default when the challenge names none).
    Md5,
    /// `MD5-sess`.
    Md5Sess,
    /// `SHA-256`.
    Sha256,
    /// `SHA-256-sess`.
    Sha256Sess,
    /// `SHA-512-256`.
    Sha512_256,
    /// `SHA-512-256-sess`.
    Sha512_256Sess,
}

impl Algorithm {
    fn parse(name: &str) -> Result<Self, DigestError> {
        let known = [
            ("MD5", Algorithm::Md5),
            ("MD5-sess", Algorithm::Md5Sess),
            ("SHA-256", Algorithm::Sha256),
            ("SHA-256-sess", Algorithm::Sha256Sess),
            ("SHA-512-256", Algorithm::Sha512_256),
            ("SHA-512-256-sess", Algorithm::Sha512_256Sess),
        ];
        known
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, a)| *a)
            .ok_or_else(|| DigestError::UnsupportedAlgorithm(name.to_string()))
    }

    fn is_session(self) -> bool {
        matches!(
            self,
            Algorithm::Md5Sess | Algorithm::Sha256Sess | Algorithm::Sha512_256Sess
        )
    }

    /// Lower-case hex of the algorithm's hash of `data`.
    fn hash_hex(self, data: &[u8]) -> String {
        let digest: Vec<u8> = match self {
            Algorithm::Md5 | Algorithm::Md5Sess => Md5::digest(data).to_vec(),
            Algorithm::Sha256 | Algorithm::Sha256Sess => Sha256::digest(data).to_vec(),
            Algorithm::Sha512_256 | Algorithm::Sha512_256Sess => Sha512_256::digest(data).to_vec(),
        };
        let mut out = String::with_capacity(digest.len() * 2);
        for b in digest {
            let _ = write!(out, "{b:02x}");
        }
        out
    }
}

/// The quality of protection chosen from the challenge's `qop` list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qop {
    /// `auth`, preferred when offered.
    Auth,
    /// `auth-int`: the body's hash is part of the response.
    AuthInt,
}

impl Qop {
    fn as_str(self) -> &'static str {
        match self {
            Qop::Auth => "auth",
            Qop::AuthInt => "auth-int",
        }
    }
}

/// A parsed `WWW-Authenticate: Digest` challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    /// `realm`, empty when absent.
    pub realm: String,
    /// `nonce`.
    pub nonce: String,
    /// `opaque`, echoed back.
    pub opaque: Option<String>,
    /// The chosen `qop`; `None` for RFC 2069 servers.
    pub qop: Option<Qop>,
    /// The algorithm.
    pub algorithm: Algorithm,
    /// The `algorithm` value as the server wrote it, echoed back as curl does.
    pub algorithm_name: Option<String>,
    /// `stale=true`: the previous nonce expired, credentials were right.
    pub stale: bool,
    /// `userhash=true`: send `H(username:realm)` instead of the user name.
    pub userhash: bool,
}

impl Challenge {
    /// Parses a header value such as `Digest realm="r", nonce="n", qop="auth,auth-int"`.
    ///
    /// As curl, unknown parameters are ignored, parameter names are case-insensitive and `qop`
    /// picks `auth` over `auth-int` (others are ignored).
    pub fn parse(header: &str) -> Result<Self, DigestError> {
        let header = header.trim_start();
        let rest = match header.get(..6) {
            Some(s) if s.eq_ignore_ascii_case("digest") => &header[6..],
            _ => return Err(DigestError::NotDigest),
        };
        if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
            return Err(DigestError::NotDigest);
        }
        let mut challenge = Challenge {
            realm: String::new(),
            nonce: String::new(),
            opaque: None,
            qop: None,
            algorithm: Algorithm::Md5,
            algorithm_name: None,
            stale: false,
            userhash: false,
        };
        let mut nonce = None;
        for (name, value) in parse_params(rest)? {
            match name.to_ascii_lowercase().as_str() {
                "nonce" => nonce = Some(value),
                "realm" => challenge.realm = value,
                "opaque" => challenge.opaque = Some(value),
                "stale" => challenge.stale = value.eq_ignore_ascii_case("true"),
                "userhash" => challenge.userhash = value.eq_ignore_ascii_case("true"),
                "qop" => {
                    let offered: Vec<String> = value
                        .split(',')
                        .map(|q| q.trim().to_ascii_lowercase())
                        .collect();
                    if offered.iter().any(|q| q == "auth") {
                        challenge.qop = Some(Qop::Auth);
                    } else if offered.iter().any(|q| q == "auth-int") {
                        challenge.qop = Some(Qop::AuthInt);
                    }
                }
                "algorithm" => {
                    challenge.algorithm = Algorithm::parse(&value)?;
                    challenge.algorithm_name = Some(value);
                }
                _ => {}
            }
        }
        challenge.nonce = nonce.ok_or(DigestError::MissingNonce)?;
        if challenge.algorithm.is_session() && challenge.qop.is_none() {
            return Err(DigestError::SessionWithoutQop(
                challenge.algorithm_name.clone().unwrap_or_default(),
            ));
        }
        Ok(challenge)
    }
}

/// Splits `k=v, k="quoted \"v\"", …` into pairs (curl's "sloppy" parsing).
fn parse_params(input: &str) -> Result<Vec<(String, String)>, DigestError> {
    let mut params = Vec::new();
    let mut rest = input;
    loop {
        rest = rest.trim_start_matches([' ', '\t', ',']);
        if rest.is_empty() {
            return Ok(params);
        }
        let eq = rest
            .find('=')
            .ok_or_else(|| DigestError::Malformed(rest.to_string()))?;
        let name = rest[..eq].trim().to_string();
        rest = rest[eq + 1..].trim_start_matches([' ', '\t']);
        let mut value = String::new();
        if let Some(quoted) = rest.strip_prefix('"') {
            let mut chars = quoted.char_indices();
            let mut end = None;
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => match chars.next() {
                        Some((_, escaped)) => value.push(escaped),
                        None => break,
                    },
                    '"' => {
                        end = Some(i + 1);
                        break;
                    }
                    _ => value.push(c),
                }
            }
            let end = end.ok_or_else(|| DigestError::Malformed(rest.to_string()))?;
            rest = &quoted[end..];
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            value = rest[..end].trim_end().to_string();
            rest = &rest[end..];
        }
        params.push((name, value));
    }
}

/// Quotes a value for a quoted-string, escaping `"` and `\`.
fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// Answers a challenge for successive requests, counting nonce uses as curl does.
#[derive(Debug, Clone)]
pub struct DigestClient {
    challenge: Challenge,
    cnonce: String,
    nc: u32,
}

/// What the answer is computed over.
#[derive(Debug, Clone, Copy)]
pub struct DigestRequest<'a> {
    /// The request method.
    pub method: &'a str,
    /// The request-target: path and query as sent (e.g. `/dir/index.html?x=1`).
    pub uri: &'a str,
    /// The body, hashed only for `qop=auth-int`.
    pub body: &'a [u8],
}

impl DigestClient {
    /// Starts answering `challenge` with the client nonce `cnonce`.
    ///
    /// curl uses the base64 of 12 random bytes; the caller supplies it so this stays pure.
    pub fn new(challenge: Challenge, cnonce: impl Into<String>) -> Self {
        DigestClient {
            challenge,
            cnonce: cnonce.into(),
            nc: 1,
        }
    }

    /// The challenge being answered.
    pub fn challenge(&self) -> &Challenge {
        &self.challenge
    }

    /// Builds the `Authorization` header value for one request and advances the nonce count.
    pub fn authorization(
        &mut self,
        username: &str,
        password: &str,
        request: &DigestRequest<'_>,
    ) -> String {
        let ch = &self.challenge;
        let algo = ch.algorithm;
        let mut ha1 = algo.hash_hex(format!("{username}:{}:{password}", ch.realm).as_bytes());
        if algo.is_session() {
            ha1 = algo.hash_hex(format!("{ha1}:{}:{}", ch.nonce, self.cnonce).as_bytes());
        }
        let a2 = match ch.qop {
            Some(Qop::AuthInt) => format!(
                "{}:{}:{}",
                request.method,
                request.uri,
                algo.hash_hex(request.body)
            ),
            _ => format!("{}:{}", request.method, request.uri),
        };
        let ha2 = algo.hash_hex(a2.as_bytes());
        let nc = format!("{:08x}", self.nc);
        let response = match ch.qop {
            Some(qop) => algo.hash_hex(
                format!(
                    "{ha1}:{}:{nc}:{}:{}:{ha2}",
                    ch.nonce,
                    self.cnonce,
                    qop.as_str()
                )
                .as_bytes(),
            ),
            None => algo.hash_hex(format!("{ha1}:{}:{ha2}", ch.nonce).as_bytes()),
        };
        let user = if ch.userhash {
            algo.hash_hex(format!("{username}:{}", ch.realm).as_bytes())
        } else {
            username.to_string()
        };
        let mut out = format!(
            "Digest username={}, realm={}, nonce={}, uri=\"{}\"",
            quote(&user),
            quote(&ch.realm),
            quote(&ch.nonce),
            request.uri
        );
        if let Some(qop) = ch.qop {
            let _ = write!(
                out,
                ", cnonce=\"{}\", nc={nc}, qop={}",
                self.cnonce,
                qop.as_str()
            );
            self.nc = self.nc.wrapping_add(1);
        }
        let _ = write!(out, ", response=\"{response}\"");
        if let Some(opaque) = &ch.opaque {
            let _ = write!(out, ", opaque={}", quote(opaque));
        }
        if let Some(name) = &ch.algorithm_name {
            let _ = write!(out, ", algorithm={name}");
        }
        if ch.userhash {
            out.push_str(", userhash=true");
        }
        out
    }
}

#[cfg(test)]
#[path = "digest_tests.rs"]
mod tests;
