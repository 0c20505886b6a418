//! What a curl command sends: `-d` data as JSON, `[Form]` or text, `-F` as `[Multipart]`,
//! `-T` as a file body, and `-G`/`--url-query` data as `[Query]`.

use super::super::secret::{protect_json, protect_value};
use super::super::urlenc::{encode, form_pairs};
use super::super::write::entry::{Body, Entry, Part as FormPart};
use super::super::write::json::Json;
use super::super::write::text::{Part, Text};
use super::args::{Args, DataKind, FormArg};
use super::{Ctx, CurlError};

/// Sets the entry's body, form or multipart from the command's data.
pub(super) fn request_body(args: &Args, entry: &mut Entry, ctx: &mut Ctx) -> Result<(), CurlError> {
    if !args.forms.is_empty() {
        if !args.data.is_empty() && !args.get {
            return Err(CurlError::Unsupported(
                "-F".into(),
                "-F together with -d (curl refuses it too)".into(),
            ));
        }
        for f in &args.forms {
            if let Some(part) = form_part(f, ctx)? {
                entry.multipart.push(part);
            }
        }
        return Ok(());
    }
    if args.data.is_empty() || args.get {
        if let Some(file) = &args.upload_file {
            if matches!(file.as_literal().as_deref(), Some("-" | ".")) {
                return Err(CurlError::Unsupported(
                    "-T".into(),
                    "uploading standard input".into(),
                ));
            }
            entry.body = Some(Body::File(non_empty_path(file.clone(), "-T")?));
        }
        return Ok(());
    }
    let json_flag = args.data.iter().any(|(k, _)| *k == DataKind::Json);
    if json_flag {
        for (name, value) in [
            ("Content-Type", "application/json"),
            ("Accept", "application/json"),
        ] {
            if !entry.has_header(name) {
                entry.headers.push((Text::lit(name), Text::lit(value)));
            }
        }
    }
    let content_type = content_type(entry);
    if let [(kind, value)] = args.data.as_slice() {
        if let Some(path) = file_reference(*kind, value) {
            let path = non_empty_path(path, "-d")?;
            if path.as_literal().as_deref() == Some("-") {
                return Err(CurlError::Unsupported(
                    "-d".into(),
                    "data from standard input".into(),
                ));
            }
            if *kind == DataKind::Ascii {
                ctx.warnings.push(format!(
                    "-d @{0} strips line breaks from the file; the spec sends {0} as it is \
                     (as --data-binary would)",
                    path.display()
                ));
            }
            if content_type.is_none() {
                form_content_type(entry);
            }
            entry.body = Some(Body::File(path));
            return Ok(());
        }
    }
    let data = joined_data(args)?;
    let ct = content_type.unwrap_or_default();
    if ct.contains("json") {
        if let Some(json) = parse_json(&data, ctx) {
            entry.body = Some(Body::Json(json));
            return Ok(());
        }
    } else if ct.is_empty() && looks_like_json(&data) {
        // API docs often leave the Content-Type out of JSON requests (curl then says
        // form-urlencoded); the spec sends the JSON as JSON.
        if let Some(json) = parse_json(&data, ctx) {
            ctx.warnings.push(
                "the command sends JSON without a Content-Type (curl would say \
                 application/x-www-form-urlencoded); the spec sends it as application/json"
                    .into(),
            );
            entry.body = Some(Body::Json(json));
            return Ok(());
        }
    }
    if ct.is_empty() || ct.starts_with("application/x-www-form-urlencoded") {
        if let Some(pairs) = form_pairs(&data) {
            for (k, v) in pairs {
                let v = protect_value(&k, v, &mut ctx.vars, "form field of the curl command");
                entry.form.push((k, v));
            }
            return Ok(());
        }
        if ct.is_empty() {
            // What curl sends with -d; [Form] would set it, a text body does not.
            form_content_type(entry);
        }
    }
    let lang = if ct.contains("xml") {
        Some("xml")
    } else {
        None
    };
    entry.body = Some(Body::Text { text: data, lang });
    Ok(())
}

/// Puts `-G` data and `--url-query` values in `[Query]`, or when they are not plain
/// `name=value` pairs, at the end of the URL as written.
pub(super) fn query_into(args: &Args, entry: &mut Entry, ctx: &mut Ctx) -> Result<(), CurlError> {
    let mut pieces: Vec<Text> = Vec::new();
    if args.get && !args.data.is_empty() {
        pieces.push(joined_data(args)?);
    }
    for q in &args.url_queries {
        // `--url-query +name=value` is sent as written; otherwise as --data-urlencode.
        match q.parts().first() {
            Some(Part::Lit(s)) if s.starts_with('+') => pieces.push(q.drop_prefix(1)),
            _ => pieces.push(urlencoded(q, "--url-query")?),
        }
    }
    for piece in pieces {
        match form_pairs(&piece) {
            Some(pairs) => {
                for (k, v) in pairs {
                    let v =
                        protect_value(&k, v, &mut ctx.vars, "query parameter of the curl command");
                    entry.query.push((k, v));
                }
            }
            None => {
                let mut u = entry.url.clone();
                u.push_lit(if u.display().contains('?') { "&" } else { "?" });
                u.push_text(&piece);
                entry.url = u;
            }
        }
    }
    Ok(())
}

