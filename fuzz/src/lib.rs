//! Shared checks for the fuzz targets.

use sortie::diagnostic::{render, Diagnostic};
use sortie::spec::source::line_col;
use sortie::spec::{parse_spec, parse_template, SyntaxError};

/// Parses `text` as a spec file; on error, checks that the position is inside the input and
/// that the diagnostic renders.
pub fn check(text: &str) {
    catch_stack_overflows();
    if let Err(e) = parse_spec(text) {
        check_error(text, e);
    }
}

/// The same for `sortie::spec::parse_template` (a `sortie.yaml` value with `{{…}}`).
pub fn check_template(text: &str) {
    catch_stack_overflows();
    if let Err(e) = parse_template(text) {
        check_error(text, e);
    }
}

/// The error's position lies inside `text` on a character boundary, its line and column
/// are in range, and the diagnostic renders.
fn check_error(text: &str, e: SyntaxError) {
    let at = e.span.start as usize;
    assert!(at <= text.len(), "offset {at} past the end: {e:?}");
    assert!(text.is_char_boundary(at), "offset {at} inside a character: {e:?}");
    let pos = line_col(text, at);
    // A position may stand just after its line's last character.
    let line = text
        .split('\n')
        .nth(pos.line as usize - 1)
        .unwrap_or_else(|| panic!("line past the end of the input: {e:?}"));
    assert!(
        pos.column as usize <= line.chars().count() + 1,
        "column past the end of line {} ({} chars): {e:?}",
        pos.line,
        line.chars().count()
    );
    let d = Diagnostic::from(e).in_file("fuzz.hurl");
    let out = render(&d, Some(text), false);
    assert!(!out.is_empty(), "empty rendering");
}

/// Makes a stack overflow a reported crash with a saved input.
///
/// Built without a sanitizer (`-s none`), libFuzzer's SIGSEGV handler runs on the overflowed
/// stack and the process dies silently, losing the input. Giving the thread an alternate
/// signal stack and the handler `SA_ONSTACK` lets libFuzzer print "deadly signal" and write
/// `crash-…`. Done on the first input, after libFuzzer has installed its handlers.
fn catch_stack_overflows() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| unsafe {
        const SIZE: usize = 1 << 18;
        let stack: &'static mut [u8] = Box::leak(vec![0u8; SIZE].into_boxed_slice());
        let ss = libc::stack_t {
            ss_sp: stack.as_mut_ptr().cast(),
            ss_flags: 0,
            ss_size: SIZE,
        };
        if libc::sigaltstack(&ss, std::ptr::null_mut()) != 0 {
            return;
        }
        for sig in [libc::SIGSEGV, libc::SIGBUS] {
            let mut act: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(sig, std::ptr::null(), &mut act) == 0
                && act.sa_sigaction != libc::SIG_DFL
                && act.sa_sigaction != libc::SIG_IGN
            {
                act.sa_flags |= libc::SA_ONSTACK;
                libc::sigaction(sig, &act, std::ptr::null_mut());
            }
        }
    });
}
