//! Postman test scripts: the lines that map one to one onto a status, an assert or a
//! capture are translated; every other line is kept as a `# TODO` comment.
//!
//! Recognized (after `var jsonData = pm.response.json();` or `JSON.parse(responseBody)`,
//! under any name):
//!
//! | script | spec |
//! |---|---|
//! | `pm.response.to.have.status(200)` | `HTTP 200` |
//! | `pm.expect(pm.response.code).to.eql(201)` (`equal`, `eq`, `be.equal`) | `HTTP 201` |
//! | `pm.response.to.be.ok` / `.success` | `status >= 200`, `status < 300` |
//! | `pm.expect(jsonData.a.b[0]).to.eql(v)` | `jsonpath "$.a.b[0]" == v` |
//! | `….to.be.below(n)` / `above` / `at.least` / `at.most` | `<` `>` `>=` `<=` |
//! | `….to.exist`, `.to.be.true`, `.to.be.null`, `.to.be.a("string")`, `.to.have.lengthOf(n)` | `exists`, `== true`, `== null`, `isString`, `count == n` |
//! | `pm.response.to.have.header("X")` / `("X", "v")` | `header "X" exists` / `== "v"` |
//! | `pm.expect(pm.response.headers.get("X")).to.eql("v")` | `header "X" == "v"` |
//! | `pm.expect(pm.response.responseTime).to.be.below(500)` | `duration < 500` |
//! | `pm.expect(pm.response.text()).to.include("s")` | `body contains "s"` |
//! | `pm.collectionVariables.set("id", jsonData.id)` (`environment`, `globals`, `variables`) | capture `id: jsonpath "$.id"` |

use std::collections::BTreeSet;

use super::super::write::entry::quoted;
use super::super::write::text::{variable_name, Text};

/// What a script became.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Translated {
    /// Statuses asserted, in order (the first becomes `HTTP n`).
    pub statuses: Vec<u16>,
    /// `[Asserts]` lines.
    pub asserts: Vec<String>,
    /// `[Captures]` lines.
    pub captures: Vec<String>,
    /// Lines kept as they were, for TODO comments.
    pub todo: Vec<String>,
}

/// Translates the lines of test scripts, in order, into `out`.
pub(crate) fn translate(lines: &[String], out: &mut Translated) {
    let mut aliases: BTreeSet<String> = BTreeSet::new();
    for raw in lines {
        for line in raw.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with("//") || is_structure(line) {
                continue;
            }
            let stmt = inner_statement(line).unwrap_or(line);
            let stmt = stmt.trim().trim_end_matches(';').trim();
            if stmt.is_empty() || is_structure(stmt) {
                continue;
            }
            if let Some(alias) = json_alias(stmt) {
                aliases.insert(alias);
                continue;
            }
            if !statement(stmt, &aliases, out) {
                out.todo.push(line.to_string());
            }
        }
    }
}

/// Lines that only open or close blocks: `});`, `}`, `pm.test("…", function () {`.
fn is_structure(line: &str) -> bool {
    let l = line.trim_end_matches(';').trim();
    if matches!(l, "}" | "})" | "}))" | "{") {
        return true;
    }
    l.starts_with("pm.test(") && (l.ends_with('{'))
}

/// The statement inside a one-line `pm.test("…", () => stmt);` or
/// `pm.test("…", function () { stmt; });`.
fn inner_statement(line: &str) -> Option<&str> {
    if !line.starts_with("pm.test(") {
        return None;
    }
    if let Some(pos) = line.find("=>") {
        let body = line[pos + 2..].trim();
        let body = body.strip_prefix('{').unwrap_or(body);
        let body = body.trim_end_matches(';').trim_end();
        let body = body.strip_suffix(')').unwrap_or(body).trim_end();
        let body = body.strip_suffix('}').unwrap_or(body);
        return Some(body);
    }
    let open = line.find('{')?;
    let close = line.rfind('}')?;
    (close > open).then(|| &line[open + 1..close])
}

