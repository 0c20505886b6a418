//! Number ↔ string conversions as Hurl's XPath engine (libxml2) does them.
//!
//! XPath 1.0 asks for plain decimals; libxml2 prints 15 significant digits and switches to
//! exponent form outside 1e-5..1e9, so `string(1 div 3)` is `0.333333333333333` and
//! `string(100000000000)` is `1e+11`. Hurl users' expectations follow libxml2.

/// XPath `string(number)`.
pub(super) fn format_number(n: f64) -> String {
    if n.is_nan() {
        return "NaN".to_string();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    // Integers strictly inside the C `int` range print as integers (-0 too).
    if n > i32::MIN as f64 && n < i32::MAX as f64 && n == n.trunc() {
        return format!("{}", n as i32);
    }
    let abs = n.abs();
    if !(1e-5..=1e9).contains(&abs) {
        // printf("%.14e"), then trailing zeros of the mantissa removed.
        let s = format!("{n:.14e}");
        let (mantissa, exponent) = s.split_once('e').unwrap_or((&s, "0"));
        let exponent: i32 = exponent.parse().unwrap_or(0);
        let sign = if exponent < 0 { '-' } else { '+' };
        format!(
            "{}e{sign}{:02}",
            trim_fraction(mantissa),
            exponent.unsigned_abs()
        )
    } else {
        // 15 significant digits in total.
        let integer_place = abs.log10() as i32;
        let fraction_place = if integer_place > 0 {
            15 - integer_place - 1
        } else {
            15 - integer_place
        };
        let s = format!("{n:.*}", fraction_place.max(0) as usize);
        trim_fraction(&s).to_string()
    }
}

/// Removes trailing zeros of a fraction, and the point if nothing is left after it.
fn trim_fraction(s: &str) -> &str {
    if !s.contains('.') {
        return s;
    }
    s.trim_end_matches('0').trim_end_matches('.')
}

/// XPath `number(string)`: optional `-`, digits with an optional fraction, an optional
/// exponent (a libxml2 extension), blanks around; anything else is NaN.
pub(super) fn parse_number(s: &str) -> f64 {
    let t = s.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n'));
    let bytes = t.as_bytes();
    let mut i = 0;
    if bytes.first() == Some(&b'-') {
        i += 1;
    }
    let int_start = i;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
    }
    let mut digits = i - int_start;
    if i < bytes.len() && bytes[i] == b'.' {
        i += 1;
        let frac_start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        digits += i - frac_start;
    }
    if digits == 0 {
        return f64::NAN;
    }
    let mantissa_end = i;
    let mut exponent = 0i32;
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        i += 1;
        let negative = match bytes.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        // libxml2 reads "1e" as 1: the exponent digits may be missing.
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            exponent = exponent
                .saturating_mul(10)
                .saturating_add(i32::from(bytes[i] - b'0'));
            i += 1;
        }
        if negative {
            exponent = -exponent;
        }
    }
    if i != bytes.len() {
        return f64::NAN;
    }
    let mantissa = &t[..mantissa_end];
    // Rust's parser wants a digit on both sides of the point in no case but accepts "1." and
    // ".5"; it does not accept "-" alone, excluded above.
    let text = format!("{mantissa}e{exponent}");
    text.parse().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected strings are those real Hurl 8.0.1 printed for `string(n)`.
    #[test]
    fn formats_numbers_as_hurl() {
        let cases: &[(f64, &str)] = &[
            (1.5, "1.5"),
            (0.1 + 0.2, "0.3"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
            (f64::NAN, "NaN"),
            (100000000000.0, "1e+11"),
            (1e21, "1e+21"),
            (0.000001, "1e-06"),
            (0.0000001, "1e-07"),
            (-0.0, "0"),
            (-0.5, "-0.5"),
            (123_456_789.123_456_79, "123456789.123457"),
            (1.0 / 3.0, "0.333333333333333"),
            (2.0 / 3.0, "0.666666666666667"),
            (3.0, "3"),
            (3000000000.0, "3e+09"),
            (2147483647.0, "2.147483647e+09"),
            (2147483648.0, "2.147483648e+09"),
            (-2147483647.0, "-2147483647"),
            (-2147483648.0, "-2.147483648e+09"),
            (1000000000.0, "1000000000"),
            (1000000001.5, "1.0000000015e+09"),
            (0.00001, "0.00001"),
            (0.000012, "0.000012"),
            (1.0 / 7.0 * 1000000.0, "142857.142857143"),
            (123.456, "123.456"),
            (-123.456e-20, "-1.23456e-18"),
            (1e23, "1e+23"),
            (1e15, "1e+15"),
            (12345678901.5, "1.23456789015e+10"),
            (5.0 / 3.0 * 3.0, "5"),
            (11.000000000000002, "11"),
            (12.5, "12.5"),
        ];
        for (n, expected) in cases {
            assert_eq!(format_number(*n), *expected, "string({n})");
        }
    }

    /// Expected values are those real Hurl 8.0.1 gave for `number('…')`.
    #[test]
    fn parses_numbers_as_hurl() {
        let cases: &[(&str, f64)] = &[
            ("  12.5  ", 12.5),
            ("1e3", 1000.0),
            ("-.5", -0.5),
            ("1.", 1.0),
            ("1e", 1.0),
            ("1e+2", 100.0),
            ("-1", -1.0),
            ("10", 10.0),
            ("\n20.5\t", 20.5),
        ];
        for (s, expected) in cases {
            assert_eq!(parse_number(s), *expected, "number('{s}')");
        }
        for s in [
            "abc", "+1", ".", " - 1", "", "-", "1 2", "0x10", "1e3x", "Infinity", "NaN",
        ] {
            assert!(parse_number(s).is_nan(), "number('{s}') should be NaN");
        }
    }
}
