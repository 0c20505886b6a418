//! Notices: what the transport and the connections have to tell while they work (the request
//! as sent, a retry, a token renewal, a warning), handed to a sink instead of printed.
//!
//! Nothing below the command line prints: `http` and `connection` give notices to a
//! [`NoticeSink`]; the runner attaches them to the file they belong to, and reporters decide
//! where and when they are shown (so that the output of one file stays together).

use std::time::Duration;

/// Something worth telling the user while a request is made.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// The request as sent, rendered and redacted (`--verbose`, `debug-request`).
    RequestSent(String),
    /// The response's status line and headers, rendered and redacted.
    ResponseReceived(String),
    /// A transport attempt failed and the request will be sent again.
    Retrying {
        /// The attempt that failed (1 for the first).
        attempt: u32,
        /// Why it failed (redacted).
        reason: String,
        /// The wait before the next attempt.
        delay: Duration,
    },
    /// A connection step: a token requested, refreshed or renewed (redacted).
    Connection(String),
    /// A step of an interactive command (`sortie login`), shown as is.
    Progress(String),
    /// A warning; `key` identifies its kind, so it can be shown once per run.
    Warning {
        /// What kind of warning (e.g. `insecure`).
        key: &'static str,
        /// The text (redacted).
        message: String,
    },
}

/// Receives notices. Implemented by the runner (which attaches the file) and by commands
/// that show notices as they come (`sortie call`).
pub trait NoticeSink: Sync {
    /// Takes one notice.
    fn notice(&self, notice: Notice);
}

/// A sink that drops every notice.
#[derive(Clone, Copy, Debug, Default)]
pub struct Discard;

impl NoticeSink for Discard {
    fn notice(&self, _: Notice) {}
}

impl Notice {
    /// The notice as text, one or more lines ending with a line break.
    pub fn render(&self) -> String {
        match self {
            Notice::RequestSent(text) | Notice::ResponseReceived(text) => {
                let mut out = text.clone();
                if !out.ends_with('\n') {
                    out.push('\n');
                }
                out
            }
            Notice::Retrying {
                attempt,
                reason,
                delay,
            } => format!(
                "* attempt {attempt} failed ({reason}); retrying in {} ms\n",
                delay.as_millis()
            ),
            Notice::Connection(text) => format!("* {text}\n"),
            Notice::Progress(text) => format!("{text}\n"),
            Notice::Warning { message, .. } => format!("warning: {message}\n"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_render_as_lines() {
        let retry = Notice::Retrying {
            attempt: 2,
            reason: "status 503".into(),
            delay: Duration::from_millis(250),
        };
        assert_eq!(
            retry.render(),
            "* attempt 2 failed (status 503); retrying in 250 ms\n"
        );
        let warning = Notice::Warning {
            key: "insecure",
            message: "TLS verification is off".into(),
        };
        assert_eq!(warning.render(), "warning: TLS verification is off\n");
        assert_eq!(Notice::RequestSent("> GET /".into()).render(), "> GET /\n");
        assert_eq!(
            Notice::Connection("connection 'a': renewing".into()).render(),
            "* connection 'a': renewing\n"
        );
    }
}
