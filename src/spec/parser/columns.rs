//! Character columns in O(1) per position, even on very long lines.
//!
//! `nom_locate`'s `get_utf8_column` counts the characters from the start of the line on every
//! call, so a line with many spanned tokens (a minified JSON body, a URL full of templates)
//! took time quadratic in its length: 14 s for a 320 KB line of JSON strings. While
//! [`super::parse_spec`] runs, this module keeps a small table for its source: the column at
//! every `STEP`-th byte and at the end of every line. A position's column is then found by
//! scanning forward at most `STEP` bytes to the next known column and counting back.

use std::cell::Cell;

use super::In;

/// Bytes between two recorded columns.
const STEP: usize = 256;

/// Known columns of one source text.
struct Table {
    /// Address of the source's first byte, to recognise spans of this source.
    base: usize,
    /// Length of the source in bytes.
    len: usize,
    /// `at_step[k]`: the column of the first character starting at or after byte `k * STEP`.
    at_step: Vec<u32>,
    /// `line_end[l]`: the column just after the last character of line `l + 1`, where its
    /// `'\n'` stands (or the end of the source, for the last line). Empty for ASCII text.
    line_end: Vec<u32>,
    /// For ASCII text (the common case) the byte offset where each line starts: a column is
    /// then a subtraction. Empty otherwise.
    line_start: Vec<u32>,
}

thread_local! {
    /// The table in force on this thread, or null. A plain pointer: reading it is a single
    /// load on every position, where a `RefCell` borrow cost more than the column itself.
    static TABLE: Cell<*const Table> = const { Cell::new(std::ptr::null()) };
}

/// Runs `f` with the column table of `source` in force on this thread. The table lives
/// exactly as long as the call, so tables nest strictly (the thread-local pointer is never
/// left pointing at a dropped one).
pub(crate) fn with_table<R>(source: &str, f: impl FnOnce() -> R) -> R {
    let _installed = install(source);
    f()
}

/// While alive, positions in `source` are computed from its table.
struct Installed {
    table: Box<Table>,
    previous: *const Table,
}

fn activate(table: Table) -> Installed {
    let table = Box::new(table);
    let previous = TABLE.with(|t| t.replace(&*table as *const Table));
    Installed { table, previous }
}

/// Builds the table for `source` (one pass) and keeps it until the guard is dropped.
fn install(source: &str) -> Installed {
    let bytes = source.as_bytes();
    if u32::try_from(bytes.len()).is_ok() {
        if let Some(line_start) = ascii_line_starts(bytes) {
            let table = Table {
                base: source.as_ptr() as usize,
                len: source.len(),
                at_step: Vec::new(),
                line_end: Vec::new(),
                line_start,
            };
            return activate(table);
        }
    }
    let mut at_step = Vec::with_capacity(bytes.len() / STEP + 2);
    let mut line_end = Vec::with_capacity(bytes.len() / 32 + 1);
    let mut col = 1u32;
    let mut next_step = 0usize;
    for (p, &b) in bytes.iter().enumerate() {
        // Bytes, not chars: a character starts at every non-continuation byte.
        if is_continuation(b) {
            continue;
        }
        while next_step <= p {
            at_step.push(col);
            next_step += STEP;
        }
        if b == b'\n' {
            line_end.push(col);
            col = 1;
        } else {
            col = col.saturating_add(1);
        }
    }
    while next_step <= bytes.len() {
        at_step.push(col);
        next_step += STEP;
    }
    line_end.push(col);
    let table = Table {
        base: source.as_ptr() as usize,
        len: source.len(),
        at_step,
        line_end,
        line_start: Vec::new(),
    };
    activate(table)
}

/// The byte offset where each line starts, or `None` when the text is not all ASCII.
fn ascii_line_starts(bytes: &[u8]) -> Option<Vec<u32>> {
    let mut starts = Vec::with_capacity(bytes.len() / 24 + 1);
    starts.push(0u32);
    let ascii = for_each_line_break(bytes, |nl| starts.push(nl as u32 + 1));
    ascii.then_some(starts)
}

