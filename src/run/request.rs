//! Turning an entry's request into what the transport sends: templates rendered, sections
//! and bodies encoded, `[Options]` applied over the run's defaults.

use std::time::Duration;

use base64::Engine as _;

use crate::check::{CheckError, CheckErrorKind, Value};
use crate::http::{Header, HttpRequest, Part, PartContent, RequestBody, TransportOptions};
use crate::spec::ast::{BodyKind, JsonValue, MultipartParam, Request, Span};
use crate::spec::options::{
    BoolOption, DurationOption, EntryOption, IntegerOption, OptionKey, OptionValue,
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
    /// Send `Accept-Encoding`.
    pub compressed: bool,
    /// Connection to authenticate with.
    pub connection: Option<String>,
    /// `user: name:password` for Basic authentication.
    pub user: Option<String>,
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
            compressed: false,
            connection: None,
            user: None,
        }
    }
}

fn runtime(message: impl Into<String>, span: Span) -> CheckError {
    CheckError {
        kind: CheckErrorKind::Runtime,
        message: message.into(),
        span,
    }
}

/// Applies `[Options]` on top of the run's defaults, defining `variable:` options in `vars`.
pub fn apply_options(
    options: &[EntryOption],
    vars: &mut Variables,
    file_root: &std::path::Path,
    transport: &mut TransportOptions,
    settings: &mut EntrySettings,
) -> Result<(), CheckError> {
    for opt in options {
        let span = opt.span;
        // Each value is resolved with the variables as they are at this line.
        let scope = Scope { vars, file_root };
        let flag = |v: &OptionValue| -> Result<bool, CheckError> {
            match v {
                OptionValue::Bool(BoolOption::Literal(b)) => Ok(*b),
                OptionValue::Bool(BoolOption::Template(t)) => {
                    match scope.render_template(t)?.as_str() {
                        "true" => Ok(true),
                        "false" => Ok(false),
                        other => Err(runtime(
                            format!("option '{}' expects true or false, got '{other}'", opt.name),
                            t.span,
                        )),
                    }
                }
                _ => Ok(false),
            }
        };
        let integer = |v: &IntegerOption| -> Result<i64, CheckError> {
            match v {
                IntegerOption::Literal(n) => Ok(*n),
                IntegerOption::Template(t) => scope
                    .render_template(t)?
                    .trim()
                    .parse::<i64>()
                    .map_err(|_| {
                        runtime(format!("option '{}' expects an integer", opt.name), t.span)
                    }),
            }
        };
        let number = |v: &OptionValue| -> Result<i64, CheckError> {
            match v {
                OptionValue::Integer(i) => integer(i),
                _ => Ok(0),
            }
        };
        let duration = |v: &OptionValue| -> Result<Duration, CheckError> {
            match v {
                OptionValue::Duration(DurationOption { value, unit }) => {
                    let n = integer(value)?.max(0) as u64;
                    Ok(Duration::from_millis(n.saturating_mul(unit.millis())))
                }
                _ => Ok(Duration::ZERO),
            }
        };
        let text = |v: &OptionValue| -> Result<String, CheckError> {
            match v {
                OptionValue::Text(t) => scope.render_template(t),
                _ => Ok(String::new()),
            }
        };
        let v = &opt.value;
        match opt.key.value {
            OptionKey::Location => transport.follow_redirects = flag(v)?,
            OptionKey::LocationTrusted => {
                transport.location_trusted = flag(v)?;
                if transport.location_trusted {
                    transport.follow_redirects = true;
                }
            }
            OptionKey::MaxRedirs => {
                let n = number(v)?;
                transport.max_redirects = (n >= 0).then_some(n as u32);
            }
            OptionKey::Insecure => transport.insecure = flag(v)?,
            OptionKey::MaxTime | OptionKey::Timeout => {
                let d = duration(v)?;
                transport.timeout = (!d.is_zero()).then_some(d);
            }
            OptionKey::ConnectTimeout => {
                let d = duration(v)?;
                transport.connect_timeout = (!d.is_zero()).then_some(d);
            }
            OptionKey::MaxRetries => {
                transport.retry.max_retries = number(v)?.clamp(0, u32::MAX as i64) as u32
            }
            OptionKey::RetryDelay => transport.retry.delay = duration(v)?,
            OptionKey::RetryBackoff => transport.retry.backoff = flag(v)?,
            OptionKey::RetryAllErrors => transport.retry.retry_all_errors = flag(v)?,
            OptionKey::DebugRequest | OptionKey::Verbose | OptionKey::VeryVerbose => {
                transport.debug = flag(v)?
            }
            OptionKey::Verbosity => transport.debug = true,
            OptionKey::MaxFilesize => transport.max_body_bytes = number(v)?.max(0) as u64,
            OptionKey::Compressed => settings.compressed = flag(v)?,
            OptionKey::Skip => settings.skip = flag(v)?,
            OptionKey::Delay => settings.delay = duration(v)?,
            OptionKey::Retry => settings.retry = number(v)?,
            OptionKey::RetryInterval => settings.retry_interval = duration(v)?,
            OptionKey::Repeat => settings.repeat = number(v)?,
            OptionKey::Output => settings.output = Some(text(v)?),
            OptionKey::Connection => settings.connection = Some(text(v)?),
            OptionKey::Http11 | OptionKey::Http10 if !flag(v)? => {}
            OptionKey::Http11 => {}
            OptionKey::ResponseType | OptionKey::IncludeFullResponse => {}
            OptionKey::User => {
                let user = text(v)?;
                vars.redactor().add(user.clone());
                settings.user = Some(user);
            }
            OptionKey::Variable => {
                if let OptionValue::Variable(def) = v {
                    let value = match &def.value {
                        crate::spec::options::VariableValue::Null => Value::Null,
                        crate::spec::options::VariableValue::Bool(b) => Value::Bool(*b),
                        crate::spec::options::VariableValue::Number(n) => number_value(n),
                        crate::spec::options::VariableValue::String(t) => {
                            Value::String(scope.render_template(t)?)
                        }
                    };
                    vars.insert(def.name.value.clone(), value);
                }
            }
            // Options that are false change nothing; true asks for what sortie cannot do yet.
            _ if matches!(v, OptionValue::Bool(_)) && !flag(v)? => {}
            _ => {
                return Err(runtime(
                    format!("option '{}' is not supported yet", opt.name),
                    span,
                ))
            }
        }
    }
    Ok(())
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
    let has =
        |headers: &[Header], name: &str| headers.iter().any(|h| h.name.eq_ignore_ascii_case(name));
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
    } else if let Some(user) = &settings.user {
        if !has(&headers, "authorization") {
            headers.push(Header::new("Authorization", basic(user)));
        }
    }
    if let Some(cookies) = &req.cookies {
        let mut pairs = Vec::new();
        for kv in &cookies.items {
            pairs.push(format!(
                "{}={}",
                scope.render_template(&kv.key)?,
                scope.render_template(&kv.value)?
            ));
        }
        if !pairs.is_empty() {
            headers.push(Header::new("Cookie", pairs.join("; ")));
        }
    }
    if settings.compressed && !has(&headers, "accept-encoding") {
        headers.push(Header::new("Accept-Encoding", "gzip, deflate, br"));
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
                    let filename = match &f.filename {
                        Some(t) => Some(scope.render_template(t)?),
                        None => path.file_name().map(|n| n.to_string_lossy().into_owned()),
                    };
                    Part {
                        name: scope.render_template(&f.key)?,
                        content: PartContent::File {
                            path,
                            content_type: f.content_type.clone(),
                            filename,
                        },
                    }
                }
            });
        }
        RequestBody::Multipart(parts)
    } else if let Some(body) = &req.body {
        let (data, content_type) = body_bytes(&body.kind, scope)?;
        RequestBody::Bytes { data, content_type }
    } else {
        RequestBody::Empty
    };
    Ok(HttpRequest {
        method: req.method.value.clone(),
        url: scope.render_template(&req.url)?,
        query,
        headers,
        body,
    })
}

