//! TLS client configurations (rustls with the ring provider): verified against the Mozilla
//! roots of `webpki-roots` or the CA file of `cacert`, or not verified at all for `insecure`
//! requests; with a client certificate (`cert` + `key`) when given; the server's public key
//! pinned (`pinnedpubkey`) when asked. Configurations are built once per set of settings and
//! shared.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, SignatureScheme};

use super::super::net::pinning::PinnedPubKey;
use super::super::response::{TransportError, TransportErrorKind};

/// How the server's certificate is checked, and what the client shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct TlsSettings {
    /// Skip verification (`insecure`).
    pub insecure: bool,
    /// Trust the CA certificates of this PEM file instead of the Mozilla roots (`cacert`).
    pub cacert: Option<PathBuf>,
    /// The client certificate chain, PEM (`cert`).
    pub cert: Option<PathBuf>,
    /// The client certificate's private key, PEM (`key`; else looked for in `cert`).
    pub key: Option<PathBuf>,
    /// `sha256//…` hashes or a public key file the server's key must match (`pinnedpubkey`).
    pub pinned_pub_key: Option<String>,
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn tls_error(message: String) -> TransportError {
    TransportError::new(TransportErrorKind::Tls, message)
}

/// The CA certificates of a PEM file, as curl's `--cacert` reads it.
fn roots(cacert: Option<&PathBuf>) -> Result<rustls::RootCertStore, TransportError> {
    let Some(path) = cacert else {
        return Ok(rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        });
    };
    let mut store = rustls::RootCertStore::empty();
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(|e| tls_error(format!("cannot read the CA file {}: {e}", path.display())))?;
    for cert in certs {
        let cert =
            cert.map_err(|e| tls_error(format!("invalid CA file {}: {e}", path.display())))?;
        store
            .add(cert)
            .map_err(|e| tls_error(format!("invalid CA certificate in {}: {e}", path.display())))?;
    }
    if store.is_empty() {
        return Err(tls_error(format!(
            "the CA file {} holds no certificate",
            path.display()
        )));
    }
    Ok(store)
}

/// The client certificate chain and key (`cert` and `key`, PEM).
type ClientIdentity = (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>);

fn client_identity(settings: &TlsSettings) -> Result<Option<ClientIdentity>, TransportError> {
    let Some(cert) = &settings.cert else {
        if let Some(key) = &settings.key {
            return Err(tls_error(format!(
                "a client key ({}) needs its certificate (cert)",
                key.display()
            )));
        }
        return Ok(None);
    };
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .and_then(|certs| certs.collect::<Result<_, _>>())
        .map_err(|e| {
            tls_error(format!(
                "cannot read the client certificate {}: {e}",
                cert.display()
            ))
        })?;
    if chain.is_empty() {
        return Err(tls_error(format!(
            "the client certificate file {} holds no certificate",
            cert.display()
        )));
    }
    let key_file = settings.key.as_ref().unwrap_or(cert);
    let key = PrivateKeyDer::from_pem_file(key_file).map_err(|e| {
        tls_error(format!(
            "cannot read the client key {}: {e}",
            key_file.display()
        ))
    })?;
    Ok(Some((chain, key)))
}

fn build(settings: &TlsSettings) -> Result<Arc<ClientConfig>, TransportError> {
    let provider = provider();
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| tls_error(format!("TLS setup: {e}")))?;
    let builder = if settings.insecure {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AcceptAnyCertificate { provider }))
    } else {
        builder.with_root_certificates(roots(settings.cacert.as_ref())?)
    };
    let config = match client_identity(settings)? {
        Some((chain, key)) => builder
            .with_client_auth_cert(chain, key)
            .map_err(|e| tls_error(format!("invalid client certificate or key: {e}")))?,
        None => builder.with_no_client_auth(),
    };
    Ok(Arc::new(config))
}

/// The client configuration for `settings`, built on first use. A file that cannot be read
/// is an error each time it is asked for (it may appear later).
pub fn client_config(settings: &TlsSettings) -> Result<Arc<ClientConfig>, TransportError> {
    static CONFIGS: OnceLock<Mutex<HashMap<TlsSettings, Arc<ClientConfig>>>> = OnceLock::new();
    let configs = CONFIGS.get_or_init(Default::default);
    // Only the certificate checks shape the configuration; the pin is checked after the
    // handshake.
    let key = TlsSettings {
        pinned_pub_key: None,
        ..settings.clone()
    };
    if let Some(config) = configs
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key)
    {
        return Ok(config.clone());
    }
    let config = build(&key)?;
    configs
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(key, config.clone());
    Ok(config)
}

/// Checks the server's leaf certificate against `pinnedpubkey`, as curl does after the
/// handshake.
pub fn check_pin(pin: &str, leaf: Option<&[u8]>) -> Result<(), TransportError> {
    let pinned =
        PinnedPubKey::from_option(pin).map_err(|e| tls_error(format!("pinnedpubkey: {e}")))?;
    let Some(leaf) = leaf else {
        return Err(tls_error(
            "pinnedpubkey: the server showed no certificate".to_string(),
        ));
    };
    match pinned.matches_certificate(leaf) {
        Ok(true) => Ok(()),
        Ok(false) => Err(tls_error(
            "SSL: public key does not match pinned public key (pinnedpubkey)".to_string(),
        )),
        Err(e) => Err(tls_error(format!("pinnedpubkey: {e}"))),
    }
}

/// The name the server's certificate must be for.
pub fn server_name(host: &str) -> Result<ServerName<'static>, TransportError> {
    ServerName::try_from(host.to_string()).map_err(|e| {
        TransportError::new(
            TransportErrorKind::InvalidUrl,
            format!("invalid host name for TLS '{host}': {e}"),
        )
    })
}

/// `insecure`: any certificate is accepted; the handshake's signatures are still checked, so
/// the connection is encrypted with the key the server holds.
#[derive(Debug)]
struct AcceptAnyCertificate {
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for AcceptAnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}
