//! curl's command line: which flags exist, which take a value, and what each one does to
//! the request. Every flag is in one of four groups:
//!
//! * mapped: it changes the request, and the spec says the same (`-H`, `-d`, `-L`…);
//! * ignored: it only changes what curl prints or saves (`-s`, `-o`, `-w`…);
//! * noted: it changes how the request travels but has no spec equivalent (`--retry`,
//!   `--tlsv1.2`…): the entry gets a `# TODO` comment naming it;
//! * anything else is an error naming the flag, rather than a spec that silently differs.

use super::super::write::text::{Part, Text};
use super::CurlError;

/// The kind of `-d`-like flag, which decides how its value is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DataKind {
    /// `-d`, `--data`, `--data-ascii`: `@file` reads a file (line breaks stripped).
    Ascii,
    /// `--data-binary`: `@file` reads a file as it is.
    Binary,
    /// `--data-raw`: no `@` meaning.
    Raw,
    /// `--data-urlencode`.
    UrlEncode,
    /// `--json`: like `--data-binary`, plus JSON headers.
    Json,
}

/// A `-F`/`--form-string` value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FormArg {
    pub value: Text,
    /// `--form-string`: no `@`/`<` meaning.
    pub literal: bool,
}

/// A parsed curl command line.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Args {
    pub method: Option<String>,
    pub urls: Vec<Text>,
    /// `-H` values, plus `-A`, `-e`, `-r` and `--oauth2-bearer` as headers, in order.
    pub headers: Vec<Text>,
    pub data: Vec<(DataKind, Text)>,
    pub forms: Vec<FormArg>,
    pub user: Option<Text>,
    pub cookies: Vec<Text>,
    pub upload_file: Option<Text>,
    pub url_queries: Vec<Text>,
    pub get: bool,
    pub head: bool,
    /// `--oauth2-bearer`'s token.
    pub bearer: Option<Text>,
    /// `[Options]` lines: name and value, as written.
    pub options: Vec<(String, String)>,
    /// Flags kept as `# TODO` comments.
    pub notes: Vec<String>,
}

