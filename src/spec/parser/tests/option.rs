//! `[Options]` lines: every kind of value, units, and unknown keys.

use super::{check, fails, ok, skips, t};
use crate::spec::ast::{Number, Span, Spanned, Template};
use crate::spec::options::{
    entry_options, lookup_option, BoolOption, DurationOption, DurationUnit as U, EntryOption,
    IntegerOption, OptionKey, OptionSetting, ResponseType, VariableDefinition,
    VariableValue as VV, Verbosity,
};
use crate::spec::parser::option::entry_option;

/// A value as the rows write it, before it is typed by its key.
#[derive(Debug)]
enum O {
    Bool(BoolOption),
    Integer(IntegerOption),
    Duration(DurationOption),
    Text(Template),
    Variable(VariableDefinition),
    Verbosity(Verbosity),
    ResponseType(ResponseType),
}

/// The row's value as the value kind `$kind` (a row of the wrong kind is a mistake in the
/// table).
macro_rules! take {
    (Bool, $o:expr) => { match $o { O::Bool(v) => v, o => panic!("not a boolean: {o:?}") } };
    (Natural, $o:expr) => { match $o { O::Integer(v) => v, o => panic!("not an integer: {o:?}") } };
    (Count, $o:expr) => { match $o { O::Integer(v) => v, o => panic!("not an integer: {o:?}") } };
    (DurationMs, $o:expr) => { match $o { O::Duration(v) => v, o => panic!("not a duration: {o:?}") } };
    (Text, $o:expr) => { match $o { O::Text(v) => v, o => panic!("not a text: {o:?}") } };
    (Variable, $o:expr) => { match $o { O::Variable(v) => v, o => panic!("not a variable: {o:?}") } };
    (Verbosity, $o:expr) => { match $o { O::Verbosity(v) => v, o => panic!("not a verbosity: {o:?}") } };
    (ResponseType, $o:expr) => { match $o { O::ResponseType(v) => v, o => panic!("not a response type: {o:?}") } };
}

macro_rules! typed_setting {
    ($($name:literal => $variant:ident: $kind:ident),* $(,)?) => {
        fn setting(key: OptionKey, value: O) -> OptionSetting {
            match key {
                $(OptionKey::$variant => OptionSetting::$variant(take!($kind, value))),*
            }
        }
    };
}

entry_options!(typed_setting);

/// The option line `name: …` with its value.
fn opt(name: &str, value: O) -> EntryOption {
    let (key, _) = lookup_option(name).expect("a known option");
    EntryOption {
        name: Spanned {
            value: name.to_string(),
            span: Span::default(),
        },
        setting: setting(key, value),
        span: Span::default(),
    }
}

fn boolean(value: bool) -> O {
    O::Bool(BoolOption::Literal(value))
}

fn int(n: i64) -> O {
    O::Integer(IntegerOption::Literal(n))
}

fn dur(n: i64, unit: U) -> O {
    O::Duration(DurationOption {
        value: IntegerOption::Literal(n),
        unit,
    })
}

fn var(name: &str, value: VV) -> O {
    O::Variable(VariableDefinition {
        name: Spanned {
            value: name.to_string(),
            span: Span::default(),
        },
        value,
    })
}

#[test]
fn booleans() {
    check(entry_option, vec![
        ("insecure: true\n", ok(opt("insecure", boolean(true)), "")),
        ("compressed: false # c\nnext", ok(opt("compressed", boolean(false)), "next")),
        ("  location :true", ok(opt("location", boolean(true)), "")),
        ("location: {{follow}}", ok(opt("location", O::Bool(BoolOption::Template(t("{{follow}}")))), "")),
        ("http1.0: true", ok(opt("http1.0", boolean(true)), "")),
        ("ignore-ssl-errors: true", ok(opt("ignore-ssl-errors", boolean(true)), "")),
        ("retry-all-errors: false", ok(opt("retry-all-errors", boolean(false)), "")),
        ("insecure: yes", fails(1, 11, "expecting true or false, found 'y'")),
        ("insecure: truely", fails(1, 11, "true or false")),
        ("insecure:", fails(1, 10, "found the end of the file")),
        ("insecure: true false", fails(1, 16, "end of the line")),
    ]);
}

#[test]
fn integers() {
    check(entry_option, vec![
        ("limit-rate: 1000", ok(opt("limit-rate", int(1000)), "")),
        ("max-filesize: 0", ok(opt("max-filesize", int(0)), "")),
        ("max-retries: {{n}}", ok(opt("max-retries", O::Integer(IntegerOption::Template(t("{{n}}")))), "")),
        ("retry: -1", ok(opt("retry", int(-1)), "")),
        ("max-redirs: 5", ok(opt("max-redirs", int(5)), "")),
        ("repeat: 3 # c", ok(opt("repeat", int(3)), "")),
        ("max-filesize: -1", fails(1, 15, "0 or more")),
        ("retry: -2", fails(1, 8, "-1 (no limit), 0 or more")),
        ("retry: x", fails(1, 8, "expecting an integer, found 'x'")),
        ("retry: 1.5", fails(1, 9, "end of the line")),
        ("retry: 99999999999999999999", fails(1, 8, "64-bit")),
    ]);
}

