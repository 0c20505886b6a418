//! Queries and filters.

use super::{check, fails, ok, skips, t};
use crate::spec::ast::{
    CertificateField as Cert, CookieAttribute as Attr, CookiePath, Filter, FilterKind as F,
    IntegerArg, Query, QueryKind as Q, RegexValue, Replacement, Span, Spanned,
};
use crate::spec::parser::query::{filter, filters, query, unknown_query, FILTER_NAMES, QUERY_NAMES};

fn q(kind: Q) -> Query {
    Query {
        kind,
        span: Span::default(),
    }
}

fn cookie(name: &str, attribute: Option<Attr>) -> Query {
    q(Q::Cookie(Box::new(CookiePath {
        name: t(name),
        attribute,
    })))
}

fn f(kind: F) -> Filter {
    Filter {
        kind,
        span: Span::default(),
    }
}

fn re(pattern: &str) -> RegexValue {
    RegexValue::Literal(Spanned {
        value: pattern.to_string(),
        span: Span::default(),
    })
}

fn re_t(notation: &str) -> RegexValue {
    RegexValue::Template(t(notation))
}

fn replace(pattern: RegexValue, with: &str) -> Box<Replacement> {
    Box::new(Replacement {
        pattern,
        with: t(with),
    })
}

#[test]
fn queries_without_argument() {
    let rows = [
        ("status", Q::Status),
        ("version", Q::Version),
        ("url", Q::Url),
        ("ip", Q::Ip),
        ("redirects", Q::Redirects),
        ("body", Q::Body),
        ("bytes", Q::Bytes),
        ("rawbytes", Q::RawBytes),
        ("duration", Q::Duration),
        ("sha256", Q::Sha256),
        ("md5", Q::Md5),
    ];
    check(query, rows.into_iter().map(|(src, kind)| (src, ok(q(kind), ""))).collect());
}

#[test]
fn queries_with_argument() {
    check(query, vec![
        ("header \"Content-Type\"", ok(q(Q::Header(t("Content-Type"))), "")),
        ("header  \"X-{{h}}\" count", ok(q(Q::Header(t("X-{{h}}"))), " count")),
        ("xpath \"//h1[@id='a']\"", ok(q(Q::Xpath(t("//h1[@id='a']"))), "")),
        ("jsonpath \"$.items[0].id\"", ok(q(Q::Jsonpath(t("$.items[0].id"))), "")),
        ("jsonpath \"$['a b']\"", ok(q(Q::Jsonpath(t("$['a b']"))), "")),
        ("variable \"name\"", ok(q(Q::Variable(t("name"))), "")),
        ("regex \"id=(\\\\d+)\"", ok(q(Q::Regex(re_t("id=(\\d+)"))), "")),
        ("regex /id=(\\d+)/", ok(q(Q::Regex(re("id=(\\d+)"))), "")),
        ("regex /a\\/b/ == 1", ok(q(Q::Regex(re("a/b"))), " == 1")),
        ("certificate \"Subject\"", ok(q(Q::Certificate(Cert::Subject)), "")),
        ("certificate \"Issuer\"", ok(q(Q::Certificate(Cert::Issuer)), "")),
        ("certificate \"Start-Date\"", ok(q(Q::Certificate(Cert::StartDate)), "")),
        ("certificate \"Expire-Date\"", ok(q(Q::Certificate(Cert::ExpireDate)), "")),
        ("certificate \"Serial-Number\"", ok(q(Q::Certificate(Cert::SerialNumber)), "")),
    ]);
}

