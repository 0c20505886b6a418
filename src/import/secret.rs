//! Which names hold credentials: their literal values become secret variables instead of
//! being copied into a spec.

use super::vars::VarSet;
use super::write::json::Json;
use super::write::text::Text;

/// True for a header, cookie, query or form field name that holds a credential:
/// `Authorization`, `X-Api-Key`, `access_token`, `password`, `session_id`…
pub(crate) fn is_secret_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase().replace(['-', '.', ' '], "_");
    let words: Vec<&str> = lower.split('_').filter(|w| !w.is_empty()).collect();
    const WORDS: &[&str] = &[
        "key",
        "apikey",
        "token",
        "secret",
        "password",
        "passwd",
        "pass",
        "pwd",
        "auth",
        "authorization",
        "session",
        "sessionid",
        "sid",
        "jwt",
        "csrf",
        "xsrf",
        "credential",
        "credentials",
        "signature",
        "sig",
        "cookie",
        "bearer",
    ];
    words.iter().any(|w| WORDS.contains(w))
        || ["token", "secret", "password", "apikey", "sessid", "session"]
            .iter()
            .any(|part| lower.contains(part))
}

/// A variable name for a credential named `name`: lower case, with `_` for `-`.
pub(crate) fn var_name_for(name: &str) -> String {
    name.trim()
        .to_ascii_lowercase()
        .replace(['-', '.', ' '], "_")
}

/// A header value with its credential, if any, replaced by a secret variable declared in
/// `vars` (its literal value kept there). `Authorization: Bearer abc` becomes
/// `Bearer {{token}}`; `X-Api-Key: abc` becomes `{{x_api_key}}`. `source` says where the
/// value came from, for the variable's note.
pub(crate) fn protect_header(name: &str, value: &Text, vars: &mut VarSet, source: &str) -> Text {
    let Some(literal) = value.as_literal() else {
        return value.clone();
    };
    if literal.trim().is_empty() {
        return value.clone();
    }
    let lower = name.to_ascii_lowercase();
    if lower == "authorization" || lower == "proxy-authorization" {
        if let Some((scheme, credentials)) = literal.trim().split_once(' ') {
            let credentials = credentials.trim();
            let wanted = match scheme.to_ascii_lowercase().as_str() {
                "bearer" | "token" => "token",
                "basic" => "basic_credentials",
                _ => "credentials",
            };
            let note = format!("{scheme} credentials of the {name} header {source}");
            let var = vars.add(wanted, Some(credentials), true, Some(&note));
            let mut out = Text::lit(format!("{scheme} "));
            out.push_var(&var);
            return out;
        }
    } else if !is_secret_name(name) {
        return value.clone();
    }
    let note = format!("the {name} header {source}");
    let var = vars.add(&var_name_for(name), Some(&literal), true, Some(&note));
    Text::var(var)
}

/// `value` itself, or a secret variable holding it when `name` is a credential name and the
/// value is literal and not empty. `what` names the place, for the variable's note
/// (`form field of the curl command`).
pub(crate) fn protect_value(name: &Text, value: Text, vars: &mut VarSet, what: &str) -> Text {
    match (name.as_literal(), value.as_literal()) {
        (Some(n), Some(v)) if is_secret_name(&n) && !v.is_empty() => {
            let note = format!("the {n} {what}");
            Text::var(vars.add(&var_name_for(&n), Some(&v), true, Some(&note)))
        }
        _ => value,
    }
}

/// A JSON body whose string members with credential names hold secret variables.
pub(crate) fn protect_json(json: Json, vars: &mut VarSet, source: &str) -> Json {
    match json {
        Json::Object(members) => Json::Object(
            members
                .into_iter()
                .map(|(k, v)| {
                    let v = match v {
                        Json::String(s) => Json::String(protect_value(
                            &k,
                            s,
                            vars,
                            &format!("JSON member {source}"),
                        )),
                        other => protect_json(other, vars, source),
                    };
                    (k, v)
                })
                .collect(),
        ),
        Json::Array(items) => Json::Array(
            items
                .into_iter()
                .map(|i| protect_json(i, vars, source))
                .collect(),
        ),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognizes_credential_names() {
        let secret = [
            "Authorization",
            "X-Api-Key",
            "api_key",
            "apiKey",
            "access_token",
            "X-Auth-Token",
            "client_secret",
            "password",
            "session_id",
            "PHPSESSID",
            "JSESSIONID",
            "csrftoken",
            "sid",
            "X-Signature",
        ];
        for n in secret {
            assert!(is_secret_name(n), "{n} should be secret");
        }
        let plain = [
            "Accept",
            "Content-Type",
            "author",
            "theme",
            "keyword",
            "page",
            "monkey",
        ];
        for n in plain {
            assert!(!is_secret_name(n), "{n} should not be secret");
        }
    }

    #[test]
    fn header_credentials_become_variables() {
        let mut vars = VarSet::default();
        let cases = [
            ("Authorization", "Bearer abc.def", "Bearer {{token}}"),
            ("Authorization", "token ghp_123", "token {{token_2}}"),
            (
                "Authorization",
                "Basic dXNlcjpwYXNz",
                "Basic {{basic_credentials}}",
            ),
            ("Authorization", "opaque", "{{authorization}}"),
            ("X-Api-Key", "k-1", "{{x_api_key}}"),
            ("Accept", "application/json", "application/json"),
        ];
        for (name, value, want) in cases {
            let got = protect_header(name, &Text::lit(value), &mut vars, "in the test");
            assert_eq!(got.display(), want, "{name}: {value}");
        }
        let shell = Text::var("TOKEN");
        assert_eq!(
            protect_header("Authorization", &shell, &mut vars, "").display(),
            "{{TOKEN}}"
        );
        let all = vars.into_vec();
        let values: Vec<(&str, &str)> = all
            .iter()
            .map(|v| (v.name.as_str(), v.value.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            values,
            [
                ("token", "abc.def"),
                ("token_2", "ghp_123"),
                ("basic_credentials", "dXNlcjpwYXNz"),
                ("authorization", "opaque"),
                ("x_api_key", "k-1")
            ]
        );
        assert!(all.iter().all(|v| v.secret));
    }

    #[test]
    fn variable_names_for_credentials() {
        assert_eq!(var_name_for("X-Api-Key"), "x_api_key");
        assert_eq!(var_name_for("session.id"), "session_id");
    }
}
