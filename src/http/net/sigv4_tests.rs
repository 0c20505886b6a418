use super::*;
use chrono::TimeZone;

const KEY: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const SCOPE: &str =
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";
const DATE: (&str, &str) = ("X-Amz-Date", "20150830T123600Z");

fn suite_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2015, 8, 30, 12, 36, 0).unwrap()
}

/// One vector of the AWS SigV4 test suite (aws-sig-v4-test-suite, 2015-08-30 edition).
struct Vector {
    name: &'static str,
    method: &'static str,
    path_query: &'static str,
    headers: &'static [(&'static str, &'static str)],
    body: &'static str,
    signed_headers: &'static str,
    signature: &'static str,
}

const VECTORS: &[Vector] = &[
    Vector {
        name: "get-vanilla",
        method: "GET",
        path_query: "/",
        headers: &[DATE],
        body: "",
        signed_headers: "host;x-amz-date",
        signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
    },
    Vector {
        name: "get-vanilla-empty-query-key",
        method: "GET",
        path_query: "/?Param1=value1",
        headers: &[DATE],
        body: "",
        signed_headers: "host;x-amz-date",
        signature: "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb",
    },
    Vector {
        name: "get-vanilla-query-order-key",
        method: "GET",
        path_query: "/?Param1=value2&Param1=Value1",
        headers: &[DATE],
        body: "",
        signed_headers: "host;x-amz-date",
        signature: "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1",
    },
    Vector {
        name: "get-vanilla-query-order-key-case",
        method: "GET",
        path_query: "/?Param2=value2&Param1=value1",
        headers: &[DATE],
        body: "",
        signed_headers: "host;x-amz-date",
        signature: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
    },
    Vector {
        name: "get-vanilla-query-order-value",
        method: "GET",
        path_query: "/?Param1=value2&Param1=value1",
        headers: &[DATE],
        body: "",
        signed_headers: "host;x-amz-date",
        signature: "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694",
    },
    Vector {
        name: "get-vanilla-query-unreserved",
        method: "GET",
        path_query: "/?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
        headers: &[DATE],
        body: "",
        signed_headers: "host;x-amz-date",
        signature: "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197",
    },
    Vector {
        name: "get-vanilla-utf8-query",
        method: "GET",
        path_query: "/?\u{1234}=bar",
        headers: &[DATE],
        body: "",
        signed_headers: "host;x-amz-date",
        signature: "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04",
    },
    Vector {
        name: "get-unreserved",
        method: "GET",
        path_query: "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
        headers: &[DATE],
        body: "",
        signed_headers: "host;x-amz-date",
        signature: "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f",
    },
    Vector {
        name: "get-utf8",
        method: "GET",
        path_query: "/\u{1234}",
        headers: &[DATE],
        body: "",
        signed_headers: "host;x-amz-date",
        signature: "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85",
    },
    Vector {
        name: "get-header-value-trim",
        method: "GET",
        path_query: "/",
        headers: &[
            ("My-Header1", " value1"),
            ("My-Header2", " \"a   b   c\""),
            DATE,
        ],
        body: "",
        signed_headers: "host;my-header1;my-header2;x-amz-date",
        signature: "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736",
    },
    Vector {
        name: "get-header-key-duplicate",
        method: "GET",
        path_query: "/",
        headers: &[
            ("My-Header1", "value2"),
            ("My-Header1", "value2"),
            ("My-Header1", "value1"),
            DATE,
        ],
        body: "",
        signed_headers: "host;my-header1;x-amz-date",
        signature: "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea",
    },
    Vector {
        name: "get-header-value-order",
        method: "GET",
        path_query: "/",
        headers: &[
            ("My-Header1", "value4"),
            ("My-Header1", "value1"),
            ("My-Header1", "value3"),
            ("My-Header1", "value2"),
            DATE,
        ],
        body: "",
        signed_headers: "host;my-header1;x-amz-date",
        signature: "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01",
    },
    Vector {
        name: "post-vanilla",
        method: "POST",
        path_query: "/",
        headers: &[DATE],
        body: "",
        signed_headers: "host;x-amz-date",
        signature: "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
    },
    Vector {
        name: "post-vanilla-query",
        method: "POST",
        path_query: "/?Param1=value1",
        headers: &[DATE],
        body: "",
        signed_headers: "host;x-amz-date",
        signature: "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11",
    },
    Vector {
        name: "post-header-key-sort",
        method: "POST",
        path_query: "/",
        headers: &[("My-Header1", "value1"), DATE],
        body: "",
        signed_headers: "host;my-header1;x-amz-date",
        signature: "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c",
    },
    Vector {
        name: "post-header-value-case",
        method: "POST",
        path_query: "/",
        headers: &[("My-Header1", "VALUE1"), DATE],
        body: "",
        signed_headers: "host;my-header1;x-amz-date",
        signature: "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d",
    },
    Vector {
        name: "post-sts-header-before",
        method: "POST",
        path_query: "/",
        headers: &[
            DATE,
            ("X-Amz-Security-Token", "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="),
        ],
        body: "",
        signed_headers: "host;x-amz-date;x-amz-security-token",
        signature: "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead",
    },
    Vector {
        name: "post-x-www-form-urlencoded",
        method: "POST",
        path_query: "/",
        headers: &[("Content-Type", "application/x-www-form-urlencoded"), DATE],
        body: "Param1=value1",
        signed_headers: "content-type;host;x-amz-date",
        signature: "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a",
    },
    Vector {
        name: "post-x-www-form-urlencoded-parameters",
        method: "POST",
        path_query: "/",
        headers: &[
            ("Content-Type", "application/x-www-form-urlencoded; charset=utf8"),
            DATE,
        ],
        body: "Param1=value1",
        signed_headers: "content-type;host;x-amz-date",
        signature: "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe",
    },
    Vector {
        name: "normalize-path/get-relative",
        method: "GET",
        path_query: "/example/..",
        headers: &[DATE],
        body: "",
        signed_headers: "host;x-amz-date",
        signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
    },
    Vector {
        name: "normalize-path/get-relative-relative",
        method: "GET",
        path_query: "/example1/example2/../..",
        headers: &[DATE],
        body: "",
        signed_headers: "host;x-amz-date",
        signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
    },
    Vector {
        name: "normalize-path/get-slash-dot-slash",
        method: "GET",
        path_query: "/./",
        headers: &[DATE],
        body: "",
        signed_headers: "host;x-amz-date",
        signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
    },
    Vector {
        name: "normalize-path/get-slash-pointless-dot",
        method: "GET",
        path_query: "/./example",
        headers: &[DATE],
        body: "",
        signed_headers: "host;x-amz-date",
        signature: "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5",
    },
    Vector {
        name: "normalize-path/get-space",
        method: "GET",
        path_query: "/example space/",
        headers: &[DATE],
        body: "",
        signed_headers: "host;x-amz-date",
        signature: "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741",
    },
];