/// A body's bytes and default content type.
pub fn body_bytes(kind: &BodyKind, scope: &Scope) -> Result<(Vec<u8>, Option<String>), CheckError> {
    Ok(match kind {
        BodyKind::Json(v) => (
            render_json(v, scope)?.into_bytes(),
            Some("application/json".into()),
        ),
        BodyKind::Xml(x) => (x.clone().into_bytes(), Some("application/xml".into())),
        BodyKind::Multiline(m) => {
            let text = scope.render_template(&m.content)?;
            match m.lang.as_deref() {
                Some("json") => (text.into_bytes(), Some("application/json".into())),
                Some("xml") => (text.into_bytes(), Some("application/xml".into())),
                Some("graphql") => {
                    let body = serde_json::json!({ "query": text });
                    (
                        body.to_string().into_bytes(),
                        Some("application/json".into()),
                    )
                }
                Some("base64") => {
                    let clean: String = text.split_whitespace().collect();
                    let bytes = base64::engine::general_purpose::STANDARD
                        .decode(clean)
                        .map_err(|e| runtime(format!("invalid base64: {e}"), m.content.span))?;
                    (bytes, Some("application/octet-stream".into()))
                }
                _ => (text.into_bytes(), None),
            }
        }
        BodyKind::Oneline(t) => (scope.render_template(t)?.into_bytes(), None),
        BodyKind::Base64(b) | BodyKind::Hex(b) => {
            (b.clone(), Some("application/octet-stream".into()))
        }
        BodyKind::File(t) => (scope.read(t)?, Some("application/octet-stream".into())),
    })
}

/// JSON text with templates resolved: inside strings the rendered text (escaped), in value
/// position the variable's JSON.
pub fn render_json(v: &JsonValue, scope: &Scope) -> Result<String, CheckError> {
    Ok(json_value(v, scope)?.to_string())
}

/// A JSON body or predicate value as a `serde_json` value, templates resolved.
pub fn json_value(v: &JsonValue, scope: &Scope) -> Result<serde_json::Value, CheckError> {
    Ok(match v {
        JsonValue::Null => serde_json::Value::Null,
        JsonValue::Bool(b) => serde_json::Value::Bool(*b),
        JsonValue::Number(n) => serde_json::from_str(n).unwrap_or(serde_json::Value::Null),
        JsonValue::String(t) => serde_json::Value::String(scope.render_template(t)?),
        JsonValue::Array(items) => serde_json::Value::Array(
            items
                .iter()
                .map(|i| json_value(i, scope))
                .collect::<Result<_, _>>()?,
        ),
        JsonValue::Object(members) => {
            let mut map = serde_json::Map::new();
            for (k, v) in members {
                map.insert(scope.render_template(k)?, json_value(v, scope)?);
            }
            serde_json::Value::Object(map)
        }
        JsonValue::Expr(e) => scope.eval(e)?.to_json(),
    })
}
