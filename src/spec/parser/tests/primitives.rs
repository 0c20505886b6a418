//! Spaces, line ends, comments, strings with templates, numbers and regex literals.

use super::{check, ex, fails, lc, ok, run, skips, t};
use crate::spec::ast::{Number, Spanned};
use crate::spec::parser::primitives::{
    backtick_string, comment, filename, integer, key_string, keyword, line_end, lt, lts, number,
    quoted_string, regex_literal, sp0, sp1, template_expr, value_string,
};
use crate::spec::parser::{In, PResult};

#[test]
fn spaces() {
    for (src, rest) in [("  \tx", "x"), ("x", "x"), ("", ""), (" \n", "\n")] {
        assert_eq!(sp0(In::new(src)).fragment(), rest, "{src:?}");
    }
    check(sp1, vec![("  x", ok((), "x")), ("\tx", ok((), "x")), ("x", skips(1, 1)), ("", skips(1, 1))]);
}

#[test]
fn comments() {
    fn rule(i: In) -> PResult<String> {
        comment(i).map(|(r, c)| (r, c.to_string()))
    }
    check(rule, vec![
        ("# hi\nrest", ok("# hi".to_string(), "\nrest")),
        ("#\r\n", ok("#".to_string(), "\r\n")),
        ("## a # b", ok("## a # b".to_string(), "")),
        ("x # no", skips(1, 1)),
        (" # indented", skips(1, 1)),
        ("", skips(1, 1)),
    ]);
}

#[test]
fn line_terminators() {
    check(lt, vec![
        ("\nX", ok((), "X")),
        ("\r\nX", ok((), "X")),
        ("  # c\nX", ok((), "X")),
        ("\t# c", ok((), "")),
        ("", ok((), "")),
        ("   ", ok((), "")),
        ("x", skips(1, 1)),
        ("  x", skips(1, 3)),
        ("\rx", skips(1, 1)),
    ]);
    check(line_end, vec![
        ("  # c\nX", ok((), "X")),
        ("  x", fails(1, 3, "found 'x'")),
        ("\r", fails(1, 1, "expecting the end of the line")),
    ]);
    let skipped = [
        ("\n\n  # c\n\t\nGET", "GET"),
        ("# a\r\n# b\r\nGET", "GET"),
        ("  GET", "  GET"),
        ("", ""),
        ("\n  ", ""),
    ];
    for (src, rest) in skipped {
        assert_eq!(lts(In::new(src)).fragment(), rest, "{src:?}");
    }
}

#[test]
fn key_strings() {
    check(key_string, vec![
        ("key: v", ok(t("key"), ": v")),
        ("Content-Type:", ok(t("Content-Type"), ":")),
        ("a\\:b\\#c:", ok(t("a:b#c"), ":")),
        ("a\\/b:", ok(t("a/b"), ":")),
        // Hurl 8 has no `\ `, `\[` or `\]` in keys.
        ("a\\ b:", fails(1, 3, "invalid escape")),
        ("a\\[0]:", fails(1, 3, "invalid escape")),
        ("$top.a[0]@x_y:", ok(t("$top.a[0]@x_y"), ":")),
        ("x-{{name}}-y: 1", ok(t("x-{{name}}-y"), ": 1")),
        ("{{ key }}:", ok(t("{{key}}"), ":")),
        ("été:", ok(t("été"), ":")),
        ("名前:", ok(t("名前"), ":")),
        ("a\\u{20}b:", ok(t("a b"), ":")),
        ("a\\\\b:", ok(t("a\\b"), ":")),
        ("key value", ok(t("key"), " value")),
        (": v", skips(1, 1)),
        ("", skips(1, 1)),
        (" key", skips(1, 1)),
        ("a\\qb", fails(1, 3, "invalid escape sequence '\\q'")),
        ("a\\", fails(1, 3, "escaped character")),
        ("{{x", fails(1, 4, "'}}'")),
    ]);
}

