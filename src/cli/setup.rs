//! From the command line to a run: variables and secrets (flags, files, environment), and
//! the defaults of every option.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::args::{parse_duration, BareUnit, CommonArgs, ErrorFormat, VerbosityArg};
use super::{problem, problem_in, usage_error, Problem};
use crate::check::Value;
use crate::diagnostic::{Diagnostic, Kind};
use crate::http::request::{check_net_values, IpVersion, NetOptions, NetrcUse};
use crate::http::request::{DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_TIME};
use crate::http::TransportOptions;
use crate::run::file::CookieFile;
use crate::run::request::EntrySettings;
use crate::run::variables::{
    from_environment, is_valid_name, parse_assignment, parse_variables_file, VariableError,
};
use crate::run::{Retain, RunOptions, Variables};
use crate::secret::Redactor;

fn usage(message: String) -> Problem {
    problem(usage_error(message))
}

/// A runtime error about a flag (exit 3): what sortie cannot do, said plainly.
fn unsupported(message: impl Into<String>) -> Problem {
    problem(Diagnostic::new(
        Kind::Runtime,
        "unsupported option",
        message,
    ))
}

/// Largest file of variables, secrets or cookies read (`/dev/zero` is not a file of them).
const MAX_SIDE_FILE: u64 = 16 << 20;

/// A text file of at most [`MAX_SIDE_FILE`] bytes.
fn read_bounded(path: &Path) -> std::io::Result<String> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_SIDE_FILE + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_SIDE_FILE {
        return Err(std::io::Error::other(format!(
            "larger than {} MB",
            MAX_SIDE_FILE >> 20
        )));
    }
    String::from_utf8(bytes).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

/// Reads a `name=value` file (`--variables-file`, `--secrets-file`).
fn read_pairs(file: &Path) -> Result<Vec<(String, Value)>, Problem> {
    let name = file.display().to_string();
    let text = read_bounded(file).map_err(|e| {
        problem(
            Diagnostic::new(Kind::Input, "input error", format!("cannot read: {e}")).in_file(&name),
        )
    })?;
    parse_variables_file(&text).map_err(|e| {
        let mut d =
            Diagnostic::new(Kind::Input, "invalid variables file", e.to_string()).in_file(&name);
        if let VariableError::Line { span, .. } = e {
            d = d.at(span);
        }
        problem_in(d, text)
    })
}

/// Variables and secrets: environment, files, then flags (later ones win). A secret may not
/// be defined twice, as in Hurl.
fn variables(args: &CommonArgs, redactor: &Redactor) -> Result<Variables, Problem> {
    let mut vars = Variables::new(redactor.clone());
    let (env_vars, env_secrets) = from_environment();
    for (name, value) in env_vars {
        vars.insert(name, value);
    }
    for file in &args.variables_files {
        for (name, value) in read_pairs(file)? {
            vars.insert(name, value);
        }
    }
    for v in &args.variables {
        let (name, value) = parse_assignment(v).map_err(|e| usage(format!("--variable: {e}")))?;
        vars.insert(name, value);
    }
    let mut secret_names = HashSet::new();
    let mut secret = |vars: &mut Variables, name: String, text: String| {
        if !secret_names.insert(name.clone()) {
            return Err(usage(format!(
                "secret '{name}' can't be reassigned (it is defined twice)"
            )));
        }
        // Secrets stay strings: their text is what must never be shown.
        vars.insert_secret(name, Value::String(text));
        Ok(())
    };
    for (name, value) in env_secrets {
        secret(&mut vars, name, value.render())?;
    }
    for file in &args.secrets_files {
        for (name, value) in read_pairs(file)? {
            secret(&mut vars, name, value.render())?;
        }
    }
    for s in &args.secrets {
        let Some((name, text)) = s.split_once('=').filter(|(n, _)| is_valid_name(n)) else {
            return Err(usage(
                "--secret: expecting NAME=VALUE (the value is not shown)".to_string(),
            ));
        };
        secret(&mut vars, name.to_string(), text.to_string())?;
    }
    Ok(vars)
}