/// `var jsonData = pm.response.json()` → `jsonData`.
fn json_alias(stmt: &str) -> Option<String> {
    let rest = ["var ", "let ", "const "]
        .iter()
        .find_map(|k| stmt.strip_prefix(k))?;
    let (name, value) = rest.split_once('=')?;
    let value = value.trim();
    if value == "pm.response.json()" || value == "JSON.parse(responseBody)" {
        let name = name.trim();
        if !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
        {
            return Some(name.to_string());
        }
    }
    None
}

/// Translates one statement; false when it has no one-to-one equivalent.
fn statement(stmt: &str, aliases: &BTreeSet<String>, out: &mut Translated) -> bool {
    if let Some(arg) = call_arg(stmt, "pm.response.to.have.status(") {
        return match status(arg) {
            Some(code) => {
                out.statuses.push(code);
                true
            }
            None => false,
        };
    }
    if matches!(stmt, "pm.response.to.be.ok" | "pm.response.to.be.success") {
        out.asserts.push("status >= 200".into());
        out.asserts.push("status < 300".into());
        return true;
    }
    if let Some(args) = call_arg(stmt, "pm.response.to.have.header(") {
        let args = split_args(args);
        return match args.as_slice() {
            [name] => match js_string(name) {
                Some(n) => {
                    out.asserts
                        .push(format!("header {} exists", quoted(&Text::lit(n))));
                    true
                }
                None => false,
            },
            [name, value] => match (js_string(name), js_string(value)) {
                (Some(n), Some(v)) => {
                    out.asserts.push(format!(
                        "header {} == {}",
                        quoted(&Text::lit(n)),
                        quoted(&Text::lit(v))
                    ));
                    true
                }
                _ => false,
            },
            _ => false,
        };
    }
    if let Some(capture) = variable_set(stmt, aliases) {
        out.captures.push(capture);
        return true;
    }
    if let Some(rest) = stmt.strip_prefix("pm.expect(") {
        return expectation(rest, aliases, out);
    }
    false
}

/// `pm.expect(SUBJECT).CHAIN`: `rest` starts after `pm.expect(`.
fn expectation(rest: &str, aliases: &BTreeSet<String>, out: &mut Translated) -> bool {
    let Some(close) = matching_paren(rest) else {
        return false;
    };
    let subject = rest[..close].trim();
    let chain = rest[close + 1..].trim();
    let Some((op, value)) = chain_predicate(chain) else {
        return false;
    };
    if subject == "pm.response.code" {
        // A status: only equality maps onto `HTTP n`.
        if op == "==" {
            if let Some(code) = status(&value) {
                out.statuses.push(code);
                return true;
            }
        }
        if !matches!(op.as_str(), "==" | "<" | "<=" | ">" | ">=") {
            return false;
        }
        let Some(v) = literal(&value) else {
            return false;
        };
        out.asserts.push(format!("status {op} {v}"));
        return true;
    }
    if subject == "pm.response.responseTime" {
        if matches!(op.as_str(), "<" | "<=" | ">" | ">=") && value.parse::<u64>().is_ok() {
            out.asserts.push(format!("duration {op} {value}"));
            return true;
        }
        return false;
    }
    if subject == "pm.response.text()" {
        if op == "contains" {
            if let Some(s) = js_string(&value) {
                out.asserts
                    .push(format!("body contains {}", quoted(&Text::lit(s))));
                return true;
            }
        }
        return false;
    }
    let query = if let Some(arg) = call_arg(subject, "pm.response.headers.get(") {
        match js_string(arg) {
            Some(name) => format!("header {}", quoted(&Text::lit(name))),
            None => return false,
        }
    } else {
        match json_path(subject, aliases) {
            Some(path) => format!("jsonpath {}", quoted(&Text::lit(path))),
            None => return false,
        }
    };
    // `contains` is only certain for strings; other types have no single equivalent.
    if op == "contains" {
        return match js_string(&value) {
            Some(s) => {
                out.asserts
                    .push(format!("{query} contains {}", quoted(&Text::lit(s))));
                true
            }
            None => false,
        };
    }
    if value.is_empty() {
        out.asserts.push(format!("{query} {op}"));
        return true;
    }
    match literal(&value) {
        Some(v) => {
            out.asserts.push(format!("{query} {op} {v}"));
            true
        }
        None => false,
    }
}