#[test]
fn value_strings() {
    check(value_string, vec![
        ("hello world   \nnext", ok(t("hello world"), "\nnext")),
        ("a # comment", ok(t("a"), "# comment")),
        ("a \\# b", ok(t("a # b"), "")),
        ("{{host}}/p?q={{ q }}", ok(t("{{host}}/p?q={{q}}"), "")),
        ("{{host}}   ", ok(t("{{host}}"), "")),
        ("", ok(t(""), "")),
        ("  ", ok(t(""), "")),
        ("a\\tb\\nc", ok(t("a\tb\nc"), "")),
        ("\"quoted\" 'x'", ok(t("\"quoted\" 'x'"), "")),
        ("a\r\nb", ok(t("a"), "\r\nb")),
        ("caf\\u{e9}", ok(t("café"), "")),
        // Only spaces written as such are trimmed: escaped ones are part of the value.
        ("tab\\t", ok(t("tab\t"), "")),
        ("x\\u{20}  ", ok(t("x "), "")),
        ("a \\t ", ok(t("a \t"), "")),
        ("bad \\q", fails(1, 6, "invalid escape sequence '\\q'")),
        ("x {{a b}}", fails(1, 7, "found 'b'")),
    ]);
    // The span ends after the last character kept.
    let (v, _) = run(value_string, "hello world   # c").unwrap();
    assert_eq!(lc(v.span), (1, 1, 1, 12));
    let (v, _) = run(value_string, "a\\t  ").unwrap();
    assert_eq!(lc(v.span), (1, 1, 1, 4));
}