/// `--cookie FILE`. A file that cannot be read gives no cookies, as in Hurl (curl), with a
/// warning.
fn read_cookie_file(path: &Path) -> Option<CookieFile> {
    match read_bounded(path) {
        Ok(text) => Some(CookieFile {
            path: path.display().to_string(),
            text,
        }),
        Err(e) => {
            eprintln!(
                "warning: --cookie {}: cannot read ({e}); no cookies read from it",
                path.display()
            );
            None
        }
    }
}

/// `--header 'Name: value'`.
fn header(text: &str) -> Result<(String, String), Problem> {
    match text.split_once(':') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_string(), value.trim().to_string()))
        }
        _ => Err(usage(format!(
            "--header: expecting 'Name: value', got '{text}'"
        ))),
    }
}

/// The network flags: proxies, certificates, name overrides, authentication schemes, rate.
/// Values are checked here, so a malformed one is a usage error before anything is sent.
fn net_options(args: &CommonArgs) -> Result<NetOptions, Problem> {
    let cert = match args.cert.as_deref().map(|c| c.split_once(':').unwrap_or((c, ""))) {
        Some((_, password)) if !password.is_empty() => {
            return Err(unsupported(
                "--cert CERTIFICATE:PASSWORD: encrypted client keys are not supported; give an unencrypted PEM key with --key",
            ))
        }
        Some((file, _)) => Some(PathBuf::from(file)),
        None => None,
    };
    let netrc = match (args.netrc_file.clone(), args.netrc, args.netrc_optional) {
        (Some(file), _, true) => NetrcUse::Optional(Some(file)),
        (Some(file), _, false) => NetrcUse::Required(Some(file)),
        (None, _, true) => NetrcUse::Optional(None),
        (None, true, false) => NetrcUse::Required(None),
        (None, false, false) => NetrcUse::Off,
    };
    let net = NetOptions {
        proxy: args.proxy.clone(),
        no_proxy: args.no_proxy.clone(),
        cacert: args.cacert.clone(),
        cert,
        key: args.key.clone(),
        pinned_pub_key: args.pinnedpubkey.clone(),
        resolve: args.resolve.clone(),
        connect_to: args.connect_to.clone(),
        unix_socket: args.unix_socket.clone(),
        ip: match (args.ipv4, args.ipv6) {
            (true, _) => IpVersion::V4,
            (false, true) => IpVersion::V6,
            (false, false) => IpVersion::Any,
        },
        path_as_is: args.path_as_is,
        netrc,
        aws_sigv4: args.aws_sigv4.clone(),
        digest: args.digest,
        limit_rate: args.limit_rate,
    };
    check_net_values(&net).map_err(usage)?;
    Ok(net)
}

/// Flags for what the transport does not do yet, or never will: a clear error each.
fn check_transport_flags(args: &CommonArgs) -> Result<(), Problem> {
    if args.http2 {
        return Err(unsupported(
            "--http2: sortie speaks HTTP/1.1 (and HTTP/1.0 with --http1.0) only",
        ));
    }
    if args.http3 {
        return Err(unsupported(
            "--http3: sortie speaks HTTP/1.1 (and HTTP/1.0 with --http1.0) only",
        ));
    }
    if args.ntlm {
        return Err(unsupported(
            "--ntlm: NTLM authentication is not supported by sortie",
        ));
    }
    if args.negotiate {
        return Err(unsupported(
            "--negotiate: Negotiate (SPNEGO) authentication is not supported by sortie",
        ));
    }
    Ok(())
}

