//! Turning an entry's request into what the transport sends: templates rendered, sections
//! and bodies encoded, `[Options]` applied over the run's defaults.

use std::path::Path;
use std::time::Duration;

use base64::Engine as _;

use crate::check::{CheckError, CheckErrorKind, Value};
use crate::http::request::{check_net_values, BodyOrigin, IpVersion, NetrcUse};
use crate::http::{Header, HttpRequest, Part, PartContent, RequestBody, TransportOptions};
use crate::spec::ast::{BodyKind, MultipartParam, Request, Span};
use crate::spec::options::{
    BoolOption, DurationOption, EntryOption, IntegerOption, OptionKey, OptionSetting, ResponseType,
    VariableValue,
};

use super::template::Scope;
use super::variables::Variables;

/// Per-entry settings that are not the transport's.
#[derive(Clone, Debug, PartialEq)]
pub struct EntrySettings {
    /// Do not run the entry.
    pub skip: bool,
    /// Wait before sending.
    pub delay: Duration,
    /// Hurl's `retry`: runs again until the asserts pass (−1: no limit).
    pub retry: i64,
    /// Wait between those runs.
    pub retry_interval: Duration,
    /// Runs of the entry.
    pub repeat: i64,
    /// Write the response body to this file.
    pub output: Option<String>,
    /// Connection to authenticate with.
    pub connection: Option<String>,
    /// Headers added to every request after its own (`--header`).
    pub headers: Vec<(String, String)>,
    /// Check no assert (`--no-assert`): status, version, headers, body and `[Asserts]`.
    pub no_assert: bool,
    /// How the response is read and printed (`response-type`, `include-full-response`).
    pub print: ResponsePrint,
    /// Check the response against the run's OpenAPI document (`openapi: false`: neither
    /// checked nor counted in its coverage).
    pub openapi: bool,
}

/// How a kept response is read and printed by `sortie run`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ResponsePrint {
    /// `response-type`: the body must be JSON (printed pretty), text (printed decoded) or
    /// bytes (printed decoded, and the `body` query gives bytes). `None`: as received.
    pub response_type: Option<ResponseType>,
    /// `include-full-response`: print the status line and headers before the body.
    pub full_response: bool,
}

impl Default for EntrySettings {
    fn default() -> Self {
        EntrySettings {
            skip: false,
            delay: Duration::ZERO,
            retry: 0,
            retry_interval: Duration::from_millis(1000),
            repeat: 1,
            output: None,
            connection: None,
            headers: Vec::new(),
            no_assert: false,
            print: ResponsePrint::default(),
            openapi: true,
        }
    }
}

fn invalid_option(name: &str, message: impl Into<String>, span: Span) -> CheckError {
    CheckError::new(
        CheckErrorKind::InvalidOption {
            option: name.to_string(),
            message: message.into(),
        },
        span,
    )
}

/// A boolean option's value.
fn flag(scope: &Scope, name: &str, v: &BoolOption) -> Result<bool, CheckError> {
    match v {
        BoolOption::Literal(b) => Ok(*b),
        BoolOption::Template(t) => match scope.render_template(t)?.as_str() {
            "true" => Ok(true),
            "false" => Ok(false),
            other => Err(invalid_option(
                name,
                format!("expects true or false, got '{other}'"),
                t.span,
            )),
        },
    }
}

/// An integer option's value, at least `min`.
fn integer(scope: &Scope, name: &str, v: &IntegerOption, min: i64) -> Result<i64, CheckError> {
    match v {
        IntegerOption::Literal(n) => Ok(*n),
        IntegerOption::Template(t) => {
            let text = scope.render_template(t)?;
            match text.trim().parse::<i64>() {
                Ok(n) if n >= min => Ok(n),
                _ if min < 0 => Err(invalid_option(
                    name,
                    format!("expects -1 (no limit), 0 or more, got '{text}'"),
                    t.span,
                )),
                _ => Err(invalid_option(
                    name,
                    format!("expects an integer, 0 or more, got '{text}'"),
                    t.span,
                )),
            }
        }
    }
}

/// A duration option's value.
fn duration(scope: &Scope, name: &str, v: &DurationOption) -> Result<Duration, CheckError> {
    let n = integer(scope, name, &v.value, 0)? as u64;
    Ok(Duration::from_millis(n.saturating_mul(v.unit.millis())))
}

/// `Some(n)` for a count of 0 or more, `None` for -1 (no limit).
fn count(scope: &Scope, name: &str, v: &IntegerOption) -> Result<Option<u32>, CheckError> {
    let n = integer(scope, name, v, -1)?;
    Ok((n >= 0).then(|| n.min(i64::from(u32::MAX)) as u32))
}

