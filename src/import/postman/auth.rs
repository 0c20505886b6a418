//! Postman auth as sortie connections: `apikey` (in a header), `basic`, `bearer`, and
//! `oauth2` with the client-credentials or authorization-code grant. An API key sent in
//! the query becomes a `[Query]` parameter; other kinds a `# TODO`.

use serde_json::Value;

use super::super::write::connection::{connection_name, Auth, Connection};
use super::super::write::text::Text;
use super::Ctx;

/// What a request's auth becomes.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Outcome {
    /// A connection to declare in the file and use with `connection:`.
    Connection(Connection),
    /// An API key sent as a query parameter: (name, value), with a TODO explaining it.
    Query(Text, Text, String),
    /// No equivalent: the TODO line.
    Todo(String),
}

/// The auth in force for an item: its own, or its parent's for `inherit` (or none given);
/// `None` for `noauth`. Returns the auth and its owner's name.
pub(super) fn effective<'a>(
    own: Option<&'a Value>,
    parent: Option<(&'a Value, String)>,
    owner: &str,
) -> Option<(&'a Value, String)> {
    match own {
        None | Some(Value::Null) => parent,
        Some(a) => match a.get("type").and_then(Value::as_str) {
            Some("inherit") | None => parent,
            Some("noauth") => None,
            Some(_) => Some((a, owner.to_string())),
        },
    }
}

/// A parameter of an auth: v2.1 stores `[{key, value}]`, v2.0 an object.
fn param(auth: &Value, kind: &str, key: &str) -> Option<String> {
    let v = match auth.get(kind)? {
        Value::Array(list) => list
            .iter()
            .find(|p| p.get("key").and_then(Value::as_str) == Some(key))?
            .get("value")?,
        Value::Object(map) => map.get(key)?,
        _ => return None,
    };
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// The connection (or other outcome) for an auth owned by `owner`.
pub(super) fn outcome(auth: &Value, owner: &str, ctx: &mut Ctx) -> Option<Outcome> {
    let kind = auth.get("type").and_then(Value::as_str)?;
    let name = connection_name(owner);
    let from = format!("Postman {kind} auth of {owner}");
    let p = |key: &str| param(auth, kind, key);
    let auth = match kind {
        "noauth" | "inherit" => return None,
        "bearer" => Auth::ApiKey {
            key: secret(ctx, p("token"), &name, "token", &from),
            header: None,
            scheme: Some("Bearer"),
        },
        "basic" => Auth::Basic {
            username: ctx.text(&p("username").unwrap_or_default()),
            password: secret(ctx, p("password"), &name, "password", &from),
        },
        "apikey" => {
            let key_name = ctx.text(&p("key").unwrap_or_else(|| "X-Api-Key".into()));
            let value = secret(ctx, p("value"), &name, "api_key", &from);
            if p("in").as_deref() == Some("query") {
                let todo = format!(
                    "TODO: Postman sends this API key as the query parameter {}, which \
                     sortie's api-key connection cannot do: it is under [Query]",
                    key_name.display()
                );
                return Some(Outcome::Query(key_name, value, todo));
            }
            Auth::ApiKey {
                key: value,
                header: Some(key_name),
                scheme: Some("none"),
            }
        }
        "oauth2" => return Some(oauth2(auth, &name, &from, ctx)),
        other => {
            return Some(Outcome::Todo(format!(
                "TODO: Postman {other} auth (of {owner}) has no sortie connection; add it by hand"
            )))
        }
    };
    Some(Outcome::Connection(Connection {
        name,
        auth,
        notes: Vec::new(),
    }))
}

fn oauth2(auth: &Value, name: &str, from: &str, ctx: &mut Ctx) -> Outcome {
    let p = |key: &str| param(auth, "oauth2", key).filter(|v| !v.trim().is_empty());
    let grant = p("grant_type").unwrap_or_else(|| "authorization_code".into());
    let Some(token_url) = p("accessTokenUrl") else {
        // A token pasted in Postman, with no flow to get a new one.
        if p("accessToken").is_some() {
            return Outcome::Connection(Connection {
                name: name.to_string(),
                auth: Auth::ApiKey {
                    key: secret(ctx, p("accessToken"), name, "access_token", from),
                    header: None,
                    scheme: Some("Bearer"),
                },
                notes: Vec::new(),
            });
        }
        return Outcome::Todo(format!(
            "TODO: {from} has no access token URL; configure the connection by hand"
        ));
    };
    let token_url = ctx.text(&token_url);
    let client_id = ctx.text(&p("clientId").unwrap_or_default());
    let scopes = p("scope").map(|s| ctx.text(&s));
    let auth = match grant.as_str() {
        "client_credentials" => {
            let mut params = Vec::new();
            for key in ["audience", "resource"] {
                if let Some(v) = p(key) {
                    params.push((Text::lit(key), ctx.text(&v)));
                }
            }
            if let Some(Value::Array(extra)) = oauth2_list(auth, "tokenRequestParams") {
                for e in extra {
                    let (Some(k), Some(v)) = (
                        e.get("key").and_then(Value::as_str),
                        e.get("value").and_then(Value::as_str),
                    ) else {
                        continue;
                    };
                    if e.get("enabled").and_then(Value::as_bool) == Some(false)
                        || e.get("send_as").and_then(Value::as_str) == Some("request_header")
                    {
                        continue;
                    }
                    params.push((ctx.text(k), ctx.text(v)));
                }
            }
            Auth::ClientCredentials {
                token_url,
                client_id,
                client_secret: secret(ctx, p("clientSecret"), name, "client_secret", from),
                scopes,
                headers: Vec::new(),
                params,
            }
        }
        "authorization_code" | "authorization_code_with_pkce" => Auth::AuthorizationCode {
            authorize_url: p("authUrl").map(|u| ctx.text(&u)),
            token_url,
            client_id,
            client_secret: p("clientSecret")
                .map(|s| secret(ctx, Some(s), name, "client_secret", from)),
            scopes,
        },
        other => {
            return Outcome::Todo(format!(
                "TODO: {from} uses the {other} grant, which sortie's connections do not \
                 support; add it by hand"
            ))
        }
    };
    Outcome::Connection(Connection {
        name: name.to_string(),
        auth,
        notes: Vec::new(),
    })
}

/// A list-valued oauth2 parameter (`tokenRequestParams`).
fn oauth2_list<'a>(auth: &'a Value, key: &str) -> Option<&'a Value> {
    match auth.get("oauth2")? {
        Value::Array(list) => list
            .iter()
            .find(|p| p.get("key").and_then(Value::as_str) == Some(key))?
            .get("value"),
        Value::Object(map) => map.get(key),
        _ => None,
    }
}

/// A credential: a variable reference stays (and is marked secret); a literal value becomes
/// the secret variable `<connection>_<field>`; a missing one such a variable without value.
fn secret(ctx: &mut Ctx, raw: Option<String>, conn: &str, field: &str, from: &str) -> Text {
    let raw = raw.unwrap_or_default();
    let raw = raw.trim();
    let wanted = format!("{}_{field}", conn.replace('-', "_"));
    let note = format!("the {} of the {from}", field.replace('_', " "));
    if raw.is_empty() {
        return Text::var(ctx.vars.add(&wanted, None, true, Some(&note)));
    }
    if raw.contains("{{") {
        let text = ctx.text(raw);
        for p in text.parts() {
            if let super::super::write::text::Part::Var(v) = p {
                ctx.vars.mark_secret(v);
            }
        }
        return text;
    }
    Text::var(ctx.vars.add(&wanted, Some(raw), true, Some(&note)))
}
