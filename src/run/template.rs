//! Rendering templates: variables and built-in functions.

use std::path::{Component, Path, PathBuf};

use std::sync::Arc;

use crate::check::{CheckError, CheckErrorKind, Context, SchemaRef, Value};
use crate::contract::{CompiledSchema, SchemaCache};
use crate::spec::ast::{Expr, ExprKind, Literal, Span, Template, TemplatePart};

use super::variables::Variables;

const WORDS: &[&str] = &[
    "apple", "river", "stone", "cloud", "maple", "ember", "harbor", "meadow", "orbit", "pixel",
    "quartz", "sparrow", "tundra", "violet", "willow", "zephyr",
];
const FIRST_NAMES: &[&str] = &[
    "Ada", "Alan", "Grace", "Linus", "Margaret", "Ken", "Barbara", "Dennis",
];
const LAST_NAMES: &[&str] = &[
    "Lovelace", "Turing", "Hopper", "Torvalds", "Hamilton", "Thompson", "Liskov", "Ritchie",
];

/// What templates are rendered with: the variables and the folder `file,` reads are
/// confined to.
pub struct Scope<'a> {
    /// Variables in force.
    pub vars: &'a Variables,
    /// Files read by the spec must stay inside this folder.
    pub file_root: &'a Path,
}

fn function_error(message: impl Into<String>, span: Span) -> CheckError {
    CheckError::new(CheckErrorKind::Function(message.into()), span)
}

impl Scope<'_> {
    /// Renders a template to text.
    pub fn render_template(&self, t: &Template) -> Result<String, CheckError> {
        let mut out = String::new();
        for part in &t.parts {
            match part {
                TemplatePart::Literal(s) => out.push_str(s),
                TemplatePart::Expr(e) => out.push_str(&self.eval(e)?.render()),
            }
        }
        Ok(out)
    }

    /// Evaluates `{{…}}` to a typed value.
    pub fn eval(&self, e: &Expr) -> Result<Value, CheckError> {
        match &e.kind {
            ExprKind::Variable(name) => self.vars.get(name).cloned().ok_or_else(|| {
                CheckError::new(CheckErrorKind::UndefinedVariable(name.clone()), e.span)
            }),
            ExprKind::Function { name, args } => function(name, args, e.span),
        }
    }

    /// Resolves a path read by the spec, refusing any that leaves the file root.
    pub fn confined_path(&self, name: &str, span: Span) -> Result<PathBuf, CheckError> {
        let relative = Path::new(name);
        let joined = if relative.is_absolute() {
            relative.to_path_buf()
        } else {
            self.file_root.join(relative)
        };
        let normal = normalize(&joined);
        let root = normalize(self.file_root);
        // A symbolic link inside the root must not lead out of it either.
        let escapes_by_link = || match root.canonicalize() {
            Ok(real_root) => !real_path(&normal).starts_with(real_root),
            Err(_) => false,
        };
        if !normal.starts_with(&root) || escapes_by_link() {
            return Err(CheckError::new(
                CheckErrorKind::FileOutsideRoot {
                    name: name.to_string(),
                    root: self.file_root.display().to_string(),
                },
                span,
            ));
        }
        Ok(normal)
    }

    /// Reads a file named by a template, confined to the file root.
    pub fn read(&self, t: &Template) -> Result<Vec<u8>, CheckError> {
        let name = self.render_template(t)?;
        let path = self.confined_path(&name, t.span)?;
        std::fs::read(&path).map_err(|e| {
            CheckError::new(
                CheckErrorKind::FileRead {
                    name,
                    reason: e.to_string(),
                },
                t.span,
            )
        })
    }
}

/// `a/./b/../c` → `a/c`, without touching the file system.
/// The real path of `path` (absolute, normalised): its longest existing part with every
/// symbolic link resolved, then the rest as written.
fn real_path(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |p, c| p.join(c));
        }
        match (
            existing.file_name().map(ToOwned::to_owned),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
    }
}

fn normalize(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for c in absolute.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

impl Context for Scope<'_> {
    fn render(&self, t: &Template) -> Result<String, CheckError> {
        self.render_template(t)
    }

    fn variable(&self, name: &str) -> Option<Value> {
        self.vars.get(name).cloned()
    }

    fn expr(&self, e: &Expr) -> Result<Value, CheckError> {
        self.eval(e)
    }

    fn read_file(&self, t: &Template) -> Result<Vec<u8>, CheckError> {
        self.read(t)
    }

    /// Compiled on each call: templates and requests have no schema to check, asserts are
    /// checked with the run's cache (see `entry::RunScope`).
    fn schema(&self, source: SchemaRef, span: Span) -> Result<Arc<CompiledSchema>, CheckError> {
        self.schema_from(&SchemaCache::new(), source, span)
    }
}

