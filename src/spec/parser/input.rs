//! The parser's input: the source text and a byte offset into it.
//!
//! Positions are byte offsets only; lines and columns are computed when a diagnostic is
//! rendered (see [`crate::spec::source::LineIndex`]), so advancing never counts anything.

/// The text still to parse, as a position in the whole source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct In<'a> {
    source: &'a str,
    offset: usize,
}

impl<'a> In<'a> {
    /// The start of `source`.
    pub(crate) fn new(source: &'a str) -> Self {
        In { source, offset: 0 }
    }

    /// The text from here to the end of the source.
    #[inline]
    pub(crate) fn fragment(&self) -> &'a str {
        &self.source[self.offset..]
    }

    /// The whole source this input is a position in.
    #[inline]
    pub(crate) fn source(&self) -> &'a str {
        self.source
    }

    /// The byte offset of this position in the source.
    #[inline]
    pub(crate) fn offset(&self) -> usize {
        self.offset
    }

    /// The input `n` bytes further on.
    #[inline]
    pub(crate) fn advance(self, n: usize) -> Self {
        debug_assert!(self.source.is_char_boundary(self.offset + n));
        In {
            source: self.source,
            offset: self.offset + n,
        }
    }

    /// The text of the next `n` bytes.
    #[inline]
    pub(crate) fn take(&self, n: usize) -> &'a str {
        &self.fragment()[..n]
    }

    /// The text from here up to `end`, a later position of the same source.
    #[inline]
    pub(crate) fn up_to(&self, end: &In) -> &'a str {
        &self.source[self.offset..end.offset]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_keeps_the_source_and_moves_the_offset() {
        let i = In::new("GET é\nHTTP 200");
        let j = i.advance(4);
        assert_eq!((j.offset(), j.fragment()), (4, "é\nHTTP 200"));
        assert_eq!(i.up_to(&j), "GET ");
        assert_eq!(j.take(2), "é");
        assert_eq!(j.source(), i.source());
    }
}
