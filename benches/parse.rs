//! Parser benchmark: generates a ~5 MB spec of 20,000 entries (headers, query, captures,
//! asserts), parses it several times, and prints throughput and peak heap memory.
//!
//! Run with `cargo bench --bench parse`. Figures only: nothing here asserts on time.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::time::Instant;

/// Counts live and peak heap bytes, allocating like the `sortie` binary. The counts are the
/// main thread's, where the bench parses: plain thread-local cells, where shared atomics
/// put a locked instruction or two on every allocation and so weighed on the time measured.
struct Counting;

static INNER: mimalloc::MiMalloc = mimalloc::MiMalloc;

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

fn live() -> usize {
    LIVE.with(Cell::get)
}

fn peak() -> usize {
    PEAK.with(Cell::get)
}

/// Adds `grown` live bytes (keeping the peak), then takes `freed` off.
fn count(grown: usize, freed: usize) {
    // `try_with`: nothing is counted while the thread's cells are gone (at its exit).
    let _ = LIVE.try_with(|l| {
        let now = l.get() + grown;
        let _ = PEAK.try_with(|p| p.set(p.get().max(now)));
        l.set(now.wrapping_sub(freed));
    });
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { INNER.alloc(layout) };
        if !p.is_null() {
            count(layout.size(), 0);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { INNER.dealloc(ptr, layout) };
        count(0, layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { INNER.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            // Counted as the allocator sees it: the new block, then the old one freed.
            count(new_size, layout.size());
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn generate(entries: usize) -> String {
    let mut s = String::with_capacity(entries * 260);
    for n in 0..entries {
        s.push_str(&format!(
            "# Item {n}\n\
             GET http://localhost:8000/items/{n}?p={page}\n\
             Accept: text/json\n\
             Authorization: Bearer {{{{token}}}}\n\
             [Query]\n\
             limit: 10\n\
             HTTP 200\n\
             [Captures]\n\
             item_id: jsonpath \"$.id\"\n\
             [Asserts]\n\
             jsonpath \"$.id\" == {n}\n\
             jsonpath \"$.tags\" count > 2\n\
             header \"Content-Type\" contains \"json\"\n\n",
            page = n % 7
        ));
    }
    s
}

fn main() {
    let text = generate(20_000);
    assert!(
        text.len() > 4_500_000 && text.len() < 5_500_000,
        "about 5 MB, got {}",
        text.len()
    );
    let mb = text.len() as f64 / 1e6;
    let spec = sortie::spec::parse_spec(&text).expect("the generated spec parses");
    assert_eq!(spec.entries.len(), 20_000);
    drop(spec);

    // SORTIE_BENCH_RUNS=1 for instruction counting under callgrind.
    let runs: usize = std::env::var("SORTIE_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let mut best = f64::MAX;
    let mut peak_extra = 0usize;
    let mut kept = 0usize;
    for _ in 0..runs {
        let before = live();
        PEAK.with(|p| p.set(before));
        let start = Instant::now();
        let spec = sortie::spec::parse_spec(&text).expect("parses");
        let secs = start.elapsed().as_secs_f64();
        peak_extra = peak_extra.max(peak() - before);
        kept = live() - before;
        std::hint::black_box(&spec);
        drop(spec);
        best = best.min(secs);
    }
    // The file itself counts: a runner holds the text and the tree together.
    let peak_total = peak_extra + text.len();
    println!("spec: {:.2} MB, 20000 entries", mb);
    println!(
        "parse: best of {runs}: {:.1} ms, {:.1} MB/s",
        best * 1e3,
        mb / best
    );
    println!(
        "syntax tree kept: {:.1} MB ({:.1}x the file size)",
        kept as f64 / 1e6,
        kept as f64 / text.len() as f64
    );
    println!(
        "peak heap while parsing: {:.1} MB tree + {:.1} MB text = {:.1}x the file size",
        peak_extra as f64 / 1e6,
        text.len() as f64 / 1e6,
        peak_total as f64 / text.len() as f64
    );
}
