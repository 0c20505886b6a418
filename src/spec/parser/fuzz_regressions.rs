//! Inputs found by fuzzing the parser (`fuzz/`, target `parse_spec`), kept so they stay fixed.
//!
//! Each must parse, or fail with a position inside the input, without panicking or overflowing
//! the stack. Tests run on threads with small stacks, so deep-nesting cases are a fair check.

use super::parse_spec;
use crate::diagnostic::{render, Diagnostic};
use crate::spec::source::line_col;

/// Parses `text` and checks what the fuzz target checks; returns the error message, if any.
fn check(text: &str) -> Option<String> {
    match parse_spec(text) {
        Ok(_) => None,
        Err(e) => {
            assert!(e.span.start as usize <= text.len(), "past the end: {e:?}");
            assert!(
                text.is_char_boundary(e.span.start as usize),
                "inside a character: {e:?}"
            );
            let d = Diagnostic::from(e.clone()).in_file("fuzz.hurl");
            assert!(!render(&d, Some(text), false).is_empty());
            Some(e.message)
        }
    }
}

/// Deeply nested JSON arrays overflowed the stack (about 5,000 levels in a release build,
/// far fewer on a test thread); nesting is now limited.
#[test]
fn deep_json_array_body_is_an_error_not_a_stack_overflow() {
    let text = format!("POST http://localhost/x\n{}\n", "[".repeat(100_000));
    let message = check(&text).expect("too deep");
    assert!(message.contains("nested too deep"), "{message}");
}

#[test]
fn deep_json_object_body_is_an_error_not_a_stack_overflow() {
    let text = format!(
        "POST http://localhost/x\n{}1{}\n",
        "{\"a\":".repeat(100_000),
        "}".repeat(100_000)
    );
    let message = check(&text).expect("too deep");
    assert!(message.contains("nested too deep"), "{message}");
}

#[test]
fn deep_json_predicate_value_is_an_error_not_a_stack_overflow() {
    let text = format!(
        "GET http://localhost/x\nHTTP 200\n[Asserts]\njsonpath \"$\" == {}\n",
        "[".repeat(100_000)
    );
    let message = check(&text).expect("too deep");
    assert!(message.contains("nested too deep"), "{message}");
}

