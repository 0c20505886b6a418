//! The command line: argument parsing and the commands.

mod args;
mod call;
mod check;
mod connections;
mod contract;
mod discover;
mod fmt;
mod import;
mod login;
mod manual;
mod report;
mod setup;
mod test;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostic::{render, Diagnostic, Kind};
use crate::secret::Redactor;

/// sortie: run Hurl-compatible spec files as API contract tests.
#[derive(Parser, Debug)]
#[command(name = "sortie", version, about, long_about = None)]
pub struct Cli {
    /// When to use colour: auto (a terminal, and NO_COLOR unset), always or never; `--color`
    /// alone is always, as in Hurl.
    #[arg(
        long,
        value_enum,
        default_value_t = ColorWhen::Auto,
        num_args = 0..=1,
        default_missing_value = "always",
        global = true
    )]
    pub color: ColorWhen,
    /// Never use colour (as --color never).
    #[arg(long, global = true, env = "HURL_NO_COLOR")]
    pub no_color: bool,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Colour choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// Colour on a terminal unless NO_COLOR is set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// sortie's commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run spec files as tests: files in parallel, entries of a file in order.
    ///
    /// Exit 0 when every entry passes, 2 on a parse or input error, 3 on a runtime error,
    /// 4 on an assert failure (3 wins over 4).
    Test(Box<args::TestArgs>),
    /// Run one spec file and print the last response's body (-i: with status and headers).
    Run(Box<args::RunArgs>),
    /// Parse spec files and report every syntax error (exit 0 when all parse, 2 otherwise).
    ///
    /// PATHs are files or directories; directories are searched recursively for *.hurl and
    /// *.sortie files, in sorted order.
    Check {
        /// Files or directories (default: the current directory).
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Send one request, the connector's way, and print the response data.
    ///
    /// Exit 0 when the final status is below 400, else 3 with the reason on stderr.
    /// Examples:
    ///   sortie call GET https://api.example.com/v1/items -q page=2
    ///   sortie call POST https://api.example.com/v1/items --data @item.json --max-retries 3 --backoff
    ///   sortie call PUT https://api.example.com/v1/docs --form title=Q3 --file doc=@q3.pdf --file-name doc=report.pdf
    #[command(verbatim_doc_comment)]
    Call(Box<call::CallArgs>),
    /// Rewrite spec files in one canonical layout, comments kept (Hurl's hurlfmt layout).
    ///
    /// Lines start at the first column, tokens one space apart, predicate symbols (==),
    /// request sections in one order ([Options], [Query], [BasicAuth], [Form], [Multipart],
    /// [Cookies]) and [Captures] before [Asserts], each with its comments; comments, blank
    /// lines, line ends, values, escapes and bodies as written, so the spec means exactly
    /// what it meant. Files are rewritten in place (exit 0; 2 when one does not parse); with
    /// --check nothing is written, the files that would change are listed on stdout and the
    /// exit code is 1. PATHs are files or directories (default: the current directory); -
    /// formats stdin to stdout.
    Fmt(fmt::FmtArgs),
    /// Log in to an oauth2-authorization-code connection: authorization code with PKCE on a
    /// loopback redirect. The refresh token is kept in $XDG_STATE_HOME/sortie (or
    /// ~/.local/state/sortie), readable by you only, and used by later runs.
    Login(Box<login::LoginArgs>),
    /// Delete the refresh token `sortie login NAME` saved.
    Logout(login::LogoutArgs),
    /// Work with reports: `sortie report merge` joins the JSON reports of shards.
    Report(report::ReportArgs),
    /// Write starter spec files from a curl command, a Postman collection or an OpenAPI
    /// document.
    ///
    /// The specs parse with `sortie check`; what could not be carried over is a warning on
    /// stderr and a # TODO comment in the spec. Exit 2 when the input cannot be read.
    Import(Box<import::ImportArgs>),
    /// Print the shell completion script for bash, zsh, fish, powershell or elvish.
    ///
    /// Examples:
    ///   sortie completions bash > ~/.local/share/bash-completion/completions/sortie
    ///   sortie completions zsh > ~/.zfunc/_sortie
    ///   sortie completions fish > ~/.config/fish/completions/sortie.fish
    ///   sortie completions powershell >> $PROFILE
    #[command(verbatim_doc_comment)]
    Completions(manual::CompletionsArgs),
    /// Print the manual page (roff), or write one page per command with --out DIR.
    ///
    /// Example: sortie man | man -l -
    Man(manual::ManArgs),
}

/// Runs the program with the process's arguments.
pub fn main() -> ExitCode {
    main_with(std::env::args_os())
}

