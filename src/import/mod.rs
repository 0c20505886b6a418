//! Importers: a pasted `curl` command, a Postman Collection v2.1 or an OpenAPI 3.0/3.1
//! document becomes spec files (Hurl 8 syntax plus sortie's `[Connection]` blocks and entry
//! names).
//!
//! Every importer takes text (or a parsed `serde_json::Value`) and returns spec-file texts,
//! the variables those specs use (with the values found in the source, offered as a
//! `--variables-file` text), and warnings about what could not be carried over. Credentials
//! found in a source are never written into a spec: they become variables, marked secret.
//!
//! The importers share one emitter (`write`): text escaped for each place of a spec file,
//! JSON bodies, entries and connection blocks. Nothing here prints or touches files; the
//! command line (`sortie import`) writes what an import returns.

pub mod curl;
pub mod openapi;
pub mod postman;
mod secret;
mod urlenc;
mod vars;
mod write;

pub use vars::{variables_text, Variable};

/// One generated spec file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecFile {
    /// Where to write it, relative to the output folder, with `/` separators
    /// (`users/admin.hurl`). Files with `[Connection]` blocks end in `.sortie`, since Hurl
    /// itself would reject them; the others in `.hurl`.
    pub path: String,
    /// The spec file's text.
    pub text: String,
}

/// What an import produced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Import {
    /// The spec files, in the order of the source.
    pub files: Vec<SpecFile>,
    /// The variables the specs use.
    pub variables: Vec<Variable>,
    /// What could not be carried over, or was carried over approximately.
    pub warnings: Vec<String>,
}

impl Import {
    /// The variables as a `--variables-file` text (empty when there are none).
    pub fn variables_text(&self) -> String {
        variables_text(&self.variables)
    }
}

/// A file path made of `segments` (slugs), unique among `taken`.
fn unique_path(taken: &mut Vec<String>, stem: &str, extension: &str) -> String {
    let mut path = format!("{stem}.{extension}");
    let mut n = 1;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&path)) {
        n += 1;
        path = format!("{stem}-{n}.{extension}");
    }
    taken.push(path.clone());
    path
}

/// A file-name slug: lower-case letters, digits, `_`, `.` and `-`.
pub fn slug(raw: &str) -> String {
    let mut out = String::new();
    for c in raw.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if c == '_' || c == '.' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches(['-', '.']).to_string();
    if out.is_empty() {
        "unnamed".to_string()
    } else {
        out
    }
}

/// A fixture file's text (the test inputs live in `fixtures/import/`).
#[cfg(test)]
pub(crate) fn fixture(relative: &str) -> String {
    let path = format!("{}/fixtures/import/{relative}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Parses a generated spec with sortie's own parser and gives its tree: every output of the
/// importers must be a spec `sortie check` accepts.
#[cfg(test)]
pub(crate) fn parsed(name: &str, text: &str) -> crate::spec::ast::SpecFile {
    crate::spec::parse_spec(text).unwrap_or_else(|e| {
        let at = crate::spec::source::line_col(text, e.span.start as usize);
        panic!(
            "{name}: the generated spec does not parse at {}:{}: {}\n{text}",
            at.line, at.column, e.message
        )
    })
}

/// Panics unless a generated spec parses (see [`parsed`]).
#[cfg(test)]
pub(crate) fn assert_parses(name: &str, text: &str) {
    parsed(name, text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_unique_paths() {
        assert_eq!(slug("Users & Admins"), "users-admins");
        assert_eq!(slug("  ..  "), "unnamed");
        assert_eq!(slug("v2.Orders_list"), "v2.orders_list");
        let mut taken = Vec::new();
        assert_eq!(unique_path(&mut taken, "pets", "hurl"), "pets.hurl");
        assert_eq!(unique_path(&mut taken, "pets", "hurl"), "pets-2.hurl");
        assert_eq!(unique_path(&mut taken, "Pets", "hurl"), "Pets-3.hurl");
    }
}
