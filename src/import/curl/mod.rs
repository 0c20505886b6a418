//! `sortie import curl`: curl commands, as pasted from API docs or a browser's "Copy as
//! cURL (bash)", become entries.
//!
//! The output follows `hurlfmt --in curl` where it makes sense (no response section: the
//! command says nothing about the response; `[Options]` for `-k`, `-L`, `--compressed`,
//! `-v`), and goes further: JSON bodies are pretty-printed JSON, form bodies `[Form]`, `-F`
//! `[Multipart]`, `-u` `[BasicAuth]`, `-b` `[Cookies]`, `-G` data `[Query]`. Credentials
//! (the `-u` password, `Authorization` and key headers, cookies, query and form fields with
//! credential names) become secret variables; `$NAME` shell variables become `{{NAME}}`.

mod args;
mod body;
mod shell;

use super::secret::{is_secret_name, protect_header, var_name_for};
use super::vars::{variables_text, VarSet, Variable};
use super::write::entry::Entry;
use super::write::text::Text;
use args::Args;

/// Why a curl command could not be imported.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CurlError {
    /// The text holds no command starting with `curl`.
    #[error("no curl command found: the text must start with 'curl'")]
    NoCommand,
    /// A quote opened and never closed: `'` or `"`.
    #[error("a {0} quote is never closed")]
    UnterminatedQuote(char),
    /// `$'…'` escapes that do not make UTF-8 text.
    #[error("the escapes in a $'…' string do not make UTF-8 text")]
    NotUtf8,
    /// A flag this importer does not know, as written (`--config`).
    #[error("unsupported curl option {0}")]
    UnknownFlag(String),
    /// A flag that needs a value came last.
    #[error("curl option {0} needs a value")]
    MissingValue(String),
    /// A flag's value that cannot be used: (flag, value).
    #[error("invalid value '{1}' for curl option {0}")]
    InvalidValue(String, String),
    /// A command without a URL.
    #[error("the curl command has no URL")]
    NoUrl,
    /// A `-H` value that is not `Name: value` or `Name;`.
    #[error("invalid header '{0}': expecting 'Name: value' or 'Name;'")]
    InvalidHeader(String),
    /// A `-F` value that is not `name=…`.
    #[error("invalid form field '{0}': expecting 'name=value' or 'name=@file'")]
    InvalidForm(String),
    /// Something curl does that a spec cannot: (flag, what).
    #[error("{0}: {1} cannot be imported")]
    Unsupported(String, String),
}

impl From<CurlError> for crate::diagnostic::Diagnostic {
    fn from(e: CurlError) -> Self {
        use crate::diagnostic::{Diagnostic, Kind};
        Diagnostic::new(Kind::Input, "import error", e.to_string())
    }
}

/// What `import` produced from the curl commands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurlImport {
    /// The spec: one entry per command (and per URL of a command).
    pub spec: String,
    /// The variables the spec uses: credentials taken out of the command, shell variables.
    pub variables: Vec<Variable>,
    /// What was dropped or changed, and commands that were not curl.
    pub warnings: Vec<String>,
}

impl CurlImport {
    /// The variables as a `--variables-file` text (empty when there are none).
    pub fn variables_text(&self) -> String {
        variables_text(&self.variables)
    }
}

/// State shared while importing.
#[derive(Default)]
pub(crate) struct Ctx {
    pub(crate) vars: VarSet,
    pub(crate) warnings: Vec<String>,
}

/// Imports curl commands: one or several (separated by line ends, `;` or `&&`), with `\`
/// line continuations. Commands that are not curl (`| jq .`) are skipped with a warning.
pub fn import(input: &str) -> Result<CurlImport, CurlError> {
    let commands = shell::split_commands(input)?;
    let mut ctx = Ctx::default();
    let mut entries = Vec::new();
    for words in commands {
        // A `$ ` prompt copied from docs.
        let words = match words.first().and_then(Text::as_literal).as_deref() {
            Some("$") => &words[1..],
            _ => &words[..],
        };
        let program = words.first().and_then(Text::as_literal).unwrap_or_default();
        if program != "curl" && !program.ends_with("/curl") {
            let shown: Vec<String> = words.iter().map(Text::display).collect();
            ctx.warnings
                .push(format!("skipped '{}': not a curl command", shown.join(" ")));
            continue;
        }
        let args = args::parse(&words[1..])?;
        entries.extend(entries_of(args, &mut ctx)?);
    }
    if entries.is_empty() {
        return Err(CurlError::NoCommand);
    }
    let spec = super::write::spec_text(&[], &[], &entries);
    Ok(CurlImport {
        spec,
        variables: ctx.vars.into_vec(),
        warnings: ctx.warnings,
    })
}