/// The predicate of a chai chain: (operator, argument as written). Predicates without an
/// argument (`exists`, `isString`) come with an empty argument.
fn chain_predicate(chain: &str) -> Option<(String, String)> {
    let chain = chain.strip_prefix('.')?;
    const EQUAL: &[&str] = &[
        "to.eql(",
        "to.equal(",
        "to.eq(",
        "to.be.equal(",
        "to.deep.equal(",
        "to.deep.eql(",
        "to.be.eql(",
    ];
    const COMPARE: &[(&str, &str)] = &[
        ("to.be.below(", "<"),
        ("to.be.lessThan(", "<"),
        ("to.be.lt(", "<"),
        ("to.be.above(", ">"),
        ("to.be.greaterThan(", ">"),
        ("to.be.gt(", ">"),
        ("to.be.at.least(", ">="),
        ("to.be.gte(", ">="),
        ("to.be.at.most(", "<="),
        ("to.be.lte(", "<="),
        ("to.include(", "contains"),
        ("to.contain(", "contains"),
        ("to.have.string(", "contains"),
    ];
    for prefix in EQUAL {
        if let Some(arg) = call_arg(chain, prefix) {
            return Some(("==".into(), arg.trim().to_string()));
        }
    }
    for (prefix, op) in COMPARE {
        if let Some(arg) = call_arg(chain, prefix) {
            return Some((op.to_string(), arg.trim().to_string()));
        }
    }
    for prefix in ["to.have.lengthOf(", "to.have.length("] {
        if let Some(arg) = call_arg(chain, prefix) {
            return Some(("count ==".into(), arg.trim().to_string()));
        }
    }
    let bare = match chain.trim_end_matches("()") {
        "to.exist" | "to.not.be.undefined" => ("exists", ""),
        "to.be.true" => ("==", "true"),
        "to.be.false" => ("==", "false"),
        "to.be.null" => ("==", "null"),
        "to.be.empty" => ("isEmpty", ""),
        _ => {
            for prefix in ["to.be.a(", "to.be.an("] {
                if let Some(arg) = call_arg(chain, prefix) {
                    let kind = match js_string(arg)?.as_str() {
                        "string" => "isString",
                        "number" => "isNumber",
                        "boolean" => "isBoolean",
                        "array" => "isList",
                        "object" => "isObject",
                        _ => return None,
                    };
                    return Some((kind.into(), String::new()));
                }
            }
            return None;
        }
    };
    Some((bare.0.into(), bare.1.into()))
}

/// `pm.collectionVariables.set("name", SUBJECT)` as a capture line.
fn variable_set(stmt: &str, aliases: &BTreeSet<String>) -> Option<String> {
    let arg = [
        "pm.collectionVariables.set(",
        "pm.environment.set(",
        "pm.globals.set(",
        "pm.variables.set(",
    ]
    .iter()
    .find_map(|p| call_arg(stmt, p))?;
    let args = split_args(arg);
    let [name, subject] = args.as_slice() else {
        return None;
    };
    let name = variable_name(&js_string(name)?);
    let query = if let Some(h) = call_arg(subject, "pm.response.headers.get(") {
        format!("header {}", quoted(&Text::lit(js_string(h)?)))
    } else {
        format!(
            "jsonpath {}",
            quoted(&Text::lit(json_path(subject, aliases)?))
        )
    };
    Some(format!("{name}: {query}"))
}