/// The data of all `-d`-like flags, joined as curl sends them.
fn joined_data(args: &Args) -> Result<Text, CurlError> {
    let mut out = Text::default();
    for (i, (kind, value)) in args.data.iter().enumerate() {
        let piece = match kind {
            DataKind::UrlEncode => urlencoded(value, "--data-urlencode")?,
            DataKind::Raw => value.clone(),
            _ => {
                if file_reference(*kind, value).is_some() {
                    return Err(CurlError::Unsupported(
                        "-d".into(),
                        "data read from a file together with other data".into(),
                    ));
                }
                value.clone()
            }
        };
        // `--json` pieces are concatenated; the others joined with `&`.
        if i > 0 && *kind != DataKind::Json {
            out.push_lit("&");
        }
        out.push_text(&piece);
    }
    Ok(out)
}

/// `@path` of a data flag that reads a file.
fn file_reference(kind: DataKind, value: &Text) -> Option<Text> {
    if matches!(kind, DataKind::Raw | DataKind::UrlEncode) {
        return None;
    }
    match value.parts().first() {
        Some(Part::Lit(s)) if s.starts_with('@') => Some(value.drop_prefix(1)),
        _ => None,
    }
}

/// Rejects an empty file name (`-d @`, `-T ''`, `-F a=@`), which no spec can name.
fn non_empty_path(path: Text, flag: &str) -> Result<Text, CurlError> {
    if path.is_empty() {
        return Err(CurlError::InvalidValue(flag.into(), "@".into()));
    }
    Ok(path)
}

/// `--data-urlencode` value: `content`, `=content`, `name=content`; `@file` forms read a
/// file, which a spec cannot do here.
fn urlencoded(value: &Text, flag: &str) -> Result<Text, CurlError> {
    let enc = |t: &Text| t.map_lit(encode);
    if let Some(Part::Lit(s)) = value.parts().first() {
        if s.starts_with('=') {
            return Ok(enc(&value.drop_prefix(1)));
        }
    }
    let eq = value.split_once('=');
    let at = value.split_once('@');
    match (eq, at) {
        (Some((name, content)), at) => {
            // An `@` before the first `=` means `name@file`.
            if let Some((before_at, _)) = at {
                if before_at.display().len() < name.display().len() {
                    return Err(CurlError::Unsupported(
                        flag.into(),
                        "a value read from a file (name@file)".into(),
                    ));
                }
            }
            let mut out = name;
            out.push_lit("=");
            out.push_text(&enc(&content));
            Ok(out)
        }
        (None, Some((before, _))) => Err(CurlError::Unsupported(
            flag.into(),
            if before.is_empty() {
                "a value read from a file (@file)".into()
            } else {
                "a value read from a file (name@file)".into()
            },
        )),
        (None, None) => Ok(enc(value)),
    }
}

/// The Content-Type header's value, lower case, when literal.
fn content_type(entry: &Entry) -> Option<String> {
    entry
        .headers
        .iter()
        .rev()
        .find(|(k, _)| {
            k.as_literal()
                .is_some_and(|k| k.eq_ignore_ascii_case("content-type"))
        })
        .map(|(_, v)| v.display().to_ascii_lowercase())
}

fn form_content_type(entry: &mut Entry) {
    entry.headers.push((
        Text::lit("Content-Type"),
        Text::lit("application/x-www-form-urlencoded"),
    ));
}

fn looks_like_json(data: &Text) -> bool {
    let shown = data.display();
    let t = shown.trim();
    (t.starts_with('{') && t.ends_with('}')) || (t.starts_with('[') && t.ends_with(']'))
}

/// Marks for shell variables inside text that is parsed as JSON.
const VAR_OPEN: char = '\u{e001}';
const VAR_CLOSE: char = '\u{e002}';

/// The data as a JSON object or array, when it parses; shell variables may stand inside
/// strings. Credential-named string members become secret variables.
fn parse_json(data: &Text, ctx: &mut Ctx) -> Option<Json> {
    let mut marked = String::new();
    for p in data.parts() {
        match p {
            Part::Lit(s) => marked.push_str(s),
            Part::Var(v) => {
                marked.push(VAR_OPEN);
                marked.push_str(v);
                marked.push(VAR_CLOSE);
            }
        }
    }
    let value: serde_json::Value = serde_json::from_str(&marked).ok()?;
    let json = Json::from_value(&value, &unmark);
    json.is_container()
        .then(|| protect_json(json, &mut ctx.vars, "of the curl command"))
}

