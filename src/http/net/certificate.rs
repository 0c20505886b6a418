//! The server certificate fields of Hurl's `certificate` query, from the leaf certificate's DER.
//!
//! Hurl 8 shows what libcurl (OpenSSL backend) reports, and this module reproduces those strings:
//! - `Subject`/`Issuer`: OpenSSL's one-line form (`XN_FLAG_ONELINE`), RDNs in certificate order,
//!   `C = US, O = "Acme, Inc.", OU = QA + OU = R&D, CN = caf\C3\A9`;
//! - `Start-Date`/`Expire-Date`: dates (UTC, second precision);
//! - `Serial-Number`: lower-case hex bytes joined by `:` (`1e:e8:…`, `01`);
//! - `Subject-Alt-Name`: `DNS:a, IP Address:127.0.0.1, email:…, URI:…`;
//! - `Value`: the PEM, without a final new line.

use base64::Engine;
use chrono::{DateTime, Utc};
use std::fmt::Write as _;
use x509_cert::der::asn1::ObjectIdentifier;
use x509_cert::der::{Decode, Encode, Tag, Tagged};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::SubjectAltName;
use x509_cert::name::Name;
use x509_cert::Certificate;

/// OID of the subjectAltName extension.
const SUBJECT_ALT_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.17");

/// An error decoding a certificate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertificateError {
    /// The bytes are not a DER X.509 certificate.
    #[error("invalid certificate: {0}")]
    Der(String),
    /// A validity date is outside what a date can hold.
    #[error("invalid certificate date")]
    Date,
}

impl From<x509_cert::der::Error> for CertificateError {
    fn from(e: x509_cert::der::Error) -> Self {
        CertificateError::Der(e.to_string())
    }
}

/// The fields of Hurl's `certificate` query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateInfo {
    /// `certificate "Subject"`.
    pub subject: String,
    /// `certificate "Issuer"`.
    pub issuer: String,
    /// `certificate "Start-Date"` (notBefore).
    pub start_date: DateTime<Utc>,
    /// `certificate "Expire-Date"` (notAfter).
    pub expire_date: DateTime<Utc>,
    /// `certificate "Serial-Number"`.
    pub serial_number: String,
    /// `certificate "Subject-Alt-Name"`; `None` without the extension (Hurl's query then
    /// returns no value).
    pub subject_alt_name: Option<String>,
    /// `certificate "Value"`: the PEM encoding.
    pub value: String,
}

impl CertificateInfo {
    /// Decodes a DER certificate.
    pub fn from_der(der: &[u8]) -> Result<Self, CertificateError> {
        let cert = Certificate::from_der(der)?;
        let tbs = &cert.tbs_certificate;
        let date = |t: x509_cert::time::Time| {
            let secs = i64::try_from(t.to_unix_duration().as_secs())
                .map_err(|_| CertificateError::Date)?;
            DateTime::from_timestamp(secs, 0).ok_or(CertificateError::Date)
        };
        let mut subject_alt_name = None;
        for ext in tbs.extensions.iter().flatten() {
            if ext.extn_id == SUBJECT_ALT_NAME {
                let san = SubjectAltName::from_der(ext.extn_value.as_bytes())?;
                subject_alt_name = Some(format_general_names(&san.0));
            }
        }
        Ok(CertificateInfo {
            subject: format_name(&tbs.subject),
            issuer: format_name(&tbs.issuer),
            start_date: date(tbs.validity.not_before)?,
            expire_date: date(tbs.validity.not_after)?,
            serial_number: format_serial(tbs.serial_number.as_bytes()),
            subject_alt_name,
            value: pem(der),
        })
    }
}

/// The DER SubjectPublicKeyInfo of a DER certificate (what public-key pinning hashes).
pub fn subject_public_key_info_der(cert_der: &[u8]) -> Result<Vec<u8>, CertificateError> {
    let cert = Certificate::from_der(cert_der)?;
    Ok(cert.tbs_certificate.subject_public_key_info.to_der()?)
}