/// Variables and options from the command line, or the usage (1), input (2) or runtime (3)
/// error.
pub fn setup(args: &CommonArgs, redactor: &Redactor) -> Result<(Variables, RunOptions), Problem> {
    let vars = variables(args, redactor)?;
    check_transport_flags(args)?;
    let mut transport = TransportOptions {
        net: net_options(args)?,
        ..TransportOptions::default()
    };
    let mut settings = EntrySettings::default();
    transport.follow_redirects = args.location || args.location_trusted;
    transport.location_trusted = args.location_trusted;
    if let Some(n) = args.max_redirs {
        if n < -1 {
            return Err(usage(format!(
                "--max-redirs: expecting -1 (no limit), 0 or more, got {n}"
            )));
        }
        transport.max_redirects = (n >= 0).then_some(n as u32);
    }
    transport.insecure = args.insecure;
    let max_time = match &args.max_time {
        Some(t) => parse_duration(t, BareUnit::Seconds, "--max-time").map_err(usage)?,
        None => DEFAULT_MAX_TIME,
    };
    transport.timeout = (!max_time.is_zero()).then_some(max_time);
    let connect = match &args.connect_timeout {
        Some(t) => parse_duration(t, BareUnit::Seconds, "--connect-timeout").map_err(usage)?,
        None => DEFAULT_CONNECT_TIMEOUT,
    };
    transport.connect_timeout = (!connect.is_zero()).then_some(connect);
    if let Some(n) = args.max_retries {
        transport.retry.max_retries = n;
    }
    if let Some(d) = &args.retry_delay {
        transport.retry.delay =
            parse_duration(d, BareUnit::Millis, "--retry-delay").map_err(usage)?;
    }
    transport.retry.backoff = args.retry_backoff;
    transport.retry.retry_all_errors = args.retry_all_errors;
    let verbosity = match (args.verbosity, args.very_verbose, args.verbose) {
        (Some(v), _, _) => Some(v),
        (None, true, _) => Some(VerbosityArg::Debug),
        (None, false, true) => Some(VerbosityArg::Verbose),
        (None, false, false) => None,
    };
    transport.debug = matches!(verbosity, Some(VerbosityArg::Verbose | VerbosityArg::Debug));
    transport.debug_bodies = verbosity == Some(VerbosityArg::Debug);
    transport.user_agent = args.user_agent.clone();
    transport.http10 = args.http10;
    if let Some(max) = args.max_filesize {
        transport.max_body_bytes = max;
    }
    if let Some(n) = args.retry {
        if n < -1 {
            return Err(usage(format!(
                "--retry: expecting -1 (no limit), 0 or more, got {n}"
            )));
        }
        settings.retry = n;
    }
    if let Some(d) = &args.retry_interval {
        settings.retry_interval =
            parse_duration(d, BareUnit::Millis, "--retry-interval").map_err(usage)?;
    }
    if let Some(d) = &args.delay {
        settings.delay = parse_duration(d, BareUnit::Millis, "--delay").map_err(usage)?;
    }
    transport.compressed = args.compressed;
    settings.no_assert = args.no_assert;
    if let Some(user) = &args.user {
        redactor.add(user.clone());
        transport.user = Some(user.clone());
    }
    settings.headers = args
        .headers
        .iter()
        .map(|h| header(h))
        .collect::<Result<_, _>>()?;
    for (flag, n) in [
        ("--from-entry", args.from_entry),
        ("--to-entry", args.to_entry),
    ] {
        if n == Some(0) {
            return Err(usage(format!("{flag}: entries are numbered from 1")));
        }
    }
    let config = super::connections::load_config(args.config.as_deref())?;
    let contract = super::contract::run_options(args, config.openapi.as_deref())?;
    let connections = super::connections::run_options(config, args.connection.as_deref())?;
    Ok((
        vars,
        RunOptions {
            transport,
            settings,
            continue_on_error: args.continue_on_error,
            file_root: args.file_root.clone(),
            keep_responses: false,
            connections,
            from_entry: args.from_entry,
            to_entry: args.to_entry,
            curl: args.curl.is_some(),
            error_long: args.error_format == Some(ErrorFormat::Long),
            cookie_store: !args.no_cookie_store,
            cookie_file: args.cookie.as_deref().and_then(read_cookie_file),
            export_cookies: args.cookie_jar.is_some(),
            contract,
            retain: Retain::Everything,
        },
    ))
}