#[test]
fn durations() {
    check(entry_option, vec![
        // A bare number is milliseconds for every key, as in Hurl's [Options].
        ("delay: 500", ok(opt("delay", dur(500, U::Millisecond)), "")),
        ("retry-interval: 1000", ok(opt("retry-interval", dur(1000, U::Millisecond)), "")),
        ("retry-delay: 100", ok(opt("retry-delay", dur(100, U::Millisecond)), "")),
        ("timeout: 30", ok(opt("timeout", dur(30, U::Millisecond)), "")),
        ("connect-timeout: 5", ok(opt("connect-timeout", dur(5, U::Millisecond)), "")),
        ("max-time: 10", ok(opt("max-time", dur(10, U::Millisecond)), "")),
        ("delay: 300ms", ok(opt("delay", dur(300, U::Millisecond)), "")),
        ("delay: 2s", ok(opt("delay", dur(2, U::Second)), "")),
        ("delay: 1m", ok(opt("delay", dur(1, U::Minute)), "")),
        ("delay: 1h # c", ok(opt("delay", dur(1, U::Hour)), "")),
        ("max-time: 250ms", ok(opt("max-time", dur(250, U::Millisecond)), "")),
        ("timeout: 2s", ok(opt("timeout", dur(2, U::Second)), "")),
        (
            "delay: {{d}}s",
            ok(opt("delay", O::Duration(DurationOption { value: IntegerOption::Template(t("{{d}}")), unit: U::Second })), ""),
        ),
        ("delay: 5x", fails(1, 9, "invalid duration unit 'x'")),
        ("delay: 5sec", fails(1, 9, "invalid duration unit 'sec'")),
        ("delay: 5 s", fails(1, 10, "end of the line")),
        ("delay: -5", fails(1, 8, "0 or more")),
        ("delay: s", fails(1, 8, "expecting an integer")),
    ]);
}

#[test]
fn texts_and_enumerations() {
    check(entry_option, vec![
        ("user: bob:secret", ok(opt("user", O::Text(t("bob:secret"))), "")),
        ("proxy: http://{{host}}:3128  # c", ok(opt("proxy", O::Text(t("http://{{host}}:3128"))), "")),
        ("connection: billing", ok(opt("connection", O::Text(t("billing"))), "")),
        ("output: ", fails(1, 9, "expecting a value")),
        ("cacert: # none", fails(1, 9, "expecting a value")),
        ("verbosity: brief", ok(opt("verbosity", O::Verbosity(Verbosity::Brief)), "")),
        ("verbosity: verbose", ok(opt("verbosity", O::Verbosity(Verbosity::Verbose)), "")),
        ("verbosity: debug", ok(opt("verbosity", O::Verbosity(Verbosity::Debug)), "")),
        ("verbosity: loud", fails(1, 12, "brief, verbose or debug")),
        ("verbosity: debugging", fails(1, 12, "brief, verbose or debug")),
        ("response-type: json", ok(opt("response-type", O::ResponseType(ResponseType::Json)), "")),
        ("response-type: text", ok(opt("response-type", O::ResponseType(ResponseType::Text)), "")),
        ("response-type: binary", ok(opt("response-type", O::ResponseType(ResponseType::Binary)), "")),
        ("response-type: xml", fails(1, 16, "json, text or binary")),
    ]);
}

#[test]
fn variables() {
    let float = |f: f64, s: &str| VV::Number(Number::Float(f, s.to_string()));
    check(entry_option, vec![
        ("variable: host=example.org", ok(opt("variable", var("host", VV::String(t("example.org")))), "")),
        ("variable: n=42", ok(opt("variable", var("n", VV::Number(Number::Integer(42)))), "")),
        ("variable: n = -7 # c", ok(opt("variable", var("n", VV::Number(Number::Integer(-7)))), "")),
        ("variable: f=1.5", ok(opt("variable", var("f", float(1.5, "1.5"))), "")),
        ("variable: b=true", ok(opt("variable", var("b", VV::Bool(true))), "")),
        ("variable: b=false", ok(opt("variable", var("b", VV::Bool(false))), "")),
        ("variable: z=null", ok(opt("variable", var("z", VV::Null)), "")),
        ("variable: s=\"a b\"", ok(opt("variable", var("s", VV::String(t("a b")))), "")),
        ("variable: s=\"1\"", ok(opt("variable", var("s", VV::String(t("1")))), "")),
        ("variable: s=123abc", ok(opt("variable", var("s", VV::String(t("123abc")))), "")),
        ("variable: s=true story", ok(opt("variable", var("s", VV::String(t("true story")))), "")),
        ("variable: s=nullable", ok(opt("variable", var("s", VV::String(t("nullable")))), "")),
        ("variable: url={{base}}/x", ok(opt("variable", var("url", VV::String(t("{{base}}/x")))), "")),
        ("variable: user_id-2=a", ok(opt("variable", var("user_id-2", VV::String(t("a")))), "")),
        ("variable: newUuid=1", fails(1, 11, "built-in function")),
        ("variable: x", fails(1, 12, "expecting '=' after the variable name")),
        ("variable: x 1", fails(1, 13, "'='")),
        ("variable: =1", fails(1, 11, "variable name")),
        ("variable: a=\"x\\q\"", fails(1, 16, "invalid escape")),
    ]);
}

#[test]
fn unknown_options() {
    check(entry_option, vec![
        ("retyr: 1", fails(1, 1, "unknown option 'retyr'; did you mean 'retry'?")),
        ("  very_verbose: true", fails(1, 3, "did you mean 'very-verbose'")),
        ("frobnicate: 1", fails(1, 1, "unknown option 'frobnicate'")),
        ("Insecure: true", fails(1, 1, "did you mean 'insecure'")),
        ("insecure true", skips(1, 1)),
        ("[Asserts]", skips(1, 1)),
        ("GET http://x", skips(1, 1)),
        ("", skips(1, 1)),
        (": true", skips(1, 1)),
    ]);
}