/// Applies `[Options]` on top of the run's defaults, defining `variable:` options in `vars`.
pub fn apply_options(
    options: &[EntryOption],
    vars: &mut Variables,
    file_root: &std::path::Path,
    transport: &mut TransportOptions,
    settings: &mut EntrySettings,
) -> Result<(), CheckError> {
    use OptionSetting as S;
    for opt in options {
        // Each value is resolved with the variables as they are at this line.
        let scope = Scope { vars, file_root };
        let name = opt.name.value.as_str();
        match &opt.setting {
            S::Location(v) => transport.follow_redirects = flag(&scope, name, v)?,
            S::LocationTrusted(v) => {
                transport.location_trusted = flag(&scope, name, v)?;
                if transport.location_trusted {
                    transport.follow_redirects = true;
                }
            }
            S::MaxRedirs(v) => transport.max_redirects = count(&scope, name, v)?,
            S::Insecure(v) => transport.insecure = flag(&scope, name, v)?,
            S::MaxTime(v) | S::Timeout(v) => {
                let d = duration(&scope, name, v)?;
                transport.timeout = (!d.is_zero()).then_some(d);
            }
            S::ConnectTimeout(v) => {
                let d = duration(&scope, name, v)?;
                transport.connect_timeout = (!d.is_zero()).then_some(d);
            }
            S::MaxRetries(v) => {
                transport.retry.max_retries =
                    integer(&scope, name, v, 0)?.min(i64::from(u32::MAX)) as u32
            }
            S::RetryDelay(v) => transport.retry.delay = duration(&scope, name, v)?,
            S::RetryBackoff(v) => transport.retry.backoff = flag(&scope, name, v)?,
            S::RetryAllErrors(v) => transport.retry.retry_all_errors = flag(&scope, name, v)?,
            S::DebugRequest(v) | S::Verbose(v) | S::VeryVerbose(v) => {
                transport.debug = flag(&scope, name, v)?
            }
            S::Verbosity(_) => transport.debug = true,
            S::MaxFilesize(v) => transport.max_body_bytes = integer(&scope, name, v, 0)? as u64,
            S::Compressed(v) => transport.compressed = flag(&scope, name, v)?,
            S::Skip(v) => settings.skip = flag(&scope, name, v)?,
            S::Delay(v) => settings.delay = duration(&scope, name, v)?,
            S::Retry(v) => settings.retry = integer(&scope, name, v, -1)?,
            S::RetryInterval(v) => settings.retry_interval = duration(&scope, name, v)?,
            S::Repeat(v) => settings.repeat = integer(&scope, name, v, -1)?,
            S::Output(t) => settings.output = Some(scope.render_template(t)?),
            S::Connection(t) => settings.connection = Some(scope.render_template(t)?),
            // The last of http1.0 / http1.1 wins, as in Hurl.
            S::Http11(v) => {
                if flag(&scope, name, v)? {
                    transport.http10 = false;
                }
            }
            S::ResponseType(t) => settings.print.response_type = Some(*t),
            S::IncludeFullResponse(v) => settings.print.full_response = flag(&scope, name, v)?,
            S::Openapi(v) => settings.openapi = flag(&scope, name, v)?,
            S::User(t) => {
                let user = scope.render_template(t)?;
                vars.redactor().add(user.clone());
                transport.user = Some(user);
            }
            S::Variable(def) => {
                let value = match &def.value {
                    VariableValue::Null => Value::Null,
                    VariableValue::Bool(b) => Value::Bool(*b),
                    VariableValue::Number(n) => number_value(n),
                    VariableValue::String(t) => Value::String(scope.render_template(t)?),
                };
                vars.insert(def.name.value.clone(), value);
            }
            S::Http10(v) => transport.http10 = flag(&scope, name, v)?,
            S::Ipv4(v) => {
                if flag(&scope, name, v)? {
                    transport.net.ip = IpVersion::V4;
                }
            }
            S::Ipv6(v) => {
                if flag(&scope, name, v)? {
                    transport.net.ip = IpVersion::V6;
                }
            }
            S::PathAsIs(v) => transport.net.path_as_is = flag(&scope, name, v)?,
            S::Digest(v) => transport.net.digest = flag(&scope, name, v)?,
            S::Netrc(v) => {
                if flag(&scope, name, v)? {
                    transport.net.netrc = NetrcUse::Required(netrc_file(&transport.net.netrc));
                }
            }
            S::NetrcOptional(v) => {
                if flag(&scope, name, v)? {
                    transport.net.netrc = NetrcUse::Optional(netrc_file(&transport.net.netrc));
                }
            }
            // Files of the network options are named as curl takes them: from the working
            // directory, as Hurl passes them on.
            S::NetrcFile(t) => {
                let file = Some(scope.render_template(t)?.into());
                transport.net.netrc = match transport.net.netrc {
                    NetrcUse::Optional(_) => NetrcUse::Optional(file),
                    _ => NetrcUse::Required(file),
                };
            }
            S::AwsSigv4(t) => transport.net.aws_sigv4 = Some(scope.render_template(t)?),
            S::CaCert(t) => transport.net.cacert = Some(file(&scope, t)?),
            S::Cert(t) => transport.net.cert = Some(file(&scope, t)?),
            S::Key(t) => transport.net.key = Some(file(&scope, t)?),
            S::ConnectTo(t) => transport.net.connect_to.push(scope.render_template(t)?),
            S::Resolve(t) => transport.net.resolve.push(scope.render_template(t)?),
            S::PinnedPubKey(t) => transport.net.pinned_pub_key = Some(scope.render_template(t)?),
            S::Proxy(t) => transport.net.proxy = Some(scope.render_template(t)?),
            S::UnixSocket(t) => {
                transport.net.unix_socket = Some(scope.render_template(t)?.into());
            }
            S::LimitRate(v) => {
                let rate = integer(&scope, name, v, 1)?;
                transport.net.limit_rate = Some(u64::try_from(rate).unwrap_or(u64::MAX));
            }
            S::Header(t) => {
                let text = scope.render_template(t)?;
                let Some((header, value)) = text.split_once(':') else {
                    return Err(invalid_option(
                        name,
                        format!("expects 'Name: value', got '{text}'"),
                        opt.span,
                    ));
                };
                settings
                    .headers
                    .push((header.trim().to_string(), value.trim().to_string()));
            }
            S::Http2(v) | S::Http3(v) => {
                if flag(&scope, name, v)? {
                    return Err(invalid_option(
                        name,
                        "can not be honoured: sortie speaks HTTP/1.1 (and HTTP/1.0) only",
                        opt.name.span,
                    ));
                }
            }
            S::Ntlm(v) | S::Negotiate(v) => {
                if flag(&scope, name, v)? {
                    return Err(invalid_option(
                        name,
                        "can not be honoured: sortie does not do NTLM or Negotiate (SPNEGO) authentication",
                        opt.name.span,
                    ));
                }
            }
        }
        let key = opt.setting.key();
        if matches!(
            key,
            OptionKey::Proxy
                | OptionKey::Resolve
                | OptionKey::ConnectTo
                | OptionKey::PinnedPubKey
                | OptionKey::AwsSigv4
        ) {
            check_net_values(&transport.net).map_err(|m| invalid_option(name, m, opt.span))?;
        }
    }
    Ok(())
}