fn pem(der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = String::from("-----BEGIN CERTIFICATE-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str("-----END CERTIFICATE-----");
    out
}

/// OpenSSL prints the integer's magnitude bytes: DER's sign-padding zero is dropped.
fn format_serial(bytes: &[u8]) -> String {
    let start = bytes
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(bytes.len().saturating_sub(1));
    bytes[start..]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// OpenSSL's short names (`OBJ_nid2sn`) for the usual name attributes.
fn short_name(oid: &ObjectIdentifier) -> Option<&'static str> {
    const NAMES: &[(&str, &str)] = &[
        ("2.5.4.3", "CN"),
        ("2.5.4.4", "SN"),
        ("2.5.4.5", "serialNumber"),
        ("2.5.4.6", "C"),
        ("2.5.4.7", "L"),
        ("2.5.4.8", "ST"),
        ("2.5.4.9", "street"),
        ("2.5.4.10", "O"),
        ("2.5.4.11", "OU"),
        ("2.5.4.12", "title"),
        ("2.5.4.13", "description"),
        ("2.5.4.15", "businessCategory"),
        ("2.5.4.17", "postalCode"),
        ("2.5.4.41", "name"),
        ("2.5.4.42", "GN"),
        ("2.5.4.43", "initials"),
        ("2.5.4.44", "generationQualifier"),
        ("2.5.4.46", "dnQualifier"),
        ("2.5.4.65", "pseudonym"),
        ("2.5.4.97", "organizationIdentifier"),
        ("1.2.840.113549.1.9.1", "emailAddress"),
        ("1.2.840.113549.1.9.2", "unstructuredName"),
        ("0.9.2342.19200300.100.1.1", "UID"),
        ("0.9.2342.19200300.100.1.25", "DC"),
        ("1.3.6.1.4.1.311.60.2.1.1", "jurisdictionL"),
        ("1.3.6.1.4.1.311.60.2.1.2", "jurisdictionST"),
        ("1.3.6.1.4.1.311.60.2.1.3", "jurisdictionC"),
    ];
    let dotted = oid.to_string();
    NAMES.iter().find(|(o, _)| *o == dotted).map(|(_, n)| *n)
}

/// `X509_NAME_print_ex(…, XN_FLAG_ONELINE)`.
fn format_name(name: &Name) -> String {
    let mut rdns = Vec::new();
    for rdn in name.0.iter() {
        let mut atvs = Vec::new();
        for atv in rdn.0.iter() {
            let field = short_name(&atv.oid).map_or_else(|| atv.oid.to_string(), str::to_string);
            atvs.push(format!("{field} = {}", format_value(&atv.value)));
        }
        rdns.push(atvs.join(" + "));
    }
    rdns.join(", ")
}

/// A name attribute value, escaped as OpenSSL's `ASN1_STRFLGS_RFC2253 | ESC_QUOTE` does.
fn format_value(value: &x509_cert::der::Any) -> String {
    let raw = value.value();
    let text: Option<String> = match value.tag() {
        Tag::Utf8String
        | Tag::PrintableString
        | Tag::Ia5String
        | Tag::VisibleString
        | Tag::NumericString => Some(String::from_utf8_lossy(raw).into_owned()),
        // T.61 is read one byte per character, as OpenSSL does.
        Tag::TeletexString => Some(raw.iter().map(|&b| b as char).collect()),
        Tag::BmpString => {
            let units: Vec<u16> = raw
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            Some(String::from_utf16_lossy(&units))
        }
        _ => None,
    };
    let Some(text) = text else {
        // Not a string: OpenSSL dumps the DER as `#` and hex.
        let der = value.to_der().unwrap_or_default();
        let mut out = String::from("#");
        for b in der {
            let _ = write!(out, "{b:02X}");
        }
        return out;
    };
    let bytes = text.as_bytes();
    let mut quotes = false;
    let mut out = String::with_capacity(bytes.len());
    for (i, &b) in bytes.iter().enumerate() {
        let first = i == 0;
        let last = i == bytes.len() - 1;
        match b {
            // Characters RFC 2253 escapes, which the one-line form quotes instead.
            b',' | b'+' | b';' | b'<' | b'>' => {
                quotes = true;
                out.push(b as char);
            }
            b' ' if first || last => {
                quotes = true;
                out.push(' ');
            }
            b'#' if first => {
                quotes = true;
                out.push('#');
            }
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x00..=0x1f | 0x7f..=0xff => {
                let _ = write!(out, "\\{b:02X}");
            }
            _ => out.push(b as char),
        }
    }
    if quotes {
        format!("\"{out}\"")
    } else {
        out
    }
}

/// `X509_NAME_oneline`: `/C=US/CN=name`.
fn format_name_slashed(name: &Name) -> String {
    let mut out = String::new();
    for rdn in name.0.iter() {
        for atv in rdn.0.iter() {
            let field = short_name(&atv.oid).map_or_else(|| atv.oid.to_string(), str::to_string);
            let value = String::from_utf8_lossy(atv.value.value());
            let _ = write!(out, "/{field}={value}");
        }
    }
    out
}

/// The subjectAltName extension as OpenSSL's `X509V3_EXT_print` shows it.
fn format_general_names(names: &[GeneralName]) -> String {
    names
        .iter()
        .map(|name| match name {
            GeneralName::DnsName(s) => format!("DNS:{}", s.as_str()),
            GeneralName::Rfc822Name(s) => format!("email:{}", s.as_str()),
            GeneralName::UniformResourceIdentifier(s) => format!("URI:{}", s.as_str()),
            GeneralName::IpAddress(ip) => format!("IP Address:{}", format_ip(ip.as_bytes())),
            GeneralName::RegisteredId(oid) => format!("Registered ID:{oid}"),
            GeneralName::DirectoryName(dn) => format!("DirName:{}", format_name_slashed(dn)),
            GeneralName::OtherName(_) => "othername:<unsupported>".to_string(),
            GeneralName::EdiPartyName(_) => "EdiPartyName:<unsupported>".to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// IPv4 dotted, IPv6 as eight upper-case hex groups without compression (OpenSSL's form).
fn format_ip(bytes: &[u8]) -> String {
    match bytes.len() {
        4 => bytes
            .iter()
            .map(u8::to_string)
            .collect::<Vec<_>>()
            .join("."),
        16 => bytes
            .chunks_exact(2)
            .map(|c| format!("{:X}", u16::from_be_bytes([c[0], c[1]])))
            .collect::<Vec<_>>()
            .join(":"),
        _ => "<invalid>".to_string(),
    }
}

#[cfg(test)]
#[path = "certificate_tests.rs"]
mod tests;
