//! Test helpers: a [`Context`] over a map of variables, spec lines parsed into asserts, and a
//! small response.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use super::{
    apply_filters, CheckError, CheckErrorKind, Context, PredicateOutcome, ResponseData, SchemaRef,
    Value,
};
use crate::contract::{CompiledSchema, SchemaSource};
use crate::http::{HttpResponse, Redirect};
use crate::spec::ast::{Assert, Expr, ExprKind, Span, Template, TemplatePart};

/// Variables and files for tests.
#[derive(Default)]
pub struct TestContext {
    /// Variables by name.
    pub vars: HashMap<String, Value>,
    /// Files by path.
    pub files: HashMap<String, Vec<u8>>,
}

impl TestContext {
    /// A context with these variables.
    pub fn with(vars: &[(&str, Value)]) -> TestContext {
        TestContext {
            vars: vars
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
            files: HashMap::new(),
        }
    }
}

impl Context for TestContext {
    fn render(&self, t: &Template) -> Result<String, CheckError> {
        let mut out = String::new();
        for part in &t.parts {
            match part {
                TemplatePart::Literal(s) => out.push_str(s),
                TemplatePart::Expr(e) => out.push_str(&self.expr(e)?.render()),
            }
        }
        Ok(out)
    }

    fn variable(&self, name: &str) -> Option<Value> {
        self.vars.get(name).cloned()
    }

    fn expr(&self, e: &Expr) -> Result<Value, CheckError> {
        match &e.kind {
            ExprKind::Variable(name) => self.variable(name).ok_or_else(|| {
                CheckError::new(CheckErrorKind::UndefinedVariable(name.clone()), e.span)
            }),
            ExprKind::Function { name, .. } if name == "newUuid" => Ok(Value::String(
                "6e3c8bd8-6c8a-4b8a-9d4e-1f2a3b4c5d6e".to_string(),
            )),
            ExprKind::Function { name, .. } => Err(CheckError::new(
                CheckErrorKind::Function(format!("unknown function '{name}'")),
                e.span,
            )),
        }
    }

    fn read_file(&self, t: &Template) -> Result<Vec<u8>, CheckError> {
        let path = self.render(t)?;
        self.files.get(&path).cloned().ok_or_else(|| {
            CheckError::new(
                CheckErrorKind::FileRead {
                    name: path.clone(),
                    reason: "not found".to_string(),
                },
                t.span,
            )
        })
    }

    /// Compiles every time: the run's cache is the runner's.
    fn schema(&self, source: SchemaRef, span: Span) -> Result<Arc<CompiledSchema>, CheckError> {
        let text;
        let compiled = match &source {
            SchemaRef::File(name) => {
                let bytes = self.files.get(name).ok_or_else(|| {
                    CheckError::new(
                        CheckErrorKind::FileRead {
                            name: name.clone(),
                            reason: "not found".to_string(),
                        },
                        span,
                    )
                })?;
                text = String::from_utf8_lossy(bytes).into_owned();
                CompiledSchema::compile(&SchemaSource::Text {
                    text: &text,
                    base_dir: None,
                })
            }
            SchemaRef::Value(value) => CompiledSchema::compile(&SchemaSource::Value {
                value,
                base_dir: None,
            }),
            SchemaRef::Text(text) => CompiledSchema::compile(&SchemaSource::Text {
                text,
                base_dir: None,
            }),
        };
        compiled
            .map(Arc::new)
            .map_err(|e| CheckError::invalid(e.to_string(), span))
    }
}

/// The assert of one `[Asserts]` line, parsed by the spec parser.
pub fn assert_line(line: &str) -> Assert {
    let source = format!("GET http://localhost/\nHTTP 200\n[Asserts]\n{line}\n");
    let file = crate::spec::parse_spec(&source).unwrap_or_else(|e| panic!("{line}: {e:?}"));
    let response = file.entries.into_iter().next().unwrap().response.unwrap();
    response.asserts.unwrap().items.into_iter().next().unwrap()
}

/// A JSON response with a few headers and cookies.
pub fn json_response(body: &str) -> HttpResponse {
    let mut response = HttpResponse::new(
        200,
        "HTTP/1.1",
        vec![
            (
                "Content-Type".into(),
                "application/json; charset=utf-8".into(),
            ),
            ("X-Trace".into(), "abc".into()),
            ("Vary".into(), "Accept".into()),
            ("vary".into(), "Origin".into()),
            (
                "Set-Cookie".into(),
                "session=s3cr3t; Max-Age=60; Path=/; HttpOnly; SameSite=Strict".into(),
            ),
            (
                "Set-Cookie".into(),
                "theme=dark; Expires=Wed, 21 Oct 2015 07:28:00 GMT".into(),
            ),
        ],
        body.as_bytes().to_vec(),
        "https://api.example.com/items?page=2",
    );
    response.duration = Duration::from_millis(12);
    response
}

