use super::*;
use chrono::TimeZone;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/fixtures/net/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
}

/// Certificates made with `openssl req -x509` (see tests/fixtures/README.md); the expected
/// strings are what `hurl 8.0.1` (libcurl 7.88.1, OpenSSL 3.0) captured from
/// `openssl s_server` serving each of them.
#[test]
fn openssl_fixtures_match_hurl_output() {
    let cases = [
        (
            "simple",
            "C = US, ST = Denial, L = Springfield, O = Dis, CN = localhost",
            utc(2026, 11, 30, 21, 38, 52),
            utc(2036, 11, 27, 21, 38, 52),
            "1e:e8:b1:7f:1b:64:d8:d6:b3:de:87:01:03:d2:a4:f5:33:53:5a:b0",
            Some("DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1"),
        ),
        (
            "tricky",
            "C = FR, O = \"Acme, Inc.\", OU = QA + OU = R&D, CN = caf\\C3\\A9 \\\"quoted\\\", emailAddress = ops@example.com",
            utc(2026, 11, 30, 21, 38, 52),
            utc(2027, 11, 30, 21, 38, 52),
            "80:aa:01",
            Some("DNS:tricky.local, DNS:*.tricky.local, email:ops@example.com, IP Address:10.1.2.3, URI:https://tricky.local/"),
        ),
        (
            "rsa",
            "CN = rsa.local, O = Example Org, DC = example, DC = com",
            utc(2026, 11, 30, 21, 38, 52),
            utc(2026, 12, 30, 21, 38, 52),
            "01",
            None,
        ),
    ];
    for (name, subject, start, expire, serial, san) in cases {
        let info = CertificateInfo::from_der(&fixture(&format!("{name}.der"))).unwrap();
        let pem = String::from_utf8(fixture(&format!("{name}.pem"))).unwrap();
        assert_eq!(
            info,
            CertificateInfo {
                subject: subject.to_string(),
                // Self-signed: the issuer is the subject.
                issuer: subject.to_string(),
                start_date: start,
                expire_date: expire,
                serial_number: serial.to_string(),
                subject_alt_name: san.map(str::to_string),
                value: pem.trim_end().to_string(),
            },
            "fixture {name}"
        );
    }
}

#[test]
fn rcgen_certificate_fields() {
    use rcgen::{CertificateParams, DistinguishedName, DnType, KeyPair, SanType, SerialNumber};
    let mut params = CertificateParams::new(vec!["api.test".to_string()]).unwrap();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CountryName, "DE");
    dn.push(DnType::OrganizationName, " Lead space; semi");
    dn.push(DnType::CommonName, "#hash\\back");
    params.distinguished_name = dn;
    params
        .subject_alt_names
        .push(SanType::IpAddress("2001:db8::1".parse().unwrap()));
    params.serial_number = Some(SerialNumber::from_slice(&[0x00, 0xff, 0x01]));
    params.not_before = rcgen::date_time_ymd(2024, 1, 2);
    params.not_after = rcgen::date_time_ymd(2025, 3, 4);
    let key = KeyPair::generate().unwrap();
    let cert = params.self_signed(&key).unwrap();
    let info = CertificateInfo::from_der(cert.der()).unwrap();
    // As `hurl 8.0.1` captured it from `openssl s_server` serving this certificate.
    assert_eq!(
        info.subject,
        "C = DE, O = \" Lead space; semi\", CN = \"#hash\\\\back\""
    );
    assert_eq!(info.issuer, info.subject);
    assert_eq!(info.serial_number, "ff:01");
    assert_eq!(info.start_date, utc(2024, 1, 2, 0, 0, 0));
    assert_eq!(info.expire_date, utc(2025, 3, 4, 0, 0, 0));
    assert_eq!(
        info.subject_alt_name.as_deref(),
        Some("DNS:api.test, IP Address:2001:DB8:0:0:0:0:0:1")
    );
    assert_eq!(info.value, cert.pem().trim_end());
}

#[test]
fn spki_and_errors() {
    let spki = subject_public_key_info_der(&fixture("simple.der")).unwrap();
    assert_eq!(spki, fixture("simple.pub.der"));
    for bad in [&b""[..], b"\x30\x03\x02\x01\x01", b"not a certificate"] {
        assert!(matches!(
            CertificateInfo::from_der(bad),
            Err(CertificateError::Der(_))
        ));
        assert!(subject_public_key_info_der(bad).is_err());
    }
}

#[test]
fn value_escaping_and_serials() {
    use x509_cert::der::Any;
    let cases = [
        (Tag::Utf8String, "plain", "plain"),
        (Tag::Utf8String, "a,b", "\"a,b\""),
        (Tag::Utf8String, "trailing ", "\"trailing \""),
        (Tag::Utf8String, "in ner", "in ner"),
        (Tag::Utf8String, "tab\there", "tab\\09here"),
        (Tag::PrintableString, "x=y", "x=y"),
        (Tag::Utf8String, "<a>", "\"<a>\""),
    ];
    for (tag, value, expected) in cases {
        let any = Any::new(tag, value.as_bytes()).unwrap();
        assert_eq!(format_value(&any), expected, "value {value:?}");
    }
    let bmp = Any::new(Tag::BmpString, &[0x00, 0x65, 0x00, 0xe9][..]).unwrap();
    assert_eq!(format_value(&bmp), "e\\C3\\A9");
    let octets = Any::new(Tag::OctetString, &[0xab][..]).unwrap();
    assert_eq!(format_value(&octets), "#0401AB");

    for (bytes, expected) in [
        (&[0x00][..], "00"),
        (&[0x01][..], "01"),
        (&[0x00, 0x80, 0xaa, 0x01][..], "80:aa:01"),
    ] {
        assert_eq!(format_serial(bytes), expected);
    }
}
