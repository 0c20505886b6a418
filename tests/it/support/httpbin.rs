//! A real httpbin process on 127.0.0.1, one for the whole test run.

use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use super::{free_port, within_time_limit};

/// The one httpbin of the test process, started on first use.
pub fn httpbin() -> &'static Httpbin {
    static SERVER: OnceLock<Httpbin> = OnceLock::new();
    SERVER.get_or_init(|| {
        Httpbin::start()
            .unwrap_or_else(|e| panic!("httpbin is needed (apt install python3-httpbin): {e}"))
    })
}

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
    /// Starts httpbin on a free port and waits (up to the time limit) until it accepts
    /// connections.
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
        let started = within_time_limit(|| {
            if TcpStream::connect_timeout(
                &([127, 0, 0, 1], port).into(),
                Duration::from_millis(500),
            )
            .is_ok()
            {
                return Some(Ok(()));
            }
            match guard.child.try_wait() {
                Ok(Some(status)) => Some(Err(format!("httpbin exited early: {status}"))),
                _ => None,
            }
        });
        match started {
            Some(Ok(())) => Ok(guard),
            Some(Err(e)) => Err(e),
            None => Err("httpbin did not answer within the time limit".to_string()),
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
