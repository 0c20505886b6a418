//! Like `parse_spec`, but the bytes follow a valid request line (and, by the first byte, a
//! response line or a section header), so the fuzzer reaches the deep rules (sections,
//! queries, filters, predicates, bodies) without first having to invent an entry.
#![no_main]

use libfuzzer_sys::fuzz_target;

const PREFIXES: [&str; 8] = [
    "GET http://localhost:8000/x\n",
    "POST http://localhost:8000/x\n",
    "GET http://localhost:8000/x\nHTTP 200\n",
    "GET http://localhost:8000/x\nHTTP 200\n[Asserts]\n",
    "GET http://localhost:8000/x\nHTTP 200\n[Captures]\n",
    "GET http://localhost:8000/x\n[Options]\n",
    "POST http://localhost:8000/x\n[Multipart]\n",
    "GET http://localhost:8000/x\nHTTP 200\n[Asserts]\njsonpath \"$.a\" ",
];

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Ok(tail) = std::str::from_utf8(rest) else {
        return;
    };
    let prefix = PREFIXES[which as usize % PREFIXES.len()];
    sortie_fuzz::check(&format!("{prefix}{tail}"));
});
