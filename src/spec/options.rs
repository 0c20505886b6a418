//! `[Options]` keys and connection block keys: the tables that say which keys exist and what
//! kind of value each one takes. The parser reads these tables; the runner reads the results.

use super::ast::{Span, Spanned, Template};

/// The kind of value an option key takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// `true`, `false` or `{{…}}`.
    Bool,
    /// An integer ≥ 0 or `{{…}}`.
    Natural,
    /// An integer ≥ -1 (−1 = without limit) or `{{…}}`.
    Count,
    /// A number with an optional unit (`ms`, `s`, `m`, `h`); a bare number is milliseconds.
    DurationMs,
    /// A number with an optional unit; a bare number is seconds.
    DurationSecs,
    /// The rest of the line, a template.
    Text,
    /// `name=value`.
    Variable,
    /// `brief`, `verbose` or `debug`.
    Verbosity,
    /// `json`, `text` or `binary`.
    ResponseType,
}

/// Every `[Options]` key: Hurl 8's plus sortie's connector options.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum OptionKey {
    AwsSigv4,
    CaCert,
    Cert,
    Key,
    Compressed,
    ConnectTo,
    ConnectTimeout,
    Delay,
    Digest,
    Header,
    Http10,
    Http11,
    Http2,
    Http3,
    Insecure,
    Ipv4,
    Ipv6,
    LimitRate,
    Location,
    LocationTrusted,
    MaxFilesize,
    MaxRedirs,
    MaxTime,
    Negotiate,
    Netrc,
    NetrcFile,
    NetrcOptional,
    Ntlm,
    Output,
    PathAsIs,
    PinnedPubKey,
    Proxy,
    Repeat,
    Resolve,
    Retry,
    RetryInterval,
    Skip,
    UnixSocket,
    User,
    Variable,
    Verbose,
    VeryVerbose,
    Verbosity,
    // sortie's connector options
    Connection,
    MaxRetries,
    RetryDelay,
    RetryBackoff,
    RetryAllErrors,
    Timeout,
    ResponseType,
    IncludeFullResponse,
    DebugRequest,
}

/// Name → key → value kind. Aliases map to the same key.
pub const OPTION_TABLE: &[(&str, OptionKey, ValueKind)] = &[
    ("aws-sigv4", OptionKey::AwsSigv4, ValueKind::Text),
    ("cacert", OptionKey::CaCert, ValueKind::Text),
    ("cert", OptionKey::Cert, ValueKind::Text),
    ("key", OptionKey::Key, ValueKind::Text),
    ("compressed", OptionKey::Compressed, ValueKind::Bool),
    ("connect-to", OptionKey::ConnectTo, ValueKind::Text),
    (
        "connect-timeout",
        OptionKey::ConnectTimeout,
        ValueKind::DurationSecs,
    ),
    ("delay", OptionKey::Delay, ValueKind::DurationMs),
    ("digest", OptionKey::Digest, ValueKind::Bool),
    ("header", OptionKey::Header, ValueKind::Text),
    ("http1.0", OptionKey::Http10, ValueKind::Bool),
    ("http1.1", OptionKey::Http11, ValueKind::Bool),
    ("http2", OptionKey::Http2, ValueKind::Bool),
    ("http3", OptionKey::Http3, ValueKind::Bool),
    ("insecure", OptionKey::Insecure, ValueKind::Bool),
    ("ignore-ssl-errors", OptionKey::Insecure, ValueKind::Bool),
    ("ipv4", OptionKey::Ipv4, ValueKind::Bool),
    ("ipv6", OptionKey::Ipv6, ValueKind::Bool),
    ("limit-rate", OptionKey::LimitRate, ValueKind::Natural),
    ("location", OptionKey::Location, ValueKind::Bool),
    (
        "location-trusted",
        OptionKey::LocationTrusted,
        ValueKind::Bool,
    ),
    ("max-filesize", OptionKey::MaxFilesize, ValueKind::Natural),
    ("max-redirs", OptionKey::MaxRedirs, ValueKind::Count),
    ("max-time", OptionKey::MaxTime, ValueKind::DurationSecs),
    ("negotiate", OptionKey::Negotiate, ValueKind::Bool),
    ("netrc", OptionKey::Netrc, ValueKind::Bool),
    ("netrc-file", OptionKey::NetrcFile, ValueKind::Text),
    ("netrc-optional", OptionKey::NetrcOptional, ValueKind::Bool),
    ("ntlm", OptionKey::Ntlm, ValueKind::Bool),
    ("output", OptionKey::Output, ValueKind::Text),
    ("path-as-is", OptionKey::PathAsIs, ValueKind::Bool),
    ("pinnedpubkey", OptionKey::PinnedPubKey, ValueKind::Text),
    ("proxy", OptionKey::Proxy, ValueKind::Text),
    ("repeat", OptionKey::Repeat, ValueKind::Count),
    ("resolve", OptionKey::Resolve, ValueKind::Text),
    ("retry", OptionKey::Retry, ValueKind::Count),
    (
        "retry-interval",
        OptionKey::RetryInterval,
        ValueKind::DurationMs,
    ),
    ("skip", OptionKey::Skip, ValueKind::Bool),
    ("unix-socket", OptionKey::UnixSocket, ValueKind::Text),
    ("user", OptionKey::User, ValueKind::Text),
    ("variable", OptionKey::Variable, ValueKind::Variable),
    ("verbose", OptionKey::Verbose, ValueKind::Bool),
    ("very-verbose", OptionKey::VeryVerbose, ValueKind::Bool),
    ("verbosity", OptionKey::Verbosity, ValueKind::Verbosity),
    ("connection", OptionKey::Connection, ValueKind::Text),
    ("max-retries", OptionKey::MaxRetries, ValueKind::Natural),
    ("retry-delay", OptionKey::RetryDelay, ValueKind::DurationMs),
    ("retry-backoff", OptionKey::RetryBackoff, ValueKind::Bool),
    (
        "retry-all-errors",
        OptionKey::RetryAllErrors,
        ValueKind::Bool,
    ),
    ("timeout", OptionKey::Timeout, ValueKind::DurationMs),
    (
        "response-type",
        OptionKey::ResponseType,
        ValueKind::ResponseType,
    ),
    (
        "include-full-response",
        OptionKey::IncludeFullResponse,
        ValueKind::Bool,
    ),
    ("debug-request", OptionKey::DebugRequest, ValueKind::Bool),
];

