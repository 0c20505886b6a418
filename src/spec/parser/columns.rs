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

/// While alive, positions in `source` are computed from its table.
pub(crate) struct Installed {
    table: Box<Table>,
    previous: *const Table,
}

fn activate(table: Table) -> Installed {
    let table = Box::new(table);
    let previous = TABLE.with(|t| t.replace(&*table as *const Table));
    Installed { table, previous }
}

/// Builds the table for `source` (one pass) and keeps it until the guard is dropped.
pub(crate) fn install(source: &str) -> Installed {
    let bytes = source.as_bytes();
    if bytes.is_ascii() && u32::try_from(bytes.len()).is_ok() {
        let mut line_start = Vec::with_capacity(bytes.len() / 24 + 1);
        line_start.push(0);
        line_start.extend(memchr::memchr_iter(b'\n', bytes).map(|nl| nl as u32 + 1));
        let table = Table {
            base: source.as_ptr() as usize,
            len: source.len(),
            at_step: Vec::new(),
            line_end: Vec::new(),
            line_start,
        };
        return activate(table);
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

/// The 1-based column, in characters, of the input's first character.
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