#[test]
fn json_nested_up_to_the_limit_still_parses() {
    let depth = super::json::MAX_JSON_DEPTH;
    let text = format!(
        "POST http://localhost/x\n{}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    assert_eq!(check(&text), None);
    let text = format!(
        "POST http://localhost/x\n{}{}\n",
        "[".repeat(depth + 1),
        "]".repeat(depth + 1)
    );
    assert!(check(&text)
        .expect("one too deep")
        .contains("nested too deep"));
}

/// `{{newUuid "{{newUuid "…` recursed through template → quoted argument → template.
#[test]
fn nested_templates_in_function_arguments_do_not_overflow_the_stack() {
    let text = format!("GET http://localhost/{}\n", "{{newUuid \"".repeat(100_000));
    let message = check(&text).expect("an argument cannot hold a template");
    assert!(message.contains("cannot hold a template"), "{message}");
    let text = format!(
        "POST http://localhost/x\n```\n{}\n```\n",
        "{{newUuid \"".repeat(100_000)
    );
    assert!(check(&text).is_some());
}

#[test]
fn template_in_function_argument_is_still_an_error_at_the_argument() {
    let text = "GET http://localhost/{{getEnv \"{{x}}\"}}\n";
    let message = check(text).expect("an argument cannot hold a template");
    assert!(message.contains("cannot hold a template"), "{message}");
    // Escaped quotes and backslashes before the braces do not end the string early.
    let text = "GET http://localhost/{{getEnv \"a\\\"b\\\\{{x}}\"}}\n";
    assert!(check(text)
        .expect("template")
        .contains("cannot hold a template"));
    // Without a template the argument is fine.
    assert_eq!(check("GET http://localhost/{{getEnv \"HOME\"}}\n"), None);
}

/// Columns were counted from the line start for every position: a long line with many
/// spanned tokens took quadratic time (14 s for a 320 KB line of JSON strings, release build).
/// The column table must give the same columns, multi-byte characters included.
#[test]
fn long_line_of_json_strings_parses_in_linear_time() {
    let body = vec!["\"{{a}}\""; 40_000].join(",");
    assert_eq!(check(&format!("POST http://localhost/x\n[{body}]\n")), None);
    let url = "{{a}}".repeat(40_000);
    assert_eq!(check(&format!("GET http://localhost/{url}\n")), None);
}

#[test]
fn error_columns_far_along_a_long_line_count_characters() {
    // Line 2: '[' then 5000 × `"é",` (4 characters, 5 bytes each), then the bad 'x'.
    let text = format!("POST http://localhost/x\n[{}x]\n", "\"é\",".repeat(5000));
    let e = parse_spec(&text).expect_err("x is not JSON");
    assert_eq!(
        {
            let at = line_col(&text, e.span.start as usize);
            (at.line, at.column)
        },
        (2, 2 + 4 * 5000),
        "{}",
        e.message
    );
    // A template error after 3000 'é' in the URL: "GET http://localhost/" is 21 characters.
    let text = format!("GET http://localhost/{}{{{{ \n", "é".repeat(3000));
    let e = parse_spec(&text).expect_err("empty template");
    assert_eq!(
        {
            let at = line_col(&text, e.span.start as usize);
            (at.line, at.column)
        },
        (1, 21 + 3000 + 4),
        "{}",
        e.message
    );
    // Same error on a later line, after a CRLF line and a long first line.
    let text = format!(
        "# {}\r\nGET http://localhost/{}{{{{ \n",
        "ü".repeat(700),
        "é".repeat(3000)
    );
    let e = parse_spec(&text).expect_err("empty template");
    assert_eq!(
        {
            let at = line_col(&text, e.span.start as usize);
            (at.line, at.column)
        },
        (2, 21 + 3000 + 4),
        "{}",
        e.message
    );
}

/// Loops over text with templates or escapes re-advanced from the start of the text at every
/// stop, and advancing counts the line breaks passed: quadratic on long text (3 s for a URL of
/// 160,000 templates). They now advance from their last stop; positions must not move.
#[test]
fn positions_after_many_templates_and_escapes_are_exact() {
    // A multiline body: 3000 lines of `{{a}}\n`, then an unclosed template on the next line.
    let text = format!(
        "POST http://localhost/x\n```\n{}ab{{{{x\n```\n",
        "{{a}}\\n\n".repeat(3000)
    );
    let e = parse_spec(&text).expect_err("{{x");
    assert_eq!(
        {
            let at = line_col(&text, e.span.start as usize);
            (at.line, at.column)
        },
        (3 + 3000, 6),
        "{}",
        e.message
    );
    // A JSON string with 3000 escapes and templates, then a control character.
    let text = format!(
        "POST http://localhost/x\n[\"{}\u{1}\"]\n",
        "\\n{{a}}".repeat(3000)
    );
    let e = parse_spec(&text).expect_err("control character");
    assert_eq!(
        {
            let at = line_col(&text, e.span.start as usize);
            (at.line, at.column)
        },
        (2, 3 + 7 * 3000),
        "{}",
        e.message
    );
    // A header value with 3000 escapes and templates, then an unclosed template.
    let text = format!(
        "GET http://localhost/x\nx-a: {}{{{{\n",
        "\\#{{a}}".repeat(3000)
    );
    let e = parse_spec(&text).expect_err("unclosed template");
    assert_eq!(
        {
            let at = line_col(&text, e.span.start as usize);
            (at.line, at.column)
        },
        (2, 6 + 7 * 3000 + 2),
        "{}",
        e.message
    );
}
