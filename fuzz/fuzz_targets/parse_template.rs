//! Fuzzes `sortie::spec::parse_template` (values from `sortie.yaml`), and the diagnostic
//! renderer on its errors.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        sortie_fuzz::check_template(text);
    }
});