/// Calls `f` with the offset of every `'\n'` in `bytes`, in order; returns true when all
/// the bytes are ASCII. 16 bytes at a time: each block gives a bit mask of its line breaks,
/// so short lines cost a few instructions each, where a `memchr` call per line cost several
/// times more.
pub(crate) fn for_each_line_break(bytes: &[u8], mut f: impl FnMut(usize)) -> bool {
    const BLOCK: usize = 16;
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    debug_assert!(std::arch::is_x86_feature_detected!("sse2"));
    let mut high = 0u16;
    let blocks = bytes.chunks_exact(BLOCK);
    let tail = blocks.remainder();
    for (k, block) in blocks.enumerate() {
        let block: &[u8; BLOCK] = block.try_into().expect("a whole block");
        #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
        // SAFETY: `block_masks` only needs SSE2, which this build enables for all its code
        // (the `cfg` above: SSE2 is part of the x86-64 baseline).
        let (mut newlines, top) = unsafe { block_masks(block) };
        #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
        let (mut newlines, top) = block_masks(block);
        high |= top;
        while newlines != 0 {
            f(k * BLOCK + newlines.trailing_zeros() as usize);
            newlines &= newlines - 1;
        }
    }
    let base = bytes.len() - tail.len();
    for (j, &b) in tail.iter().enumerate() {
        high |= u16::from(b >= 0x80);
        if b == b'\n' {
            f(base + j);
        }
    }
    high == 0
}

/// Bit `j` of the first mask is set when `block[j]` is `'\n'`; of the second, when it is not
/// ASCII. SSE2: a compare and a mask move for the 16 bytes.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
fn block_masks(block: &[u8; 16]) -> (u16, u16) {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_movemask_epi8, _mm_set1_epi8, _mm_set_epi64x};
    let word = |k: usize| i64::from_le_bytes(block[k..k + 8].try_into().expect("8 bytes"));
    let v = _mm_set_epi64x(word(8), word(0));
    let newlines = _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(b'\n' as i8)));
    let high = _mm_movemask_epi8(v);
    (newlines as u16, high as u16)
}

/// Bit `j` of the first mask is set when `block[j]` is `'\n'`; of the second, when it is not
/// ASCII.
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline]
fn block_masks(block: &[u8; 16]) -> (u16, u16) {
    let (mut newlines, mut high) = (0u16, 0u16);
    for (j, &b) in block.iter().enumerate() {
        newlines |= u16::from(b == b'\n') << j;
        high |= u16::from(b >= 0x80) << j;
    }
    (newlines, high)
}

/// Calls `f` with the byte offset of every line start of `source` from `from` on, when the
/// table in force is for `source` and it is ASCII; else returns false, calling nothing.
pub(crate) fn for_each_line_start(source: &str, from: usize, mut f: impl FnMut(usize)) -> bool {
    let table = TABLE.with(Cell::get);
    // SAFETY: as in `column`.
    let Some(table) = (unsafe { table.as_ref() }) else {
        return false;
    };
    if table.line_start.is_empty()
        || table.base != source.as_ptr() as usize
        || table.len != source.len()
    {
        return false;
    }
    let first = table.line_start.partition_point(|&s| (s as usize) < from);
    for &s in &table.line_start[first..] {
        f(s as usize);
    }
    true
}

fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// Characters in UTF-8 bytes: the bytes that start one.
fn char_count(bytes: &[u8]) -> u32 {
    bytes.iter().filter(|b| !is_continuation(**b)).count() as u32
}

impl Drop for Installed {
    fn drop(&mut self) {
        let previous = self.previous;
        let mine = &*self.table as *const Table;
        let _ = TABLE.try_with(|t| {
            // Only restore when this table is the one in force (guards drop in reverse order).
            if t.get() == mine {
                t.set(previous);
            }
        });
    }
}

