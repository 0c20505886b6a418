//! `sortie call METHOD URL`: one connector action from the shell.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::time::Duration;

use base64::Engine as _;
use clap::{Args, ValueEnum};

use crate::diagnostic::{Diagnostic, Kind};
use crate::http::decode::lossy_text;
use crate::http::request::{
    check_net_values, BodyOrigin, NetOptions, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_TIME,
};
use crate::http::{
    Client, Header, HttpRequest, HttpResponse, Part, PartContent, RequestBody, RetryPolicy,
    TransportOptions,
};
use crate::secret::Redactor;

/// The methods of the connector's request actions.
const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE"];

/// How the response data is decoded and printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ResponseTypeArg {
    /// Parse as JSON and pretty-print (an error when the body is not JSON).
    Json,
    /// Decode as text with the charset of Content-Type.
    Text,
    /// Raw bytes.
    Binary,
}

/// How `sortie call` reaches the server (the flags of `sortie test` of the same names).
#[derive(Args, Debug, Default)]
pub struct CallNetArgs {
    /// Use this proxy, [http://][USER:PASSWORD@]HOST[:PORT] ("" for none; else the
    /// http_proxy / https_proxy / no_proxy environment).
    #[arg(short = 'x', long, value_name = "PROXY", help_heading = "Network")]
    pub proxy: Option<String>,
    /// Hosts reached without the proxy (comma-separated).
    #[arg(
        long,
        alias = "noproxy",
        value_name = "HOSTS",
        help_heading = "Network"
    )]
    pub no_proxy: Option<String>,
    /// CA certificates to verify the server against (PEM), instead of the system's.
    #[arg(long, value_name = "FILE", help_heading = "Network")]
    pub cacert: Option<PathBuf>,
    /// Client certificate (PEM).
    #[arg(short = 'E', long, value_name = "FILE", help_heading = "Network")]
    pub cert: Option<PathBuf>,
    /// Client certificate's private key (PEM).
    #[arg(long, value_name = "FILE", help_heading = "Network")]
    pub key: Option<PathBuf>,
    /// Public key the server must have: sha256//BASE64[;sha256//…] or a PEM/DER file.
    #[arg(long, value_name = "HASHES", help_heading = "Network")]
    pub pinnedpubkey: Option<String>,
    /// Resolve HOST:PORT to ADDR (repeatable).
    #[arg(long, value_name = "HOST:PORT:ADDR", help_heading = "Network")]
    pub resolve: Vec<String>,
    /// For HOST1:PORT1 connect to HOST2:PORT2 instead (repeatable).
    #[arg(
        long = "connect-to",
        value_name = "HOST1:PORT1:HOST2:PORT2",
        help_heading = "Network"
    )]
    pub connect_to: Vec<String>,
    /// Connect through this Unix domain socket.
    #[arg(long, value_name = "PATH", help_heading = "Network")]
    pub unix_socket: Option<PathBuf>,
}

impl CallNetArgs {
    /// The network options, their values checked.
    fn options(&self) -> Result<NetOptions, String> {
        let net = NetOptions {
            proxy: self.proxy.clone(),
            no_proxy: self.no_proxy.clone(),
            cacert: self.cacert.clone(),
            cert: self.cert.clone(),
            key: self.key.clone(),
            pinned_pub_key: self.pinnedpubkey.clone(),
            resolve: self.resolve.clone(),
            connect_to: self.connect_to.clone(),
            unix_socket: self.unix_socket.clone(),
            ..NetOptions::default()
        };
        check_net_values(&net)?;
        Ok(net)
    }
}

/// A duration flag of `call`: a bare number is milliseconds (the connector's unit).
fn millis(text: &str) -> Result<Duration, String> {
    super::args::parse_duration(text, super::args::BareUnit::Millis, "duration")
}

