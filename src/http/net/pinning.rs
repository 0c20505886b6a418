//! Public-key pinning, as curl's `--pinnedpubkey` does.
//!
//! The option is either `sha256//<base64>[;sha256//<base64>…]` (base64 of the SHA-256 of the
//! server's SubjectPublicKeyInfo DER, compared as strings) or the path of a file holding one
//! public key, DER or PEM (`-----BEGIN PUBLIC KEY-----`), compared byte for byte with the
//! server certificate's SubjectPublicKeyInfo.

use super::certificate::{subject_public_key_info_der, CertificateError};
use base64::Engine;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::SubjectPublicKeyInfoDer;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// curl ignores pin files larger than this.
const MAX_PINNED_PUBKEY_SIZE: usize = 1024 * 1024;
const HASH_PREFIX: &str = "sha256//";

/// An error loading a pin or checking a certificate against it.
#[derive(Debug, thiserror::Error)]
pub enum PinError {
    /// The pin file cannot be read.
    #[error("cannot read pinned public key file {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The pin file is empty or larger than 1 MiB.
    #[error("pinned public key file {0} is empty or larger than 1 MiB")]
    FileSize(PathBuf),
    /// The pin file is neither DER nor a `PUBLIC KEY` PEM block.
    #[error("pinned public key file {0} holds no public key")]
    InvalidKey(PathBuf),
    /// The server certificate cannot be decoded.
    #[error(transparent)]
    Certificate(#[from] CertificateError),
}

/// A parsed `--pinnedpubkey` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PinnedPubKey {
    /// Base64 SHA-256 digests (without their `sha256//` prefix); any may match.
    Hashes(Vec<String>),
    /// A SubjectPublicKeyInfo DER read from a file.
    Key(Vec<u8>),
}

impl PinnedPubKey {
    /// Parses the option; a value not starting with `sha256//` is a file path, read here.
    pub fn from_option(value: &str) -> Result<Self, PinError> {
        if let Some(rest) = value.strip_prefix(HASH_PREFIX) {
            // As curl: entries are separated by ";sha256//".
            let hashes = rest.split(";sha256//").map(str::to_string).collect();
            return Ok(PinnedPubKey::Hashes(hashes));
        }
        let path = Path::new(value);
        let bytes = std::fs::read(path).map_err(|source| PinError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_key_file(path, &bytes)
    }

    /// Builds a pin from a key file's content (DER, or PEM with a `PUBLIC KEY` block).
    pub fn from_key_file(path: &Path, bytes: &[u8]) -> Result<Self, PinError> {
        if bytes.is_empty() || bytes.len() > MAX_PINNED_PUBKEY_SIZE {
            return Err(PinError::FileSize(path.to_path_buf()));
        }
        if bytes
            .windows(26)
            .any(|w| w == b"-----BEGIN PUBLIC KEY-----")
        {
            let key = SubjectPublicKeyInfoDer::from_pem_slice(bytes)
                .map_err(|_| PinError::InvalidKey(path.to_path_buf()))?;
            return Ok(PinnedPubKey::Key(key.as_ref().to_vec()));
        }
        // Otherwise DER: a SubjectPublicKeyInfo is a SEQUENCE.
        if bytes[0] != 0x30 {
            return Err(PinError::InvalidKey(path.to_path_buf()));
        }
        Ok(PinnedPubKey::Key(bytes.to_vec()))
    }

    /// Whether a SubjectPublicKeyInfo DER matches the pin.
    pub fn matches_spki(&self, spki_der: &[u8]) -> bool {
        match self {
            PinnedPubKey::Hashes(hashes) => {
                let digest =
                    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(spki_der));
                hashes.contains(&digest)
            }
            PinnedPubKey::Key(key) => key == spki_der,
        }
    }

    /// Whether the server's leaf certificate (DER) carries the pinned public key.
    pub fn matches_certificate(&self, cert_der: &[u8]) -> Result<bool, PinError> {
        Ok(self.matches_spki(&subject_public_key_info_der(cert_der)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture_path(name: &str) -> String {
        format!("{}/fixtures/net/{name}", env!("CARGO_MANIFEST_DIR"))
    }

    fn cert(name: &str) -> Vec<u8> {
        std::fs::read(fixture_path(name)).unwrap()
    }

    const SIMPLE_PIN: &str = "sha256//GROujOEtF7QQmAQb+oLKfpAVSQjy8AIKH5F6EsYC6wM=";
    const RSA_PIN: &str = "sha256//t1HPNamaCVJBIM8XvnuRva1Q30QsNBx5mriElbWIbJ8=";

    #[test]
    fn pins_against_certificates() {
        let both = format!("{RSA_PIN};{SIMPLE_PIN}");
        let cases = [
            (SIMPLE_PIN.to_string(), "simple.der", true),
            (SIMPLE_PIN.to_string(), "rsa.der", false),
            (both.clone(), "simple.der", true),
            (both.clone(), "rsa.der", true),
            (both, "tricky.der", false),
            // Not valid base64: as curl, simply no match.
            ("sha256//nope".to_string(), "simple.der", false),
            (fixture_path("simple.pub.pem"), "simple.der", true),
            (fixture_path("simple.pub.der"), "simple.der", true),
            (fixture_path("simple.pub.der"), "tricky.der", false),
            (fixture_path("rsa.pub.pem"), "rsa.der", true),
            (fixture_path("rsa.pub.pem"), "simple.der", false),
        ];
        for (option, cert_name, expected) in cases {
            let pin = PinnedPubKey::from_option(&option).unwrap();
            assert_eq!(
                pin.matches_certificate(&cert(cert_name)).unwrap(),
                expected,
                "pin {option} cert {cert_name}"
            );
        }
    }

    #[test]
    fn parse_forms_and_errors() {
        assert_eq!(
            PinnedPubKey::from_option("sha256//a=;sha256//b=").unwrap(),
            PinnedPubKey::Hashes(vec!["a=".to_string(), "b=".to_string()])
        );
        assert!(matches!(
            PinnedPubKey::from_option("/nonexistent/key.pem"),
            Err(PinError::Io { .. })
        ));
        let path = Path::new("k");
        let errors = [
            (&b""[..], "size"),
            (
                b"-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----\n",
                "key",
            ),
            (
                b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                "key",
            ),
        ];
        for (bytes, kind) in errors {
            let err = PinnedPubKey::from_key_file(path, bytes).unwrap_err();
            let ok = match kind {
                "size" => matches!(err, PinError::FileSize(_)),
                _ => matches!(err, PinError::InvalidKey(_)),
            };
            assert!(ok, "{err}");
        }
        let big = vec![0x30; MAX_PINNED_PUBKEY_SIZE + 1];
        assert!(matches!(
            PinnedPubKey::from_key_file(path, &big),
            Err(PinError::FileSize(_))
        ));
        let pin = PinnedPubKey::from_option(SIMPLE_PIN).unwrap();
        assert!(matches!(
            pin.matches_certificate(b"garbage"),
            Err(PinError::Certificate(_))
        ));
    }
}
