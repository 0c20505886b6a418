//! Starts Debian's httpbin (`python3-httpbin`) on a free loopback port for the tests that
//! meet it, and stops it when the test process ends.

use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// A running httpbin.
pub struct HttpBin {
    /// `http://127.0.0.1:PORT`
    pub base: String,
    child: Mutex<Child>,
}

impl Drop for HttpBin {
    fn drop(&mut self) {
        if let Ok(mut c) = self.child.lock() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// The shared httpbin of this test binary (started on first use).
pub fn httpbin() -> &'static HttpBin {
    static BIN: OnceLock<HttpBin> = OnceLock::new();
    BIN.get_or_init(|| {
        let port = free_port();
        let child = Command::new("/usr/bin/python3")
            .args(["-m", "httpbin.core", "--port", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3-httpbin is installed (apt-get install python3-httpbin)");
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "httpbin did not start on port {port}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        // A static is never dropped: kill the server when the test process exits.
        let pid = child.id();
        std::thread::spawn(move || watch_parent(pid));
        HttpBin {
            base: format!("http://127.0.0.1:{port}"),
            child: Mutex::new(child),
        }
    })
}

/// Keeps a helper process from outliving the test binary: a child `sh` waits for this
/// process to end, then kills the server.
fn watch_parent(child_pid: u32) {
    let me = std::process::id();
    let _ = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "while kill -0 {me} 2>/dev/null; do sleep 0.5; done; kill {child_pid} 2>/dev/null"
        ))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
}
