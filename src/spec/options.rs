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
    /// A number with an optional unit (`ms`, `s`, `m`, `h`); a bare number is milliseconds,
    /// as in Hurl's `[Options]`.
    DurationMs,
    /// The rest of the line, a template.
    Text,
    /// `name=value`.
    Variable,
    /// `brief`, `verbose` or `debug`.
    Verbosity,
    /// `json`, `text` or `binary`.
    ResponseType,
}

/// Calls `$callback!` with every `[Options]` key: `"name" => Variant: ValueKind`. The one
/// list from which the key enum, the typed settings, the name table and the parser's
/// dispatch are generated, so a key cannot exist in one and be missing in another.
macro_rules! entry_options {
    ($callback:ident) => {
        $callback! {
            "aws-sigv4" => AwsSigv4: Text,
            "cacert" => CaCert: Text,
            "cert" => Cert: Text,
            "key" => Key: Text,
            "compressed" => Compressed: Bool,
            "connect-to" => ConnectTo: Text,
            "connect-timeout" => ConnectTimeout: DurationMs,
            "delay" => Delay: DurationMs,
            "digest" => Digest: Bool,
            "header" => Header: Text,
            "http1.0" => Http10: Bool,
            "http1.1" => Http11: Bool,
            "http2" => Http2: Bool,
            "http3" => Http3: Bool,
            "insecure" => Insecure: Bool,
            "ipv4" => Ipv4: Bool,
            "ipv6" => Ipv6: Bool,
            "limit-rate" => LimitRate: Natural,
            "location" => Location: Bool,
            "location-trusted" => LocationTrusted: Bool,
            "max-filesize" => MaxFilesize: Natural,
            "max-redirs" => MaxRedirs: Count,
            "max-time" => MaxTime: DurationMs,
            "negotiate" => Negotiate: Bool,
            "netrc" => Netrc: Bool,
            "netrc-file" => NetrcFile: Text,
            "netrc-optional" => NetrcOptional: Bool,
            "ntlm" => Ntlm: Bool,
            "output" => Output: Text,
            "path-as-is" => PathAsIs: Bool,
            "pinnedpubkey" => PinnedPubKey: Text,
            "proxy" => Proxy: Text,
            "repeat" => Repeat: Count,
            "resolve" => Resolve: Text,
            "retry" => Retry: Count,
            "retry-interval" => RetryInterval: DurationMs,
            "skip" => Skip: Bool,
            "unix-socket" => UnixSocket: Text,
            "user" => User: Text,
            "variable" => Variable: Variable,
            "verbose" => Verbose: Bool,
            "very-verbose" => VeryVerbose: Bool,
            "verbosity" => Verbosity: Verbosity,
            // sortie's connector options
            "connection" => Connection: Text,
            "max-retries" => MaxRetries: Natural,
            "retry-delay" => RetryDelay: DurationMs,
            "retry-backoff" => RetryBackoff: Bool,
            "retry-all-errors" => RetryAllErrors: Bool,
            "timeout" => Timeout: DurationMs,
            "response-type" => ResponseType: ResponseType,
            "include-full-response" => IncludeFullResponse: Bool,
            "debug-request" => DebugRequest: Bool,
            // sortie's contracts: `openapi: false` leaves the entry out of `--openapi`.
            "openapi" => Openapi: Bool,
        }
    };
}
pub(crate) use entry_options;

/// The Rust type of a value kind's values.
macro_rules! value_type {
    (Bool) => {
        BoolOption
    };
    (Natural) => {
        IntegerOption
    };
    (Count) => {
        IntegerOption
    };
    (DurationMs) => {
        DurationOption
    };
    (Text) => {
        Template
    };
    (Variable) => {
        VariableDefinition
    };
    (Verbosity) => {
        Verbosity
    };
    (ResponseType) => {
        ResponseType
    };
}