#[test]
fn cookie_queries() {
    check(query, vec![
        ("cookie \"id\"", ok(cookie("id", None), "")),
        ("cookie \"id[Value]\"", ok(cookie("id", Some(Attr::Value)), "")),
        ("cookie \"id[Expires]\"", ok(cookie("id", Some(Attr::Expires)), "")),
        ("cookie \"id[Max-Age]\"", ok(cookie("id", Some(Attr::MaxAge)), "")),
        ("cookie \"id[Domain]\"", ok(cookie("id", Some(Attr::Domain)), "")),
        ("cookie \"id[Path]\"", ok(cookie("id", Some(Attr::Path)), "")),
        ("cookie \"id[Secure]\"", ok(cookie("id", Some(Attr::Secure)), "")),
        ("cookie \"id[HttpOnly]\"", ok(cookie("id", Some(Attr::HttpOnly)), "")),
        ("cookie \"id[SameSite]\"", ok(cookie("id", Some(Attr::SameSite)), "")),
        ("cookie \"{{c}}[Path]\"", ok(cookie("{{c}}", Some(Attr::Path)), "")),
        ("cookie \"s-{{c}}[Path]\"", ok(cookie("s-{{c}}", Some(Attr::Path)), "")),
        ("cookie \"id[Color]\"", fails(1, 8, "unknown cookie attribute 'Color'")),
        ("cookie \"id[Domain\"", fails(1, 8, "']'")),
        ("cookie id", fails(1, 8, "cookie name as a quoted string")),
    ]);
}

#[test]
fn query_errors() {
    check(query, vec![
        ("status == 200", ok(q(Q::Status), " == 200")),
        ("statuses", skips(1, 1)),
        ("Status", skips(1, 1)),
        ("== 1", skips(1, 1)),
        ("", skips(1, 1)),
        ("header", fails(1, 7, "a space then a header name")),
        ("header\"x\"", fails(1, 7, "a space then a header name")),
        ("header Content-Type", fails(1, 8, "header name as a quoted string")),
        ("header \"a", fails(1, 10, "close the string")),
        ("xpath", fails(1, 6, "XPath expression")),
        ("jsonpath $.a", fails(1, 10, "JSONPath expression as a quoted string")),
        ("variable", fails(1, 9, "variable name")),
        ("regex", fails(1, 6, "a space then a regex")),
        ("regex x", fails(1, 7, "expecting a regex")),
        ("regex /a", fails(1, 7, "no closing '/'")),
        ("regex \"\\d\"", fails(1, 9, "invalid escape sequence '\\d'")),
        ("certificate \"Owner\"", fails(1, 13, "certificate field")),
        ("certificate \"subject\"", fails(1, 13, "certificate field")),
        ("certificate", fails(1, 12, "certificate field")),
    ]);
    assert!(unknown_query("jsonpth").contains("did you mean 'jsonpath'"));
    assert!(unknown_query("stauts").contains("did you mean 'status'"));
    assert!(unknown_query("zzz").contains("found 'zzz'"));
    assert_eq!(QUERY_NAMES.len(), 18);
}

#[test]
fn filters_without_argument() {
    let rows = [
        ("base64Decode", F::Base64Decode),
        ("base64Encode", F::Base64Encode),
        ("base64UrlSafeDecode", F::Base64UrlSafeDecode),
        ("base64UrlSafeEncode", F::Base64UrlSafeEncode),
        ("count", F::Count),
        ("daysAfterNow", F::DaysAfterNow),
        ("daysBeforeNow", F::DaysBeforeNow),
        ("first", F::First),
        ("htmlEscape", F::HtmlEscape),
        ("htmlUnescape", F::HtmlUnescape),
        ("last", F::Last),
        ("location", F::Location),
        ("toFloat", F::ToFloat),
        ("toHex", F::ToHex),
        ("toInt", F::ToInt),
        ("toString", F::ToString),
        ("urlDecode", F::UrlDecode),
        ("urlEncode", F::UrlEncode),
        ("utf8Decode", F::Utf8Decode),
        ("utf8Encode", F::Utf8Encode),
    ];
    check(filter, rows.into_iter().map(|(src, kind)| (src, ok(f(kind), ""))).collect());
}

