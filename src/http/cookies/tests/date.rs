//! Expectations from `oracle/results/dates.txt`: the expiry Hurl wrote to its jar for each
//! `Expires` value (a session cookie for a failed or pre-1970 date, a deleted cookie for 0).

use super::*;

#[test]
fn parses_what_curl_parses() {
    let cases: &[(&str, Option<i64>)] = &[
        ("Fri, 01 Jan 2100 00:00:00 GMT", Some(4102444800)),
        ("Friday, 01-Jan-2100 00:00:00 GMT", Some(4102444800)),
        ("Fri Jan  1 00:00:00 2100", Some(4102444800)),
        ("Fri, 01-Jan-2100 00:00:00 GMT", Some(4102444800)),
        ("01 Jan 2100 00:00:00", Some(4102444800)),
        ("Jan 01 2100", Some(4102444800)),
        ("21000101", Some(4102444800)),
        ("21000101 12:30:45 +0200", Some(4102482645)),
        ("Fri, 01 Jan 2100 00:00:00 +0130", Some(4102439400)),
        ("Fri, 01 Jan 2100 00:00:00 -0500", Some(4102462800)),
        ("Fri, 01 Jan 2100 00:00:00 PST", Some(4102473600)),
        ("Fri, 01 Jan 2100 00:00:00 CEST", Some(4102437600)),
        ("Fri, 01 Jan 2100 00:00:00 Z", Some(4102444800)),
        ("Fri, 01 Jan 2100 00:00 GMT", Some(4102444800)),
        ("Fri, 01 Jan 2100 GMT", Some(4102444800)),
        ("Fri, 31 Feb 2100 00:00:00 GMT", Some(4107715200)),
        ("Fri, 01 Jan 2100 23:59:60 GMT", Some(4102531200)),
        ("Fri, 01 Jan 30 00:00:00 GMT", Some(1893456000)),
        ("Fri, 01 Jan 70 00:00:00 GMT", Some(3155760000)),
        ("Fri, 01 Jan 71 00:00:00 GMT", Some(31536000)),
        ("Friday, 01-Jan-99 10:11:12 GMT", Some(915185472)),
        ("Fri, 01 Jan 2100 00:00:00 GMT+2", Some(4102444800)),
        ("Fri 01 Jan 2100 00:00:00 GMT garbage", Some(4102444800)),
        ("2100 Jan 01", Some(4102444800)),
        ("Fri, 1 Jan 2100 1:2:3 GMT", Some(4102448523)),
        ("Fri,01Jan2100", Some(4102444800)),
        ("Mon, 01 Jan 2100 00:00:00 GMT", Some(4102444800)),
        ("Fri, Jan 01 2100 10:00:00 GMT", Some(4102480800)),
        ("Fri, 01 Jan 9999 23:59:59 GMT", Some(253370851199)),
        ("Fri, 01 Jan 2100 00:00:00 UT", Some(4102444800)),
        ("Fri, 01 Jan 2100 12:00:00 A", Some(4102491600)),
        ("fri, 01 jan 2100 00:00:00 gmt", Some(4102444800)),
        ("Fri, 01 Jan 2100 T00:00:00 GMT", Some(4102419600)),
        (
            "Fri, 01 Jan 2100 10:20:30 GMT extra words here",
            Some(4102482030),
        ),
        // Before the epoch: curl's cookie code turns these into session cookies.
        ("Thu, 01 Jan 1960 00:00:00 GMT", Some(-315619200)),
        ("Wed, 31 Dec 1969 23:59:58 GMT", Some(-2)),
        // -1 is curl's failure value: a date landing on it becomes 0 (a deleted cookie).
        ("Wed, 31 Dec 1969 23:59:59 GMT", Some(0)),
        ("Thu, 01 Jan 1970 00:00:00 GMT", Some(0)),
        // Failures: session cookies.
        ("2100-01-01", None),
        ("01 January 2100 00:00:00 GMT", None),
        ("Fri, 32 Jan 2100 00:00:00 GMT", None),
        ("Fri, 01 Jan 2100 24:00:00 GMT", None),
        ("Mon, 01 Jan 1582 00:00:00 GMT", None),
        ("garbage Fri, 01 Jan 2100", None),
        ("12345678901 Jan 2100", None),
        ("Fri, 01 Jan 2100 00:00:00 +1500", None),
        ("Fri, 01 Jan 2100 00:00:00 J", None),
        ("Fri, 01 Jan 2100 00:00:00.123 GMT", None),
        ("2100-01-01T10:20:30Z", None),
        ("1 2 3", None),
        ("", None),
        ("???", None),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_expires(text), *expected, "{text:?}");
    }
}

/// Hour, minute, second (`None` for `hh:mm`), bytes read.
type Clock = (i64, i64, Option<i64>, usize);

#[test]
fn clock_reads_like_sscanf() {
    // (input at a digit, hour, minute, second or None for hh:mm, bytes read); None: not a time.
    let cases: &[(&str, Option<Clock>)] = &[
        ("08:49:37", Some((8, 49, Some(37), 8))),
        ("8:9", Some((8, 9, None, 3))),
        ("12:30:x", Some((12, 30, None, 5))),
        ("12: 5:07", Some((12, 5, Some(7), 8))),
        ("12:-5:00", Some((12, -5, Some(0), 8))),
        ("123:45", None),
        ("12", None),
    ];
    for (text, expected) in cases {
        assert_eq!(clock(text.as_bytes(), 0), *expected, "{text:?}");
    }
}

#[test]
fn odd_fields_follow_curl() {
    let cases: &[(&str, Option<i64>)] = &[
        // A second of -1 means "no time yet": the time is zero, the date stays.
        ("01 Jan 2100 12:30:-1", Some(4102444800)),
        // YYYYMMDD with month 00 leaves the month open for a name.
        ("21000001 Jan", Some(4102444800)),
        // A second weekday name is no month and no zone: the date fails.
        ("Fri Sat 01 Jan 2100", None),
        // Words longer than 31 letters are cut; the first 31 are no known word.
        ("Fridayyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy 01 Jan 2100", None),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_expires(text), *expected, "{text:?}");
    }
}