macro_rules! define_options {
    ($($name:literal => $variant:ident: $kind:ident),* $(,)?) => {
        /// Every `[Options]` key: Hurl 8's plus sortie's connector options.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum OptionKey {
            $($variant),*
        }

        /// One `[Options]` value, typed by its key.
        #[derive(Clone, Debug, PartialEq)]
        #[allow(missing_docs)]
        pub enum OptionSetting {
            $($variant(value_type!($kind))),*
        }

        impl OptionSetting {
            /// The key this setting is for.
            pub fn key(&self) -> OptionKey {
                match self {
                    $(OptionSetting::$variant(_) => OptionKey::$variant),*
                }
            }
        }

        /// Name → key → value kind, for every key (aliases in [`OPTION_ALIASES`]).
        pub const OPTION_TABLE: &[(&str, OptionKey, ValueKind)] = &[
            $(($name, OptionKey::$variant, ValueKind::$kind)),*
        ];
    };
}

entry_options!(define_options);

/// Other names of keys, as Hurl accepts them: alias → name.
pub const OPTION_ALIASES: &[(&str, &str)] = &[("ignore-ssl-errors", "insecure")];

impl OptionKey {
    /// The key's name as written in specs.
    pub fn name(self) -> &'static str {
        OPTION_TABLE
            .iter()
            .find(|(_, k, _)| *k == self)
            .map_or("", |(n, _, _)| n)
    }
}

/// Looks an option name (or alias) up in [`OPTION_TABLE`].
pub fn lookup_option(name: &str) -> Option<(OptionKey, ValueKind)> {
    let name = OPTION_ALIASES
        .iter()
        .find(|(alias, _)| *alias == name)
        .map_or(name, |(_, n)| n);
    OPTION_TABLE
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, k, v)| (*k, *v))
}

/// Every name an option may be written with, for suggestions.
pub fn option_names() -> impl Iterator<Item = &'static str> {
    OPTION_TABLE
        .iter()
        .map(|(n, _, _)| *n)
        .chain(OPTION_ALIASES.iter().map(|(a, _)| *a))
}

/// One `key: value` line of an `[Options]` section.
#[derive(Clone, Debug, PartialEq)]
pub struct EntryOption {
    /// The key's name as written (aliases kept for messages), with its span.
    pub name: Spanned<String>,
    /// The typed value.
    pub setting: OptionSetting,
    /// The whole line.
    pub span: Span,
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
            ("proxy", KeyRule::Optional),
            ("cacert", KeyRule::Optional),
            ("cert", KeyRule::Optional),
            ("key", KeyRule::Optional),
            ("pinnedpubkey", KeyRule::Optional),
            ("insecure", KeyRule::Optional),
        ],
    ),
    (
        "basic",
        ConnectionType::Basic,
        &[
            ("username", KeyRule::Required),
            ("password", KeyRule::Required),
            ("proxy", KeyRule::Optional),
            ("cacert", KeyRule::Optional),
            ("cert", KeyRule::Optional),
            ("key", KeyRule::Optional),
            ("pinnedpubkey", KeyRule::Optional),
            ("insecure", KeyRule::Optional),
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
            ("proxy", KeyRule::Optional),
            ("cacert", KeyRule::Optional),
            ("cert", KeyRule::Optional),
            ("key", KeyRule::Optional),
            ("pinnedpubkey", KeyRule::Optional),
            ("insecure", KeyRule::Optional),
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
            ("proxy", KeyRule::Optional),
            ("cacert", KeyRule::Optional),
            ("cert", KeyRule::Optional),
            ("key", KeyRule::Optional),
            ("pinnedpubkey", KeyRule::Optional),
            ("insecure", KeyRule::Optional),
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
        let names = option_names;
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
            assert_eq!(key.name(), *name);
        }
        let names: std::collections::HashSet<_> = option_names().collect();
        assert_eq!(names.len(), OPTION_TABLE.len() + OPTION_ALIASES.len());
        assert_eq!(
            lookup_option("ignore-ssl-errors"),
            lookup_option("insecure")
        );
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
