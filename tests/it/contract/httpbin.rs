//! `--openapi` against httpbin with an OpenAPI 3.0 document (`fixtures/contract/
//! httpbin.openapi.yaml`): conforming responses pass; each kind of violation fails as a
//! `contract` assert failure at the request line, with its message.

use super::{errors, fixture, sortie_in};
use crate::support::{httpbin, Out, TempDir};

fn run_spec(label: &str, spec: &str, extra: &[&str]) -> (TempDir, Out) {
    let dir = TempDir::new(label);
    dir.write("spec.hurl", spec);
    let document = fixture("httpbin.openapi.yaml");
    let base = format!("base={}", httpbin().url(""));
    let mut args = vec![
        "test",
        "spec.hurl",
        "--continue-on-error",
        "--variable",
        &base,
        "--openapi",
        document.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = sortie_in(&dir, &args);
    (dir, out)
}

#[test]
fn conforming_responses_pass() {
    let spec = "GET {{base}}/get\nHTTP 200\n\n\
                GET {{base}}/uuid?x=1\nHTTP 200\n\n\
                GET {{base}}/status/404\nHTTP 404\n\n\
                GET {{base}}/xml\nHTTP 200\n\n\
                GET {{base}}/response-headers?X-Rate-Limit=10&X-Request-Id=r1\nHTTP 200\n\n\
                # A cat: readOnly id allowed, nullable tag null, int32 age\n\
                POST {{base}}/anything/pets\n\
                {\"id\": 1, \"name\": \"Tom\", \"tag\": null, \"age\": 3, \"petType\": \"Cat\", \"huntingSkill\": \"lazy\"}\nHTTP 200\n\n\
                # A dog\n\
                POST {{base}}/anything/pets\n{\"name\": \"Rex\", \"petType\": \"Dog\", \"packSize\": 2}\nHTTP 200\n\n\
                # A 303 to GET /uuid: the response is checked as GET /uuid's\n\
                POST {{base}}/redirect-to?url=/uuid&status_code=303\n[Options]\nlocation: true\nHTTP 200\n\n\
                # Not in the document: counted, not a failure\n\
                GET {{base}}/user-agent\nHTTP 200\n";
    let (_dir, out) = run_spec("openapi-pass", spec, &[]);
    out.assert_code(0);
    out.err_has("entries:  9 passed, 0 failed");
    out.err_has(
        "contract: 6/9 operations, 6/10 documented responses exercised, 1 undocumented request\n",
    );
}

/// The spec of one request, and what its error must say.
struct Case {
    request: &'static str,
    needles: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        request: "GET {{base}}/status/418",
        needles: &[
            "the response breaks the contract of GET /status/{code} (status 418)",
            "expected: conforms to GET /status/{code} in ",
            "actual:   status 418, 1 violation",
            "status 418 is not documented for GET /status/{code} (documented: 200, 404)",
        ],
    },
    Case {
        request: "GET {{base}}/html",
        needles: &[
            "the response breaks the contract of GET /html (status 200)",
            "expected: conforms to GET /html (200) in ",
            "Content-Type \"text/html; charset=utf-8\" is not listed for GET /html 200 (listed: application/json)",
        ],
    },
    Case {
        request: "GET {{base}}/ip",
        needles: &[
            "body $.origin: \"127.0.0.1\" is not of type \"integer\" (schema: httpbin.openapi.yaml#/paths/~1ip/get/responses/200/content/application~1json/schema/properties/origin/type)",
        ],
    },
    Case {
        request: "GET {{base}}/response-headers?X-Rate-Limit=10",
        needles: &["required header \"X-Request-Id\" is missing"],
    },
    Case {
        request: "GET {{base}}/response-headers?X-Rate-Limit=abc&X-Request-Id=r1",
        needles: &["header \"X-Rate-Limit\" value \"abc\": \"abc\" is not of type \"integer\""],
    },
    Case {
        request: "GET {{base}}/response-headers?X-Rate-Limit=-1&X-Request-Id=r1",
        needles: &["header \"X-Rate-Limit\" value \"-1\": -1 is less than the minimum of 0"],
    },
    Case {
        request: "POST {{base}}/anything/pets\n{\"name\": null, \"tag\": null, \"petType\": \"Cat\", \"huntingSkill\": \"lazy\"}",
        needles: &["body $.json.name: null is not of type \"string\" (schema: httpbin.openapi.yaml#/components/schemas/Pet/properties/name/type)"],
    },
    Case {
        request: "POST {{base}}/anything/pets\n{\"name\": \"Tweety\", \"petType\": \"Bird\"}",
        needles: &["body $.json: \"Bird\" is not a value of discriminator \"petType\" (expected one of \"Cat\", \"Dog\")"],
    },
    Case {
        request: "POST {{base}}/anything/pets\n{\"name\": \"Tom\", \"petType\": \"Cat\"}",
        needles: &["body $.json: \"huntingSkill\" is a required property (schema: httpbin.openapi.yaml#/components/schemas/Cat/required)"],
    },
    Case {
        request: "POST {{base}}/anything/pets\n{\"name\": \"Rex\", \"petType\": \"Dog\", \"packSize\": 1, \"password\": \"x\", \"age\": 3000000000}",
        needles: &[
            "actual:   status 200, 2 violations",
            "body $.json.age: 3000000000 is outside the int32 range (schema: httpbin.openapi.yaml#/components/schemas/Pet/properties/age/format)",
            "body $.json.password: writeOnly property \"password\" must not be present in a response (schema: httpbin.openapi.yaml#/components/schemas/Pet/properties/password/writeOnly)",
        ],
    },
];