/// Arguments of `sortie call`.
#[derive(Args, Debug)]
pub struct CallArgs {
    /// GET, POST, PUT, PATCH or DELETE.
    pub method: String,
    /// The URL (http or https).
    pub url: String,
    /// Request body: a string, @FILE to send a file's bytes, or @- to send stdin.
    #[arg(long, value_name = "STRING|@FILE|@-")]
    pub data: Option<String>,
    /// A header, 'Name: value' (repeatable).
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<String>,
    /// A query parameter, name=value (repeatable).
    #[arg(short = 'q', long = "query", value_name = "NAME=VALUE")]
    pub query: Vec<String>,
    /// A form field, name=value (repeatable); url-encoded, or multipart with --file.
    #[arg(long, value_name = "NAME=VALUE")]
    pub form: Vec<String>,
    /// A multipart file part, NAME=@PATH (repeatable).
    #[arg(long, value_name = "NAME=@PATH")]
    pub file: Vec<String>,
    /// The file name sent for a file part, NAME=FILENAME.
    #[arg(long = "file-name", value_name = "NAME=FILENAME")]
    pub file_name: Vec<String>,
    /// How to decode the response data.
    #[arg(long, value_enum, default_value_t = ResponseTypeArg::Json)]
    pub response_type: ResponseTypeArg,
    /// Re-send on network errors, timeouts and 5xx, at most N times.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub max_retries: u32,
    /// Wait between retries: 500ms, 2s; a bare number is milliseconds.
    #[arg(long, value_name = "DURATION", value_parser = millis, default_value = "0")]
    pub retry_delay: Duration,
    /// Exponential backoff (250 ms doubling, capped at 30 s, full jitter) instead of --retry-delay.
    #[arg(long)]
    pub backoff: bool,
    /// Also retry any status ≥ 300 that is not a followed redirect (429, 404, …).
    #[arg(long)]
    pub retry_all_errors: bool,
    /// Time limit for the whole request: 5s, 500ms; a bare number is milliseconds (default
    /// 300 s; 0 for none).
    #[arg(long, value_name = "DURATION", value_parser = millis)]
    pub timeout: Option<Duration>,
    /// Print {status, headers, body} as JSON instead of the data only.
    #[arg(long)]
    pub full_response: bool,
    /// Print the request as sent to stderr (secrets masked).
    #[arg(long)]
    pub debug: bool,
    /// Skip TLS certificate verification.
    #[arg(long)]
    pub insecure: bool,
    /// Follow at most N redirects; 0 follows none: a 3xx response is the answer (exit 0).
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub max_redirects: u32,
    /// Authenticate with this connection of sortie.yaml (or of --config); its templates see
    /// SORTIE_VARIABLE_* and SORTIE_SECRET_*.
    #[arg(long, value_name = "NAME")]
    pub connection: Option<String>,
    /// Read connections from this YAML file (default: sortie.yaml in the working directory).
    #[arg(long, value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,
    /// Network settings: proxy, certificates, name overrides.
    #[command(flatten)]
    pub net: CallNetArgs,
}

/// What stops a call: a usage, input or runtime error; `sortie call` prints it on one line.
type Failure = Diagnostic;

fn usage(message: impl Into<String>) -> Failure {
    Diagnostic::new(Kind::Usage, "usage", message)
}

fn runtime(message: impl Into<String>) -> Failure {
    Diagnostic::new(Kind::Runtime, "call", message)
}

/// Runs `sortie call`; returns the exit code.
pub fn run(args: &CallArgs) -> u8 {
    let redactor = Redactor::new();
    let code = match call(args, &redactor) {
        Ok(code) => code,
        Err(d) => {
            let (code, message) = (d.kind.exit_code(), d.message);
            eprintln!("error: {}", redactor.redact(&message));
            code
        }
    };
    crate::interrupt::interrupted().map_or(code, crate::interrupt::exit_code)
}