#[test]
fn filters_with_arguments() {
    check(filter, vec![
        ("charsetDecode \"utf-8\"", ok(f(F::CharsetDecode(t("utf-8"))), "")),
        ("dateFormat \"%Y-%m-%d\"", ok(f(F::DateFormat(t("%Y-%m-%d"))), "")),
        ("decode \"iso-8859-1\"", ok(f(F::Decode(t("iso-8859-1"))), "")),
        ("format \"%a\"", ok(f(F::Format(t("%a"))), "")),
        ("jsonpath \"$.a\"", ok(f(F::Jsonpath(t("$.a"))), "")),
        ("split \",\"", ok(f(F::Split(t(","))), "")),
        ("toDate \"%Y\" == 1", ok(f(F::ToDate(t("%Y"))), " == 1")),
        ("urlQueryParam \"{{p}}\"", ok(f(F::UrlQueryParam(t("{{p}}"))), "")),
        ("xpath \"string(//a)\"", ok(f(F::Xpath(t("string(//a)"))), "")),
        ("nth 0", ok(f(F::Nth(IntegerArg::Literal(0))), "")),
        ("nth -1 ", ok(f(F::Nth(IntegerArg::Literal(-1))), " ")),
        ("nth {{i}}", ok(f(F::Nth(IntegerArg::Template(t("{{i}}")))), "")),
        ("regex /a(b)/", ok(f(F::Regex(re("a(b)"))), "")),
        ("regex \"a(\\\\w)\"", ok(f(F::Regex(re_t("a(\\w)"))), "")),
        ("replace /[0-9]+/ \"x\"", ok(f(F::Replace(replace(re("[0-9]+"), "x"))), "")),
        ("replace \"a\"  \"{{b}}\"", ok(f(F::Replace(replace(re_t("a"), "{{b}}"))), "")),
        ("replaceRegex \"\\\\s\" \"_\"", ok(f(F::ReplaceRegex(replace(re_t("\\s"), "_"))), "")),
        ("replaceRegex /\\s+/ \"\"", ok(f(F::ReplaceRegex(replace(re("\\s+"), ""))), "")),
    ]);
}

#[test]
fn filter_errors() {
    check(filter, vec![
        ("counts", skips(1, 1)),
        ("Count", skips(1, 1)),
        ("==", skips(1, 1)),
        ("count ==", ok(f(F::Count), " ==")),
        ("nth", fails(1, 4, "a space then an index")),
        ("nth x", fails(1, 5, "expecting an index")),
        ("nth 99999999999999999999", fails(1, 5, "expecting an index")),
        ("split", fails(1, 6, "separator")),
        ("split ,", fails(1, 7, "separator as a quoted string")),
        ("toDate 1", fails(1, 8, "date format as a quoted string")),
        ("regex", fails(1, 6, "a space then a regex")),
        ("replace \"a\"", fails(1, 12, "a space then the replacement")),
        ("replace \"a\" b", fails(1, 13, "replacement as a quoted string")),
        ("replace x \"b\"", fails(1, 9, "expecting a regex")),
        ("decode \"a\\qb\"", fails(1, 11, "invalid escape")),
    ]);
    assert_eq!(FILTER_NAMES.len(), 33);
    for name in FILTER_NAMES {
        let src = format!("{name} \"x\" \"y\"").replace("nth \"x\"", "nth 1");
        assert!(super::run(filter, &src).is_ok(), "{src}");
    }
}

#[test]
fn filter_chains() {
    check(filters, vec![
        ("  count nth 0 == 1", ok(vec![f(F::Count), f(F::Nth(IntegerArg::Literal(0)))], " == 1")),
        (" split \",\" last toInt", ok(vec![f(F::Split(t(","))), f(F::Last), f(F::ToInt)], "")),
        ("", ok(vec![], "")),
        (" ==", ok(vec![], " ==")),
        ("count", ok(vec![], "count")),
        (" count redact", ok(vec![f(F::Count)], " redact")),
        (" nth", fails(1, 5, "a space then an index")),
    ]);
}
