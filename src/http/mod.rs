//! The HTTP transport: requests resolved from specs or the command line go out through a
//! `ureq` agent; sortie follows redirects and retries itself, and keeps every attempt.
//!
//! * [`request`]: what is sent (method, URL, query, headers, body) and the options.
//! * [`client`]: one agent per spec file or call (keep-alive, cookie jar), attempts, redirects.
//! * [`retry`]: when to re-send and how long to wait.
//! * [`decode`]: response bodies as text or JSON.
//! * [`debug`]: the request as sent, secrets masked, for `debug-request` / `--debug`.

pub mod client;
pub mod debug;
pub mod decode;
mod redirect;
pub mod request;
pub mod response;
pub mod retry;

pub use client::Client;
pub use request::{Header, HttpRequest, Part, PartContent, RequestBody, TransportOptions};
pub use response::{Attempt, Exchange, HttpResponse, Redirect, TransportError, TransportErrorKind};
pub use retry::RetryPolicy;
