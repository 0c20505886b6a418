//! The command line: argument parsing and the commands.

mod call;
mod check;
mod connections;
mod login;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Exit codes shared by every command.
pub mod exit {
    /// Everything passed.
    pub const OK: u8 = 0;
    /// Bad command line.
    pub const USAGE: u8 = 1;
    /// A spec or input file could not be read or parsed.
    pub const INPUT: u8 = 2;
    /// A runtime error (network, connection, undefined variable…).
    pub const RUNTIME: u8 = 3;
    /// An assertion failed.
    pub const ASSERT: u8 = 4;
}

/// sortie: run Hurl-compatible spec files as API contract tests.
#[derive(Parser, Debug)]
#[command(name = "sortie", version, about, long_about = None)]
pub struct Cli {
    /// When to use colour: auto (a terminal, and NO_COLOR unset), always or never.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, global = true)]
    pub color: ColorWhen,
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
    Test(Box<test::TestArgs>),
    /// Run one spec file and print the last response's body (-i: with status and headers).
    Run(Box<test::RunArgs>),
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
    /// Log in to an oauth2-authorization-code connection: authorization code with PKCE on a
    /// loopback redirect. The refresh token is kept in $XDG_STATE_HOME/sortie (or
    /// ~/.local/state/sortie), readable by you only, and used by later runs.
    Login(Box<login::LoginArgs>),
    /// Delete the refresh token `sortie login NAME` saved.
    Logout(login::LogoutArgs),
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
            let code = if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let color = use_color(cli.color);
    let code = match cli.command {
        Command::Check { paths } => check::run(&paths, color),
        Command::Call(args) => call::run(&args),
        Command::Test(args) => test::test(&args, color),
        Command::Run(args) => test::run(&args, color),
        Command::Login(args) => login::run_login(&args, color),
        Command::Logout(args) => login::run_logout(&args),
    };
    ExitCode::from(code)
}

/// The spec files under `paths` (default `.`), or the input-error exit code once the
/// unreadable path has been reported.
fn spec_files(paths: &[PathBuf], color: bool) -> Result<Vec<PathBuf>, u8> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    crate::spec::discover::discover(&paths).map_err(|(path, e)| {
        let d = crate::diagnostic::Diagnostic::new(
            "input error",
            path.display().to_string(),
            None,
            format!("cannot read: {e}"),
        );
        eprint!("{}", crate::diagnostic::render(&d, None, color));
        exit::INPUT
    })
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
