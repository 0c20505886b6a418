//! Test helpers: a [`Context`] over a map of variables, spec lines parsed into asserts, and a
//! small response.

use std::collections::HashMap;
use std::time::Duration;

use super::{CheckError, Context, Value};
use crate::http::{HttpResponse, Redirect};
use crate::spec::ast::{Assert, Expr, ExprKind, Template, TemplatePart};

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
            ExprKind::Variable(name) => self
                .variable(name)
                .ok_or_else(|| CheckError::runtime(format!("undefined variable '{name}'"), e.span)),
            ExprKind::Function { name, .. } if name == "newUuid" => Ok(Value::String(
                "6e3c8bd8-6c8a-4b8a-9d4e-1f2a3b4c5d6e".to_string(),
            )),
            ExprKind::Function { name, .. } => Err(CheckError::runtime(
                format!("unknown function '{name}'"),
                e.span,
            )),
        }
    }

    fn read_file(&self, t: &Template) -> Result<Vec<u8>, CheckError> {
        let path = self.render(t)?;
        self.files
            .get(&path)
            .cloned()
            .ok_or_else(|| CheckError::runtime(format!("file '{path}' not found"), t.span))
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
    HttpResponse {
        status: 200,
        version: "HTTP/1.1".to_string(),
        headers: vec![
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
        body: body.as_bytes().to_vec(),
        url: "https://api.example.com/items?page=2".to_string(),
        duration: Duration::from_millis(12),
    }
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