/// Looks an option name up in [`OPTION_TABLE`].
pub fn lookup_option(name: &str) -> Option<(OptionKey, ValueKind)> {
    OPTION_TABLE
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, k, v)| (*k, *v))
}

/// One `key: value` line of an `[Options]` section.
#[derive(Clone, Debug, PartialEq)]
pub struct EntryOption {
    /// The key, with the name as written (aliases kept for messages).
    pub key: Spanned<OptionKey>,
    /// The name as written.
    pub name: String,
    /// The value.
    pub value: OptionValue,
    /// The whole line.
    pub span: Span,
}

/// A typed option value.
#[derive(Clone, Debug, PartialEq)]
pub enum OptionValue {
    /// A boolean.
    Bool(BoolOption),
    /// An integer (−1 = without limit for counts).
    Integer(IntegerOption),
    /// A duration.
    Duration(DurationOption),
    /// A text template.
    Text(Template),
    /// `name=value`.
    Variable(VariableDefinition),
    /// `brief` / `verbose` / `debug`.
    Verbosity(Verbosity),
    /// `json` / `text` / `binary`.
    ResponseType(ResponseType),
}

/// A boolean literal or a template.
#[derive(Clone, Debug, PartialEq)]
pub enum BoolOption {
    /// `true` / `false`.
    Literal(bool),
    /// `{{…}}`.
    Template(Template),
}

/// An integer literal or a template.
#[derive(Clone, Debug, PartialEq)]
pub enum IntegerOption {
    /// A literal.
    Literal(i64),
    /// `{{…}}`.
    Template(Template),
}

/// A duration: a value and its unit.
#[derive(Clone, Debug, PartialEq)]
pub struct DurationOption {
    /// The number, or a template.
    pub value: IntegerOption,
    /// The unit written, or the key's default.
    pub unit: DurationUnit,
}

/// Units a duration may carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DurationUnit {
    /// `ms`
    Millisecond,
    /// `s`
    Second,
    /// `m`
    Minute,
    /// `h`
    Hour,
}

impl DurationUnit {
    /// Milliseconds in one unit.
    pub fn millis(self) -> u64 {
        match self {
            DurationUnit::Millisecond => 1,
            DurationUnit::Second => 1_000,
            DurationUnit::Minute => 60_000,
            DurationUnit::Hour => 3_600_000,
        }
    }
}

/// `variable: name=value`
#[derive(Clone, Debug, PartialEq)]
pub struct VariableDefinition {
    /// The name.
    pub name: Spanned<String>,
    /// The value.
    pub value: VariableValue,
}

/// The typed value of a variable definition.
#[derive(Clone, Debug, PartialEq)]
pub enum VariableValue {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number.
    Number(super::ast::Number),
    /// A quoted or unquoted string.
    String(Template),
}