#[test]
fn each_kind_of_violation_fails_with_its_message() {
    let spec: String = CASES
        .iter()
        .map(|c| format!("{}\nHTTP *\n\n", c.request))
        .collect();
    let (_dir, out) = run_spec("openapi-fail", &spec, &[]);
    out.assert_code(4);
    let errors = errors(&out.stderr);
    assert_eq!(errors.len(), CASES.len(), "{}", out.stderr);
    let mut line = 1;
    for (case, e) in CASES.iter().zip(&errors) {
        assert!(e.starts_with("error: contract violation\n"), "{e}");
        // At the request line, under the method and URL.
        let first = case.request.lines().next().unwrap();
        assert!(
            e.contains(&format!(" --> spec.hurl:{line}:1\n")),
            "line {line}:\n{e}"
        );
        assert!(e.contains(&format!("| {first}\n")), "{e}");
        for needle in case.needles {
            assert!(e.contains(needle), "{needle:?} not in:\n{e}");
        }
        line += case.request.lines().count() + 2;
    }
    out.err_has(&format!("entries:  0 passed, {} failed", CASES.len()));
}

#[test]
fn openapi_false_leaves_an_entry_out() {
    let spec = "GET {{base}}/ip\n[Options]\nopenapi: false\nHTTP 200\n\n\
                GET {{base}}/ip\n[Options]\nopenapi: {{check}}\nHTTP 200\n";
    let (_dir, out) = run_spec("openapi-off", spec, &["--variable", "check=false"]);
    out.assert_code(0);
    // Neither checked nor counted.
    out.err_has(
        "contract: 0/9 operations, 0/10 documented responses exercised, 0 undocumented requests\n",
    );
    let (_dir, out) = run_spec("openapi-on", spec, &["--variable", "check=true"]);
    out.assert_code(4);
    assert_eq!(errors(&out.stderr).len(), 1, "{}", out.stderr);
    out.err_has(" --> spec.hurl:6:1\n");
}

#[test]
fn a_broken_document_is_an_input_error_before_any_request() {
    let dir = TempDir::new("openapi-broken");
    dir.write("spec.hurl", "GET http://127.0.0.1:1/never\nHTTP 200\n");
    dir.write(
        "broken.yaml",
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Missing'}\n",
    );
    dir.write(
        "swagger.yaml",
        "swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n",
    );
    for (doc, message) in [
        (
            "broken.yaml",
            "unresolved $ref \"#/components/schemas/Missing\" in broken.yaml",
        ),
        (
            "swagger.yaml",
            "unsupported OpenAPI version \"swagger 2.0\" (3.0.x and 3.1.x are supported)",
        ),
        ("missing.yaml", "cannot read missing.yaml"),
    ] {
        let out = sortie_in(&dir, &["test", "spec.hurl", "--openapi", doc]);
        out.assert_code(2);
        out.err_has("error: invalid OpenAPI document\n");
        out.err_has(&format!(" --> {doc}\n"));
        out.err_has(message);
        assert!(!out.stderr.contains("entries:"), "{}", out.stderr);
    }
}
