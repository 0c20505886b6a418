use super::*;

fn creds(login: &str, password: Option<&str>) -> Option<NetrcCredentials> {
    Some(NetrcCredentials {
        login: login.to_string(),
        password: password.map(str::to_string),
    })
}

const NETRC: &str = "\
# a comment line
machine example.com login alice password s3cret
machine other.org
    login bob
    account acct-ignored
    password \"with space \\\"q\\\" \\\\ \\t\"

macdef init
  machine example.net login evil password evil
  cd /tmp

machine Example.NET login carol password c4rol
machine multi.org login first password one
machine multi.org login second password two
default login anonymous password guest
";

#[test]
fn lookups() {
    let cases: &[(&str, Option<&str>, Option<NetrcCredentials>)] = &[
        ("example.com", None, creds("alice", Some("s3cret"))),
        // Host names compare case-insensitively.
        ("EXAMPLE.com", None, creds("alice", Some("s3cret"))),
        // Quoted token with escapes, spread over lines, `account` skipped.
        (
            "other.org",
            None,
            creds("bob", Some("with space \"q\" \\ \t")),
        ),
        // The macro body is skipped: the entry after the empty line is used.
        ("example.net", None, creds("carol", Some("c4rol"))),
        // The first entry for a host wins...
        ("multi.org", None, creds("first", Some("one"))),
        // ...unless a login is requested (user name in the URL).
        ("multi.org", Some("second"), creds("second", Some("two"))),
        // An unknown host falls back to `default`.
        ("unknown.io", None, creds("anonymous", Some("guest"))),
        // A requested login found nowhere: like curl, the password of the last valid block
        // read (here `default`) is kept.
        ("example.com", Some("zed"), creds("zed", Some("guest"))),
    ];
    for (host, login, expected) in cases {
        assert_eq!(
            &lookup(NETRC, host, *login).unwrap(),
            expected,
            "host {host} login {login:?}"
        );
    }
}

#[test]
fn lookups_without_default_and_edge_cases() {
    let cases: &[(&str, &str, Option<NetrcCredentials>)] = &[
        ("machine a.com login u password p", "b.com", None),
        // Tokens may share a line or be spread across lines.
        (
            "machine\na.com\nlogin\nu\npassword\np\n",
            "a.com",
            creds("u", Some("p")),
        ),
        // Login without password: empty password.
        ("machine a.com login u", "a.com", creds("u", Some(""))),
        // Password without login.
        ("machine a.com password p", "a.com", creds("", Some("p"))),
        // `default` without credentials is no match.
        ("default\n", "a.com", None),
        // Keywords are case-insensitive; CRLF line ends are accepted.
        (
            "MACHINE a.com\r\nLOGIN u\r\nPASSWORD p\r\n",
            "a.com",
            creds("u", Some("p")),
        ),
        // `#` inside a line is not a comment.
        (
            "machine a.com login u password p#x",
            "a.com",
            creds("u", Some("p#x")),
        ),
        // An empty quoted password.
        (
            "machine a.com login u password \"\"",
            "a.com",
            creds("u", Some("")),
        ),
    ];
    for (content, host, expected) in cases {
        assert_eq!(
            &lookup(content, host, None).unwrap(),
            expected,
            "content {content:?}"
        );
    }
}

#[test]
fn syntax_errors() {
    for content in [
        "machine a.com login u password \"unterminated",
        "machine a.com login u password \"dangling\\",
        "machine a.com login \u{1} password p",
    ] {
        assert!(
            matches!(lookup(content, "a.com", None), Err(NetrcError::Syntax(_))),
            "content {content:?}"
        );
    }
    let huge = format!("machine a.com login u password {}", "x".repeat(5000));
    assert!(matches!(
        lookup(&huge, "a.com", None),
        Err(NetrcError::Syntax(_))
    ));
    let too_large = "machine a.com login u password p\n".repeat(5000);
    assert!(matches!(
        lookup(&too_large, "a.com", None),
        Err(NetrcError::TooLarge)
    ));
}

#[test]
fn credentials_resolution() {
    let netrc = "machine h.com login nu password np\nmachine h.com login other password op";
    type Case<'a> = (
        NetrcMode,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
        Option<NetrcCredentials>,
    );
    let cases: &[Case] = &[
        // --netrc: URL credentials are ignored.
        (
            NetrcMode::Required,
            Some(netrc),
            Some("uu"),
            Some("up"),
            creds("nu", Some("np")),
        ),
        // --netrc-optional: full URL credentials win...
        (
            NetrcMode::Optional,
            Some(netrc),
            Some("uu"),
            Some("up"),
            creds("uu", Some("up")),
        ),
        // ...a URL user picks its password from .netrc...
        (
            NetrcMode::Optional,
            Some(netrc),
            Some("other"),
            None,
            creds("other", Some("op")),
        ),
        // ...and, as curl, an unknown URL user gets the last matching block's password...
        (
            NetrcMode::Optional,
            Some(netrc),
            Some("nobody"),
            None,
            creds("nobody", Some("op")),
        ),
        // ...or none when the host has no entry.
        (
            NetrcMode::Optional,
            Some("machine x.org login a password b"),
            Some("nobody"),
            None,
            creds("nobody", None),
        ),
        (
            NetrcMode::Optional,
            Some(netrc),
            None,
            None,
            creds("nu", Some("np")),
        ),
        // A missing file is not an error.
        (NetrcMode::Required, None, None, None, None),
    ];
    for (mode, content, user, password, expected) in cases {
        assert_eq!(
            &resolve_credentials(*mode, *content, "h.com", *user, *password).unwrap(),
            expected,
            "{mode:?} {user:?} {password:?}"
        );
    }
}

#[test]
fn default_path_and_file_reading() {
    let env = |vars: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    };
    assert_eq!(
        default_netrc_path(env(&[("HOME", "/home/u"), ("NETRC", "/etc/n")])),
        Some(PathBuf::from("/etc/n"))
    );
    assert_eq!(
        default_netrc_path(env(&[("HOME", "/home/u")])),
        Some(PathBuf::from("/home/u/.netrc"))
    );
    assert_eq!(default_netrc_path(env(&[])), None);

    let dir = std::env::temp_dir().join(format!("netparts-netrc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("netrc");
    std::fs::write(&file, "machine a login b password c").unwrap();
    assert_eq!(
        read_netrc_file(&file).unwrap().as_deref(),
        Some("machine a login b password c")
    );
    assert!(read_netrc_file(&dir.join("missing")).unwrap().is_none());
    assert!(matches!(read_netrc_file(&dir), Err(NetrcError::Io { .. })));
    std::fs::remove_dir_all(&dir).unwrap();
}
