//! Character columns in O(1) per position, even on very long lines.
//!
//! `nom_locate`'s `get_utf8_column` counts the characters from the start of the line on every
//! call, so a line with many spanned tokens (a minified JSON body, a URL full of templates)
//! took time quadratic in its length: 14 s for a 320 KB line of JSON strings. While
//! [`super::parse_spec`] runs, this module keeps a small table for its source: the column at
//! every `STEP`-th byte and at the end of every line. A position's column is then found by
//! scanning forward at most `STEP` bytes to the next known column and counting back.

use std::cell::RefCell;

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
    /// `'\n'` stands (or the end of the source, for the last line).
    line_end: Vec<u32>,
}

thread_local! {
    static TABLE: RefCell<Option<Table>> = const { RefCell::new(None) };
}

/// While alive, positions in `source` are computed from its table.
pub(crate) struct Installed {
    previous: Option<Table>,
}

/// Builds the table for `source` (one pass) and keeps it until the guard is dropped.
pub(crate) fn install(source: &str) -> Installed {
    let mut at_step = Vec::with_capacity(source.len() / STEP + 2);
    let mut line_end = Vec::new();
    let mut col = 1u32;
    for (p, c) in source.char_indices() {
        while at_step.len() * STEP <= p {
            at_step.push(col);
        }
        if c == '\n' {
            line_end.push(col);
            col = 1;
        } else {
            col = col.saturating_add(1);
        }
    }
    line_end.push(col);
    let table = Table {
        base: source.as_ptr() as usize,
        len: source.len(),
        at_step,
        line_end,
    };
    Installed {
        previous: TABLE.with(|t| t.replace(Some(table))),
    }
}

impl Drop for Installed {
    fn drop(&mut self) {
        let previous = self.previous.take();
        let _ = TABLE.try_with(|t| t.replace(previous));
    }
}

/// The 1-based column, in characters, of the input's first character.
pub(crate) fn column(i: &In) -> u32 {
    let Some(col) = TABLE.with(|t| t.borrow().as_ref().and_then(|table| table.column(i))) else {
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
        let line = self
            .line_end
            .get((i.location_line() as usize).checked_sub(1)?)?;
        let k = offset.div_ceil(STEP);
        let mut chars = 0u32;
        for (d, c) in frag.char_indices() {
            if offset + d >= k * STEP {
                return self.at_step.get(k)?.checked_sub(chars);
            }
            if c == '\n' {
                return line.checked_sub(chars);
            }
            chars += 1;
        }
        // Only the source's own end has a known column.
        if offset + frag.len() == self.len {
            line.checked_sub(chars)
        } else {
            None
        }
    }
}
