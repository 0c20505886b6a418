//! The variables an import needs, and the `name=value` text offered for them.

use super::write::text::variable_name;

/// A variable that generated specs use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variable {
    /// Its name, valid in `{{name}}`.
    pub name: String,
    /// The value found in the source, if any (`None`: the user must supply one).
    pub value: Option<String>,
    /// True for credentials: better passed with `--secret` than kept in a file.
    pub secret: bool,
    /// Where it comes from or what it is for, shown as a comment.
    pub note: Option<String>,
}

/// Variables in the order they were first needed, each name once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct VarSet {
    vars: Vec<Variable>,
}

impl VarSet {
    /// Declares a variable named after `wanted` (made valid) and returns the name to use.
    /// The same name with the same value is shared; a different value gets `_2`, `_3`….
    pub(crate) fn add(
        &mut self,
        wanted: &str,
        value: Option<&str>,
        secret: bool,
        note: Option<&str>,
    ) -> String {
        let base = variable_name(wanted);
        let mut name = base.clone();
        let mut n = 1;
        loop {
            match self.vars.iter_mut().find(|v| v.name == name) {
                None => break,
                Some(existing) => {
                    if existing.value.is_none() && value.is_some() {
                        existing.value = value.map(str::to_string);
                        existing.secret |= secret;
                        return name;
                    }
                    if value.is_none() || existing.value.as_deref() == value {
                        existing.secret |= secret;
                        return name;
                    }
                }
            }
            n += 1;
            name = format!("{base}_{n}");
        }
        self.vars.push(Variable {
            name: name.clone(),
            value: value.map(str::to_string),
            secret,
            note: note.map(str::to_string),
        });
        name
    }

    /// Declares a variable that must keep exactly this name (one already written in a
    /// source, like Postman's `{{token}}`); a value given later fills an unknown one.
    pub(crate) fn declare(
        &mut self,
        name: &str,
        value: Option<&str>,
        secret: bool,
        note: Option<&str>,
    ) {
        if let Some(existing) = self.vars.iter_mut().find(|v| v.name == name) {
            if existing.value.is_none() {
                existing.value = value.map(str::to_string);
            }
            existing.secret |= secret;
            return;
        }
        self.vars.push(Variable {
            name: name.to_string(),
            value: value.map(str::to_string),
            secret,
            note: note.map(str::to_string),
        });
    }

    /// The variable of that name.
    pub(crate) fn get(&self, name: &str) -> Option<&Variable> {
        self.vars.iter().find(|v| v.name == name)
    }

    /// Marks a variable as a secret.
    pub(crate) fn mark_secret(&mut self, name: &str) {
        if let Some(v) = self.vars.iter_mut().find(|v| v.name == name) {
            v.secret = true;
        }
    }

    /// The variables, in order.
    pub(crate) fn into_vec(self) -> Vec<Variable> {
        self.vars
    }
}

/// The variables as a file for `--variables-file`: `name=value` lines, with `#` comments
/// for notes, for secrets, and for variables whose value the source did not give (left
/// commented out, so a run names them as undefined until the user sets them). Empty when
/// there is no variable.
pub fn variables_text(vars: &[Variable]) -> String {
    if vars.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "# Variables used by the imported specs: pass this file with --variables-file FILE.\n\
         # Secrets are better passed with --secret NAME=VALUE (or SORTIE_SECRET_NAME).\n",
    );
    for v in vars {
        out.push('\n');
        if let Some(note) = &v.note {
            for line in note.lines() {
                out.push_str("# ");
                out.push_str(line);
                out.push('\n');
            }
        }
        if v.secret {
            out.push_str("# secret\n");
        }
        match &v.value {
            Some(value) if value.contains(['\n', '\r']) => {
                out.push_str(&format!(
                    "# {}: the value spans several lines; pass it with --variable\n",
                    v.name
                ));
            }
            Some(value) if value.starts_with([' ', '\t']) => {
                out.push_str(&format!(
                    "# {}: the value starts with spaces, which a variables file drops; pass it with --variable\n",
                    v.name
                ));
            }
            Some(value) => {
                out.push_str(&v.name);
                out.push('=');
                out.push_str(value);
                out.push('\n');
            }
            None => {
                out.push_str(&format!("# {}=\n", v.name));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_per_value() {
        let mut set = VarSet::default();
        assert_eq!(set.add("password", Some("a"), true, None), "password");
        assert_eq!(set.add("password", Some("a"), false, None), "password");
        assert_eq!(set.add("password", Some("b"), true, None), "password_2");
        assert_eq!(set.add("base url", None, false, None), "base_url");
        assert_eq!(
            set.add("base url", Some("http://x"), false, None),
            "base_url"
        );
        let vars = set.into_vec();
        assert_eq!(vars.len(), 3);
        assert_eq!(vars[2].value.as_deref(), Some("http://x"));
    }

    #[test]
    fn text_lists_values_secrets_and_unknowns() {
        let vars = vec![
            Variable {
                name: "base_url".into(),
                value: Some("https://api.example.com/v1".into()),
                secret: false,
                note: Some("the first server of the document".into()),
            },
            Variable {
                name: "token".into(),
                value: Some("abc=123".into()),
                secret: true,
                note: None,
            },
            Variable {
                name: "pet_id".into(),
                value: None,
                secret: false,
                note: None,
            },
            Variable {
                name: "multi".into(),
                value: Some("a\nb".into()),
                secret: false,
                note: None,
            },
        ];
        let text = variables_text(&vars);
        let body = text.split_once("\n\n").unwrap().1;
        assert_eq!(
            body,
            "# the first server of the document\nbase_url=https://api.example.com/v1\n\n\
             # secret\ntoken=abc=123\n\n# pet_id=\n\n\
             # multi: the value spans several lines; pass it with --variable\n"
        );
        assert_eq!(variables_text(&[]), "");
    }
}