/// The entries of one command: one per URL.
fn entries_of(args: Args, ctx: &mut Ctx) -> Result<Vec<Entry>, CurlError> {
    if args.urls.is_empty() {
        return Err(CurlError::NoUrl);
    }
    // Shell variables are spec variables the user must set.
    for t in args_texts(&args) {
        for p in t.parts() {
            if let super::write::text::Part::Var(name) = p {
                let note = format!("the shell variable ${name} of the curl command");
                ctx.vars
                    .declare(name, None, is_secret_name(name), Some(&note));
            }
        }
    }
    let mut template = Entry::new(&method(&args)?, Text::default());
    template.notes = args.notes.clone();
    headers(&args, &mut template, ctx)?;
    cookies(&args, &mut template, ctx);
    basic_auth(&args, &mut template, ctx)?;
    body::request_body(&args, &mut template, ctx)?;
    template.options = args.options.clone();
    let mut out = Vec::new();
    for url in &args.urls {
        let mut entry = template.clone();
        let mut url = with_scheme(url);
        if let Some(file) = &args.upload_file {
            // `-T file` to a URL ending in `/` uploads to that folder under the file's name.
            if url.display().ends_with('/') {
                if let Some(name) = file.as_literal() {
                    url.push_lit(name.rsplit('/').next().unwrap_or(&name));
                }
            }
        }
        entry.url = protect_url(&url, ctx);
        body::query_into(&args, &mut entry, ctx)?;
        out.push(entry);
    }
    Ok(out)
}

fn args_texts(args: &Args) -> Vec<&Text> {
    let mut all: Vec<&Text> = Vec::new();
    all.extend(&args.urls);
    all.extend(&args.headers);
    all.extend(args.data.iter().map(|(_, t)| t));
    all.extend(args.forms.iter().map(|f| &f.value));
    all.extend(&args.user);
    all.extend(&args.cookies);
    all.extend(&args.upload_file);
    all.extend(&args.url_queries);
    all.extend(&args.bearer);
    all
}

fn method(args: &Args) -> Result<String, CurlError> {
    if let Some(m) = &args.method {
        let upper = m.to_ascii_uppercase();
        if upper.is_empty() || !upper.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(CurlError::InvalidValue("-X".into(), m.clone()));
        }
        return Ok(upper);
    }
    Ok(if args.head {
        "HEAD"
    } else if args.get {
        "GET"
    } else if !args.data.is_empty() || !args.forms.is_empty() {
        "POST"
    } else if args.upload_file.is_some() {
        "PUT"
    } else {
        "GET"
    }
    .to_string())
}

/// curl assumes `http://` for a URL written without a scheme.
fn with_scheme(url: &Text) -> Text {
    let shown = url.display();
    if shown.contains("://") || shown.starts_with("{{") {
        return url.clone();
    }
    let mut t = Text::lit("http://");
    t.push_text(url);
    t
}

/// The URL with the values of credential-named query parameters (`?api_key=…`) replaced by
/// secret variables.
fn protect_url(url: &Text, ctx: &mut Ctx) -> Text {
    let Some((base, query)) = url.split_once('?') else {
        return url.clone();
    };
    let (query, fragment) = match query.split_once('#') {
        Some((q, f)) => (q, Some(f)),
        None => (query, None),
    };
    let mut out = base;
    out.push_lit("?");
    for (i, piece) in query.split('&').iter().enumerate() {
        if i > 0 {
            out.push_lit("&");
        }
        match piece.split_once('=') {
            Some((name, value)) => {
                out.push_text(&name);
                out.push_lit("=");
                match (name.as_literal(), value.as_literal()) {
                    (Some(n), Some(v)) if is_secret_name(&n) && !v.is_empty() => {
                        let note = format!("the {n} query parameter of the curl command's URL");
                        let var = ctx.vars.add(&var_name_for(&n), Some(&v), true, Some(&note));
                        out.push_var(&var);
                    }
                    _ => out.push_text(&value),
                }
            }
            None => out.push_text(piece),
        }
    }
    if let Some(f) = fragment {
        out.push_lit("#");
        out.push_text(&f);
    }
    out
}

