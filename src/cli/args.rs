//! The command line of `sortie test` and `sortie run`: sortie's own flags and every Hurl 8.0.1
//! flag that means something for sortie, with Hurl's meaning (and Hurl's `HURL_*`
//! environment variables), so that Hurl users' command lines keep working.

use std::path::PathBuf;
use std::time::Duration;

use clap::builder::BoolishValueParser;
use clap::{Args, ValueEnum};

/// Options shared by `test` and `run`: variables, and the defaults of every `[Options]` key.
#[derive(Args, Clone, Debug, Default)]
pub struct CommonArgs {
    /// Define a variable, NAME=VALUE (repeatable). Also SORTIE_VARIABLE_name, HURL_VARIABLE_name.
    #[arg(
        long = "variable",
        value_name = "NAME=VALUE",
        help_heading = "Variables"
    )]
    pub variables: Vec<String>,
    /// Read variables from a file of name=value lines (repeatable).
    #[arg(
        long = "variables-file",
        value_name = "FILE",
        help_heading = "Variables"
    )]
    pub variables_files: Vec<PathBuf>,
    /// Define a secret variable, masked as *** in every output (repeatable). Also
    /// SORTIE_SECRET_name, HURL_SECRET_name.
    #[arg(long = "secret", value_name = "NAME=VALUE", help_heading = "Variables")]
    pub secrets: Vec<String>,
    /// Read secret variables from a file of name=value lines (repeatable).
    #[arg(long = "secrets-file", value_name = "FILE", help_heading = "Variables")]
    pub secrets_files: Vec<PathBuf>,

    /// Follow redirects (Hurl's `location`).
    #[arg(
        short = 'L',
        long,
        env = "HURL_LOCATION",
        help_heading = "HTTP",
        value_parser = BoolishValueParser::new(),
    )]
    pub location: bool,
    /// Follow redirects and keep credentials on redirects to another origin.
    #[arg(
        long,
        env = "HURL_LOCATION_TRUSTED",
        help_heading = "HTTP",
        value_parser = BoolishValueParser::new(),
    )]
    pub location_trusted: bool,
    /// Most redirects followed (-1: no limit) [default: 50].
    #[arg(
        long,
        value_name = "N",
        allow_hyphen_values = true,
        env = "HURL_MAX_REDIRS",
        help_heading = "HTTP"
    )]
    pub max_redirs: Option<i64>,
    /// Skip TLS certificate verification.
    #[arg(
        short = 'k',
        long,
        env = "HURL_INSECURE",
        help_heading = "HTTP",
        value_parser = BoolishValueParser::new(),
    )]
    pub insecure: bool,
    /// Time limit of each request: 10s, 500ms, 2m; a bare number is seconds; 0: no limit
    /// [default: 300s].
    #[arg(
        short = 'm',
        long,
        value_name = "DURATION",
        env = "HURL_MAX_TIME",
        help_heading = "HTTP"
    )]
    pub max_time: Option<String>,
    /// Time limit to connect: 5s, 500ms; a bare number is seconds [default: 300s].
    #[arg(
        long,
        value_name = "DURATION",
        env = "HURL_CONNECT_TIMEOUT",
        help_heading = "HTTP"
    )]
    pub connect_timeout: Option<String>,
    /// Send Accept-Encoding and decode compressed responses.
    #[arg(
        long,
        env = "HURL_COMPRESSED",
        help_heading = "HTTP",
        value_parser = BoolishValueParser::new(),
    )]
    pub compressed: bool,
    /// Add a header to every request, "Name: value" (repeatable).
    #[arg(
        short = 'H',
        long = "header",
        value_name = "NAME:VALUE",
        env = "HURL_HEADER",
        help_heading = "HTTP"
    )]
    pub headers: Vec<String>,
    /// Basic authentication for every request that sets no Authorization, USER:PASSWORD.
    #[arg(
        short = 'u',
        long,
        value_name = "USER:PASSWORD",
        env = "HURL_USER",
        help_heading = "HTTP"
    )]
    pub user: Option<String>,
    /// The User-Agent sent by requests that set none.
    #[arg(
        short = 'A',
        long,
        value_name = "NAME",
        env = "HURL_USER_AGENT",
        help_heading = "HTTP"
    )]
    pub user_agent: Option<String>,
    /// Largest response body accepted, in bytes (as received and decoded) [default: 1 GiB].
    #[arg(
        long,
        value_name = "BYTES",
        env = "HURL_MAX_FILESIZE",
        help_heading = "HTTP"
    )]
    pub max_filesize: Option<u64>,
    /// Use HTTP/1.0.
    #[arg(
        short = '0',
        long = "http1.0",
        env = "HURL_HTTP10",
        help_heading = "HTTP",
        value_parser = BoolishValueParser::new()
    )]
    pub http10: bool,
    /// Use HTTP/1.1 (sortie's only version otherwise).
    #[arg(
        long = "http1.1",
        env = "HURL_HTTP11",
        help_heading = "HTTP",
        value_parser = BoolishValueParser::new(),
    )]
    pub http11: bool,
    /// HTTP/2: not supported by sortie (an error says so).
    #[arg(
        long = "http2",
        env = "HURL_HTTP2",
        help_heading = "HTTP",
        value_parser = BoolishValueParser::new(),
    )]
    pub http2: bool,
    /// HTTP/3: not supported by sortie (an error says so).
    #[arg(
        long = "http3",
        env = "HURL_HTTP3",
        help_heading = "HTTP",
        value_parser = BoolishValueParser::new(),
    )]
    pub http3: bool,
    /// Resolve host names to IPv4 addresses only.
    #[arg(
        short = '4',
        long,
        env = "HURL_IPV4",
        help_heading = "HTTP",
        value_parser = BoolishValueParser::new(),
    )]
    pub ipv4: bool,
    /// Resolve host names to IPv6 addresses only.
    #[arg(
        short = '6',
        long,
        env = "HURL_IPV6",
        help_heading = "HTTP",
        value_parser = BoolishValueParser::new(),
    )]
    pub ipv6: bool,
    /// Most bytes per second sent and received.
    #[arg(
        long,
        value_name = "BYTES_PER_SECOND",
        env = "HURL_LIMIT_RATE",
        help_heading = "HTTP"
    )]
    pub limit_rate: Option<u64>,
    /// Do not keep cookies between requests.
    #[arg(
        long,
        env = "HURL_NO_COOKIE_STORE",
        conflicts_with = "cookie",
        help_heading = "HTTP",
        value_parser = BoolishValueParser::new()
    )]
    pub no_cookie_store: bool,
    /// Read cookies from FILE (Netscape format) before the first request.
    #[arg(
        short = 'b',
        long = "cookie",
        value_name = "FILE",
        help_heading = "HTTP"
    )]
    pub cookie: Option<PathBuf>,
    /// Write the cookies to FILE (Netscape format) after the run.
    #[arg(
        short = 'c',
        long = "cookie-jar",
        value_name = "FILE",
        help_heading = "HTTP"
    )]
    pub cookie_jar: Option<PathBuf>,
    /// AWS SigV4 signing, PROVIDER1[:PROVIDER2[:REGION[:SERVICE]]] (with --user KEY:SECRET).
    #[arg(long, value_name = "PROVIDER", help_heading = "HTTP")]
    pub aws_sigv4: Option<String>,
    /// CA certificates to verify servers against (PEM).
    #[arg(long, value_name = "FILE", help_heading = "HTTP")]
    pub cacert: Option<PathBuf>,
    /// Client certificate (PEM), CERTIFICATE[:PASSWORD].
    #[arg(short = 'E', long, value_name = "CERTIFICATE", help_heading = "HTTP")]
    pub cert: Option<String>,
    /// Client certificate's private key (PEM).
    #[arg(long, value_name = "FILE", help_heading = "HTTP")]
    pub key: Option<PathBuf>,
    /// For HOST1:PORT1 connect to HOST2:PORT2 instead (repeatable).
    #[arg(
        long = "connect-to",
        value_name = "HOST1:PORT1:HOST2:PORT2",
        help_heading = "HTTP"
    )]
    pub connect_to: Vec<String>,
    /// Resolve HOST:PORT to ADDR (repeatable).
    #[arg(long, value_name = "HOST:PORT:ADDR", help_heading = "HTTP")]
    pub resolve: Vec<String>,
    /// Use this proxy, [PROTOCOL://][USER:PASSWORD@]HOST[:PORT].
    #[arg(short = 'x', long, value_name = "PROXY", help_heading = "HTTP")]
    pub proxy: Option<String>,
    /// Hosts reached without the proxy (comma-separated).
    #[arg(long, alias = "noproxy", value_name = "HOSTS", help_heading = "HTTP")]
    pub no_proxy: Option<String>,
    /// Connect through this Unix domain socket.
    #[arg(long, value_name = "PATH", help_heading = "HTTP")]
    pub unix_socket: Option<PathBuf>,
    /// Public key the server must have: sha256//BASE64[;sha256//…] or a PEM/DER file.
    #[arg(long, value_name = "HASHES", help_heading = "HTTP")]
    pub pinnedpubkey: Option<String>,
    /// Send the URL's path as written (no /./ or /../ squashed).
    #[arg(long, help_heading = "HTTP")]
    pub path_as_is: bool,
    /// HTTP Digest authentication (with --user).
    #[arg(long, help_heading = "HTTP")]
    pub digest: bool,
    /// NTLM authentication: not supported by sortie (an error says so).
    #[arg(long, help_heading = "HTTP")]
    pub ntlm: bool,
    /// Negotiate (SPNEGO) authentication: not supported by sortie (an error says so).
    #[arg(long, help_heading = "HTTP")]
    pub negotiate: bool,
    /// Take credentials from ~/.netrc (required).
    #[arg(short = 'n', long, help_heading = "HTTP")]
    pub netrc: bool,
    /// Take credentials from this netrc file.
    #[arg(long, value_name = "FILE", help_heading = "HTTP")]
    pub netrc_file: Option<PathBuf>,
    /// Take credentials from ~/.netrc when it has some.
    #[arg(long, help_heading = "HTTP")]
    pub netrc_optional: bool,
    /// (Windows in Hurl) Do not check certificate revocation: sortie never does.
    #[arg(long, help_heading = "HTTP")]
    pub ssl_no_revoke: bool,

    /// Hurl's retry: run an entry again until its asserts pass, at most N times (-1: no limit).
    #[arg(
        long,
        value_name = "N",
        allow_hyphen_values = true,
        env = "HURL_RETRY",
        help_heading = "Run"
    )]
    pub retry: Option<i64>,
    /// Wait between Hurl retries: 1s, 500ms; a bare number is milliseconds [default: 1000].
    #[arg(
        long,
        value_name = "DURATION",
        env = "HURL_RETRY_INTERVAL",
        help_heading = "Run"
    )]
    pub retry_interval: Option<String>,
    /// Transport retries on network errors, timeouts and 5xx.
    #[arg(long, value_name = "N", help_heading = "Run")]
    pub max_retries: Option<u32>,
    /// Wait between transport retries: 500ms, 1s; a bare number is milliseconds.
    #[arg(long, value_name = "DURATION", help_heading = "Run")]
    pub retry_delay: Option<String>,
    /// Exponential backoff with jitter for transport retries.
    #[arg(long, help_heading = "Run")]
    pub retry_backoff: bool,
    /// Transport retries also on any status ≥ 300 that is not a followed redirect.
    #[arg(long, help_heading = "Run")]
    pub retry_all_errors: bool,
    /// Wait before each request, retries included: 1s, 500ms; a bare number is milliseconds.
    #[arg(
        long,
        value_name = "DURATION",
        env = "HURL_DELAY",
        help_heading = "Run"
    )]
    pub delay: Option<String>,
    /// Keep running a file's entries after one fails.
    #[arg(
        long,
        env = "HURL_CONTINUE_ON_ERROR",
        help_heading = "Run",
        value_parser = BoolishValueParser::new(),
    )]
    pub continue_on_error: bool,
    /// Run each file from its entry N (1 for the first).
    #[arg(long, value_name = "N", help_heading = "Run")]
    pub from_entry: Option<usize>,
    /// Run each file up to its entry N.
    #[arg(long, value_name = "N", help_heading = "Run")]
    pub to_entry: Option<usize>,
    /// Run the sequence of files N times (-1: until interrupted).
    #[arg(
        long,
        value_name = "N",
        allow_hyphen_values = true,
        help_heading = "Run"
    )]
    pub repeat: Option<i64>,
    /// Run requests and captures, but check no assert (status, headers, body, [Asserts]).
    #[arg(
        long,
        env = "HURL_NO_ASSERT",
        help_heading = "Run",
        value_parser = BoolishValueParser::new(),
    )]
    pub no_assert: bool,
    /// Files read and written by specs must be in this folder (default: each spec's folder).
    #[arg(long, value_name = "DIR", help_heading = "Run")]
    pub file_root: Option<PathBuf>,
    /// Read connections from this YAML file (default: sortie.yaml in the working directory).
    #[arg(long, value_name = "FILE", help_heading = "Run")]
    pub config: Option<PathBuf>,
    /// Use this connection for every entry that names none.
    #[arg(long, value_name = "NAME", help_heading = "Run")]
    pub connection: Option<String>,

    /// Check every response against this OpenAPI 3.0/3.1 document (YAML or JSON): a
    /// documented status, a listed content type, a body valid against its schema, required
    /// headers. Also `openapi: FILE` in sortie.yaml.
    #[arg(long, value_name = "FILE", help_heading = "Contracts")]
    pub openapi: Option<PathBuf>,
    /// Fail the run (exit 4) when less than N% of the OpenAPI document's operations were
    /// exercised.
    #[arg(long, value_name = "N", value_parser = parse_percent, help_heading = "Contracts")]
    pub openapi_coverage: Option<f64>,

    /// Print each request as sent and each response's head on stderr (secrets masked).
    #[arg(
        short = 'v',
        long,
        env = "HURL_VERBOSE",
        help_heading = "Output",
        value_parser = BoolishValueParser::new(),
    )]
    pub verbose: bool,
    /// As --verbose, with bodies.
    #[arg(
        long,
        env = "HURL_VERY_VERBOSE",
        help_heading = "Output",
        value_parser = BoolishValueParser::new(),
    )]
    pub very_verbose: bool,
    /// brief (no request log), verbose (as --verbose) or debug (as --very-verbose).
    #[arg(
        long,
        value_enum,
        value_name = "LEVEL",
        env = "HURL_VERBOSITY",
        help_heading = "Output"
    )]
    pub verbosity: Option<VerbosityArg>,
    /// short: errors only; long: errors and the response they came from.
    #[arg(
        long,
        value_enum,
        value_name = "FORMAT",
        env = "HURL_ERROR_FORMAT",
        help_heading = "Output"
    )]
    pub error_format: Option<ErrorFormat>,
    /// Write each request as a curl command line to FILE (secrets masked).
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    pub curl: Option<PathBuf>,
    /// Write the output (the last response's body) to FILE instead of stdout ("-": stdout).
    #[arg(short = 'o', long, value_name = "FILE", help_heading = "Output")]
    pub output: Option<PathBuf>,
    /// Print no response body.
    #[arg(
        long,
        env = "HURL_NO_OUTPUT",
        help_heading = "Output",
        value_parser = BoolishValueParser::new(),
    )]
    pub no_output: bool,
    /// Print the status line and headers before the body.
    #[arg(short = 'i', long = "include", help_heading = "Output")]
    pub include: bool,
    /// Print each file's result as one line of JSON on stdout.
    #[arg(long, help_heading = "Output")]
    pub json: bool,
    /// Pretty-print JSON response bodies (the default on a terminal).
    #[arg(
        long,
        env = "HURL_PRETTY",
        overrides_with = "no_pretty",
        help_heading = "Output",
        value_parser = BoolishValueParser::new()
    )]
    pub pretty: bool,
    /// Print JSON response bodies as received.
    #[arg(
        long,
        env = "HURL_NO_PRETTY",
        help_heading = "Output",
        value_parser = BoolishValueParser::new(),
    )]
    pub no_pretty: bool,
}

