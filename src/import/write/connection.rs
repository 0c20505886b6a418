//! `[Connection NAME]` blocks, sortie's named ways to authenticate, written before the
//! first entry of a file.

use super::text::{Kind, Text};

/// What a connection is.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Auth {
    /// `type: api-key`: a header carrying a key, with an optional scheme.
    ApiKey {
        key: Text,
        /// The header; `None` is sortie's default, `Authorization`.
        header: Option<Text>,
        /// `Basic` (the default, left out), `Bearer` or `none`.
        scheme: Option<&'static str>,
    },
    /// `type: basic`.
    Basic { username: Text, password: Text },
    /// `type: oauth2-client-credentials`.
    ClientCredentials {
        token_url: Text,
        client_id: Text,
        client_secret: Text,
        scopes: Option<Text>,
        /// `header: Name: value` lines.
        headers: Vec<(Text, Text)>,
        /// `param: name=value` lines.
        params: Vec<(Text, Text)>,
    },
    /// `type: oauth2-authorization-code` (sortie's PKCE login).
    AuthorizationCode {
        authorize_url: Option<Text>,
        token_url: Text,
        client_id: Text,
        client_secret: Option<Text>,
        scopes: Option<Text>,
    },
}

/// A named connection.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Connection {
    /// Letters, digits, `_` and `-`.
    pub name: String,
    pub auth: Auth,
    /// Comment lines above the block.
    pub notes: Vec<String>,
}

/// A connection name made valid: letters, digits, `_` and `-`, others become `-`.
pub(crate) fn connection_name(raw: &str) -> String {
    let mut out = String::new();
    for c in raw.trim().chars() {
        if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "default".to_string()
    } else {
        out
    }
}

/// Adds a connection to a file's list unless the same one is there; a different one with
/// the same name gets a numbered name (`billing-2`). Returns the name to use.
pub(crate) fn declare(connections: &mut Vec<Connection>, mut c: Connection) -> String {
    let base = c.name.clone();
    let mut n = 1;
    loop {
        match connections.iter().find(|x| x.name == c.name) {
            None => {
                let name = c.name.clone();
                connections.push(c);
                return name;
            }
            Some(existing) if existing.auth == c.auth => return c.name,
            Some(_) => {
                n += 1;
                c.name = format!("{base}-{n}");
            }
        }
    }
}

impl Connection {
    /// The block, ending with a newline.
    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        for note in &self.notes {
            super::entry::comment(&mut out, note);
        }
        out.push_str(&format!("[Connection {}]\n", self.name));
        let line = |out: &mut String, key: &str, value: &Text| {
            out.push_str(key);
            out.push_str(": ");
            out.push_str(&value.escaped(Kind::Value));
            out.push('\n');
        };
        match &self.auth {
            Auth::ApiKey {
                key,
                header,
                scheme,
            } => {
                out.push_str("type: api-key\n");
                line(&mut out, "api-key", key);
                if let Some(h) = header {
                    line(&mut out, "header", h);
                }
                if let Some(s) = scheme {
                    out.push_str(&format!("scheme: {s}\n"));
                }
            }
            Auth::Basic { username, password } => {
                out.push_str("type: basic\n");
                line(&mut out, "username", username);
                line(&mut out, "password", password);
            }
            Auth::ClientCredentials {
                token_url,
                client_id,
                client_secret,
                scopes,
                headers,
                params,
            } => {
                out.push_str("type: oauth2-client-credentials\n");
                line(&mut out, "token-url", token_url);
                line(&mut out, "client-id", client_id);
                line(&mut out, "client-secret", client_secret);
                if let Some(s) = scopes {
                    line(&mut out, "scopes", s);
                }
                for (k, v) in headers {
                    let mut t = k.clone();
                    t.push_lit(": ");
                    t.push_text(v);
                    line(&mut out, "header", &t);
                }
                for (k, v) in params {
                    let mut t = k.clone();
                    t.push_lit("=");
                    t.push_text(v);
                    line(&mut out, "param", &t);
                }
            }
            Auth::AuthorizationCode {
                authorize_url,
                token_url,
                client_id,
                client_secret,
                scopes,
            } => {
                out.push_str("type: oauth2-authorization-code\n");
                if let Some(u) = authorize_url {
                    line(&mut out, "authorize-url", u);
                }
                line(&mut out, "token-url", token_url);
                line(&mut out, "client-id", client_id);
                if let Some(s) = client_secret {
                    line(&mut out, "client-secret", s);
                }
                if let Some(s) = scopes {
                    line(&mut out, "scopes", s);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_documented_syntax() {
        let billing = Connection {
            name: "billing".into(),
            auth: Auth::ClientCredentials {
                token_url: {
                    let mut t = Text::var("auth_base");
                    t.push_lit("/oauth/token");
                    t
                },
                client_id: Text::var("billing_client_id"),
                client_secret: Text::var("billing_client_secret"),
                scopes: Some(Text::lit("invoices:read invoices:write")),
                headers: vec![(Text::lit("X-Tenant"), Text::lit("acme"))],
                params: vec![(Text::lit("audience"), Text::lit("billing"))],
            },
            notes: vec![],
        };
        assert_eq!(
            billing.render(),
            "[Connection billing]\ntype: oauth2-client-credentials\n\
             token-url: {{auth_base}}/oauth/token\nclient-id: {{billing_client_id}}\n\
             client-secret: {{billing_client_secret}}\nscopes: invoices:read invoices:write\n\
             header: X-Tenant: acme\nparam: audience=billing\n"
        );
        let legacy = Connection {
            name: "legacy".into(),
            auth: Auth::ApiKey {
                key: Text::var("legacy_key"),
                header: Some(Text::lit("X-Api-Key")),
                scheme: Some("none"),
            },
            notes: vec!["from Postman".into()],
        };
        assert_eq!(
            legacy.render(),
            "# from Postman\n[Connection legacy]\ntype: api-key\napi-key: {{legacy_key}}\n\
             header: X-Api-Key\nscheme: none\n"
        );
    }

    #[test]
    fn same_connections_are_declared_once() {
        let bearer = |var: &str| Connection {
            name: "api".into(),
            auth: Auth::ApiKey {
                key: Text::var(var),
                header: None,
                scheme: Some("Bearer"),
            },
            notes: vec![],
        };
        let mut list = Vec::new();
        assert_eq!(declare(&mut list, bearer("a")), "api");
        assert_eq!(declare(&mut list, bearer("a")), "api");
        assert_eq!(declare(&mut list, bearer("b")), "api-2");
        assert_eq!(list.len(), 2);
    }

    #[test]
    fn names_are_made_valid() {
        assert_eq!(connection_name("My API (v2)"), "my-api-v2");
        assert_eq!(connection_name("!!"), "default");
        assert_eq!(connection_name("billing_v1"), "billing_v1");
    }
}