fn function(name: &str, args: &[Literal], span: Span) -> Result<Value, CheckError> {
    let int_arg = |i: usize| match args.get(i) {
        Some(Literal::Integer(n)) => Ok(*n),
        _ => Err(function_error(
            format!("{name} expects an integer argument {}", i + 1),
            span,
        )),
    };
    Ok(match name {
        "newUuid" => Value::String(uuid::Uuid::new_v4().to_string()),
        "newDate" => Value::Date(chrono::Utc::now()),
        "getEnv" => match args.first() {
            Some(Literal::String(var)) => Value::String(std::env::var(var).unwrap_or_default()),
            _ => {
                return Err(function_error(
                    "getEnv expects a variable name, as in getEnv \"HOME\"",
                    span,
                ))
            }
        },
        "randomBool" => Value::Bool(fastrand::bool()),
        "randomInt" => {
            let (low, high) = (int_arg(0)?, int_arg(1)?);
            if low > high {
                return Err(function_error(
                    format!("randomInt {low} {high}: the first bound is larger"),
                    span,
                ));
            }
            Value::Integer(fastrand::i64(low..=high))
        }
        "randomString" => {
            let len = int_arg(0)?.clamp(0, 1 << 20) as usize;
            Value::String((0..len).map(|_| fastrand::alphanumeric()).collect())
        }
        "randomWord" => Value::String(pick(WORDS).to_string()),
        "randomFirstName" => Value::String(pick(FIRST_NAMES).to_string()),
        "randomLastName" => Value::String(pick(LAST_NAMES).to_string()),
        "randomFullName" => Value::String(format!("{} {}", pick(FIRST_NAMES), pick(LAST_NAMES))),
        "randomEmail" => Value::String(format!(
            "{}.{}@example.org",
            pick(FIRST_NAMES).to_ascii_lowercase(),
            fastrand::u32(1000..10000)
        )),
        other => return Err(function_error(format!("unknown function '{other}'"), span)),
    })
}

fn pick(list: &[&'static str]) -> &'static str {
    list[fastrand::usize(..list.len())]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Redactor;

    fn expr(kind: ExprKind) -> Expr {
        Expr {
            kind,
            span: Span::new(30, 34),
        }
    }

    #[test]
    fn renders_variables_and_reports_undefined_ones_at_their_place() {
        let mut vars = Variables::new(Redactor::new());
        vars.insert("host", Value::String("h.test".into()));
        vars.insert("n", Value::Integer(3));
        let scope = Scope {
            vars: &vars,
            file_root: Path::new("/tmp"),
        };
        let t = Template {
            parts: smallvec::smallvec![
                TemplatePart::Literal("http://".into()),
                TemplatePart::Expr(Box::new(expr(ExprKind::Variable("host".into())))),
                TemplatePart::Literal("/".into()),
                TemplatePart::Expr(Box::new(expr(ExprKind::Variable("n".into())))),
            ],
            span: Span::default(),
        };
        assert_eq!(scope.render_template(&t).unwrap(), "http://h.test/3");
        let missing = scope
            .eval(&expr(ExprKind::Variable("nope".into())))
            .unwrap_err();
        assert_eq!(missing.to_string(), "undefined variable 'nope'");
        assert_eq!(missing.span, Span::new(30, 34));
    }

    #[test]
    fn functions() {
        let f = |name: &str, args: Vec<Literal>| function(name, &args, Span::default());
        let uuid = f("newUuid", vec![]).unwrap().render();
        assert_eq!(uuid.len(), 36);
        for _ in 0..20 {
            let Value::Integer(n) = f(
                "randomInt",
                vec![Literal::Integer(10), Literal::Integer(12)],
            )
            .unwrap() else {
                panic!("randomInt gives an integer")
            };
            assert!((10..=12).contains(&n));
        }
        assert_eq!(
            f("randomString", vec![Literal::Integer(32)])
                .unwrap()
                .render()
                .len(),
            32
        );
        assert!(f("randomInt", vec![Literal::Integer(3), Literal::Integer(1)]).is_err());
        assert!(f("randomInt", vec![]).is_err());
        std::env::set_var("SORTIE_TEMPLATE_TEST", "yes");
        assert_eq!(
            f(
                "getEnv",
                vec![Literal::String("SORTIE_TEMPLATE_TEST".into())]
            )
            .unwrap(),
            Value::String("yes".into())
        );
    }

    #[test]
    fn files_are_confined_to_the_root() {
        let vars = Variables::new(Redactor::new());
        let scope = Scope {
            vars: &vars,
            file_root: Path::new("/srv/specs"),
        };
        assert_eq!(
            scope.confined_path("data/a.json", Span::default()).unwrap(),
            PathBuf::from("/srv/specs/data/a.json")
        );
        assert!(scope
            .confined_path("../secrets.txt", Span::default())
            .is_err());
        assert!(scope.confined_path("/etc/passwd", Span::default()).is_err());
        assert!(scope.confined_path("a/../../x", Span::default()).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_does_not_lead_out_of_the_root() {
        let base = std::env::temp_dir().join(format!("sortie-confine-{}", std::process::id()));
        let root = base.join("root");
        std::fs::create_dir_all(root.join("inside")).unwrap();
        std::fs::create_dir_all(base.join("outside")).unwrap();
        std::os::unix::fs::symlink(base.join("outside"), root.join("link")).unwrap();
        std::os::unix::fs::symlink(root.join("inside"), root.join("ok")).unwrap();
        let vars = Variables::new(Redactor::new());
        let scope = Scope {
            vars: &vars,
            file_root: &root,
        };
        let at = Span::default();
        assert!(scope.confined_path("link/new.txt", at).is_err());
        assert!(scope.confined_path("link", at).is_err());
        assert!(scope.confined_path("ok/new.txt", at).is_ok());
        assert!(scope.confined_path("inside/deeper/new.txt", at).is_ok());
        std::fs::remove_dir_all(&base).unwrap();
    }
}