/// `--verbosity`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum VerbosityArg {
    /// No request log.
    Brief,
    /// Requests as sent and response heads.
    Verbose,
    /// Requests and responses with their bodies.
    Debug,
}

/// `--error-format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ErrorFormat {
    /// The error alone.
    Short,
    /// The error and the response it came from.
    Long,
}

/// Arguments of `sortie test`.
#[derive(Args, Debug)]
pub struct TestArgs {
    /// Spec files or directories (default: the current directory).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Also run the files that match GLOB (repeatable), e.g. "api/**/*.hurl".
    #[arg(long, value_name = "GLOB")]
    pub glob: Vec<String>,
    /// Files run at once (default: the number of cores; never more than the files).
    #[arg(short = 'j', long, value_name = "N", env = "HURL_JOBS")]
    pub jobs: Option<usize>,
    /// Hurl's test mode: what `sortie test` always does.
    #[arg(long, env = "HURL_TEST", value_parser = BoolishValueParser::new())]
    pub test: bool,
    /// Run files in parallel: what `sortie test` always does (--jobs 1 for one at a time).
    #[arg(long)]
    pub parallel: bool,
    /// Do not show a progress bar (there is none in CI or when stderr is not a terminal).
    #[arg(long)]
    pub no_progress: bool,
    /// Show the progress bar even in CI, when stderr is a terminal.
    #[arg(long, conflicts_with = "no_progress")]
    pub progress_bar: bool,
    /// Run only part K of N of the sorted file list (file i goes to part i % N + 1), so N CI
    /// jobs run disjoint parts that together cover every file once.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<Shard>,
    /// Write a JUnit XML report to FILE (one testsuite per file, one testcase per entry).
    #[arg(long, value_name = "FILE")]
    pub report_junit: Option<PathBuf>,
    /// Write a JSON report to FILE, or to DIR/report.json when given a folder (as Hurl);
    /// `sortie report merge` joins the JSON reports of shards.
    #[arg(long, value_name = "FILE")]
    pub report_json: Option<PathBuf>,
    /// Write an HTML report to DIR/index.html: one self-contained page with a summary,
    /// filters, each failure with its spec lines and diff, and every attempt on a timeline.
    #[arg(long, value_name = "DIR")]
    pub report_html: Option<PathBuf>,
    /// Write a TAP report (Test Anything Protocol, one line per file) to FILE.
    #[arg(long, value_name = "FILE")]
    pub report_tap: Option<PathBuf>,
    /// Options shared with `run`.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `--shard K/N`: part K (1-based) of N.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// Which part, 1..=total.
    pub index: usize,
    /// How many parts.
    pub total: usize,
}

