//! The README's first command: `cargo run --release --example demo`.
//!
//! Starts a small example API in-process on a free loopback port, then runs
//! `sortie test specs/demo/` against it (passing and deliberately failing specs), writing a
//! JUnit report to `target/sortie-demo-junit.xml` (the path is printed at the end).
//! `--serve PORT` only serves the API (for benchmarks).

use std::net::TcpListener;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tiny_http::{Header, Request, Response, Server};

/// The example API's state: items by id.
struct Api {
    items: Mutex<Vec<(u64, serde_json::Value)>>,
    next_id: AtomicU64,
    flaky_calls: AtomicU64,
}

fn json_response(status: u16, body: &serde_json::Value) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body.to_string().into_bytes())
        .with_status_code(status)
        .with_header(Header::from_bytes("Content-Type", "application/json").unwrap())
}

fn handle(api: &Api, mut req: Request) {
    let mut body = Vec::new();
    let _ = req.as_reader().read_to_end(&mut body);
    let url = req.url().to_string();
    let path = url.split('?').next().unwrap_or("").to_string();
    let method = req.method().as_str().to_string();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let response = match (method.as_str(), segments.as_slice()) {
        ("GET", ["health"]) => json_response(200, &serde_json::json!({"status": "ok"})),
        ("GET", ["items"]) => {
            let items = api.items.lock().unwrap();
            let list: Vec<_> = items.iter().map(|(_, v)| v.clone()).collect();
            json_response(
                200,
                &serde_json::json!({ "items": list, "count": list.len() }),
            )
        }
        ("POST", ["items"]) => match serde_json::from_slice::<serde_json::Value>(&body) {
            Ok(serde_json::Value::Object(mut obj)) if obj.contains_key("name") => {
                let id = api.next_id.fetch_add(1, Ordering::SeqCst);
                obj.insert("id".into(), id.into());
                let value = serde_json::Value::Object(obj);
                api.items.lock().unwrap().push((id, value.clone()));
                json_response(201, &value)
                    .with_header(Header::from_bytes("Location", format!("/items/{id}")).unwrap())
            }
            _ => json_response(
                400,
                &serde_json::json!({"error": "a JSON object with a name is required"}),
            ),
        },
        ("GET", ["items", id]) => {
            let items = api.items.lock().unwrap();
            match items.iter().find(|(i, _)| id.parse() == Ok(*i)) {
                Some((_, v)) => json_response(200, v),
                None => json_response(404, &serde_json::json!({"error": "no such item"})),
            }
        }
        ("DELETE", ["items", id]) => {
            let mut items = api.items.lock().unwrap();
            let before = items.len();
            items.retain(|(i, _)| id.parse() != Ok(*i));
            if items.len() < before {
                Response::from_data(Vec::new()).with_status_code(204)
            } else {
                json_response(404, &serde_json::json!({"error": "no such item"}))
            }
        }
        ("GET", ["flaky"]) => {
            // Fails twice, then works: transport retries get it through.
            if api.flaky_calls.fetch_add(1, Ordering::SeqCst) % 3 < 2 {
                json_response(503, &serde_json::json!({"error": "try again"}))
            } else {
                json_response(200, &serde_json::json!({"status": "recovered"}))
            }
        }
        ("GET", ["old-items"]) => Response::from_data(Vec::new())
            .with_status_code(301)
            .with_header(Header::from_bytes("Location", "/items").unwrap()),
        ("POST", ["login"]) => {
            let form = String::from_utf8_lossy(&body).to_string();
            if form.contains("password=s3same-demo") {
                json_response(200, &serde_json::json!({"token": "tok-12345"})).with_header(
                    Header::from_bytes("Set-Cookie", "session=abc; Path=/; HttpOnly").unwrap(),
                )
            } else {
                json_response(401, &serde_json::json!({"error": "bad credentials"}))
            }
        }
        _ => json_response(
            404,
            &serde_json::json!({"error": "not found", "path": path}),
        ),
    };
    let _ = req.respond(response);
}

fn serve(listener: TcpListener) -> Arc<Server> {
    let server = Arc::new(Server::from_listener(listener, None).expect("server starts"));
    let api = Arc::new(Api {
        items: Mutex::new(Vec::new()),
        next_id: AtomicU64::new(1),
        flaky_calls: AtomicU64::new(0),
    });
    for _ in 0..4 {
        let server = Arc::clone(&server);
        let api = Arc::clone(&api);
        std::thread::spawn(move || {
            for req in server.incoming_requests() {
                handle(&api, req);
            }
        });
    }
    server
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if let Some(pos) = args.iter().position(|a| a == "--serve") {
        let port = args
            .get(pos + 1)
            .and_then(|p| p.parse().ok())
            .unwrap_or(8000u16);
        let listener = TcpListener::bind(("127.0.0.1", port)).expect("port is free");
        eprintln!("example API on http://127.0.0.1:{port}");
        let _server = serve(listener);
        loop {
            std::thread::park();
        }
    }
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
    let port = listener.local_addr().expect("bound").port();
    let _server = serve(listener);
    // Run from the repository, so reports and errors show short relative paths.
    if let Err(e) = std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")) {
        eprintln!("error: cannot enter {}: {e}", env!("CARGO_MANIFEST_DIR"));
        return std::process::ExitCode::from(2);
    }
    let specs = "specs/demo";
    let junit = "target/sortie-demo-junit.xml";
    eprintln!("example API on http://127.0.0.1:{port}; running sortie test {specs}\n");
    let run = [
        "sortie".to_string(),
        "test".to_string(),
        specs.to_string(),
        "--variable".to_string(),
        format!("base=http://127.0.0.1:{port}"),
        "--secret".to_string(),
        "password=s3same-demo".to_string(),
        "--max-time".to_string(),
        "10s".to_string(),
        "--jobs".to_string(),
        "1".to_string(),
        "--report-junit".to_string(),
        junit.to_string(),
    ];
    let code = sortie::cli::main_with(run);
    eprintln!("JUnit report: {junit}");
    code
}