#[test]
fn aws_test_suite_vectors() {
    let option = AwsSigV4Option::parse("aws:amz:us-east-1:service").unwrap();
    let creds = Credentials::from_user_option(&format!("{KEY}:{SECRET}"));
    for v in VECTORS {
        let url = format!("https://example.amazonaws.com{}", v.path_query);
        let request = SigningRequest {
            method: v.method,
            url: &url,
            headers: v.headers,
            body: v.body.as_bytes(),
            path_as_is: false,
        };
        let signed = sign(&request, &creds, &option, suite_time())
            .unwrap()
            .unwrap();
        let expected = format!(
            "{SCOPE}, SignedHeaders={}, Signature={}",
            v.signed_headers, v.signature
        );
        // The date header came with the request, so only Authorization is added.
        assert_eq!(
            signed.headers,
            vec![("Authorization".to_string(), expected)],
            "vector {}\n{}",
            v.name,
            signed.canonical_request
        );
    }
}

#[test]
fn canonical_request_and_string_to_sign_of_get_vanilla() {
    let option = AwsSigV4Option::parse("aws:amz:us-east-1:service").unwrap();
    let creds = Credentials::from_user_option(&format!("{KEY}:{SECRET}"));
    let request = SigningRequest {
        method: "GET",
        url: "https://example.amazonaws.com/",
        headers: &[],
        body: b"",
        path_as_is: false,
    };
    let signed = sign(&request, &creds, &option, suite_time())
        .unwrap()
        .unwrap();
    assert_eq!(
        signed.canonical_request,
        "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n\
         e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(
        signed.string_to_sign,
        "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n\
         bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"
    );
    // Without a date header in the request, curl adds X-Amz-Date from the clock.
    assert_eq!(
        signed.headers,
        vec![
            (
                "Authorization".to_string(),
                format!("{SCOPE}, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
            ),
            ("X-Amz-Date".to_string(), "20150830T123600Z".to_string()),
        ]
    );
}

#[test]
fn s3_gets_content_sha256_header() {
    // AWS S3 documentation example "GET Object" (examplebucket, Range bytes=0-9).
    let option = AwsSigV4Option::parse("aws:amz:us-east-1:s3").unwrap();
    let creds = Credentials::from_user_option(
        "AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    );
    let request = SigningRequest {
        method: "GET",
        url: "https://examplebucket.s3.amazonaws.com/test.txt",
        headers: &[("Range", "bytes=0-9"), ("x-amz-date", "20130524T000000Z")],
        body: b"",
        path_as_is: false,
    };
    let now = Utc.with_ymd_and_hms(2013, 5, 24, 0, 0, 0).unwrap();
    let signed = sign(&request, &creds, &option, now).unwrap().unwrap();
    assert_eq!(
        signed.headers,
        vec![
            (
                "Authorization".to_string(),
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, \
                 SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, \
                 Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
                    .to_string()
            ),
            (
                "x-amz-content-sha256".to_string(),
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855".to_string()
            ),
        ]
    );
}

#[test]
fn option_parsing() {
    let opt = |p1: &str, p2: &str, r: Option<&str>, s: Option<&str>| AwsSigV4Option {
        provider1: p1.to_string(),
        provider2: p2.to_string(),
        region: r.map(str::to_string),
        service: s.map(str::to_string),
    };
    let cases = [
        ("", Ok(opt("aws", "amz", None, None))),
        ("aws", Ok(opt("aws", "aws", None, None))),
        ("aws:amz", Ok(opt("aws", "amz", None, None))),
        (
            "aws:amz:eu-west-3",
            Ok(opt("aws", "amz", Some("eu-west-3"), None)),
        ),
        (
            "aws:amz:eu-west-3:es",
            Ok(opt("aws", "amz", Some("eu-west-3"), Some("es"))),
        ),
        (
            "aws:amz:eu-west-3:es:more",
            Ok(opt("aws", "amz", Some("eu-west-3"), Some("es"))),
        ),
        // An empty second provider defaults to the first and ends the parsing.
        ("aws::eu-west-3:es", Ok(opt("aws", "aws", None, None))),
        // An empty region ends the parsing: the service is then taken from the host.
        ("goog:goog::storage", Ok(opt("goog", "goog", None, None))),
        (":amz", Err(SigV4Error::InvalidProvider)),
    ];
    for (input, expected) in cases {
        assert_eq!(AwsSigV4Option::parse(input), expected, "input {input:?}");
    }
    let long = "a".repeat(65);
    assert_eq!(
        AwsSigV4Option::parse(&long),
        Err(SigV4Error::InvalidProvider)
    );
}

#[test]
fn region_and_service_from_host() {
    let creds = Credentials::from_user_option("key:secret");
    let cases = [
        (
            "aws:amz",
            "https://iam.us-east-1.amazonaws.com/",
            Ok("us-east-1/iam"),
        ),
        (
            "aws:amz:eu-west-1",
            "https://sqs.us-east-1.amazonaws.com/",
            Ok("eu-west-1/sqs"),
        ),
        (
            "aws:amz:eu-west-1:es",
            "http://localhost/",
            Ok("eu-west-1/es"),
        ),
        (
            "aws:amz",
            "http://localhost:8080/",
            Err(SigV4Error::ServiceMissing),
        ),
        (
            "aws:amz",
            "http://service.localhost/",
            Err(SigV4Error::RegionMissing),
        ),
    ];
    for (option, url, expected) in cases {
        let option = AwsSigV4Option::parse(option).unwrap();
        let request = SigningRequest {
            method: "GET",
            url,
            headers: &[],
            body: b"",
            path_as_is: false,
        };
        let scope = sign(&request, &creds, &option, suite_time()).map(|s| {
            let s = s.unwrap();
            let line = s.string_to_sign.lines().nth(2).unwrap().to_string();
            // "20150830/<region>/<service>/aws4_request" -> "<region>/<service>"
            line.split('/')
                .skip(1)
                .take(2)
                .collect::<Vec<_>>()
                .join("/")
        });
        assert_eq!(scope, expected.map(str::to_string), "url {url}");
    }
}

#[test]
fn other_providers_name_headers_after_them() {
    let option = AwsSigV4Option::parse("goog:goog:auto:storage").unwrap();
    let creds = Credentials::from_user_option("GOOGKEY:secret");
    let request = SigningRequest {
        method: "PUT",
        url: "https://storage.googleapis.com:8443/bucket/a%20b.txt?b=2&a=1+1",
        headers: &[("Content-Type", "text/plain"), ("User-Agent", "hurl/8.0.1")],
        body: b"hello",
        path_as_is: false,
    };
    let signed = sign(&request, &creds, &option, suite_time())
        .unwrap()
        .unwrap();
    assert_eq!(
        signed.canonical_request,
        "PUT\n/bucket/a%2520b.txt\na=1%201&b=2\ncontent-type:text/plain\n\
         host:storage.googleapis.com:8443\nuser-agent:hurl/8.0.1\nx-goog-date:20150830T123600Z\n\n\
         content-type;host;user-agent;x-goog-date\n\
         2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
    );
    assert!(signed
        .string_to_sign
        .starts_with("GOOG4-HMAC-SHA256\n20150830T123600Z\n20150830/auto/storage/goog4_request\n"));
    assert_eq!(
        signed.headers[1],
        ("X-Goog-Date".to_string(), "20150830T123600Z".to_string())
    );
    assert!(signed.headers[0].1.starts_with(
        "GOOG4-HMAC-SHA256 Credential=GOOGKEY/20150830/auto/storage/goog4_request, \
         SignedHeaders=content-type;host;user-agent;x-goog-date, Signature="
    ));
}

#[test]
fn existing_authorization_and_path_as_is() {
    let option = AwsSigV4Option::parse("aws:amz:us-east-1:service").unwrap();
    let creds = Credentials::from_user_option("k:s");
    let mut request = SigningRequest {
        method: "GET",
        url: "https://example.amazonaws.com/",
        headers: &[("authorization", "Bearer x")],
        body: b"",
        path_as_is: false,
    };
    assert_eq!(sign(&request, &creds, &option, suite_time()), Ok(None));
    request.headers = &[];
    request.path_as_is = true;
    assert_eq!(
        sign(&request, &creds, &option, suite_time()),
        Err(SigV4Error::PathAsIs)
    );
}

#[test]
fn path_and_query_canonicalization() {
    let paths = [
        ("", true, "/"),
        ("/a/./b/../c", true, "/a/c"),
        ("//double//", true, "//double//"),
        ("/a%20b", true, "/a%2520b"),
        ("/a%20b", false, "/a%20b"),
        ("/x:y@z", true, "/x%3Ay%40z"),
    ];
    for (path, encode, expected) in paths {
        assert_eq!(canonical_path(path, encode), expected, "path {path:?}");
    }
    let queries = [
        (None, ""),
        (Some(""), ""),
        (Some("b&a"), "a=&b="),
        (Some("&&a=1&&"), "a=1"),
        (Some("a=%2b&b=+"), "a=%20&b=%20"),
        (Some("x=%zz"), "x=%25zz"),
        (Some("k=v=w"), "k=v%3Dw"),
    ];
    for (query, expected) in queries {
        assert_eq!(canonical_query(query).unwrap(), expected, "query {query:?}");
    }
    let too_many = vec!["a=1"; 128].join("&");
    assert_eq!(
        canonical_query(Some(&too_many)),
        Err(SigV4Error::TooManyQueryComponents)
    );
}

#[test]
fn host_header_and_url_errors() {
    let cases = [
        ("https://h.example.com/", "h.example.com"),
        ("https://h.example.com:443/", "h.example.com"),
        ("http://h.example.com:443/", "h.example.com:443"),
        ("http://user:pw@[::1]:8080/x", "[::1]:8080"),
    ];
    for (url, host) in cases {
        assert_eq!(SplitUrl::parse(url).unwrap().host_header(), host);
    }
    for url in ["example.com/", "http:///path", "http://h:port/"] {
        assert_eq!(
            SplitUrl::parse(url).err(),
            Some(SigV4Error::InvalidUrl(url.to_string()))
        );
    }
}