/// The columns of `start` and `end`, a later point of the same input, when the text is
/// ASCII and both are on one line: then the end's column is the start's plus the bytes
/// between them. `None` otherwise (see [`column`]).
#[inline]
pub(crate) fn same_line_columns(start: &In, end: &In) -> Option<(u32, u32)> {
    let table = TABLE.with(Cell::get);
    // SAFETY: as in `column`.
    let pair = unsafe { table.as_ref() }?.ascii_columns(start, end)?;
    #[cfg(debug_assertions)]
    if pair.1 < 2048 {
        assert_eq!(pair.0 as usize, start.get_utf8_column());
        assert_eq!(pair.1 as usize, end.get_utf8_column());
    }
    Some(pair)
}

/// The 1-based column, in characters, of the input's first character.
#[inline]
pub(crate) fn column(i: &In) -> u32 {
    let table = TABLE.with(Cell::get);
    // SAFETY: a non-null pointer is the table of a live `Installed` guard (it clears the
    // pointer when dropped), and it is only read on the thread that installed it.
    let found = unsafe { table.as_ref() }.and_then(|table| table.column(i));
    let Some(col) = found else {
        return i.get_utf8_column() as u32;
    };
    // Checked against the slow count where that is cheap (so fuzzing checks the table too).
    #[cfg(debug_assertions)]
    if col < 2048 {
        assert_eq!(
            col as usize,
            i.get_utf8_column(),
            "column table disagrees at line {}",
            i.location_line()
        );
    }
    col
}

impl Table {
    /// Both columns on ASCII text with `end` on the same line as `start`, else `None`.
    #[inline]
    fn ascii_columns(&self, start: &In, end: &In) -> Option<(u32, u32)> {
        let line = start.location_line();
        let (from, to) = (start.location_offset(), end.location_offset());
        if line != end.location_line() || to < from {
            return None;
        }
        let frag = *start.fragment();
        let at = frag.as_ptr() as usize;
        // Spans of this source, the end `to - from` bytes after the start.
        if at != self.base.wrapping_add(from)
            || from + frag.len() > self.len
            || end.fragment().as_ptr() as usize != at.wrapping_add(to - from)
        {
            return None;
        }
        let line_start = *self.line_start.get((line as usize).checked_sub(1)?)?;
        let first = u32::try_from(from).ok()?.checked_sub(line_start)? + 1;
        Some((first, first + u32::try_from(to - from).ok()?))
    }

    /// The column from the table, or `None` when `i` is not a span of this source or ends
    /// before it does (then the caller counts from the line start).
    fn column(&self, i: &In) -> Option<u32> {
        let frag = *i.fragment();
        let offset = i.location_offset();
        if frag.as_ptr() as usize != self.base.wrapping_add(offset)
            || offset + frag.len() > self.len
        {
            return None;
        }
        if !self.line_start.is_empty() {
            let start = *self
                .line_start
                .get((i.location_line() as usize).checked_sub(1)?)?;
            return u32::try_from(offset)
                .ok()?
                .checked_sub(start)
                .map(|c| c + 1);
        }
        let line = self
            .line_end
            .get((i.location_line() as usize).checked_sub(1)?)?;
        let k = offset.div_ceil(STEP);
        let bytes = frag.as_bytes();
        // Scan forward to the next recorded column: a step boundary or the line's end.
        let window = &bytes[..(k * STEP - offset).min(bytes.len())];
        if let Some(nl) = memchr::memchr(b'\n', window) {
            return line.checked_sub(char_count(&window[..nl]));
        }
        if k * STEP - offset <= bytes.len() {
            return self.at_step.get(k)?.checked_sub(char_count(window));
        }
        // Only the source's own end has a known column.
        if offset + frag.len() == self.len {
            line.checked_sub(char_count(window))
        } else {
            None
        }
    }
}