fn call(args: &CallArgs, redactor: &Redactor) -> Result<u8, Failure> {
    let request = build_request(args)?;
    let options = TransportOptions {
        timeout: match args.timeout {
            None => Some(DEFAULT_MAX_TIME),
            Some(t) => (!t.is_zero()).then_some(t),
        },
        connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
        insecure: args.insecure,
        // With no redirect allowed, a 3xx is the response, as `curl --max-redirs 0` without
        // `-L` gives it.
        follow_redirects: args.max_redirects > 0,
        max_redirects: Some(args.max_redirects),
        retry: RetryPolicy {
            max_retries: args.max_retries,
            delay: args.retry_delay,
            backoff: args.backoff,
            retry_all_errors: args.retry_all_errors,
        },
        debug: args.debug,
        net: args.net.options().map_err(usage)?,
        ..TransportOptions::default()
    };
    let notices = super::StderrNotices::new(redactor.clone());
    let client = Client::new(redactor.clone(), &notices);
    let exchange = match &args.connection {
        None => client.execute(&request, &options),
        Some(name) => {
            let vars = super::connections::environment_variables(redactor);
            let conn = super::connections::for_call(name, args.config.as_deref(), &vars)?;
            crate::connection::Connector::default()
                .send(&client, &request, &options, &conn, redactor)
                .map_err(|e| runtime(e.to_string()))?
        }
    };
    let attempts = exchange.attempts.len();
    let response = exchange.result.map_err(|e| {
        let tries = if attempts > 1 {
            format!(" (after {attempts} attempts)")
        } else {
            String::new()
        };
        runtime(format!("{}{tries}", e.message))
    })?;
    let failed = response.status >= 400;
    let output = if args.full_response {
        let body = body_value(&response, args.response_type, failed)?;
        let mut value = serde_json::json!({
            "status": response.status,
            "headers": headers_value(&response),
            "body": body,
        });
        if args.response_type == ResponseTypeArg::Binary {
            // Bytes travel in JSON as base64: say so, so that nobody reads them as text.
            value["body_encoding"] = "base64".into();
        }
        let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
        text.push('\n');
        text.into_bytes()
    } else {
        data_bytes(&response, args.response_type, failed)?
    };
    let mut stdout = std::io::stdout().lock();
    if stdout.is_terminal() && super::is_binary(&output) {
        // As curl and Hurl: bytes that would garble the terminal are not written to it.
        return Err(runtime(format!(
            "the response body is binary ({} bytes) and would mess up the terminal: not \
             written; redirect stdout to a file (> body.bin) or a pipe",
            output.len()
        )));
    }
    // The user's data, passed through unchanged.
    stdout
        .write_all(&output)
        .and_then(|()| stdout.flush())
        .map_err(|e| runtime(format!("cannot write the output: {e}")))?;
    if failed {
        let tries = if attempts > 1 {
            format!(" after {attempts} attempts")
        } else {
            String::new()
        };
        let status = format!("{} {}", response.status, response.reason());
        return Err(runtime(format!(
            "{} {} answered {}{tries}",
            request.method,
            response.url,
            status.trim_end()
        )));
    }
    Ok(0)
}

fn build_request(args: &CallArgs) -> Result<HttpRequest, Failure> {
    let method = args.method.to_ascii_uppercase();
    if !METHODS.contains(&method.as_str()) {
        return Err(usage(format!(
            "unknown method '{}': use GET, POST, PUT, PATCH or DELETE",
            args.method
        )));
    }
    match url::Url::parse(&args.url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.has_host() => {}
        Ok(_) => {
            return Err(usage(format!(
                "invalid URL '{}': use http:// or https://",
                args.url
            )))
        }
        Err(e) => return Err(usage(format!("invalid URL '{}': {e}", args.url))),
    }
    let mut headers = Vec::new();
    for h in &args.headers {
        headers.push(parse_header(h)?);
    }
    let query = args
        .query
        .iter()
        .map(|q| split_pair(q, "-q", "NAME=VALUE"))
        .collect::<Result<Vec<_>, _>>()?;
    let form = args
        .form
        .iter()
        .map(|f| split_pair(f, "--form", "NAME=VALUE"))
        .collect::<Result<Vec<_>, _>>()?;
    let body = if let Some(data) = &args.data {
        if !args.form.is_empty() || !args.file.is_empty() {
            return Err(usage("--data cannot be combined with --form or --file"));
        }
        data_body(data)?
    } else if !args.file.is_empty() {
        multipart_body(args, form)?
    } else if !form.is_empty() {
        RequestBody::Form(form)
    } else {
        if !args.file_name.is_empty() {
            return Err(usage("--file-name needs a --file part of the same name"));
        }
        RequestBody::Empty
    };
    Ok(HttpRequest {
        method,
        url: args.url.clone(),
        query,
        headers,
        cookies: Vec::new(),
        body,
    })
}

fn parse_header(h: &str) -> Result<Header, Failure> {
    let malformed = || usage(format!("malformed header '{h}': use -H 'Name: value'"));
    let (name, value) = h.split_once(':').ok_or_else(malformed)?;
    let name = name.trim();
    let valid_name = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if !valid_name || value.contains(['\r', '\n']) {
        return Err(malformed());
    }
    Ok(Header::new(name, value.trim()))
}

fn split_pair(s: &str, flag: &str, shape: &str) -> Result<(String, String), Failure> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(usage(format!("malformed {flag} '{s}': use {shape}"))),
    }
}

fn data_body(data: &str) -> Result<RequestBody, Failure> {
    let bytes = match data.strip_prefix('@') {
        Some("-") => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| runtime(format!("cannot read stdin: {e}")))?;
            bytes
        }
        Some(path) => {
            std::fs::read(path).map_err(|e| runtime(format!("cannot read {path}: {e}")))?
        }
        None => data.as_bytes().to_vec(),
    };
    let content_type = if serde_json::from_slice::<serde_json::Value>(&bytes).is_ok() {
        "application/json"
    } else if std::str::from_utf8(&bytes).is_ok() {
        "text/plain; charset=utf-8"
    } else {
        "application/octet-stream"
    };
    Ok(RequestBody::Bytes {
        data: bytes,
        content_type: Some(content_type.to_string()),
        origin: BodyOrigin::Text,
    })
}