fn headers(args: &Args, entry: &mut Entry, ctx: &mut Ctx) -> Result<(), CurlError> {
    for h in &args.headers {
        if h.display().starts_with('@') {
            return Err(CurlError::Unsupported(
                "-H".into(),
                "reading headers from a file".into(),
            ));
        }
        let (name, value, empty_allowed) = match h.split_once(':') {
            Some((n, v)) => (n.trim(), v.trim(), false),
            None => match h.display().strip_suffix(';') {
                // `Name;` sends the header with an empty value.
                Some(n) => (Text::lit(n.trim()), Text::default(), true),
                None => return Err(CurlError::InvalidHeader(h.display())),
            },
        };
        let Some(name_lit) = name.as_literal().filter(|n| !n.is_empty()) else {
            return Err(CurlError::InvalidHeader(h.display()));
        };
        if value.is_empty() && !empty_allowed {
            // `Name:` makes curl drop a header it would send itself.
            ctx.warnings.push(format!(
                "-H '{name_lit}:' removes a header curl adds by itself; left out"
            ));
            continue;
        }
        if name_lit.eq_ignore_ascii_case("cookie") {
            for (k, v) in cookie_pairs(&value) {
                push_cookie(entry, k, v, ctx);
            }
            continue;
        }
        let value = protect_header(&name_lit, &value, &mut ctx.vars, "of the curl command");
        entry.headers.push((name, value));
    }
    if let Some(token) = &args.bearer {
        let value = protect_header(
            "Authorization",
            &{
                let mut t = Text::lit("Bearer ");
                t.push_text(token);
                t
            },
            &mut ctx.vars,
            "of the curl command (--oauth2-bearer)",
        );
        entry.headers.push((Text::lit("Authorization"), value));
    }
    Ok(())
}

/// `a=1; b=2` as pairs; pieces without `=` are skipped.
fn cookie_pairs(text: &Text) -> Vec<(Text, Text)> {
    text.split(';')
        .iter()
        .filter_map(|p| {
            let (k, v) = p.split_once('=')?;
            let k = k.trim();
            (!k.is_empty()).then(|| (k, v.trim()))
        })
        .collect()
}

fn push_cookie(entry: &mut Entry, name: Text, value: Text, ctx: &mut Ctx) {
    let value = match (name.as_literal(), value.as_literal()) {
        (Some(n), Some(v)) if is_secret_name(&n) && !v.is_empty() => {
            let note = format!("the {n} cookie of the curl command");
            Text::var(ctx.vars.add(&var_name_for(&n), Some(&v), true, Some(&note)))
        }
        _ => value,
    };
    entry.cookies.push((name, value));
}

fn cookies(args: &Args, entry: &mut Entry, ctx: &mut Ctx) {
    for c in &args.cookies {
        if c.contains_lit("=") {
            for (k, v) in cookie_pairs(c) {
                push_cookie(entry, k, v, ctx);
            }
        } else {
            entry.notes.push(format!(
                "TODO: curl's -b {} reads cookies from a file; add them under [Cookies]",
                c.display()
            ));
        }
    }
}

fn basic_auth(args: &Args, entry: &mut Entry, ctx: &mut Ctx) -> Result<(), CurlError> {
    let Some(user) = &args.user else {
        return Ok(());
    };
    let (name, password) = match user.split_once(':') {
        Some((n, p)) => (n, Some(p)),
        None => (user.clone(), None),
    };
    let password = match password {
        // curl would prompt for it.
        None => Text::var(ctx.vars.add(
            "password",
            None,
            true,
            Some("the password curl would have asked for (-u without one)"),
        )),
        Some(p) => match p.as_literal() {
            Some(lit) if !lit.is_empty() => Text::var(ctx.vars.add(
                "password",
                Some(&lit),
                true,
                Some("the password of the curl command's -u"),
            )),
            _ => p,
        },
    };
    // `-u key:` (as in Stripe's docs): the user name is the credential.
    let name = match (name.as_literal(), password.is_empty()) {
        (Some(lit), true) if !lit.is_empty() => Text::var(ctx.vars.add(
            "username",
            Some(&lit),
            true,
            Some("the user name of the curl command's -u, used as an API key"),
        )),
        _ => name,
    };
    if name.is_empty() {
        // [BasicAuth] needs a user name.
        return Err(CurlError::InvalidValue("-u".into(), user.display()));
    }
    entry.basic_auth = Some((name, password));
    Ok(())
}

#[cfg(test)]
mod tests;