/// `jsonData.a["b c"][0]` (rooted at an alias or `pm.response.json()`) as `$.a['b c'][0]`.
fn json_path(subject: &str, aliases: &BTreeSet<String>) -> Option<String> {
    let rest = if let Some(r) = subject.strip_prefix("pm.response.json()") {
        r
    } else {
        let root_len = subject.find(['.', '[']).unwrap_or(subject.len());
        if !aliases.contains(&subject[..root_len]) {
            return None;
        }
        &subject[root_len..]
    };
    let mut path = String::from("$");
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '.' => {
                let start = i + 1;
                let mut end = start;
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_alphanumeric() || d == '_' || d == '$' {
                        end = j + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                if end == start {
                    return None;
                }
                path.push('.');
                path.push_str(&rest[start..end]);
            }
            '[' => {
                let close = rest[i..].find(']')? + i;
                let inside = rest[i + 1..close].trim();
                if inside.chars().all(|d| d.is_ascii_digit()) && !inside.is_empty() {
                    path.push_str(&format!("[{inside}]"));
                } else {
                    let key = js_string(inside)?;
                    if key.contains('\'') || key.contains('\\') {
                        return None;
                    }
                    path.push_str(&format!("['{key}']"));
                }
                while chars.peek().is_some_and(|&(j, _)| j <= close) {
                    chars.next();
                }
            }
            _ => return None,
        }
    }
    Some(path)
}

/// The argument text of `prefix…)` when `text` is exactly that call.
fn call_arg<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(prefix)?;
    let close = matching_paren(rest)?;
    rest[close + 1..].trim().is_empty().then(|| &rest[..close])
}