/// Text with marked shell variables turned back into variables.
fn unmark(s: &str) -> Text {
    let mut out = Text::default();
    let mut rest = s;
    while let Some(start) = rest.find(VAR_OPEN) {
        out.push_lit(&rest[..start]);
        let after = &rest[start + VAR_OPEN.len_utf8()..];
        match after.find(VAR_CLOSE) {
            Some(end) => {
                out.push_var(&after[..end]);
                rest = &after[end + VAR_CLOSE.len_utf8()..];
            }
            None => {
                rest = after;
            }
        }
    }
    out.push_lit(rest);
    out
}

/// One `-F` value as a multipart line; `None` (with a TODO) for what a spec cannot send.
fn form_part(f: &FormArg, ctx: &mut Ctx) -> Result<Option<FormPart>, CurlError> {
    let Some((name, value)) = f.value.split_once('=') else {
        return Err(CurlError::InvalidForm(f.value.display()));
    };
    let name = name.trim();
    if name.is_empty() {
        return Err(CurlError::InvalidForm(f.value.display()));
    }
    if f.literal {
        let value = protect_value(
            &name,
            value,
            &mut ctx.vars,
            "form field of the curl command",
        );
        return Ok(Some(FormPart::Field(name, value)));
    }
    let first = match value.parts().first() {
        Some(Part::Lit(s)) => s.chars().next(),
        _ => None,
    };
    match first {
        Some('@') => {
            let (path, params) = value_and_params(&value.drop_prefix(1));
            if path.is_empty() {
                return Err(CurlError::InvalidForm(f.value.display()));
            }
            let mut content_type = None;
            let mut filename = None;
            for (k, v) in params {
                match k.as_str() {
                    "type" => content_type = v.as_literal(),
                    "filename" => filename = Some(v),
                    other => ctx.warnings.push(format!(
                        "-F {}: the ;{other}= part is left out",
                        f.value.display()
                    )),
                }
            }
            Ok(Some(FormPart::File {
                name,
                path,
                content_type,
                filename,
            }))
        }
        Some('<') => {
            ctx.warnings.push(format!(
                "-F {}: a field read from a file is left out",
                f.value.display()
            ));
            Ok(None)
        }
        _ => {
            let (text, params) = value_and_params(&value);
            if !params.is_empty() {
                ctx.warnings.push(format!(
                    "-F {}: a text field cannot have ;type= or other parts in a spec; left out",
                    f.value.display()
                ));
            }
            let text = protect_value(&name, text, &mut ctx.vars, "form field of the curl command");
            Ok(Some(FormPart::Field(name, text)))
        }
    }
}

/// `value;type=x;filename=y` (the value maybe in double quotes) as the value and its
/// `key=value` parameters. A `;` not followed by a known parameter stays in the value.
fn value_and_params(text: &Text) -> (Text, Vec<(String, Text)>) {
    const KEYS: &[&str] = &["type", "filename", "headers", "encoder"];
    // curl skips white space around a value that is not in quotes.
    let text = &text.trim();
    let shown = text.display();
    if shown.starts_with('"') {
        // "quoted value with \" escapes";params
        let inner = text.drop_prefix(1);
        let mut value = Text::default();
        let mut rest = Text::default();
        let mut closed = false;
        for p in inner.parts() {
            match p {
                Part::Lit(s) if !closed => {
                    let mut chars = s.char_indices();
                    let mut lit = String::new();
                    while let Some((i, c)) = chars.next() {
                        match c {
                            '\\' => {
                                if let Some((_, n)) = chars.next() {
                                    lit.push(n);
                                }
                            }
                            '"' => {
                                closed = true;
                                rest.push_lit(&s[i + 1..]);
                                break;
                            }
                            c => lit.push(c),
                        }
                    }
                    value.push_lit(&lit);
                }
                Part::Lit(s) => rest.push_lit(s),
                Part::Var(v) if !closed => value.push_var(v),
                Part::Var(v) => rest.push_var(v),
            }
        }
        let params = rest
            .split(';')
            .into_iter()
            .filter_map(|p| {
                let (k, v) = p.split_once('=')?;
                Some((k.trim().as_literal()?, v))
            })
            .collect();
        return (value, params);
    }
    let pieces = text.split(';');
    let mut value = pieces[0].trim();
    let mut params = Vec::new();
    for piece in &pieces[1..] {
        let key = piece
            .split_once('=')
            .and_then(|(k, _)| k.trim().as_literal())
            .filter(|k| KEYS.contains(&k.as_str()));
        match (key, piece.split_once('='), params.last_mut()) {
            (Some(k), Some((_, v)), _) => params.push((k, v)),
            // A `;` inside a parameter's value.
            (_, _, Some((_, last))) => {
                last.push_lit(";");
                last.push_text(piece);
            }
            _ => {
                value.push_lit(";");
                value.push_text(piece);
            }
        }
    }
    (value, params)
}
