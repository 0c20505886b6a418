//! A cursor over the expression text, with Hurl's reader semantics: a failed `eat` restores
//! the position, a failed `expect` leaves it after the mismatching character.

use super::super::error::{JsonPathError, JsonPathErrorKind};

/// How deep parentheses, filters and function calls may nest: deeper input would risk
/// overflowing the stack of the recursive-descent parser.
const MAX_NESTING: usize = 64;

pub(super) struct Reader<'s> {
    text: &'s str,
    /// Byte offset of the next character.
    pos: usize,
    nesting: usize,
}

impl<'s> Reader<'s> {
    pub(super) fn new(text: &'s str) -> Self {
        Reader {
            text,
            pos: 0,
            nesting: 0,
        }
    }

    pub(super) fn pos(&self) -> usize {
        self.pos
    }

    pub(super) fn seek(&mut self, pos: usize) {
        self.pos = pos;
    }

    pub(super) fn is_eof(&self) -> bool {
        self.pos >= self.text.len()
    }

    pub(super) fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    pub(super) fn read(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    /// Consumes `s` if the text continues with it; otherwise leaves the position unchanged.
    pub(super) fn eat(&mut self, s: &str) -> bool {
        if self.text[self.pos..].starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    /// Consumes `s` or fails; on failure the characters read up to and including the first
    /// mismatch stay consumed (which matters where Hurl ignores a failed literal).
    pub(super) fn expect(&mut self, s: &str, what: &'static str) -> Result<(), JsonPathError> {
        let start = self.pos;
        let fail = |r: &Self| r.error_at(start, JsonPathErrorKind::Expecting(what));
        if self.is_eof() {
            return Err(fail(self));
        }
        for expected in s.chars() {
            match self.read() {
                Some(c) if c == expected => {}
                _ => return Err(fail(self)),
            }
        }
        Ok(())
    }

    /// Skips blank space (RFC 9535 `S`: space, tab, line feed, carriage return).
    pub(super) fn skip_blank(&mut self) {
        while let Some(c @ (' ' | '\t' | '\n' | '\r')) = self.peek() {
            self.pos += c.len_utf8();
        }
    }

    /// Reads ASCII digits, possibly none.
    pub(super) fn read_digits(&mut self) -> &'s str {
        let rest = &self.text[self.pos..];
        let n = rest.bytes().take_while(u8::is_ascii_digit).count();
        self.pos += n;
        &rest[..n]
    }

    pub(super) fn error_at(&self, pos: usize, kind: JsonPathErrorKind) -> JsonPathError {
        let column = self.text[..pos].chars().count() + 1;
        JsonPathError::new(kind, column)
    }

    pub(super) fn error_here(&self, kind: JsonPathErrorKind) -> JsonPathError {
        self.error_at(self.pos, kind)
    }

    /// Enters a nested construct; fails past `MAX_NESTING` levels.
    pub(super) fn enter(&mut self) -> Result<(), JsonPathError> {
        if self.nesting >= MAX_NESTING {
            return Err(self.error_here(JsonPathErrorKind::TooDeep));
        }
        self.nesting += 1;
        Ok(())
    }

    pub(super) fn leave(&mut self) {
        self.nesting = self.nesting.saturating_sub(1);
    }
}