/// What a flag does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    Request,
    Header,
    Data(DataKind),
    Form {
        literal: bool,
    },
    User,
    Cookie,
    UserAgent,
    Referer,
    Range,
    Url,
    UrlQuery,
    UploadFile,
    Get,
    Head,
    Bearer,
    /// A boolean `[Options]` line `name: true`.
    BoolOption(&'static str),
    /// An `[Options]` line with the flag's value.
    ValueOption(&'static str),
    /// A duration in seconds (`--max-time 2.5`) written in milliseconds.
    SecondsOption(&'static str),
    /// No effect on what is sent.
    Ignore,
    /// No spec equivalent: a TODO comment.
    Note,
}

/// (long name, short letter, takes a value, action).
type Flag = (&'static str, Option<char>, bool, Action);

const FLAGS: &[Flag] = &[
    ("request", Some('X'), true, Action::Request),
    ("header", Some('H'), true, Action::Header),
    ("data", Some('d'), true, Action::Data(DataKind::Ascii)),
    ("data-ascii", None, true, Action::Data(DataKind::Ascii)),
    ("data-binary", None, true, Action::Data(DataKind::Binary)),
    ("data-raw", None, true, Action::Data(DataKind::Raw)),
    (
        "data-urlencode",
        None,
        true,
        Action::Data(DataKind::UrlEncode),
    ),
    ("json", None, true, Action::Data(DataKind::Json)),
    ("form", Some('F'), true, Action::Form { literal: false }),
    ("form-string", None, true, Action::Form { literal: true }),
    ("user", Some('u'), true, Action::User),
    ("cookie", Some('b'), true, Action::Cookie),
    ("user-agent", Some('A'), true, Action::UserAgent),
    ("referer", Some('e'), true, Action::Referer),
    ("range", Some('r'), true, Action::Range),
    ("url", None, true, Action::Url),
    ("url-query", None, true, Action::UrlQuery),
    ("upload-file", Some('T'), true, Action::UploadFile),
    ("get", Some('G'), false, Action::Get),
    ("head", Some('I'), false, Action::Head),
    ("oauth2-bearer", None, true, Action::Bearer),
    ("compressed", None, false, Action::BoolOption("compressed")),
    ("insecure", Some('k'), false, Action::BoolOption("insecure")),
    ("location", Some('L'), false, Action::BoolOption("location")),
    (
        "location-trusted",
        None,
        false,
        Action::BoolOption("location-trusted"),
    ),
    ("verbose", Some('v'), false, Action::BoolOption("verbose")),
    ("path-as-is", None, false, Action::BoolOption("path-as-is")),
    ("ipv4", Some('4'), false, Action::BoolOption("ipv4")),
    ("ipv6", Some('6'), false, Action::BoolOption("ipv6")),
    ("http1.0", Some('0'), false, Action::BoolOption("http1.0")),
    ("http1.1", None, false, Action::BoolOption("http1.1")),
    ("http2", None, false, Action::BoolOption("http2")),
    ("http3", None, false, Action::BoolOption("http3")),
    ("digest", None, false, Action::BoolOption("digest")),
    ("ntlm", None, false, Action::BoolOption("ntlm")),
    ("negotiate", None, false, Action::BoolOption("negotiate")),
    ("netrc", Some('n'), false, Action::BoolOption("netrc")),
    (
        "netrc-optional",
        None,
        false,
        Action::BoolOption("netrc-optional"),
    ),
    ("netrc-file", None, true, Action::ValueOption("netrc-file")),
    ("max-redirs", None, true, Action::ValueOption("max-redirs")),
    ("proxy", Some('x'), true, Action::ValueOption("proxy")),
    ("cacert", None, true, Action::ValueOption("cacert")),
    ("cert", Some('E'), true, Action::ValueOption("cert")),
    ("key", None, true, Action::ValueOption("key")),
    ("resolve", None, true, Action::ValueOption("resolve")),
    ("connect-to", None, true, Action::ValueOption("connect-to")),
    (
        "unix-socket",
        None,
        true,
        Action::ValueOption("unix-socket"),
    ),
    ("limit-rate", None, true, Action::ValueOption("limit-rate")),
    (
        "max-filesize",
        None,
        true,
        Action::ValueOption("max-filesize"),
    ),
    ("aws-sigv4", None, true, Action::ValueOption("aws-sigv4")),
    (
        "pinnedpubkey",
        None,
        true,
        Action::ValueOption("pinnedpubkey"),
    ),
    (
        "max-time",
        Some('m'),
        true,
        Action::SecondsOption("max-time"),
    ),
    (
        "connect-timeout",
        None,
        true,
        Action::SecondsOption("connect-timeout"),
    ),
    // Output and display only.
    ("silent", Some('s'), false, Action::Ignore),
    ("show-error", Some('S'), false, Action::Ignore),
    ("include", Some('i'), false, Action::Ignore),
    ("output", Some('o'), true, Action::Ignore),
    ("remote-name", Some('O'), false, Action::Ignore),
    ("remote-name-all", None, false, Action::Ignore),
    ("remote-header-name", Some('J'), false, Action::Ignore),
    ("remote-time", Some('R'), false, Action::Ignore),
    ("create-dirs", None, false, Action::Ignore),
    ("write-out", Some('w'), true, Action::Ignore),
    ("dump-header", Some('D'), true, Action::Ignore),
    ("progress-bar", Some('#'), false, Action::Ignore),
    ("no-progress-meter", None, false, Action::Ignore),
    ("no-buffer", Some('N'), false, Action::Ignore),
    ("trace", None, true, Action::Ignore),
    ("trace-ascii", None, true, Action::Ignore),
    ("trace-time", None, false, Action::Ignore),
    ("stderr", None, true, Action::Ignore),
    ("fail", Some('f'), false, Action::Ignore),
    ("fail-with-body", None, false, Action::Ignore),
    ("fail-early", None, false, Action::Ignore),
    ("globoff", Some('g'), false, Action::Ignore),
    ("cookie-jar", Some('c'), true, Action::Ignore),
    ("junk-session-cookies", Some('j'), false, Action::Ignore),
    ("disable", Some('q'), false, Action::Ignore),
    ("basic", None, false, Action::Ignore),
    ("raw", None, false, Action::Ignore),
    // How the request travels, with no spec equivalent.
    ("retry", None, true, Action::Note),
    ("retry-delay", None, true, Action::Note),
    ("retry-max-time", None, true, Action::Note),
    ("retry-all-errors", None, false, Action::Note),
    ("retry-connrefused", None, false, Action::Note),
    ("tlsv1", Some('1'), false, Action::Note),
    ("tlsv1.0", None, false, Action::Note),
    ("tlsv1.1", None, false, Action::Note),
    ("tlsv1.2", None, false, Action::Note),
    ("tlsv1.3", None, false, Action::Note),
    ("tls-max", None, true, Action::Note),
    ("ciphers", None, true, Action::Note),
    ("http2-prior-knowledge", None, false, Action::Note),
    ("keepalive-time", None, true, Action::Note),
    ("no-keepalive", None, false, Action::Note),
    ("interface", None, true, Action::Note),
    ("local-port", None, true, Action::Note),
    ("dns-servers", None, true, Action::Note),
    ("doh-url", None, true, Action::Note),
    ("tcp-nodelay", None, false, Action::Note),
    ("tcp-fastopen", None, false, Action::Note),
    ("proxy-user", Some('U'), true, Action::Note),
    ("proxy-header", None, true, Action::Note),
    ("proxy-insecure", None, false, Action::Note),
    ("noproxy", None, true, Action::Note),
    ("capath", None, true, Action::Note),
    ("cert-type", None, true, Action::Note),
    ("key-type", None, true, Action::Note),
    ("pass", None, true, Action::Note),
    ("ssl-no-revoke", None, false, Action::Note),
    ("ssl-reqd", None, false, Action::Note),
    ("time-cond", Some('z'), true, Action::Note),
    ("expect100-timeout", None, true, Action::Note),
    ("speed-limit", Some('Y'), true, Action::Note),
    ("speed-time", Some('y'), true, Action::Note),
    ("post301", None, false, Action::Note),
    ("post302", None, false, Action::Note),
    ("post303", None, false, Action::Note),
    ("anyauth", None, false, Action::Note),
    ("proto", None, true, Action::Note),
    ("proto-redir", None, true, Action::Note),
    ("ignore-content-length", None, false, Action::Note),
    ("tr-encoding", None, false, Action::Note),
];

fn by_long(name: &str) -> Option<&'static Flag> {
    FLAGS.iter().find(|f| f.0 == name)
}

fn by_short(c: char) -> Option<&'static Flag> {
    FLAGS.iter().find(|f| f.1 == Some(c))
}

/// Reads the words after `curl`.
pub(crate) fn parse(words: &[Text]) -> Result<Args, CurlError> {
    let mut args = Args::default();
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        let head = match word.parts().first() {
            Some(Part::Lit(s)) => s.as_str(),
            _ => "",
        };
        if let (Some(long), Some(lit)) = (head.strip_prefix("--"), word.as_literal()) {
            if long.is_empty() {
                return Err(CurlError::UnknownFlag(lit));
            }
            let (flag, enabled) = match by_long(long) {
                Some(f) => (f, true),
                // `--no-compressed` and the like switch a boolean flag off.
                None => match long.strip_prefix("no-").and_then(by_long) {
                    Some(f) if !f.2 => (f, false),
                    _ => return Err(CurlError::UnknownFlag(lit)),
                },
            };
            let value = if flag.2 {
                let v = words
                    .get(i)
                    .cloned()
                    .ok_or_else(|| CurlError::MissingValue(lit.clone()))?;
                i += 1;
                Some(v)
            } else {
                None
            };
            apply(&mut args, flag, &lit, value, enabled)?;
        } else if head.len() > 1 && head.starts_with('-') && !head.starts_with("--") {
            // Short flags, possibly grouped (`-sSL`); a flag that takes a value takes the
            // rest of the word (`-XPOST`, `-u$USER:$PASS`) or the next word.
            let mut offset = 1;
            for c in head[1..].chars() {
                offset += c.len_utf8();
                let name = format!("-{c}");
                let flag = by_short(c).ok_or_else(|| CurlError::UnknownFlag(name.clone()))?;
                if flag.2 {
                    let rest = word.drop_prefix(offset);
                    let value = if !rest.is_empty() {
                        rest
                    } else {
                        let v = words
                            .get(i)
                            .cloned()
                            .ok_or_else(|| CurlError::MissingValue(name.clone()))?;
                        i += 1;
                        v
                    };
                    apply(&mut args, flag, &name, Some(value), true)?;
                    break;
                }
                apply(&mut args, flag, &name, None, true)?;
            }
        } else {
            args.urls.push(word.clone());
        }
    }
    Ok(args)
}

