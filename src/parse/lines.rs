//! Line numbers for records of a streamed file.
//!
//! The csv crate's own line count skips blank lines and miscounts CRLF, and a user must be able
//! to find the line in an editor. The reader below notes where line endings fall as bytes pass
//! through it, and forgets them once records beyond them are numbered, so memory stays small.

use std::collections::VecDeque;
use std::io::Read;

/// A reader that remembers the offsets of `\r` and `\n` bytes not yet numbered.
pub struct LineTracking<R> {
    inner: R,
    /// Offset of the next byte to be read.
    read: usize,
    /// Offsets of line-ending bytes not yet counted, with whether each is `\n`.
    endings: VecDeque<(usize, bool)>,
    /// The line of the last record numbered.
    line: usize,
    /// The last byte read that is not a line ending, to tell whether the file ends in a quote.
    last_content: Option<u8>,
    /// The input has reported its end.
    at_end: bool,
}

impl<R: Read> LineTracking<R> {
    /// Wraps `inner`; the first byte is on line 1.
    pub fn new(inner: R) -> Self {
        LineTracking {
            inner,
            read: 0,
            endings: VecDeque::new(),
            line: 1,
            last_content: None,
            at_end: false,
        }
    }

    /// The line of the record starting at `byte` (offsets only grow). The offset may point at
    /// blank lines or the line ending before the record, which are skipped.
    pub fn line_at(&mut self, mut byte: usize) -> usize {
        while let Some(&(at, newline)) = self.endings.front() {
            if at <= byte {
                // An ending exactly at the record start belongs before the record.
                if at == byte {
                    byte += 1;
                }
                self.endings.pop_front();
                // A lone `\r` ends a line too (old Mac files); in `\r\n` only the `\n` counts.
                let pair = !newline && self.endings.front() == Some(&(at + 1, true));
                if newline || !pair {
                    self.line += 1;
                }
            } else {
                break;
            }
        }
        self.line
    }

    /// Whether the input has reported its end to the reader.
    pub fn at_end(&self) -> bool {
        self.at_end
    }

    /// The last byte of the input that is not a line ending.
    pub fn last_content(&self) -> Option<u8> {
        self.last_content
    }
}

impl<R: Read> Read for LineTracking<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.at_end |= n == 0 && !buf.is_empty();
        let chunk = &buf[..n];
        for at in memchr::memchr2_iter(b'\n', b'\r', chunk) {
            self.endings.push_back((self.read + at, chunk[at] == b'\n'));
        }
        if let Some(&b) = chunk.iter().rev().find(|b| !matches!(b, b'\n' | b'\r')) {
            self.last_content = Some(b);
        }
        self.read += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drain(text: &[u8]) -> LineTracking<&[u8]> {
        let mut t = LineTracking::new(text);
        std::io::copy(&mut t, &mut std::io::sink()).unwrap();
        t
    }

    #[test]
    fn numbers_records_past_blank_lines_and_crlf() {
        // Records start at bytes 0, 5 (after "a,b\r"), and 8 (two blank lines before "2").
        let mut t = drain(b"a,b\r\n1\r\n\r\n\n2\n");
        assert_eq!(t.line_at(0), 1);
        assert_eq!(t.line_at(4), 2);
        assert_eq!(t.line_at(8), 5);
        assert_eq!(t.last_content(), Some(b'2'));
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let mut t = drain(b"a\rb\rc\r\nd");
        assert_eq!(t.line_at(2), 2);
        assert_eq!(t.line_at(4), 3);
        assert_eq!(t.line_at(7), 4);
    }
}
