//! `sortie completions SHELL` and `sortie man`: shell completion scripts and manual pages,
//! generated from the command line's own definition by clap's generators.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, CommandFactory};

use crate::diagnostic::{Diagnostic, Kind};
use crate::secret::Redactor;

/// Arguments of `sortie completions`.
#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, powershell or elvish.
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// Arguments of `sortie man`.
#[derive(Args, Debug)]
pub struct ManArgs {
    /// Write sortie.1 and one page per command (sortie-test.1, …) into this folder instead
    /// of printing sortie.1.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Prints the completion script of `shell` on stdout.
pub fn completions(args: &CompletionsArgs, color: bool) -> u8 {
    let mut script = Vec::new();
    clap_complete::generate(
        args.shell,
        &mut super::Cli::command(),
        "sortie",
        &mut script,
    );
    print(&script, color)
}

/// Prints the manual page on stdout, or writes every page into `--out`.
pub fn man(args: &ManArgs, color: bool) -> u8 {
    let command = super::Cli::command();
    match &args.out {
        None => {
            let mut page = Vec::new();
            if let Err(e) = clap_mangen::Man::new(command).render(&mut page) {
                return fail(format!("cannot render the manual page: {e}"), color);
            }
            print(&page, color)
        }
        Some(dir) => {
            let written =
                std::fs::create_dir_all(dir).and_then(|()| clap_mangen::generate_to(command, dir));
            match written {
                Ok(()) => {
                    eprintln!("wrote the manual pages into {}", dir.display());
                    0
                }
                Err(e) => fail(
                    format!("cannot write the manual pages into {}: {e}", dir.display()),
                    color,
                ),
            }
        }
    }
}

fn print(bytes: &[u8], color: bool) -> u8 {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => 0,
        Err(e) => fail(format!("cannot write the output: {e}"), color),
    }
}

fn fail(message: String, color: bool) -> u8 {
    let d = Diagnostic::new(Kind::Runtime, "output", message);
    super::fail(&d, None, color, &Redactor::new())
}
