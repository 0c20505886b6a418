//! Lines and columns of a source text, computed from byte offsets when something is shown.
//!
//! The syntax tree keeps byte offsets only ([`Span`](super::ast::Span)); a [`LineIndex`] is
//! built on demand, when a diagnostic or a report needs `line:column`.

/// A 1-based line and a 1-based column counted in characters, as editors and Hurl show them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
}

impl LineCol {
    /// A position from a 1-based line and column.
    pub fn at(line: u32, column: u32) -> LineCol {
        LineCol { line, column }
    }
}

impl std::fmt::Display for LineCol {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Where each line of a text starts: positions in O(log lines) each.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    /// The byte offset of the first character of each line; the first is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the lines of `text` (one pass over its line breaks).
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|nl| nl + 1));
        LineIndex { starts }
    }

    /// The line and column of byte `offset` of `text` (the text this index was built from).
    /// An offset past the end, or inside a character, is moved back to a character start.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1].min(offset);
        let column = text[start..offset].chars().count() + 1;
        LineCol {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }

    /// The 1-based line of byte `offset`.
    pub fn line(&self, offset: usize) -> u32 {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        u32::try_from(line).unwrap_or(u32::MAX)
    }

    /// The byte offset of `line:column` in `text`, when the text has that place (for errors
    /// found by tools that report lines and columns, such as the YAML reader).
    pub fn offset_of(&self, text: &str, at: LineCol) -> Option<usize> {
        let start = *self.starts.get((at.line as usize).checked_sub(1)?)?;
        let line = text[start..].split('\n').next().unwrap_or("");
        let column = (at.column as usize).checked_sub(1)?;
        match line.char_indices().nth(column) {
            Some((k, _)) => Some(start + k),
            None if column == line.chars().count() => Some(start + line.len()),
            None => None,
        }
    }

    /// The text of 1-based `line`, without its line break.
    pub fn line_text<'t>(&self, text: &'t str, line: u32) -> Option<&'t str> {
        let start = *self.starts.get((line as usize).checked_sub(1)?)?;
        let rest = &text[start..];
        let line = rest.split('\n').next().unwrap_or("");
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

/// The line and column of one offset, without keeping an index (for a single message).
pub fn line_col(text: &str, offset: usize) -> LineCol {
    LineIndex::new(text).line_col(text, offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_to_lines_and_character_columns() {
        let text = "GET x\nné é\n\nend";
        let index = LineIndex::new(text);
        let rows = [
            (0, (1, 1)),
            (4, (1, 5)),
            (5, (1, 6)),
            (6, (2, 1)),
            (9, (2, 3)),
            (10, (2, 4)),
            (13, (3, 1)),
            (14, (4, 1)),
            (17, (4, 4)),
            (99, (4, 4)),
        ];
        for (offset, (line, column)) in rows {
            assert_eq!(
                index.line_col(text, offset),
                LineCol::at(line, column),
                "{offset}"
            );
        }
        // Inside 'é' (bytes 7..9): the character's start.
        assert_eq!(index.line_col(text, 8), LineCol::at(2, 2));
    }

    #[test]
    fn line_and_column_back_to_offsets() {
        let text = "a\r\nbé c\n";
        let index = LineIndex::new(text);
        assert_eq!(index.offset_of(text, LineCol::at(2, 3)), Some(6));
        assert_eq!(index.offset_of(text, LineCol::at(2, 5)), Some(8));
        assert_eq!(index.offset_of(text, LineCol::at(2, 9)), None);
        assert_eq!(index.offset_of(text, LineCol::at(0, 1)), None);
        assert_eq!(index.line_text(text, 1), Some("a"));
        assert_eq!(index.line_text(text, 2), Some("bé c"));
        assert_eq!(index.line_text(text, 3), Some(""));
        assert_eq!(index.line_text(text, 4), None);
        assert_eq!(index.line(7), 2);
    }
}
