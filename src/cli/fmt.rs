//! `sortie fmt [--check] [PATH]...`: spec files in the canonical layout
//! (`crate::spec::format`).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use clap::Args;

use crate::diagnostic::{exit_code, Diagnostic, Kind};
use crate::run::file::read_spec;
use crate::secret::Redactor;
use crate::spec::{format, parse_spec};

/// Arguments of `sortie fmt`.
#[derive(Args, Debug)]
pub struct FmtArgs {
    /// Write nothing: list the files that are not in the canonical layout on stdout and exit
    /// 1 when there is one.
    #[arg(long)]
    pub check: bool,
    /// Files or directories (default: the current directory); `-` reads a spec from stdin
    /// and writes it formatted to stdout.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// The exit code of `--check` when a file would change: 1, as `hurlfmt --check`, `rustfmt
/// --check` and `prettier --check` give.
const WOULD_CHANGE: u8 = 1;

/// Runs `sortie fmt`; returns the exit code.
pub fn run(args: &FmtArgs, color: bool) -> u8 {
    let redactor = Redactor::new();
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        if args.paths.len() > 1 {
            let d = super::usage_error("`-` (stdin) cannot be mixed with other paths");
            return super::fail(&d, None, color, &redactor);
        }
        return stdin(args.check, color, &redactor);
    }
    let files = match super::spec_files(&args.paths) {
        Ok(files) => files,
        Err(d) => return super::fail(&d, None, color, &redactor),
    };
    let mut problems = Vec::new();
    let mut changed = 0;
    for path in &files {
        match format_file(path, args.check) {
            Ok(false) => {}
            Ok(true) => {
                changed += 1;
                if args.check {
                    println!("{}", path.display());
                } else {
                    eprintln!("formatted {}", path.display());
                }
            }
            Err(problem) => {
                problems.push(problem.diagnostic.kind);
                super::fail_located(&problem, color, &redactor);
            }
        }
    }
    let verb = if args.check {
        "would be reformatted"
    } else {
        "reformatted"
    };
    eprintln!(
        "{changed} of {} file{} {verb}{}",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        match problems.len() {
            0 => String::new(),
            n => format!(", {n} not formatted (errors above)"),
        }
    );
    match exit_code(problems) {
        0 if args.check && changed > 0 => WOULD_CHANGE,
        code => code,
    }
}

/// Formats one file: whether its text changes (written unless `check`).
fn format_file(path: &Path, check: bool) -> Result<bool, super::Problem> {
    let name = path.display().to_string();
    let source = read_spec(path).map_err(|e| super::problem(Diagnostic::from(e).in_file(&name)))?;
    let file = match parse_spec(&source) {
        Ok(file) => file,
        Err(e) => return Err(super::problem_in(Diagnostic::from(e).in_file(name), source)),
    };
    let formatted = format::format(&source, &file);
    // A byte-order mark, which `read_spec` drops, is a change too.
    let on_disk_same =
        formatted == source && std::fs::read(path).is_ok_and(|bytes| bytes.len() == source.len());
    if on_disk_same {
        return Ok(false);
    }
    if !check {
        write_in_place(path, &formatted).map_err(|e| {
            super::problem(
                Diagnostic::new(Kind::Runtime, "fmt", format!("cannot write: {e}")).in_file(name),
            )
        })?;
    }
    Ok(true)
}

/// Replaces a file's text through a temporary file in the same folder, renamed over it, so
/// a failure never leaves a half-written spec; the file keeps its permissions.
fn write_in_place(path: &Path, text: &str) -> std::io::Result<()> {
    let permissions = std::fs::metadata(path)?.permissions();
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let temp = path.with_file_name(format!(
        ".{}.sortie-fmt-{}",
        file_name.unwrap_or_default(),
        std::process::id()
    ));
    let written = std::fs::write(&temp, text)
        .and_then(|()| std::fs::set_permissions(&temp, permissions))
        .and_then(|()| std::fs::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// `sortie fmt -`: stdin to stdout (with `--check`, nothing is written, the exit code says).
fn stdin(check: bool, color: bool, redactor: &Redactor) -> u8 {
    let mut source = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut source) {
        let d = Diagnostic::new(
            Kind::Input,
            "input error",
            format!("cannot read stdin: {e}"),
        );
        return super::fail(&d, None, color, redactor);
    }
    let source = source.strip_prefix('\u{feff}').unwrap_or(&source);
    let file = match parse_spec(source) {
        Ok(file) => file,
        Err(e) => {
            let d = Diagnostic::from(e).in_file("<stdin>");
            return super::fail(&d, Some(source), color, redactor);
        }
    };
    let formatted = format::format(source, &file);
    if check {
        return if formatted == source { 0 } else { WOULD_CHANGE };
    }
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(formatted.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => 0,
        Err(e) => {
            let d = Diagnostic::new(Kind::Runtime, "fmt", format!("cannot write stdout: {e}"));
            super::fail(&d, None, color, redactor)
        }
    }
}