fn apply(
    args: &mut Args,
    flag: &Flag,
    written: &str,
    value: Option<Text>,
    enabled: bool,
) -> Result<(), CurlError> {
    let value = value.unwrap_or_default();
    let header = |name: &str, v: &Text| {
        let mut t = Text::lit(format!("{name}: "));
        t.push_text(v);
        t
    };
    match flag.3 {
        Action::Request => {
            let m = value
                .as_literal()
                .ok_or_else(|| CurlError::InvalidValue(written.to_string(), value.display()))?;
            args.method = Some(m);
        }
        Action::Header => args.headers.push(value),
        Action::Data(kind) => args.data.push((kind, value)),
        Action::Form { literal } => args.forms.push(FormArg { value, literal }),
        Action::User => args.user = Some(value),
        Action::Cookie => args.cookies.push(value),
        Action::UserAgent => args.headers.push(header("User-Agent", &value)),
        Action::Referer => {
            // `-e 'url;auto'` also sets the referer on redirects: keep the URL.
            let v = value.split_once(';').map(|(a, _)| a).unwrap_or(value);
            args.headers.push(header("Referer", &v));
        }
        Action::Range => {
            let mut t = Text::lit("bytes=");
            t.push_text(&value);
            args.headers.push(header("Range", &t));
        }
        Action::Url => args.urls.push(value),
        Action::UrlQuery => args.url_queries.push(value),
        Action::UploadFile => args.upload_file = Some(value),
        Action::Get => args.get = enabled,
        Action::Head => args.head = enabled,
        Action::Bearer => args.bearer = Some(value),
        Action::BoolOption(name) => {
            args.options.retain(|(n, _)| n != name);
            if enabled {
                args.options.push((name.to_string(), "true".to_string()));
            }
        }
        Action::ValueOption(name) => {
            let v = value
                .as_literal()
                .ok_or_else(|| CurlError::InvalidValue(written.to_string(), value.display()))?;
            let escaped = Text::lit(v).escaped(super::super::write::text::Kind::Value);
            args.options.push((name.to_string(), escaped));
        }
        Action::SecondsOption(name) => {
            let v = value.as_literal().unwrap_or_default();
            let secs: f64 = v
                .trim()
                .parse()
                .ok()
                .filter(|s: &f64| s.is_finite() && *s >= 0.0)
                .ok_or_else(|| CurlError::InvalidValue(written.to_string(), v.clone()))?;
            args.options.push((
                name.to_string(),
                format!("{}ms", (secs * 1000.0).round() as u64),
            ));
        }
        Action::Ignore => {}
        Action::Note => {
            let shown = if flag.2 {
                format!("{written} {}", value.display())
            } else {
                written.to_string()
            };
            args.notes.push(format!(
                "TODO: curl's {shown} has no spec equivalent and was left out"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::shell::split_commands;
    use super::*;

    fn parse_line(line: &str) -> Result<Args, CurlError> {
        let cmds = split_commands(line).unwrap();
        parse(&cmds[0][1..])
    }

    #[test]
    fn short_long_and_grouped_flags() {
        let a = parse_line(
            "curl -sSL -XPOST -H 'A: 1' --header B:2 -d x=1 --data-raw @y -kv --compressed \
             --no-location -m 2.5 --connect-timeout 3 https://e.org",
        )
        .unwrap();
        assert_eq!(a.method.as_deref(), Some("POST"));
        assert_eq!(
            a.headers.iter().map(Text::display).collect::<Vec<_>>(),
            ["A: 1", "B:2"]
        );
        assert_eq!(
            a.data,
            vec![
                (DataKind::Ascii, Text::lit("x=1")),
                (DataKind::Raw, Text::lit("@y"))
            ]
        );
        assert_eq!(
            a.options,
            vec![
                ("insecure".to_string(), "true".to_string()),
                ("verbose".to_string(), "true".to_string()),
                ("compressed".to_string(), "true".to_string()),
                ("max-time".to_string(), "2500ms".to_string()),
                ("connect-timeout".to_string(), "3000ms".to_string()),
            ]
        );
        assert_eq!(a.urls, vec![Text::lit("https://e.org")]);
    }

    #[test]
    fn headers_from_other_flags_and_notes() {
        let a = parse_line(
            "curl -A 'Bot/1.0' -e 'https://r.example;auto' -r 0-99 --retry 3 --tlsv1.2 u",
        )
        .unwrap();
        assert_eq!(
            a.headers.iter().map(Text::display).collect::<Vec<_>>(),
            [
                "User-Agent: Bot/1.0",
                "Referer: https://r.example",
                "Range: bytes=0-99"
            ]
        );
        assert_eq!(
            a.notes,
            [
                "TODO: curl's --retry 3 has no spec equivalent and was left out",
                "TODO: curl's --tlsv1.2 has no spec equivalent and was left out"
            ]
        );
    }

    #[test]
    fn unknown_flags_and_missing_values_are_errors() {
        let cases: &[(&str, CurlError)] = &[
            (
                "curl --frobnicate u",
                CurlError::UnknownFlag("--frobnicate".into()),
            ),
            ("curl -sZ u", CurlError::UnknownFlag("-Z".into())),
            (
                "curl --config f u",
                CurlError::UnknownFlag("--config".into()),
            ),
            ("curl u -H", CurlError::MissingValue("-H".into())),
            ("curl u --data", CurlError::MissingValue("--data".into())),
            (
                "curl u -m soon",
                CurlError::InvalidValue("-m".into(), "soon".into()),
            ),
            (
                "curl --no-header x u",
                CurlError::UnknownFlag("--no-header".into()),
            ),
        ];
        for (line, want) in cases {
            assert_eq!(parse_line(line).unwrap_err(), *want, "{line}");
        }
    }
}
