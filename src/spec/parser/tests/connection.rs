//! `[Connection NAME]` blocks.

use super::{check, fails, ok, skips, t};
use crate::spec::ast::{ConnectionBlock, ConnectionSetting, Span, Spanned};
use crate::spec::options::ConnectionType as C;
use crate::spec::parser::connection::connection_block;
use crate::spec::parser::{In, PResult};

fn block(i: In) -> PResult<ConnectionBlock> {
    connection_block(i).map(|(rest, (b, _))| (rest, b))
}

fn spanned<T>(value: T) -> Spanned<T> {
    Spanned {
        value,
        span: Span::default(),
    }
}

fn conn(name: &str, kind: C, settings: &[(&str, &str)]) -> ConnectionBlock {
    ConnectionBlock {
        name: spanned(name.to_string()),
        kind: spanned(kind),
        settings: settings
            .iter()
            .map(|(k, v)| ConnectionSetting {
                key: spanned(k.to_string()),
                value: t(v),
            })
            .collect(),
        span: Span::default(),
    }
}

const CLIENT: &str = "[Connection api]
type: oauth2-client-credentials
token-url: https://auth/token
client-id: {{id}}
client-secret: {{secret}}
scopes: read write
header: X-A: 1
header: X-B: 2
param: audience=x
param: resource=y
";

#[test]
fn each_type() {
    let client = [
        ("token-url", "https://auth/token"),
        ("client-id", "{{id}}"),
        ("client-secret", "{{secret}}"),
        ("scopes", "read write"),
        ("header", "X-A: 1"),
        ("header", "X-B: 2"),
        ("param", "audience=x"),
        ("param", "resource=y"),
    ];
    check(block, vec![
        ("[Connection billing]\ntype: api-key\napi-key: {{key}}\n", ok(conn("billing", C::ApiKey, &[("api-key", "{{key}}")]), "")),
        (
            "[Connection b-2_x]\n  type :  api-key  # c\n\n# note\napi-key: k\nheader: X-Key\nscheme: Token\n",
            ok(conn("b-2_x", C::ApiKey, &[("api-key", "k"), ("header", "X-Key"), ("scheme", "Token")]), ""),
        ),
        ("[Connection b]\ntype: basic\nusername: u\npassword: p\n\nGET http://x", ok(conn("b", C::Basic, &[("username", "u"), ("password", "p")]), "\nGET http://x")),
        ("[Connection b]\r\ntype: basic\r\nusername: u\r\npassword: p\r\n", ok(conn("b", C::Basic, &[("username", "u"), ("password", "p")]), "")),
        (CLIENT, ok(conn("api", C::OAuth2ClientCredentials, &client), "")),
        (
            "[Connection web]\ntype: oauth2-authorization-code\ntoken-url: https://t\nclient-id: c\nrefresh-token: {{rt}}\n",
            ok(conn("web", C::OAuth2AuthorizationCode, &[("token-url", "https://t"), ("client-id", "c"), ("refresh-token", "{{rt}}")]), ""),
        ),
    ]);
}

#[test]
fn errors() {
    check(block, vec![
        ("[Asserts]", skips(1, 1)),
        ("GET http://x", skips(1, 1)),
        ("[Connection]", fails(1, 12, "a space then the connection's name")),
        ("[Connection a b]", fails(1, 14, "expecting ']'")),
        ("[Connection !]", fails(1, 13, "connection name")),
        ("[Connection a] x", fails(1, 16, "end of the line")),
        ("[Connection billing]\napi-key: x\n", fails(1, 13, "connection 'billing' has no type")),
        ("[Connection b]\n", fails(1, 13, "has no type")),
        ("[Connection b]\ntype: basc\n", fails(2, 7, "unknown connection type 'basc'; did you mean 'basic'?")),
        ("[Connection b]\ntype: ldap\n", fails(2, 7, "the types are api-key, basic")),
        ("[Connection b]\ntype: {{t}}\n", fails(2, 7, "unknown connection type")),
        ("[Connection b]\ntype: basic\ntype: basic\n", fails(3, 1, "type is already given at line 2")),
        ("[Connection b]\ntype: basic\nusername: u\npassword: p\nusrname: x\n", fails(5, 1, "unknown key 'usrname' for a basic connection; did you mean 'username'?")),
        ("[Connection b]\ntype: basic\nusername: u\npassword: p\ntoken: x\n", fails(5, 1, "its keys are username, password")),
        ("[Connection b]\ntype: api-key\napi-key: a\n  api-key: b\n", fails(4, 3, "'api-key' is already given at line 3")),
        ("[Connection b]\ntype: basic\nusername: a\nusername: b\npassword: p\n", fails(4, 1, "'username' is already given at line 3")),
        ("[Connection b]\ntype: basic\nusername: u\n", fails(1, 1, "connection 'b' (basic) is missing the key 'password'")),
        ("  [Connection b]\ntype: oauth2-client-credentials\ntoken-url: x\nclient-id: y\n", fails(1, 3, "missing the key 'client-secret'")),
        ("[Connection b]\ntype: basic\nusername: \\q\n", fails(3, 12, "invalid escape")),
        ("[Connection b]\ntype: basic\nusername: u # c # d\npassword: p x\n", ok(conn("b", C::Basic, &[("username", "u"), ("password", "p x")]), "")),
    ]);
}