/// Where the `)` closing an already opened `(` stands, skipping strings and nesting.
fn matching_paren(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' | '`' => quote = Some(c),
            '(' | '[' | '{' => depth += 1,
            ')' if depth == 0 => return Some(i),
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Top-level comma-separated arguments.
fn split_args(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' | '`' => quote = Some(c),
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(s[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(s[start..].trim());
    out
}

/// A JavaScript string literal's value (`'…'`, `"…"`, or a template without `${}`).
fn js_string(s: &str) -> Option<String> {
    let s = s.trim();
    let q = s.chars().next()?;
    if !matches!(q, '"' | '\'' | '`') || s.len() < 2 || !s.ends_with(q) {
        return None;
    }
    let inner = &s[1..s.len() - 1];
    if q == '`' && inner.contains("${") {
        return None;
    }
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == q {
            return None;
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            '0' => out.push('\0'),
            'u' => {
                let hex: String = chars.by_ref().take(4).collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            other => out.push(other),
        }
    }
    Some(out)
}

/// A JavaScript literal as a predicate value: strings quoted, numbers, booleans, null.
fn literal(s: &str) -> Option<String> {
    let s = s.trim();
    if let Some(v) = js_string(s) {
        return Some(quoted(&Text::lit(v)));
    }
    if matches!(s, "true" | "false" | "null") {
        return Some(s.to_string());
    }
    // A JSON number is a Hurl number.
    let n: serde_json::Value = serde_json::from_str(s).ok()?;
    n.is_number().then(|| s.to_string())
}

fn status(s: &str) -> Option<u16> {
    s.trim().parse().ok().filter(|c| (100..=599).contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(script: &str) -> Translated {
        let mut out = Translated::default();
        translate(&[script.to_string()], &mut out);
        out
    }

    #[test]
    fn one_to_one_lines_are_translated() {
        let cases: &[(&str, &str)] = &[
            (
                "pm.expect(jsonData.name).to.eql(\"Jane\");",
                "jsonpath \"$.name\" == \"Jane\"",
            ),
            (
                "pm.expect(jsonData.items[0].id).to.equal(7);",
                "jsonpath \"$.items[0].id\" == 7",
            ),
            (
                "pm.expect(jsonData[\"odd key\"].ok).to.be.true;",
                "jsonpath \"$['odd key'].ok\" == true",
            ),
            (
                "pm.expect(pm.response.json().total).to.be.above(3);",
                "jsonpath \"$.total\" > 3",
            ),
            (
                "pm.expect(jsonData.price).to.be.at.most(9.5)",
                "jsonpath \"$.price\" <= 9.5",
            ),
            (
                "pm.expect(jsonData.id).to.exist;",
                "jsonpath \"$.id\" exists",
            ),
            (
                "pm.expect(jsonData.tags).to.have.lengthOf(2);",
                "jsonpath \"$.tags\" count == 2",
            ),
            (
                "pm.expect(jsonData.tags).to.be.an('array');",
                "jsonpath \"$.tags\" isList",
            ),
            (
                "pm.expect(jsonData.note).to.be.null;",
                "jsonpath \"$.note\" == null",
            ),
            (
                "pm.expect(jsonData.title).to.include('bug');",
                "jsonpath \"$.title\" contains \"bug\"",
            ),
            (
                "pm.response.to.have.header(\"Content-Type\");",
                "header \"Content-Type\" exists",
            ),
            (
                "pm.response.to.have.header('Content-Type', 'application/json');",
                "header \"Content-Type\" == \"application/json\"",
            ),
            (
                "pm.expect(pm.response.headers.get('X-Rate')).to.eql('10');",
                "header \"X-Rate\" == \"10\"",
            ),
            (
                "pm.expect(pm.response.responseTime).to.be.below(500);",
                "duration < 500",
            ),
            (
                "pm.expect(pm.response.text()).to.include(\"ok #1\");",
                "body contains \"ok #1\"",
            ),
            (
                "pm.expect(pm.response.code).to.be.below(400);",
                "status < 400",
            ),
        ];
        for (line, want) in cases {
            let out = run(&format!("var jsonData = pm.response.json();\n{line}"));
            assert_eq!(out.asserts, vec![want.to_string()], "{line}");
            assert!(out.todo.is_empty(), "{line}: {:?}", out.todo);
        }
    }

    #[test]
    fn statuses_captures_and_todos() {
        let script = "pm.test(\"Status code is 201\", function () {\n\
                      \x20   pm.response.to.have.status(201);\n\
                      });\n\
                      pm.test('code', () => pm.expect(pm.response.code).to.eql(200));\n\
                      const body = JSON.parse(responseBody);\n\
                      pm.collectionVariables.set(\"user id\", body.data.id);\n\
                      pm.environment.set('trace', pm.response.headers.get('X-Trace'));\n\
                      pm.expect(pm.response.code).to.be.oneOf([201, 202]);\n\
                      // a comment\n\
                      pm.expect(body.list).to.include(3);\n\
                      pm.expect(other.x).to.eql(1);\n\
                      console.log(body);";
        let out = run(script);
        assert_eq!(out.statuses, vec![201, 200]);
        assert_eq!(
            out.captures,
            vec![
                "user_id: jsonpath \"$.data.id\"".to_string(),
                "trace: header \"X-Trace\"".to_string()
            ]
        );
        assert_eq!(
            out.todo,
            vec![
                "pm.expect(pm.response.code).to.be.oneOf([201, 202]);",
                "pm.expect(body.list).to.include(3);",
                "pm.expect(other.x).to.eql(1);",
                "console.log(body);"
            ]
        );
    }

    #[test]
    fn response_ok_is_a_range() {
        let out = run("pm.test('ok', function () { pm.response.to.be.ok; });");
        assert_eq!(out.asserts, vec!["status >= 200", "status < 300"]);
    }

    #[test]
    fn js_literals() {
        assert_eq!(js_string("'it\\'s'").as_deref(), Some("it's"));
        assert_eq!(js_string("\"\\u00e9\"").as_deref(), Some("é"));
        assert_eq!(js_string("`a${b}`"), None);
        assert_eq!(literal("1e3").as_deref(), Some("1e3"));
        assert_eq!(literal("x"), None);
        assert_eq!(split_args("'a,b', f(1, 2)"), vec!["'a,b'", "f(1, 2)"]);
    }
}
