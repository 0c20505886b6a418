//! The example API of the report tests: a tiny_http server on 127.0.0.1 with four threads.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tiny_http::{Header, Response, Server};

/// The example API, served on a free loopback port by four threads until dropped.
///
/// * `GET /ok` → `{"status":"ok"}`
/// * `GET /price` → `{"name":"Gadget","price":12}`
/// * `GET /flaky/KEY` → 503 twice, then 200 (per KEY)
/// * `GET /counter/KEY` → `{"n": N}`, N counting calls per KEY from 1
/// * `GET /token` → `{"token": <the X-Token header>}`
pub struct ExampleApi {
    server: Arc<Server>,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The port.
    pub port: u16,
}

impl Drop for ExampleApi {
    fn drop(&mut self) {
        for _ in 0..4 {
            self.server.unblock();
        }
    }
}

fn json(status: u16, body: serde_json::Value) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body.to_string().into_bytes())
        .with_status_code(status)
        .with_header(Header::from_bytes("Content-Type", "application/json").unwrap())
}

impl ExampleApi {
    /// Starts the API.
    pub fn start() -> Self {
        let server = Arc::new(Server::http("127.0.0.1:0").expect("a free loopback port"));
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let counters: Arc<Mutex<HashMap<String, u64>>> = Arc::default();
        for _ in 0..4 {
            let server = Arc::clone(&server);
            let counters = Arc::clone(&counters);
            std::thread::spawn(move || {
                for req in server.incoming_requests() {
                    let url = req.url().to_string();
                    let count = || {
                        let mut c = counters.lock().unwrap();
                        let n = c.entry(url.clone()).or_insert(0);
                        *n += 1;
                        *n
                    };
                    let token = req
                        .headers()
                        .iter()
                        .find(|h| h.field.equiv("X-Token"))
                        .map(|h| h.value.to_string())
                        .unwrap_or_default();
                    let path = url.split('?').next().unwrap_or_default();
                    let response = match path {
                        "/ok" => json(200, serde_json::json!({"status": "ok"})),
                        "/price" => json(200, serde_json::json!({"name": "Gadget", "price": 12})),
                        "/token" => json(200, serde_json::json!({"token": token})),
                        u if u.starts_with("/flaky/") => match count() {
                            1 | 2 => json(503, serde_json::json!({"error": "try again"})),
                            _ => json(200, serde_json::json!({"status": "recovered"})),
                        },
                        u if u.starts_with("/counter/") => {
                            json(200, serde_json::json!({"n": count()}))
                        }
                        _ => json(404, serde_json::json!({"error": "not found"})),
                    };
                    let _ = req.respond(response);
                }
            });
        }
        ExampleApi {
            server,
            base: format!("http://127.0.0.1:{port}"),
            port,
        }
    }
}