#[test]
fn quoted_strings() {
    check(quoted_string, vec![
        ("\"abc\" rest", ok(t("abc"), " rest")),
        ("\"\"", ok(t(""), "")),
        (r#""a\"b\\c\nd\te\rf\bg\fh""#, ok(t("a\"b\\c\nd\te\rf\u{8}g\u{c}h"), "")),
        (r#""caf\u{00e9}""#, ok(t("café"), "")),
        (r#""\u{1F600}!""#, ok(t("😀!"), "")),
        ("\"{{name}}!\"", ok(t("{{name}}!"), "")),
        ("\"a#b 'c'\"", ok(t("a#b 'c'"), "")),
        ("\"été\"x", ok(t("été"), "x")),
        ("abc", skips(1, 1)),
        ("", skips(1, 1)),
        (r#""a\qb""#, fails(1, 4, "invalid escape sequence '\\q'")),
        (r#""a\#\`\/""#, ok(t("a#`/"), "")),
        (r#""\u00e9""#, fails(1, 4, "expecting '{'")),
        (r#""\u{}""#, fails(1, 5, "hexadecimal digits")),
        (r#""\u{1234567}""#, fails(1, 5, "hexadecimal digits")),
        (r#""\u{d800}""#, fails(1, 5, "Unicode scalar value")),
        (r#""\u{00e9""#, fails(1, 9, "'}'")),
        ("\"a\\", fails(1, 4, "escaped character")),
        ("\"abc", fails(1, 5, "close the string")),
        ("\"abc\ndef\"", fails(1, 5, "close the string")),
        ("\"é\\x\"", fails(1, 4, "invalid escape")),
    ]);
    let (v, _) = run(quoted_string, "\"ab\" c").unwrap();
    assert_eq!(lc(v.span), (1, 1, 1, 5));
}

#[test]
fn backtick_strings() {
    check(backtick_string, vec![
        ("`hello {{x}}`", ok(t("hello {{x}}"), "")),
        ("`a\\`b\"c`x", ok(t("a`b\"c"), "x")),
        ("``", ok(t(""), "")),
        ("'a'", skips(1, 1)),
        ("`abc", fails(1, 5, "'`'")),
        ("`a\nb`", fails(1, 3, "'`'")),
        ("`a\\\"\\#\\/`", ok(t("a\"#/"), "")),
        ("`a\\:`", fails(1, 4, "invalid escape")),
    ]);
}

#[test]
fn template_expressions() {
    use crate::spec::ast::{Expr, ExprKind, Literal, Span};
    let call = |name: &str, args: Vec<Literal>| Expr {
        kind: ExprKind::Function {
            name: name.to_string(),
            args,
        },
        span: Span::default(),
    };
    check(template_expr, vec![
        ("{{name}}x", ok(ex("name"), "x")),
        ("{{ name }}", ok(ex("name"), "")),
        ("{{\tuser-id_2\t}}", ok(ex("user-id_2"), "")),
        ("{{newUuid}}", ok(call("newUuid", vec![]), "")),
        ("{{ newDate }}", ok(call("newDate", vec![]), "")),
        ("{{randomInt 10 99}}", ok(call("randomInt", vec![Literal::Integer(10), Literal::Integer(99)]), "")),
        ("{{randomInt -5  5}}", ok(call("randomInt", vec![Literal::Integer(-5), Literal::Integer(5)]), "")),
        ("{{ getEnv \"HOME\" }}", ok(call("getEnv", vec![Literal::String("HOME".into())]), "")),
        ("{{getEnv \"A B\"}}", ok(call("getEnv", vec![Literal::String("A B".into())]), "")),
        ("{x}}", skips(1, 1)),
        ("x", skips(1, 1)),
        ("{{name", fails(1, 7, "found the end of the file")),
        ("{{name}", fails(1, 7, "found '}'")),
        ("{{name\n}}", fails(1, 7, "'}}'")),
        ("{{}}", fails(1, 3, "variable name")),
        ("{{ }}", fails(1, 4, "variable name")),
        ("{{\"x\"}}", fails(1, 3, "variable name")),
        ("{{a b}}", fails(1, 5, "found 'b'")),
        ("{{getEnv \"{{x}}\"}}", fails(1, 10, "cannot hold a template")),
        ("{{getEnv \"a\\qb\"}}", fails(1, 13, "invalid escape")),
        ("{{getEnv \"HOME}}", fails(1, 17, "close the string")),
        ("{{randomInt 99999999999999999999 1}}", fails(1, 13, "64-bit")),
    ]);
    let (e, _) = run(template_expr, "{{ name }}").unwrap();
    assert_eq!(lc(e.span), (1, 4, 1, 8));
}

#[test]
fn integers() {
    check(integer, vec![
        ("42 ", ok(42, " ")),
        ("-7", ok(-7, "")),
        ("0x", ok(0, "x")),
        ("007", ok(7, "")),
        ("9223372036854775807", ok(i64::MAX, "")),
        ("-", skips(1, 1)),
        ("x", skips(1, 1)),
        ("+1", skips(1, 1)),
        ("9223372036854775808", fails(1, 1, "64-bit")),
    ]);
}

#[test]
fn numbers() {
    let float = |f: f64, s: &str| Number::Float(f, s.to_string());
    check(number, vec![
        ("42", ok(Number::Integer(42), "")),
        ("-3 ", ok(Number::Integer(-3), " ")),
        ("1.5", ok(float(1.5, "1.5"), "")),
        ("-0.25", ok(float(-0.25, "-0.25"), "")),
        ("2e10", ok(float(2e10, "2e10"), "")),
        ("1.5E-3", ok(float(1.5e-3, "1.5E-3"), "")),
        ("1e+2", ok(float(100.0, "1e+2"), "")),
        ("12345678901234567890", ok(Number::BigInteger("12345678901234567890".into()), "")),
        ("-99999999999999999999", ok(Number::BigInteger("-99999999999999999999".into()), "")),
        ("1.5.3", ok(float(1.5, "1.5"), ".3")),
        ("1.", fails(1, 3, "digits after the decimal point")),
        ("1.x", fails(1, 3, "decimal point")),
        ("1e", fails(1, 3, "exponent")),
        ("1e+", fails(1, 4, "exponent")),
        ("1e999", fails(1, 1, "finite")),
        ("-", skips(1, 1)),
        (".5", skips(1, 1)),
        ("x", skips(1, 1)),
    ]);
}

#[test]
fn regex_literals() {
    let re = |s: &str| Spanned {
        value: s.to_string(),
        span: Default::default(),
    };
    check(regex_literal, vec![
        ("/a\\/b/ rest", ok(re("a/b"), " rest")),
        ("/\\d+\\.\\w/", ok(re("\\d+\\.\\w"), "")),
        ("/(\\\\)/", ok(re("(\\\\)"), "")),
        ("//", ok(re(""), "")),
        ("/é\"#/", ok(re("é\"#"), "")),
        ("abc/", skips(1, 1)),
        ("/abc", fails(1, 1, "no closing '/'")),
        ("/ab\ncd/", fails(1, 1, "no closing '/'")),
        ("/ab\\/", fails(1, 1, "no closing '/'")),
    ]);
}

#[test]
fn filenames() {
    check(filename, vec![
        ("data.bin; x", ok(t("data.bin"), "; x")),
        ("a/b c", ok(t("a/b"), " c")),
        ("my\\ file\\;1\\#.txt;", ok(t("my file;1#.txt"), ";")),
        ("a\\{b\\}\\u{e9};", ok(t("a{b}é"), ";")),
        ("{{dir}}/a.json;", ok(t("{{dir}}/a.json"), ";")),
        ("résumé.pdf;", ok(t("résumé.pdf"), ";")),
        (";", fails(1, 1, "file name")),
        (" a;", fails(1, 1, "file name")),
        ("a\\:b;", fails(1, 3, "invalid escape")),
    ]);
}

#[test]
fn keywords() {
    let rows = [
        ("true,", Some(",")),
        ("true", Some("")),
        ("true ", Some(" ")),
        ("trueish", None),
        ("true-x", None),
        ("true_x", None),
        ("tru", None),
    ];
    for (src, rest) in rows {
        let got = keyword(In::new(src), "true").map(|r| r.fragment());
        assert_eq!(got, rest, "{src:?}");
    }
}
