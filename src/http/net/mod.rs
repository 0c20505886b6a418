//! Pure (no network I/O) building blocks for sortie's HTTP transport, each a curl-compatible
//! piece of Hurl's command-line surface: AWS SigV4 signing, HTTP Digest, `.netrc`, server
//! certificate fields, public-key pinning, proxy selection, `--resolve`/`--connect-to` and
//! rate limiting.

pub mod certificate;
pub mod digest;
pub mod hosts;
pub mod netrc;
pub mod pinning;
pub mod proxy;
pub mod ratelimit;
pub mod sigv4;
