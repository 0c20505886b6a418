//! Encoding filters: input value and arguments → value or an error naming the filter.

use crate::check::testutil::{b, check_filters, list, str_, want_str as s, Want};
use crate::check::Value;
use Want::{Err as E, V};

#[test]
fn bytes_filters() {
    let raw = [0x3c, 0x3c, 0x3f, 0x3f, 0x3f, 0x3e, 0x3e];
    check_filters(vec![
        (str_("PDw/Pz8+Pg=="), "base64Decode", V(b(&raw))),
        (str_("PDw/Pz8+Pg"), "base64Decode", V(b(&raw))),
        (
            str_("!@#"),
            "base64Decode",
            E("filter 'base64Decode': the string is not base64"),
        ),
        (
            b(&raw),
            "base64Decode",
            E("filter 'base64Decode' expects a string, got bytes"),
        ),
        (b(&raw), "base64Encode", s("PDw/Pz8+Pg==")),
        (
            str_("abc"),
            "base64Encode",
            E("filter 'base64Encode' expects bytes, got string"),
        ),
        (str_("PDw_Pz8-Pg"), "base64UrlSafeDecode", V(b(&raw))),
        (str_("PDw_Pz8-Pg=="), "base64UrlSafeDecode", V(b(&raw))),
        (
            str_("PDw/Pz8+Pg"),
            "base64UrlSafeDecode",
            E("filter 'base64UrlSafeDecode': the string is not URL-safe base64"),
        ),
        (
            Value::Integer(1),
            "base64UrlSafeDecode",
            E("filter 'base64UrlSafeDecode' expects a string, got integer"),
        ),
        (b(&raw), "base64UrlSafeEncode", s("PDw_Pz8-Pg")),
        (
            list(&[1]),
            "base64UrlSafeEncode",
            E("filter 'base64UrlSafeEncode' expects bytes, got list"),
        ),
        (
            b(&[0xc4, 0xe3, 0xba, 0xc3]),
            r#"decode "gb2312""#,
            s("你好"),
        ),
        (b("你好".as_bytes()), r#"decode "utf-8""#, s("你好")),
        (
            b(&[0xff]),
            r#"decode "utf-8""#,
            E("filter 'decode': the bytes are not valid utf-8"),
        ),
        (
            b(b"x"),
            r#"decode "klingon""#,
            E("filter 'decode': unknown charset 'klingon'"),
        ),
        (
            str_("café"),
            r#"decode "utf-8""#,
            E("filter 'decode' expects bytes, got string"),
        ),
        (
            b(&[0x63, 0x61, 0x66, 0xe9]),
            r#"charsetDecode "iso-8859-1""#,
            s("café"),
        ),
        (
            str_("x"),
            r#"charsetDecode "utf-8""#,
            E("filter 'charsetDecode' expects bytes, got string"),
        ),
        (
            b(b"Hello \xF0\x90\x80World"),
            "utf8Decode",
            s("Hello \u{fffd}World"),
        ),
        (
            str_("x"),
            "utf8Decode",
            E("filter 'utf8Decode' expects bytes, got string"),
        ),
        (
            str_("café"),
            "utf8Encode",
            V(b(&[0x63, 0x61, 0x66, 0xc3, 0xa9])),
        ),
        (
            b(b"x"),
            "utf8Encode",
            E("filter 'utf8Encode' expects a string, got bytes"),
        ),
        (b(&raw), "toHex", s("3c3c3f3f3f3e3e")),
        (str_("café"), "utf8Encode toHex", s("636166c3a9")),
        (
            str_("x"),
            "toHex",
            E("filter 'toHex' expects bytes, got string"),
        ),
        (str_("aGk="), "base64Decode utf8Decode", s("hi")),
    ]);
}

#[test]
fn text_encodings() {
    check_filters(vec![
        (str_("a/b c?d=é"), "urlEncode", s("a/b%20c%3Fd%3D%C3%A9")),
        (
            str_("https://mozilla.org/?x=шеллы"),
            "urlEncode",
            s("https%3A//mozilla.org/%3Fx%3D%D1%88%D0%B5%D0%BB%D0%BB%D1%8B"),
        ),
        (
            Value::Integer(1),
            "urlEncode",
            E("filter 'urlEncode' expects a string, got integer"),
        ),
        (
            str_("https://mozilla.org/?x=%D1%88%D0%B5%D0%BB%D0%BB%D1%8B"),
            "urlDecode",
            s("https://mozilla.org/?x=шеллы"),
        ),
        (str_("100% a%2 %zz+"), "urlDecode", s("100% a%2 %zz+")),
        (
            b(b"%41"),
            "urlDecode",
            E("filter 'urlDecode' expects a string, got bytes"),
        ),
        (
            str_("<a href=\"x\">Tom & Jerry's</a>"),
            "htmlEscape",
            s("&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#x27;s&lt;/a&gt;"),
        ),
        (
            Value::Null,
            "htmlEscape",
            E("filter 'htmlEscape' expects a string, got null"),
        ),
        (
            str_("&lt;b&gt; &amp;amp; &#39; &#x27; &copy; &unknown; & alone &#xZZ;"),
            "htmlUnescape",
            s("<b> &amp; ' ' © &unknown; & alone &#xZZ;"),
        ),
        (
            // Python's html.unescape: no `;` needed, longest legacy name, C1 as Windows-1252.
            str_("&#65 foo &#x41; &ampx &notit; &#128; &#0; &NotEqualTilde; &acE;"),
            "htmlUnescape",
            s("A foo A &x ¬it; € \u{fffd} \u{2242}\u{338} \u{223e}\u{333}"),
        ),
        (
            Value::Integer(1),
            "htmlUnescape",
            E("filter 'htmlUnescape' expects a string, got integer"),
        ),
    ]);
}
