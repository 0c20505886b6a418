//! The HTTP transport: requests resolved from specs or the command line go out through a
//! HTTP/1.1 wire of sortie's own; sortie follows redirects and retries itself, and keeps
//! every attempt.
//!
//! * [`request`]: what is sent (method, URL, query, headers, body) and the options.
//! * [`client`]: one client per spec file or call (keep-alive), attempts, redirects.
//! * [`wire`]: HTTP/1.1 on the wire, byte for byte as Hurl sends it; TLS; connections.
//! * [`retry`]: when to re-send and how long to wait.
//! * [`decode`]: response bodies as text or JSON.
//! * [`debug`]: the request as sent, secrets masked, for `debug-request` / `--debug`.

mod auth;
pub mod client;
pub mod cookies;
pub mod curl;
pub mod debug;
pub mod decode;
mod multipart;
pub mod net;
mod redirect;
pub mod request;
pub mod response;
pub mod retry;
mod route;
pub mod wire;

pub use client::Client;
pub use request::{Header, HttpRequest, Part, PartContent, RequestBody, TransportOptions};
pub use response::{Attempt, Exchange, HttpResponse, Redirect, TransportError, TransportErrorKind};
pub use retry::RetryPolicy;
