//! A real httpbin process on 127.0.0.1.

use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use super::free_port;

/// Debian's httpbin (`python3-httpbin`) on 127.0.0.1, killed when the guard drops.
///
/// It runs the `httpbin.core` module as `__main__` (what `python3 -m httpbin.core` does) with
/// a watchdog thread that exits when its stdin closes: a guard kept in a `static` is never
/// dropped, so the watchdog is what ends the server when the test process exits.
pub struct Httpbin {
    /// Its port.
    pub port: u16,
    child: Child,
}

impl Httpbin {
    /// Starts httpbin on a free port and waits (up to ~15 s) until it accepts connections.
    pub fn start() -> Result<Self, String> {
        let port = free_port();
        let script = format!(
            "import os, runpy, sys, threading\n\
             def watch():\n    sys.stdin.read()\n    os._exit(0)\n\
             threading.Thread(target=watch, daemon=True).start()\n\
             sys.argv = ['httpbin.core', '--host', '127.0.0.1', '--port', '{port}']\n\
             runpy.run_module('httpbin.core', run_name='__main__', alter_sys=True)\n"
        );
        let child = std::process::Command::new("/usr/bin/python3")
            .arg("-c")
            .arg(script)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start httpbin: {e}"))?;
        let mut guard = Httpbin { port, child };
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if TcpStream::connect_timeout(
                &([127, 0, 0, 1], port).into(),
                Duration::from_millis(500),
            )
            .is_ok()
            {
                return Ok(guard);
            }
            if let Ok(Some(status)) = guard.child.try_wait() {
                return Err(format!("httpbin exited early: {status}"));
            }
            if Instant::now() > deadline {
                return Err("httpbin did not answer within 15 s".to_string());
            }
            thread::sleep(Duration::from_millis(100));
        }
    }

    /// `http://127.0.0.1:PORT` + path.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Httpbin {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
