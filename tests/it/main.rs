//! The integration tests, one binary: each module runs the real `sortie` binary against real
//! servers on 127.0.0.1, with the helpers of [`support`].

mod call;
mod check;
mod connections;
mod contract;
mod hardening;
mod hurl_compat;
mod net;
pub(crate) mod report;
mod run;
mod support;
mod tools;