/// A file named by a network option (from the working directory, as curl reads it).
fn file(scope: &Scope, t: &crate::spec::ast::Template) -> Result<std::path::PathBuf, CheckError> {
    Ok(scope.render_template(t)?.into())
}

/// The file of an earlier `netrc-file`, kept when `netrc`/`netrc-optional` follow.
fn netrc_file(netrc: &NetrcUse) -> Option<std::path::PathBuf> {
    match netrc {
        NetrcUse::Required(f) | NetrcUse::Optional(f) => f.clone(),
        NetrcUse::Off => None,
    }
}

/// A spec number as a value.
pub fn number_value(n: &crate::spec::ast::Number) -> Value {
    match n {
        crate::spec::ast::Number::Integer(i) => Value::Integer(*i),
        crate::spec::ast::Number::Float(f, _) => Value::Float(*f),
        crate::spec::ast::Number::BigInteger(s) => Value::BigInteger(s.clone()),
    }
}

fn basic(user: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(user)
    )
}

/// The request as it will be sent.
pub fn build_request(
    req: &Request,
    scope: &Scope,
    settings: &EntrySettings,
) -> Result<HttpRequest, CheckError> {
    let mut headers = Vec::new();
    for h in &req.headers {
        headers.push(Header::new(
            scope.render_template(&h.key)?,
            scope.render_template(&h.value)?,
        ));
    }
    if let Some(auth) = &req.basic_auth {
        if let Some(kv) = auth.items.first() {
            let user = format!(
                "{}:{}",
                scope.render_template(&kv.key)?,
                scope.render_template(&kv.value)?
            );
            scope.vars.redactor().add(user.clone());
            headers.push(Header::new("Authorization", basic(&user)));
        }
    }
    for (name, value) in &settings.headers {
        headers.push(Header::new(name.clone(), value.clone()));
    }
    let mut cookies = Vec::new();
    if let Some(section) = &req.cookies {
        for kv in &section.items {
            cookies.push((
                scope.render_template(&kv.key)?,
                scope.render_template(&kv.value)?,
            ));
        }
    }
    let mut query = Vec::new();
    if let Some(q) = &req.query {
        for kv in &q.items {
            query.push((
                scope.render_template(&kv.key)?,
                scope.render_template(&kv.value)?,
            ));
        }
    }
    let body = if let Some(form) = &req.form {
        let mut fields = Vec::new();
        for kv in &form.items {
            fields.push((
                scope.render_template(&kv.key)?,
                scope.render_template(&kv.value)?,
            ));
        }
        RequestBody::Form(fields)
    } else if let Some(mp) = &req.multipart {
        let mut parts = Vec::new();
        for p in &mp.items {
            parts.push(match p {
                MultipartParam::Field(kv) => Part {
                    name: scope.render_template(&kv.key)?,
                    content: PartContent::Text(scope.render_template(&kv.value)?),
                },
                MultipartParam::File(f) => {
                    let name = scope.render_template(&f.path)?;
                    let path = scope.confined_path(&name, f.path.span)?;
                    // As Hurl: the file name sent is the path as written.
                    let filename = match &f.filename {
                        Some(t) => scope.render_template(t)?,
                        None => name.clone(),
                    };
                    Part {
                        name: scope.render_template(&f.key)?,
                        content: PartContent::File {
                            path,
                            content_type: f.content_type.clone(),
                            filename: Some(filename),
                        },
                    }
                }
            });
        }
        RequestBody::Multipart(parts)
    } else if let Some(body) = &req.body {
        let (data, content_type) = crate::check::body::body_bytes(&body.kind, scope)?;
        let origin = match &body.kind {
            BodyKind::Base64(_) | BodyKind::Hex(_) => BodyOrigin::Binary,
            BodyKind::File(t) => {
                let name = scope.render_template(t)?;
                // As Hurl shows it: the file root joined to the name, the name alone in `.`.
                BodyOrigin::File(if scope.file_root == Path::new(".") {
                    name
                } else {
                    scope.file_root.join(name).display().to_string()
                })
            }
            _ => BodyOrigin::Text,
        };
        RequestBody::Bytes {
            data,
            content_type: content_type.map(str::to_string),
            origin,
        }
    } else {
        RequestBody::Empty
    };
    Ok(HttpRequest {
        method: req.method.value.clone(),
        url: scope.render_template(&req.url)?,
        query,
        headers,
        cookies,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Redactor;
    use crate::spec::options::{ValueKind, OPTION_TABLE};

    /// A value that is not the default for a key of this kind.
    fn sample(name: &str, kind: ValueKind) -> &'static str {
        match (name, kind) {
            ("header", _) => "X-A: 1",
            ("user", _) => "bob:secret",
            // Entries are checked against --openapi unless they say otherwise.
            ("openapi", _) => "false",
            (_, ValueKind::Bool) => "true",
            (_, ValueKind::Natural) => "7",
            (_, ValueKind::Count) => "3",
            (_, ValueKind::DurationMs) => "1234",
            (_, ValueKind::Text) => "value.txt",
            (_, ValueKind::Variable) => "walked=1",
            (_, ValueKind::Verbosity) => "debug",
            (_, ValueKind::ResponseType) => "binary",
        }
    }

    /// No option is parsed and ignored: each key, set to a value that is not its default,
    /// changes how the entry runs or is a clear error.
    #[test]
    fn every_option_key_acts_or_is_an_error() {
        // `http1.1: true` asks for what sortie always does.
        let always = ["http1.1"];
        for (name, _, kind) in OPTION_TABLE {
            let text = format!(
                "GET http://h.test\n[Options]\n{name}: {}\n",
                sample(name, *kind)
            );
            let spec = crate::spec::parse_spec(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
            let options = &spec.entries[0].request.options.as_ref().unwrap().items;
            let mut vars = Variables::new(Redactor::new());
            let mut transport = TransportOptions::default();
            let mut settings = EntrySettings::default();
            let applied = apply_options(
                options,
                &mut vars,
                std::path::Path::new("."),
                &mut transport,
                &mut settings,
            );
            let acted = transport != TransportOptions::default()
                || settings != EntrySettings::default()
                || vars.get("walked").is_some();
            match applied {
                Err(e) => assert!(
                    e.to_string().contains(name),
                    "{name}: the error does not name the option: {e}"
                ),
                Ok(()) if always.contains(name) => {}
                Ok(()) => assert!(acted, "[Options] {name} is accepted but changes nothing"),
            }
        }
    }
}