fn multipart_body(args: &CallArgs, form: Vec<(String, String)>) -> Result<RequestBody, Failure> {
    let mut names: Vec<(String, String)> = Vec::new();
    for n in &args.file_name {
        names.push(split_pair(n, "--file-name", "NAME=FILENAME")?);
    }
    let mut parts: Vec<Part> = form
        .into_iter()
        .map(|(name, value)| Part {
            name,
            content: PartContent::Text(value),
        })
        .collect();
    for f in &args.file {
        let Some((name, path)) = f
            .split_once("=@")
            .filter(|(n, p)| !n.is_empty() && !p.is_empty())
        else {
            return Err(usage(format!("malformed --file '{f}': use NAME=@PATH")));
        };
        // As curl -F: the file's own name, without its folders, unless --file-name says.
        let filename = names
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .or_else(|| {
                std::path::Path::new(path)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
            });
        parts.push(Part {
            name: name.to_string(),
            content: PartContent::File {
                path: path.into(),
                content_type: None,
                filename,
            },
        });
    }
    if let Some((orphan, _)) = names
        .iter()
        .find(|(n, _)| !parts.iter().any(|p| &p.name == n))
    {
        return Err(usage(format!(
            "--file-name {orphan}=… has no --file {orphan}=@…"
        )));
    }
    Ok(RequestBody::Multipart(parts))
}

/// The body with its content encoding undone.
fn body(r: &HttpResponse) -> Result<&[u8], Failure> {
    r.body().map_err(|e| runtime(e.to_string()))
}

/// The data printed without --full-response.
fn data_bytes(r: &HttpResponse, kind: ResponseTypeArg, failed: bool) -> Result<Vec<u8>, Failure> {
    let data = body(r)?;
    match kind {
        ResponseTypeArg::Binary => Ok(data.to_vec()),
        ResponseTypeArg::Text => Ok(text(r)?.into_bytes()),
        ResponseTypeArg::Json => {
            if data.iter().all(u8::is_ascii_whitespace) {
                return Ok(Vec::new());
            }
            match serde_json::from_slice::<serde_json::Value>(data) {
                Ok(v) => {
                    let mut out = serde_json::to_string_pretty(&v).unwrap_or_default();
                    out.push('\n');
                    Ok(out.into_bytes())
                }
                // An error page is shown as it came; the exit code says it failed.
                Err(_) if failed => Ok(text(r)?.into_bytes()),
                Err(e) => Err(runtime(format!(
                    "the response body is not JSON ({e}); use --response-type text or binary"
                ))),
            }
        }
    }
}

/// The body as text; bytes invalid in its charset are shown as U+FFFD (the user's data).
fn text(r: &HttpResponse) -> Result<String, Failure> {
    Ok(lossy_text(body(r)?, r.charset().as_deref()))
}

/// The body in the --full-response object.
fn body_value(
    r: &HttpResponse,
    kind: ResponseTypeArg,
    failed: bool,
) -> Result<serde_json::Value, Failure> {
    let data = body(r)?;
    Ok(match kind {
        ResponseTypeArg::Binary => {
            serde_json::Value::String(base64::engine::general_purpose::STANDARD.encode(data))
        }
        ResponseTypeArg::Text => serde_json::Value::String(text(r)?),
        ResponseTypeArg::Json => {
            if data.iter().all(u8::is_ascii_whitespace) {
                serde_json::Value::Null
            } else {
                match serde_json::from_slice(data) {
                    Ok(v) => v,
                    Err(_) if failed => serde_json::Value::String(text(r)?),
                    Err(e) => {
                        return Err(runtime(format!(
                        "the response body is not JSON ({e}); use --response-type text or binary"
                    )))
                    }
                }
            }
        }
    })
}

/// Headers as an object: lower-case names, a list for repeated ones.
fn headers_value(r: &HttpResponse) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    for (name, value) in &r.headers {
        let key = name.to_ascii_lowercase();
        match map.get_mut(&key) {
            None => {
                map.insert(key, serde_json::Value::String(value.clone()));
            }
            Some(serde_json::Value::Array(list)) => list.push(value.clone().into()),
            Some(existing) => {
                let first = existing.take();
                *existing = serde_json::Value::Array(vec![first, value.clone().into()]);
            }
        }
    }
    serde_json::Value::Object(map)
}