/// Runs the program with these arguments (the first is the program name).
pub fn main_with<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout and are no error.
            let code = if e.use_stderr() {
                Kind::Usage.exit_code()
            } else {
                0
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let color = use_color(if cli.no_color {
        ColorWhen::Never
    } else {
        cli.color
    });
    if matches!(
        cli.command,
        Command::Test(_) | Command::Run(_) | Command::Call(_)
    ) {
        crate::interrupt::install();
    }
    let code = match cli.command {
        Command::Check { paths } => check::run(&paths, color),
        Command::Call(args) => call::run(&args),
        Command::Test(args) => test::test(&args, color),
        Command::Run(args) => test::run(&args, color),
        Command::Login(args) => login::run_login(&args, color),
        Command::Logout(args) => login::run_logout(&args),
        Command::Report(args) => report::run(&args, color),
        Command::Import(args) => import::run(&args, color),
        Command::Fmt(args) => fmt::run(&args, color),
        Command::Completions(args) => manual::completions(&args, color),
        Command::Man(args) => manual::man(&args, color),
    };
    ExitCode::from(code)
}

/// The spec files under `paths` (default `.`), or why a path cannot be read. A folder with
/// no spec file in it is an input error: it is a mistake, not an empty run.
fn spec_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostic> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let mut files = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for path in &paths {
        let found = discover::discover(std::slice::from_ref(path)).map_err(|(path, e)| {
            Diagnostic::new(Kind::Input, "input error", format!("cannot read: {e}"))
                .in_file(path.display().to_string())
        })?;
        if found.is_empty() {
            return Err(Diagnostic::new(
                Kind::Input,
                "input error",
                "no spec files here: sortie reads *.hurl and *.sortie files, in this folder and below",
            )
            .in_file(path.display().to_string()));
        }
        for file in found {
            if seen.insert(file.clone()) {
                files.push(file);
            }
        }
    }
    Ok(files)
}

/// True for bytes that would garble a terminal: a NUL in the first 2000 bytes (the test of
/// curl and Hurl).
pub(crate) fn is_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(2000)].contains(&0)
}

/// Prints a diagnostic on stderr (`source`: its file's text, for the excerpt), secrets
/// masked, and gives the exit code its kind calls for.
fn fail(d: &Diagnostic, source: Option<&str>, color: bool, redactor: &Redactor) -> u8 {
    let text = render(d, source, color);
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(redactor.redact(&text).as_bytes());
    d.kind.exit_code()
}

/// Notices of a one-request command, shown on stderr as they come (secrets masked; each
/// kind of warning once).
pub(crate) struct StderrNotices {
    redactor: Redactor,
    warned: std::sync::Mutex<std::collections::HashSet<&'static str>>,
}

impl StderrNotices {
    /// Notices masked with `redactor`.
    pub(crate) fn new(redactor: Redactor) -> Self {
        StderrNotices {
            redactor,
            warned: Default::default(),
        }
    }
}

impl crate::notice::NoticeSink for StderrNotices {
    fn notice(&self, notice: crate::notice::Notice) {
        if let crate::notice::Notice::Warning { key, .. } = &notice {
            let mut warned = self.warned.lock().unwrap_or_else(|e| e.into_inner());
            if !warned.insert(key) {
                return;
            }
        }
        let text = self.redactor.redact(&notice.render());
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    }
}

/// A diagnostic with the text of its file, for the excerpt under the place.
pub(crate) struct Located {
    /// What went wrong.
    pub(crate) diagnostic: Diagnostic,
    /// The text of the file it is in, when it was read.
    pub(crate) source: Option<String>,
}

/// A problem found before running: printed by [`fail_located`].
pub(crate) type Problem = Box<Located>;

/// A problem without a source excerpt.
pub(crate) fn problem(diagnostic: Diagnostic) -> Problem {
    Box::new(Located {
        diagnostic,
        source: None,
    })
}

/// A problem in a file whose text is `source`.
pub(crate) fn problem_in(diagnostic: Diagnostic, source: String) -> Problem {
    Box::new(Located {
        diagnostic,
        source: Some(source),
    })
}

/// Prints a problem (see [`fail`]) and gives its exit code.
fn fail_located(p: &Located, color: bool, redactor: &Redactor) -> u8 {
    fail(&p.diagnostic, p.source.as_deref(), color, redactor)
}

/// A usage error (exit 1).
fn usage_error(message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(Kind::Usage, "usage", message)
}

/// Whether stderr output gets colour.
fn use_color(when: ColorWhen) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never
        }
    }
}
