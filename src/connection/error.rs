//! Why a connection could not give its credentials.

use crate::diagnostic::{Diagnostic, Kind};

/// A connection error; every message is already redacted where it could hold a secret.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConnectionError {
    /// A declaration whose values do not make a connection: a key missing, empty or invalid.
    #[error("{0}")]
    Invalid(String),
    /// The token endpoint gave no usable access token (refused, unreachable, malformed).
    #[error("{0}")]
    Token(String),
    /// The refresh-token store could not be read or written.
    #[error("{0}")]
    Store(String),
    /// `sortie login` could not complete.
    #[error("{0}")]
    Login(String),
    /// A named connection could not give its credentials, and why.
    #[error("connection '{connection}': {source}")]
    Credentials {
        /// The connection's name.
        connection: String,
        /// Why.
        source: Box<ConnectionError>,
    },
}

impl ConnectionError {
    /// This error, said of the connection `name`.
    pub fn of(self, name: &str) -> ConnectionError {
        ConnectionError::Credentials {
            connection: name.to_string(),
            source: Box::new(self),
        }
    }
}

impl From<ConnectionError> for Diagnostic {
    fn from(e: ConnectionError) -> Diagnostic {
        Diagnostic::new(Kind::Runtime, "connection", e.to_string())
    }
}
