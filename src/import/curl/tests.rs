//! The curl importer on commands shaped like those of real API docs and browsers (the
//! fixtures), with exact expected specs, and on edge cases.

use super::*;

fn fixture(name: &str) -> String {
    super::super::fixture(&format!("curl/{name}"))
}

/// (name, value, secret) of a variable.
type Var = (String, Option<String>, bool);

/// (name, value, secret) of each variable.
fn vars(i: &CurlImport) -> Vec<Var> {
    i.variables
        .iter()
        .map(|v| (v.name.clone(), v.value.clone(), v.secret))
        .collect()
}

fn var(name: &str, value: Option<&str>, secret: bool) -> Var {
    (name.to_string(), value.map(str::to_string), secret)
}

#[test]
fn fixtures_import_to_exact_specs() {
    let port = var("port", None, false);
    let cases: Vec<(&str, &str, Vec<Var>)> = vec![
        (
            "01-github-create-issue.sh",
            "POST http://127.0.0.1:{{port}}/anything/repos/OWNER/REPO/issues\n\
             Accept: application/vnd.github+json\n\
             Authorization: Bearer {{token}}\n\
             X-GitHub-Api-Version: 2022-11-28\n\
             [Options]\n\
             location: true\n\
             {\n  \"title\": \"Found a bug\",\n  \"body\": \"I'm having a problem with this.\",\n  \
             \"assignees\": [\n    \"octocat\"\n  ],\n  \"milestone\": 1,\n  \"labels\": [\n    \"bug\"\n  ]\n}\n",
            vec![port.clone(), var("token", Some("<YOUR-TOKEN>"), true)],
        ),
        (
            "02-stripe-create-customer.sh",
            "POST http://127.0.0.1:{{port}}/post\n[Form]\nname: Jenny Rosen\n\
             email: jenny.rosen@example.com\nmetadata[order_id]: 6735\n[BasicAuth]\n{{username}}:\n",
            vec![
                port.clone(),
                var("username", Some("sk_test_4eC39HqLyjWDarjtT1zdp7dc"), true),
            ],
        ),
        (
            "03-slack-post-message.sh",
            "POST http://127.0.0.1:{{port}}/anything/api/chat.postMessage\n\
             Authorization: Bearer {{token}}\n\
             Content-type: application/json; charset=utf-8\n\
             {\n  \"channel\": \"C1234567890\",\n  \"text\": \"Hello, world! See #general\"\n}\n",
            vec![port.clone(), var("token", Some("xoxb-1234-5678-abcdefghijkl"), true)],
        ),
        (
            "04-chrome-copy-as-curl.sh",
            "POST http://127.0.0.1:{{port}}/anything/graphql?op=Viewer\n\
             accept: */*\n\
             accept-language: en-US,en;q=0.9,fr;q=0.8\n\
             content-type: application/json\n\
             origin: https://app.example.com\n\
             priority: u=1, i\n\
             referer: https://app.example.com/dashboard\\#top\n\
             sec-ch-ua: \"Chromium\";v=\"124\", \"Google Chrome\";v=\"124\", \"Not-A.Brand\";v=\"99\"\n\
             sec-ch-ua-mobile: ?0\n\
             sec-ch-ua-platform: \"macOS\"\n\
             sec-fetch-dest: empty\n\
             sec-fetch-mode: cors\n\
             sec-fetch-site: same-site\n\
             user-agent: Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 \
             (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36\n\
             [Options]\ncompressed: true\n\
             [Cookies]\nsession_id: {{session_id}}\ntheme: dark\n_ga: GA1.1.1234.5678\n\
             {\n  \"query\": \"query Viewer { viewer { login } }\",\n  \"variables\": {\n    \
             \"note\": \"it's #1 \u{2014} caf\u{e9}\"\n  }\n}\n",
            vec![port.clone(), var("session_id", Some("8f2b1c"), true)],
        ),
        (
            "05-multipart-upload.sh",
            "POST http://127.0.0.1:{{port}}/post\nAuthorization: Bearer {{API_TOKEN}}\n\
             [Multipart]\nfile: file,upload.txt; text/plain\ndescription: Q3 report\n\
             meta: {\"year\":2024}\n",
            vec![port.clone(), var("API_TOKEN", None, true)],
        ),
        (
            "06-form-login.sh",
            "POST http://127.0.0.1:{{port}}/post\nAccept: text/html\n[Form]\nusername: alice\n\
             remember: on\npassword: {{password}}\n",
            vec![port.clone(), var("password", Some("s3cret!"), true)],
        ),
        (
            "07-basic-auth.sh",
            "GET http://127.0.0.1:{{port}}/basic-auth/user/passwd\n[BasicAuth]\nuser: {{password}}\n",
            vec![port.clone(), var("password", Some("passwd"), true)],
        ),
        (
            "08-cookies.sh",
            "GET http://127.0.0.1:{{port}}/cookies\n[Cookies]\ntheme: dark\n\
             sessionid: {{sessionid}}\nlang: en\n",
            vec![port.clone(), var("sessionid", Some("abc123"), true)],
        ),
        (
            "09-search-get-urlencode.sh",
            "GET http://127.0.0.1:{{port}}/get\n[Query]\nq: name:\"John Smith\" \\#1\n\
             per_page: 5\nsort: updated\n",
            vec![port.clone()],
        ),
        (
            "10-twilio-send-sms.sh",
            "POST http://127.0.0.1:{{port}}/anything/2010-04-01/Accounts/{{TWILIO_ACCOUNT_SID}}/Messages.json\n\
             [Form]\nBody: Hi there \\u{7b}{name}}, 50% off!\nFrom: +15557122661\nTo: +15558675310\n\
             [BasicAuth]\n{{TWILIO_ACCOUNT_SID}}: {{TWILIO_AUTH_TOKEN}}\n",
            vec![
                port.clone(),
                var("TWILIO_ACCOUNT_SID", None, true),
                var("TWILIO_AUTH_TOKEN", None, true),
            ],
        ),
        (
            "11-openai-chat.sh",
            "POST http://127.0.0.1:{{port}}/anything/v1/chat/completions\n\
             Content-Type: application/json\nAuthorization: Bearer {{OPENAI_API_KEY}}\n\
             {\n  \"model\": \"gpt-4o-mini\",\n  \"messages\": [\n    {\n      \"role\": \"user\",\n      \
             \"content\": \"Reply with \\u007b{ok}}\"\n    }\n  ],\n  \"temperature\": 0.7\n}\n",
            vec![port.clone(), var("OPENAI_API_KEY", None, true)],
        ),
        (
            "12-head-status.sh",
            "HEAD http://127.0.0.1:{{port}}/status/201\n[Options]\nlocation: true\n\
             compressed: true\ninsecure: true\nmax-time: 10000ms\n",
            vec![port.clone()],
        ),
        (
            "13-bearer.sh",
            "GET http://127.0.0.1:{{port}}/bearer\nAuthorization: Bearer {{token}}\n",
            vec![port.clone(), var("token", Some("abc.def.ghi"), true)],
        ),
    ];
    for (file, spec, want_vars) in cases {
        let got = import(&fixture(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        super::super::assert_parses(&format!("curl/{file}.hurl"), &got.spec);
        assert_eq!(got.spec, spec, "{file}");
        assert_eq!(vars(&got), want_vars, "{file}");
    }
}

#[test]
fn fixture_warnings_say_what_changed() {
    let github = import(&fixture("01-github-create-issue.sh")).unwrap();
    assert_eq!(
        github.warnings,
        [
            "the command sends JSON without a Content-Type (curl would say \
          application/x-www-form-urlencoded); the spec sends it as application/json"
        ]
    );
    let upload = import(&fixture("05-multipart-upload.sh")).unwrap();
    assert_eq!(
        upload.warnings,
        [
            "-F meta={\"year\":2024};type=application/json: a text field cannot have ;type= or \
          other parts in a spec; left out"
        ]
    );
    let slack = import(&fixture("03-slack-post-message.sh")).unwrap();
    assert!(slack.warnings.is_empty());
}

#[test]
fn bodies_by_content_type() {
    let cases: &[(&str, &str)] = &[
        // Text that is not a form keeps curl's content type.
        (
            "curl -d 'hello world' http://h/p",
            "POST http://h/p\nContent-Type: application/x-www-form-urlencoded\n`hello world`\n",
        ),
        (
            "curl -H 'Content-Type: text/plain' --data-binary $'line 1\\nline 2\\n' http://h/p",
            "POST http://h/p\nContent-Type: text/plain\n```\nline 1\nline 2\n```\n",
        ),
        (
            "curl -H 'Content-Type: application/xml' -d '<a>1</a>' http://h/p",
            "POST http://h/p\nContent-Type: application/xml\n`<a>1</a>`\n",
        ),
        // JSON that does not parse stays text, as sent.
        (
            "curl -H 'Content-Type: application/json' -d '{\"a\": }' http://h/p",
            "POST http://h/p\nContent-Type: application/json\n`{\"a\": }`\n",
        ),
        (
            "curl --json '{\"a\":[1,2]}' http://h/p",
            "POST http://h/p\nContent-Type: application/json\nAccept: application/json\n\
             {\n  \"a\": [\n    1,\n    2\n  ]\n}\n",
        ),
        (
            "curl --data-binary @payload.bin http://h/p",
            "POST http://h/p\nContent-Type: application/x-www-form-urlencoded\nfile,payload.bin;\n",
        ),
        (
            "curl -T 'my file.txt' http://h/up/",
            "PUT http://h/up/my file.txt\nfile,my\\ file.txt;\n",
        ),
        (
            "curl --data-urlencode 'comment=a&b c' -d x=1 http://h/p",
            "POST http://h/p\n[Form]\ncomment: a&b c\nx: 1\n",
        ),
        (
            "curl -X PUT -d '' http://h/p",
            "PUT http://h/p\nContent-Type: application/x-www-form-urlencoded\n``\n",
        ),
    ];
    for (n, (cmd, want)) in cases.iter().enumerate() {
        let spec = import(cmd).unwrap().spec;
        super::super::assert_parses(&format!("curl/bodies-{n}.hurl"), &spec);
        assert_eq!(spec, *want, "{cmd}");
    }
}

#[test]
fn requests_methods_and_urls() {
    let cases: &[(&str, &str)] = &[
        ("curl example.org/x", "GET http://example.org/x\n"),
        ("$ curl -X delete https://h/items/1", "DELETE https://h/items/1\n"),
        ("curl -I https://h/", "HEAD https://h/\n"),
        (
            "curl -G -d 'flag' https://h/s?page=2",
            "GET https://h/s?page=2&flag\n",
        ),
        (
            "curl --url-query 'q=a b' --url-query '+raw=%41' https://h/s",
            "GET https://h/s\n[Query]\nq: a b\nraw: A\n",
        ),
        (
            "curl 'https://h/s?api_key=k123&page=1#frag'",
            "GET https://h/s?api_key={{api_key}}&page=1\\#frag\n",
        ),
        (
            "curl -H 'X-Empty;' -H 'Expect:' -H 'Cookie: a=1; token=t' -A 'agent/1' https://h/",
            "GET https://h/\nX-Empty:\nUser-Agent: agent/1\n[Cookies]\na: 1\ntoken: {{token}}\n",
        ),
        (
            "curl -F 'doc=@\"my;file.pdf\";type=application/pdf;filename=report.pdf' -F 'n=<note.txt' https://h/u",
            "POST https://h/u\n[Multipart]\ndoc: file,my\\;file.pdf; application/pdf; filename=report.pdf\n",
        ),
        (
            "curl -u alice https://h/",
            "GET https://h/\n[BasicAuth]\nalice: {{password}}\n",
        ),
        (
            "curl --retry 3 -b cookies.txt https://h/",
            "# TODO: curl's --retry 3 has no spec equivalent and was left out\n\
             # TODO: curl's -b cookies.txt reads cookies from a file; add them under [Cookies]\n\
             GET https://h/\n",
        ),
    ];
    for (n, (cmd, want)) in cases.iter().enumerate() {
        let spec = import(cmd).unwrap().spec;
        super::super::assert_parses(&format!("curl/requests-{n}.hurl"), &spec);
        assert_eq!(spec, *want, "{cmd}");
    }
}

#[test]
fn several_commands_and_urls_make_several_entries() {
    let got =
        import("curl https://h/a https://h/b\ncurl -s https://h/c | jq .\necho done").unwrap();
    assert_eq!(
        got.spec,
        "GET https://h/a\n\nGET https://h/b\n\nGET https://h/c\n"
    );
    assert_eq!(
        got.warnings,
        [
            "skipped 'jq .': not a curl command",
            "skipped 'echo done': not a curl command"
        ]
    );
}

#[test]
fn errors_name_the_problem() {
    let cases: &[(&str, CurlError)] = &[
        ("", CurlError::NoCommand),
        ("wget https://h/", CurlError::NoCommand),
        ("curl -s", CurlError::NoUrl),
        (
            "curl --proxy-digest https://h/",
            CurlError::UnknownFlag("--proxy-digest".into()),
        ),
        (
            "curl -K cfg https://h/",
            CurlError::UnknownFlag("-K".into()),
        ),
        (
            "curl -H 'NoColon' https://h/",
            CurlError::InvalidHeader("NoColon".into()),
        ),
        (
            "curl -F 'novalue' https://h/",
            CurlError::InvalidForm("novalue".into()),
        ),
        (
            "curl -X 'M SEARCH' https://h/",
            CurlError::InvalidValue("-X".into(), "M SEARCH".into()),
        ),
        (
            "curl -d @- https://h/",
            CurlError::Unsupported("-d".into(), "data from standard input".into()),
        ),
        (
            "curl --data-urlencode name@file.txt https://h/",
            CurlError::Unsupported(
                "--data-urlencode".into(),
                "a value read from a file (name@file)".into(),
            ),
        ),
        ("curl 'https://h/", CurlError::UnterminatedQuote('\'')),
    ];
    for (cmd, want) in cases {
        assert_eq!(import(cmd).unwrap_err(), *want, "{cmd:?}");
    }
    assert_eq!(
        CurlError::UnknownFlag("--config".into()).to_string(),
        "unsupported curl option --config"
    );
}

#[test]
fn odd_input_never_panics() {
    let fixed = [
        "curl -",
        "curl --",
        "curl -é u",
        "curl \"a$\" ${",
        "curl ${}x",
        "curl $'\\u{zz}\\x' u",
        "curl -F =x u",
        "curl -F 'a=@\"unclosed' u",
        "curl -d @ u",
        "curl -b '' u",
        "curl -u : u",
        "curl -H ': v' u",
        "curl --url",
        "curl -XPOST -d '{\"a\":' u",
        "curl $'\\",
        "curl \\",
        "curl -G --data-urlencode = u",
        "curl -T - u",
        "curl -H \"X: $\" u",
        "curl -d '{{' u",
    ];
    for (n, input) in fixed.iter().enumerate() {
        if let Ok(i) = import(input) {
            super::super::assert_parses(&format!("curl-odd/{n}.hurl"), &i.spec);
        }
    }
    // Random text over the characters shell quoting and curl flags care about.
    let alphabet: Vec<char> = "curl -HdFubGXLk'\"$\\{}=;&|@<:# \n\tabcé/?%+[]"
        .chars()
        .collect();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for n in 0..3000 {
        let mut s = String::from("curl ");
        for _ in 0..(seed % 40) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            s.push(alphabet[(seed % alphabet.len() as u64) as usize]);
        }
        if let Ok(i) = import(&s) {
            assert!(!i.spec.is_empty(), "{s:?}");
            super::super::assert_parses(&format!("curl-random/{n}.hurl"), &i.spec);
        }
    }
}

/// A tiny deterministic generator (xorshift), for the random tests.
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// `text` as a bash `$'…'` word: any character can be written this way.
fn ansi_c(text: &str) -> String {
    let mut out = String::from("$'");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            ' '..='~' => out.push(c),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('\'');
    out
}

/// Random commands whose values hold every character the spec syntax treats specially;
/// each import must succeed (a manual run checks the dumps with Hurl's and sortie's
/// parsers, see `super::super::dump`).
#[test]
fn random_values_import() {
    const CHARS: &[char] = &[
        'a', 'Z', '0', ' ', ' ', '#', '{', '{', '}', '\\', '"', '\'', '`', ':', ';', '=', '&', '%',
        '+', '@', '<', '[', ']', '$', '\t', 'é', '€', '\u{1}', '\u{8}', '\u{c}', '\n', '\r', '/',
        '?', ',', '*',
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let value = |rng: &mut Rng, newlines: bool| -> String {
        let len = 1 + rng.next(12);
        (0..len)
            .map(|_| CHARS[rng.next(CHARS.len())])
            .filter(|c| newlines || !matches!(c, '\n' | '\r'))
            .collect()
    };
    let names = ["X-T", "X{a}", "A b", "[x", "k#1", "a:b", "é", "n=1"];
    for n in 0..1500 {
        let mut cmd = String::from("curl http://h/p");
        for _ in 0..1 + rng.next(4) {
            let name = names[rng.next(names.len())];
            let v = value(&mut rng, false);
            let part = match rng.next(9) {
                0 => format!(
                    " -H {}",
                    ansi_c(&format!("{}: {}", name.replace(':', ""), v))
                ),
                1 => format!(" -d {}", ansi_c(&value(&mut rng, true))),
                2 => format!(" --data-urlencode {}", ansi_c(&format!("{name}={v}"))),
                3 => format!(
                    " -F {}",
                    ansi_c(&format!(
                        "{}={}",
                        name.replace('=', ""),
                        v.trim_start_matches(['@', '<'])
                    ))
                ),
                4 => format!(
                    " -F {}",
                    ansi_c(&format!(
                        "f=@x{};type=text/plain",
                        v.replace([';', '"'], "")
                    ))
                ),
                5 => format!(" -b {}", ansi_c(&format!("c={}", v.replace(';', "")))),
                6 => format!(" -u {}", ansi_c(&format!("u{v}:{v}"))),
                7 => format!(" -G --data-urlencode {}", ansi_c(&format!("q={v}"))),
                _ => {
                    let json = serde_json::to_string(&v).unwrap_or_default();
                    format!(
                        " -H 'Content-Type: application/json' -d {}",
                        ansi_c(&format!("{{\"{name}\": {json}}}"))
                    )
                }
            };
            cmd.push_str(&part);
        }
        match import(&cmd) {
            Ok(i) => super::super::assert_parses(&format!("curl-values/{n}.hurl"), &i.spec),
            // -F with -d (curl refuses it too), or -d @file with other data.
            Err(CurlError::Unsupported(..)) => {}
            Err(e) => panic!("{cmd}: {e}"),
        }
    }
}
