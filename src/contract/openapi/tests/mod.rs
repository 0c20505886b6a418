//! Tests against the petstore fixtures: `matching` (operations, loading), `v30` (every
//! violation class on the 3.0 document), `v31` (2020-12 schemas, parallel use, serde).

mod matching;
mod v30;
mod v31;

use super::*;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/contract/openapi")
        .join(name)
}

fn v30() -> OpenApi {
    OpenApi::load(&fixture("petstore.v30.yaml")).expect("3.0 fixture loads")
}

fn v31() -> OpenApi {
    OpenApi::load(&fixture("petstore.v31.json")).expect("3.1 fixture loads")
}

fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

fn check(
    api: &OpenApi,
    method: &str,
    url: &str,
    status: u16,
    h: &[(&str, &str)],
    body: &str,
) -> ResponseCheck {
    let headers = headers(h);
    api.check_response(&ResponseInput {
        method,
        url,
        status,
        headers: &headers,
        body: body.as_bytes(),
    })
    .expect("schemas compile")
}

/// (kind, message) of each violation; the matched response key.
fn outcome(result: &ResponseCheck) -> (Option<String>, Vec<(ViolationKind, String)>) {
    match result {
        ResponseCheck::Matched(m) => (
            m.response.clone(),
            m.violations
                .iter()
                .map(|v| (v.kind, v.message.clone()))
                .collect(),
        ),
        ResponseCheck::Undocumented(u) => panic!("expected a match, got {u:?}"),
    }
}

const JSON: (&str, &str) = ("Content-Type", "application/json");

/// A request line and the response to check.
struct Exchange {
    method: &'static str,
    url: &'static str,
    status: u16,
    headers: Vec<(&'static str, &'static str)>,
    body: String,
}

fn exchange(
    method: &'static str,
    url: &'static str,
    status: u16,
    headers: &[(&'static str, &'static str)],
    body: impl Into<String>,
) -> Exchange {
    Exchange {
        method,
        url,
        status,
        headers: headers.to_vec(),
        body: body.into(),
    }
}

impl Exchange {
    fn check(&self, api: &OpenApi) -> ResponseCheck {
        check(
            api,
            self.method,
            self.url,
            self.status,
            &self.headers,
            &self.body,
        )
    }

    fn name(&self) -> String {
        format!("{} {} {}", self.method, self.url, self.status)
    }
}

/// Expected violations: kind and message.
type Expected = Vec<(ViolationKind, &'static str)>;
