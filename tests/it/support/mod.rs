//! What the integration tests share: the binary ([`binary`]), servers on 127.0.0.1 (scripted
//! tiny_http servers, raw TCP servers for faults, a self-signed TLS server, the example API,
//! a real httpbin and a real OAuth 2.0 provider), temporary directories, free ports and the
//! one time limit.
//!
//! Every server binds 127.0.0.1 only; every `sortie` process is killed after [`TIME_LIMIT`].

pub mod binary;
pub mod example_api;
pub mod httpbin;
pub mod net_servers;
pub mod oauth_mock;
pub mod servers;
pub mod temp_dir;

use std::net::TcpListener;
use std::thread;
use std::time::{Duration, Instant};

pub use binary::{run, sortie, Out, SORTIE};
pub use example_api::ExampleApi;
pub use httpbin::httpbin;
pub use oauth_mock::OAuthMock;
pub use servers::{raw_response, RawServer, Reply, TestServer, TlsServer};
pub use temp_dir::TempDir;

/// How long anything in a test may take — a `sortie` process, a server starting, a child
/// process finishing — so that nothing can hang the suite. Only a failing test reaches it.
pub const TIME_LIMIT: Duration = Duration::from_secs(120);

/// Calls `poll` every 50 ms until it gives a value, or gives `None` once [`TIME_LIMIT`] has
/// passed.
pub fn within_time_limit<T>(mut poll: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + TIME_LIMIT;
    loop {
        if let Some(value) = poll() {
            return Some(value);
        }
        if Instant::now() > deadline {
            return None;
        }
        thread::sleep(Duration::from_millis(50));
    }
}

/// A port on 127.0.0.1 that was free a moment ago: nothing listens there (connection
/// refused), or a test binds it.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().unwrap().port()
}