/// Two redirect steps.
pub fn redirects() -> Vec<Redirect> {
    vec![
        Redirect {
            url: "http://example.com/a".into(),
            status: 301,
            location: "https://example.com/a".into(),
        },
        Redirect {
            url: "https://example.com/a".into(),
            status: 302,
            location: "https://example.com/b".into(),
        },
    ]
}

// Filters.

/// What a filter chain should give.
pub enum Want {
    /// This value.
    V(Value),
    /// No value.
    Nothing,
    /// A runtime error whose message contains this.
    Err(&'static str),
}

/// The string value expected from a filter.
pub fn want_str(text: &str) -> Want {
    Want::V(Value::String(text.to_string()))
}

/// The integer value expected from a filter.
pub fn want_int(n: i64) -> Want {
    Want::V(Value::Integer(n))
}

/// A bytes value.
pub fn b(bytes: &[u8]) -> Value {
    Value::Bytes(bytes.to_vec())
}

/// A string value.
pub fn str_(text: &str) -> Value {
    Value::String(text.to_string())
}

/// A list of integers.
pub fn list(items: &[i64]) -> Value {
    Value::List(items.iter().map(|n| Value::Integer(*n)).collect())
}

/// Runs `variable "in" <filters>` with `input` as the variable `in`.
pub fn run_filters(input: Option<&Value>, filters: &str) -> Result<Option<Value>, CheckError> {
    let mut vars = vec![("idx", Value::Integer(2)), ("sep", str_(";"))];
    if let Some(v) = input {
        vars.push(("in", v.clone()));
    }
    let cx = TestContext::with(&vars);
    let a = assert_line(&format!("variable \"in\" {filters} exists"));
    let response = json_response("{}");
    let data = ResponseData {
        response: &response,
        redirects: &[],
        duration: Duration::ZERO,
        response_type: None,
        document: Default::default(),
    };
    let v = crate::check::eval_query(&a.query, &data, &cx)?;
    apply_filters(&a.filters, v, &cx)
}

/// Checks rows of (input, filters, what they give).
pub fn check_filters(rows: Vec<(Value, &str, Want)>) {
    for (input, filters, want) in rows {
        let got = run_filters(Some(&input), filters);
        match (want, got) {
            (Want::V(v), Ok(Some(got))) => assert_eq!(got, v, "{input} {filters}"),
            (Want::Nothing, Ok(None)) => {}
            (Want::Err(fragment), Err(e)) => {
                assert!(
                    !matches!(e.kind, CheckErrorKind::FilterNoInput { .. }),
                    "{input} {filters}: {e:?}"
                );
                assert!(e.to_string().contains(fragment), "{input} {filters}: {}", e);
            }
            (_, got) => panic!("{input} {filters}: unexpected {got:?}"),
        }
    }
}

// Predicates.

/// Variables `name`, `price`, `tags` and the file `data.bin` for predicate tests.
pub fn predicate_context() -> TestContext {
    let mut cx = TestContext::with(&[
        ("name", Value::String("Widget".into())),
        ("price", Value::Integer(10)),
        (
            "tags",
            Value::List(vec![Value::String("a".into()), Value::String("b".into())]),
        ),
    ]);
    cx.files.insert("data.bin".into(), vec![1, 2]);
    cx
}

/// Evaluates the predicate of `status <predicate>` on `actual`.
pub fn eval_predicate_line(
    actual: Option<&Value>,
    predicate: &str,
) -> Result<PredicateOutcome, CheckError> {
    let a = assert_line(&format!("status {predicate}"));
    crate::check::eval_predicate(&a.predicate, actual, &predicate_context())
}

/// (actual, predicate, passed, expected description, actual description)
pub type PredicateRow<'a> = (Option<Value>, &'a str, bool, &'a str, &'a str);

/// Checks rows of (actual, predicate, passed, expected, actual shown).
pub fn check_predicates(rows: Vec<PredicateRow>) {
    for (actual, predicate, passed, expected, shown) in rows {
        let out = eval_predicate_line(actual.as_ref(), predicate)
            .unwrap_or_else(|e| panic!("{predicate}: {e:?}"));
        let what = format!("{actual:?} {predicate}");
        assert_eq!(out.passed, passed, "{what}");
        assert_eq!(out.expected, expected, "{what}");
        assert_eq!(out.actual, shown, "{what}");
    }
}

/// The `-`/`+` lines of a unified diff, without its `---`/`+++` header.
pub fn changed_lines(diff: &str) -> Vec<&str> {
    diff.lines()
        .filter(|l| {
            (l.starts_with('-') || l.starts_with('+'))
                && !l.starts_with("---")
                && !l.starts_with("+++")
        })
        .collect()
}