impl Shard {
    /// The files of this part: file i (0-based, in discovery order, which is sorted) belongs
    /// to part i % N + 1.
    pub fn select(&self, files: Vec<PathBuf>) -> Vec<PathBuf> {
        files
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % self.total == self.index - 1)
            .map(|(_, f)| f)
            .collect()
    }
}

fn parse_shard(text: &str) -> Result<Shard, String> {
    let bad = || format!("expecting K/N with 1 <= K <= N, such as 2/3, got '{text}'");
    let (k, n) = text.split_once('/').ok_or_else(bad)?;
    let (index, total): (usize, usize) = (
        k.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if index == 0 || total == 0 || index > total {
        return Err(bad());
    }
    Ok(Shard { index, total })
}

/// `--openapi-coverage N`: a percentage, 0 to 100.
pub(super) fn parse_percent(text: &str) -> Result<f64, String> {
    match text.trim().trim_end_matches('%').parse::<f64>() {
        Ok(n) if (0.0..=100.0).contains(&n) => Ok(n),
        _ => Err(format!(
            "expecting a percentage from 0 to 100, such as 80, got '{text}'"
        )),
    }
}

/// Arguments of `sortie run`.
#[derive(Args, Debug)]
pub struct RunArgs {
    /// The spec file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Run the file as a test instead (Hurl's test mode): a summary, no body printed.
    #[arg(long, env = "HURL_TEST", value_parser = BoolishValueParser::new())]
    pub test: bool,
    /// Options shared with `test`.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// The unit of a bare number in a duration flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BareUnit {
    /// Milliseconds (Hurl's `--delay`, `--retry-interval`; the connector's durations).
    Millis,
    /// Seconds (Hurl's `--max-time`, `--connect-timeout`).
    Seconds,
}

/// A duration flag: `500ms`, `2s`, `1m`, `1h`, or a bare number in `bare`. The one rule for
/// every duration on the command line, as Hurl parses them.
pub fn parse_duration(text: &str, bare: BareUnit, flag: &str) -> Result<Duration, String> {
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(digits_end);
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("{flag}: expecting a duration such as 500ms or 2s, got '{text}'"))?;
    let ms = match unit {
        "" => match bare {
            BareUnit::Millis => 1,
            BareUnit::Seconds => 1000,
        },
        "ms" => 1,
        "s" => 1000,
        "m" => 60_000,
        "h" => 3_600_000,
        _ => return Err(format!("{flag}: invalid unit '{unit}'; use ms, s, m or h")),
    };
    n.checked_mul(ms)
        .map(Duration::from_millis)
        .ok_or_else(|| format!("{flag}: '{text}' is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        let ms = |n| Ok(Duration::from_millis(n));
        assert_eq!(parse_duration("500ms", BareUnit::Seconds, "x"), ms(500));
        assert_eq!(parse_duration("2", BareUnit::Seconds, "x"), ms(2000));
        assert_eq!(parse_duration("2", BareUnit::Millis, "x"), ms(2));
        assert_eq!(parse_duration("1m", BareUnit::Millis, "x"), ms(60_000));
        assert_eq!(parse_duration("1h", BareUnit::Millis, "x"), ms(3_600_000));
        assert_eq!(parse_duration("5s", BareUnit::Millis, "x"), ms(5000));
        for bad in ["2 s", "fast", "", "-1", "5sec", "99999999999999999999h"] {
            assert!(parse_duration(bad, BareUnit::Millis, "x").is_err(), "{bad}");
        }
    }

    #[test]
    fn percentages() {
        assert_eq!(parse_percent("80"), Ok(80.0));
        assert_eq!(parse_percent("62.5%"), Ok(62.5));
        assert_eq!(parse_percent("0"), Ok(0.0));
        for bad in ["101", "-1", "x", "", "NaN"] {
            assert!(parse_percent(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn shards_partition_the_files() {
        assert_eq!(parse_shard("2/3"), Ok(Shard { index: 2, total: 3 }));
        for bad in ["0/3", "4/3", "x", "1/0", "1/", "/3", "-1/3", "1/3/4"] {
            assert!(parse_shard(bad).is_err(), "{bad}");
        }
        let files: Vec<PathBuf> = (0..7).map(|i| PathBuf::from(format!("{i}.hurl"))).collect();
        let mut seen: Vec<PathBuf> = (1..=3)
            .flat_map(|index| Shard { index, total: 3 }.select(files.clone()))
            .collect();
        assert_eq!(Shard { index: 1, total: 3 }.select(files.clone()).len(), 3);
        seen.sort();
        assert_eq!(seen, files);
    }
}