/// Hurl's `verbosity` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verbosity {
    /// `brief`
    Brief,
    /// `verbose`
    Verbose,
    /// `debug`
    Debug,
}

/// How a response body is decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseType {
    /// JSON (an error on a non-JSON body).
    Json,
    /// Text, charset from Content-Type.
    Text,
    /// Raw bytes.
    Binary,
}

/// Connection types of `[Connection NAME]` blocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConnectionType {
    /// `api-key`
    ApiKey,
    /// `basic`
    Basic,
    /// `oauth2-client-credentials`
    OAuth2ClientCredentials,
    /// `oauth2-authorization-code`
    OAuth2AuthorizationCode,
}

/// What a connection key may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyRule {
    /// Must be present, at most once.
    Required,
    /// At most once.
    Optional,
    /// Any number of times.
    Repeatable,
}

/// The keys a connection type accepts, with their rules.
pub type KeyRules = &'static [(&'static str, KeyRule)];

/// Name, type and the keys each connection type accepts.
pub const CONNECTION_TYPES: &[(&str, ConnectionType, KeyRules)] = &[
    (
        "api-key",
        ConnectionType::ApiKey,
        &[
            ("api-key", KeyRule::Required),
            ("header", KeyRule::Optional),
            ("scheme", KeyRule::Optional),
        ],
    ),
    (
        "basic",
        ConnectionType::Basic,
        &[
            ("username", KeyRule::Required),
            ("password", KeyRule::Required),
        ],
    ),
    (
        "oauth2-client-credentials",
        ConnectionType::OAuth2ClientCredentials,
        &[
            ("token-url", KeyRule::Required),
            ("client-id", KeyRule::Required),
            ("client-secret", KeyRule::Required),
            ("scopes", KeyRule::Optional),
            ("header", KeyRule::Repeatable),
            ("param", KeyRule::Repeatable),
        ],
    ),
    (
        "oauth2-authorization-code",
        ConnectionType::OAuth2AuthorizationCode,
        &[
            ("authorize-url", KeyRule::Optional),
            ("token-url", KeyRule::Required),
            ("refresh-url", KeyRule::Optional),
            ("scopes", KeyRule::Optional),
            ("client-id", KeyRule::Required),
            ("client-secret", KeyRule::Optional),
            ("header", KeyRule::Repeatable),
            ("param", KeyRule::Repeatable),
            ("refresh-token", KeyRule::Optional),
            ("redirect-uri", KeyRule::Optional),
        ],
    ),
];

impl ConnectionType {
    /// Looks a type name up.
    pub fn from_name(name: &str) -> Option<ConnectionType> {
        CONNECTION_TYPES
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, t, _)| *t)
    }

    /// The name as written in spec files.
    pub fn name(self) -> &'static str {
        self.entry().0
    }

    /// The keys this type accepts, with their rules.
    pub fn keys(self) -> &'static [(&'static str, KeyRule)] {
        self.entry().2
    }

    fn entry(self) -> &'static (&'static str, ConnectionType, KeyRules) {
        CONNECTION_TYPES
            .iter()
            .find(|(_, t, _)| *t == self)
            .expect("every connection type is in CONNECTION_TYPES")
    }
}

/// Keys whose values are secrets in every output.
pub const SECRET_CONNECTION_KEYS: &[&str] =
    &["api-key", "password", "client-secret", "refresh-token"];

/// The closest candidate to a misspelt word, when one is close enough to suggest.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word = word.to_ascii_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let d = edit_distance(&word, &candidate.to_ascii_lowercase());
        let limit = (candidate.len().max(word.len()) / 3).max(1);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Damerau-Levenshtein distance (optimal string alignment), for suggestions.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let names = || OPTION_TABLE.iter().map(|(n, _, _)| *n);
        let cases = [
            ("retyr", Some("retry")),
            ("very_verbose", Some("very-verbose")),
            ("max_redirs", Some("max-redirs")),
            ("locaton", Some("location")),
            ("foo", None),
        ];
        for (word, expected) in cases {
            assert_eq!(did_you_mean(word, names()), expected, "{word}");
        }
    }

    #[test]
    fn every_option_name_is_unique_and_found() {
        for (name, key, kind) in OPTION_TABLE {
            assert_eq!(lookup_option(name), Some((*key, *kind)), "{name}");
        }
    }

    #[test]
    fn connection_types_round_trip() {
        for (name, t, _) in CONNECTION_TYPES {
            assert_eq!(ConnectionType::from_name(name), Some(*t));
            assert_eq!(t.name(), *name);
        }
        assert_eq!(ConnectionType::from_name("oauth"), None);
    }
}
