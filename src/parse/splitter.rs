//! Delimited text into records, with the line each record starts on.
//!
//! Most rows of a large file hold no quote, and for them the csv crate's state machine (about
//! 16 instructions a byte, the largest cost of a load) does nothing a split at the delimiter
//! does not. A row without a quote is therefore cut at its delimiters; a row with one goes
//! through `csv_core`, the csv crate's own parser, so quoting keeps its exact meaning.
//!
//! Lines are counted as an editor counts them (the csv crate's count skips blank lines): `\n`,
//! `\r\n` and a lone `\r` each end a line, and a record is numbered by its first byte.

use super::record::Record;
use csv_core::ReadRecordResult;
use std::io::{ErrorKind, Read};

/// Bytes read at a time.
const CHUNK: usize = 64 * 1024;

/// Why a record could not be read.
#[derive(Debug)]
pub enum SplitError {
    /// The input failed to deliver bytes.
    Io(std::io::Error),
    /// The record starting on this line is not UTF-8.
    Utf8 { line: usize },
}

/// Notes in `ends` where each delimiter of `bytes` is (counting from `offset`) up to the first
/// line ending or quote, and returns that byte's place (counting from `offset`).
#[inline]
fn scan(bytes: &[u8], delimiter: u8, offset: usize, ends: &mut Vec<usize>) -> Option<usize> {
    for (i, &b) in bytes.iter().enumerate() {
        if b == delimiter {
            ends.push(offset + i);
        } else if matches!(b, b'\n' | b'\r' | b'"') {
            return Some(offset + i);
        }
    }
    None
}

/// Records of delimited text read from `R`.
pub struct Splitter<R> {
    input: R,
    chunk: usize,
    delimiter: u8,
    /// Bytes read and not yet consumed are `buf[pos..end]`.
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    /// The line of `buf[pos]`.
    line: usize,
    /// The byte before `buf[pos]` was `\r`, so a `\n` there ends no further line.
    after_cr: bool,
    started: bool,
    at_end: bool,
    last_content: Option<u8>,
    core: csv_core::Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
}

impl<R: Read> Splitter<R> {
    /// Reads records of `input` whose cells are separated by `delimiter`.
    pub fn new(input: R, delimiter: u8) -> Self {
        Self::with_chunk(input, delimiter, CHUNK)
    }

    fn with_chunk(input: R, delimiter: u8, chunk: usize) -> Self {
        let mut core = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
        // csv_core strips a byte-order mark from the first input it is given; that input may
        // be a quoted row deep in the file here, so it is given a line ending first (which it
        // skips). The start of the file is handled in `read`.
        let _ = core.read_record(b"\n", &mut [], &mut []);
        Splitter {
            input,
            chunk,
            delimiter,
            buf: Vec::new(),
            pos: 0,
            end: 0,
            line: 1,
            after_cr: false,
            started: false,
            at_end: false,
            last_content: None,
            core,
            out: vec![0; 256],
            ends: vec![0; 32],
        }
    }

    /// Whether the input has reported its end.
    pub fn at_end(&self) -> bool {
        self.at_end
    }

    /// The last byte read that is not a line ending, to tell whether the file ends in a quote.
    pub fn last_content(&self) -> Option<u8> {
        self.last_content
    }

    /// Reads the next record into `record` and returns the line it starts on; `None` at the end.
    pub fn read(&mut self, record: &mut Record) -> Result<Option<usize>, SplitError> {
        if !self.started {
            self.started = true;
            while self.end < 3 && self.fill()? {}
            // The csv crate drops a byte-order mark that starts the text it is given.
            if self.buf[..self.end].starts_with(b"\xEF\xBB\xBF") {
                self.pos = 3;
            }
        }
        if !self.skip_line_endings()? {
            return Ok(None);
        }
        let line = self.line;
        // One pass over the row finds its delimiters and its end; a quote hands the rest of the
        // row to csv_core.
        record.clear();
        let mut scanned = 0;
        let end = loop {
            let row = &self.buf[self.pos..self.end];
            let stop = scan(&row[scanned..], self.delimiter, scanned, &mut record.ends);
            match stop.map(|i| row[i]) {
                Some(b'"') => {
                    // The cells before the quote's are complete. csv_core reads on from the
                    // start of the quote's cell, where its state is what it would be had it
                    // read the row from the first byte (no line ending comes before the quote).
                    let start = record.ends.last().map_or(0, |&e| e + 1);
                    if start > 0 {
                        let before = std::str::from_utf8(&row[..start - 1])
                            .map_err(|_| SplitError::Utf8 { line })?;
                        record.text.push_str(before);
                    }
                    self.pos += start;
                    self.after_cr = false;
                    self.read_quoted(record, line)?;
                    return Ok(Some(line));
                }
                Some(_) => break self.pos + stop.unwrap_or_default(),
                None => {
                    scanned = row.len();
                    // `fill` moves the unread bytes to the front of the buffer.
                    if !self.fill()? {
                        break self.end;
                    }
                }
            }
        };
        // Delimiters are ASCII, so the row is UTF-8 exactly when each of its cells is.
        let text =
            std::str::from_utf8(&self.buf[self.pos..end]).map_err(|_| SplitError::Utf8 { line })?;
        record.text.push_str(text);
        record.ends.push(text.len());
        self.pos = end;
        self.after_cr = false;
        Ok(Some(line))
    }

    /// The rest of a record with a quote, through the csv crate's parser, after the cells
    /// already in `record`.
    fn read_quoted(&mut self, record: &mut Record, line: usize) -> Result<(), SplitError> {
        let (mut out, mut ends) = (0, 0);
        loop {
            let input = &self.buf[self.pos..self.end];
            let empty = input.is_empty();
            let (result, read, written, ended) =
                self.core
                    .read_record(input, &mut self.out[out..], &mut self.ends[ends..]);
            self.consume(read);
            out += written;
            ends += ended;
            match result {
                ReadRecordResult::InputEmpty if !empty => {
                    self.fill()?;
                }
                ReadRecordResult::OutputFull => self.out.resize(self.out.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                // Given no input, the parser ends the record.
                _ => break,
            }
        }
        let mut start = 0;
        for &end in &self.ends[..ends] {
            let cell = std::str::from_utf8(&self.out[start..end])
                .map_err(|_| SplitError::Utf8 { line })?;
            record.push_field(cell);
            start = end;
        }
        Ok(())
    }

    /// Skips the line endings before a record; false at the end of the input.
    fn skip_line_endings(&mut self) -> Result<bool, SplitError> {
        loop {
            while let Some(&b) = self.buf[..self.end].get(self.pos) {
                match b {
                    b'\r' => self.line += 1,
                    b'\n' if !self.after_cr => self.line += 1,
                    b'\n' => {}
                    _ => break,
                }
                self.after_cr = b == b'\r';
                self.pos += 1;
            }
            if self.pos < self.end {
                return Ok(true);
            }
            if !self.fill()? {
                return Ok(false);
            }
        }
    }

    /// Moves past `n` bytes, counting the lines they end.
    fn consume(&mut self, n: usize) {
        let bytes = &self.buf[self.pos..self.pos + n];
        let mut after_cr = self.after_cr;
        let mut last = 0;
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            let cr = bytes[i] == b'\r';
            // A `\n` right after a `\r` ends the same line.
            if cr || !(after_cr && i == last) {
                self.line += 1;
            }
            after_cr = cr;
            last = i + 1;
        }
        if n > 0 {
            self.after_cr = after_cr && last == n;
        }
        self.pos += n;
    }

    /// Reads more input behind the unread bytes; false when the input has ended.
    fn fill(&mut self) -> Result<bool, SplitError> {
        self.buf.copy_within(self.pos..self.end, 0);
        self.end -= self.pos;
        self.pos = 0;
        // A row longer than a chunk doubles the buffer, so it is scanned a bounded number of
        // times. The buffer is zeroed only when it grows.
        let wanted = self.end + self.end.max(self.chunk);
        if self.buf.len() < wanted {
            self.buf.resize(wanted, 0);
        }
        let read = loop {
            match self.input.read(&mut self.buf[self.end..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(SplitError::Io(e)),
            }
        };
        let old = self.end;
        self.end += read;
        if read == 0 {
            self.at_end = true;
            return Ok(false);
        }
        if let Some(&b) = self.buf[old..self.end]
            .iter()
            .rev()
            .find(|b| !matches!(b, b'\n' | b'\r'))
        {
            self.last_content = Some(b);
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every record of `text` read `chunk` bytes at a time: (line, cells), or the line of a
    /// UTF-8 failure.
    fn split(text: &[u8], chunk: usize) -> Vec<Result<(usize, Vec<String>), usize>> {
        let mut s = Splitter::with_chunk(text, b',', chunk);
        let mut record = Record::new();
        let mut found = Vec::new();
        loop {
            match s.read(&mut record) {
                Ok(Some(line)) => found.push(Ok((line, record.iter().map(String::from).collect()))),
                Ok(None) => return found,
                Err(SplitError::Utf8 { line }) => {
                    found.push(Err(line));
                    return found;
                }
                Err(SplitError::Io(e)) => panic!("{e}"),
            }
        }
    }

    /// What the csv crate reads, numbered by counting the line endings before each record's
    /// first byte: the reading this module replaces.
    fn oracle(text: &[u8]) -> Vec<Result<(usize, Vec<String>), usize>> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(false)
            .from_reader(text);
        let line_of = |at: usize| {
            // The one place the old count was wrong: a record after a byte-order mark the csv
            // crate dropped and a blank line was numbered from the mark.
            let mut at = if at == 0 && text.starts_with(b"\xEF\xBB\xBF") {
                3
            } else {
                at
            };
            while at < text.len() && matches!(text[at], b'\n' | b'\r') {
                at += 1;
            }
            let before = &text[..at];
            let lone_cr = before
                .iter()
                .enumerate()
                .filter(|&(i, &b)| b == b'\r' && before.get(i + 1) != Some(&b'\n'))
                .count();
            1 + before.iter().filter(|&&b| b == b'\n').count() + lone_cr
        };
        let mut found = Vec::new();
        let mut record = csv::StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(true) => {
                    let at = record.position().unwrap().byte() as usize;
                    found.push(Ok((line_of(at), record.iter().map(String::from).collect())));
                }
                Ok(false) => return found,
                Err(e) => {
                    found.push(Err(line_of(e.position().unwrap().byte() as usize)));
                    return found;
                }
            }
        }
    }

    #[test]
    fn plain_and_quoted_rows_with_their_lines() {
        let text = b"a,b\r\n\"x, y\",z\n\n\r1,\"q\nr\"\rlast";
        let expected = vec![
            Ok((1, vec!["a".to_owned(), "b".to_owned()])),
            Ok((2, vec!["x, y".to_owned(), "z".to_owned()])),
            Ok((5, vec!["1".to_owned(), "q\nr".to_owned()])),
            Ok((7, vec!["last".to_owned()])),
        ];
        for chunk in [1, 2, 3, 64] {
            assert_eq!(split(text, chunk), expected, "chunk {chunk}");
        }
    }

    #[test]
    fn a_byte_order_mark_is_dropped_only_at_the_start() {
        let rows = split(b"\xEF\xBB\xBFa\n\xEF\xBB\xBF\"b\"", 64);
        assert_eq!(rows[0], Ok((1, vec!["a".to_owned()])));
        assert_eq!(rows[1], Ok((2, vec!["\u{feff}\"b\"".to_owned()])));
    }

    #[test]
    fn bad_utf8_names_its_line() {
        assert_eq!(
            split(b"a\nb\n\xFF,c\n", 4),
            vec![
                Ok((1, vec!["a".to_owned()])),
                Ok((2, vec!["b".to_owned()])),
                Err(3)
            ]
        );
        // Cells cut through a character are caught though the row's bytes joined would decode.
        assert_eq!(split(b"\"\xC3\",\xA9\n", 64), vec![Err(1)]);
    }

    #[test]
    fn the_end_of_input_is_seen_only_when_reached() {
        let mut s = Splitter::with_chunk(&b"\"a\nb\"\n"[..], b',', 64);
        let mut record = Record::new();
        assert_eq!(s.read(&mut record).unwrap(), Some(1));
        assert!(!s.at_end());
        assert_eq!(s.read(&mut record).unwrap(), None);
        assert!(s.at_end());
        assert_eq!(s.last_content(), Some(b'"'));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn reads_what_the_csv_crate_reads(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just(&b"a"[..]), Just(&b"bc"[..]), Just(&b","[..]), Just(&b"\""[..]),
                    Just(&b"\n"[..]), Just(&b"\r"[..]), Just(&b"\r\n"[..]), Just(&b" "[..]),
                    Just("é".as_bytes()), Just(&b"\xC3"[..]), Just(&b"\xEF\xBB\xBF"[..]),
                ],
                0..40,
            ),
            chunk in 1usize..9,
        ) {
            let text: Vec<u8> = parts.concat();
            prop_assert_eq!(split(&text, chunk), oracle(&text));
        }
    }
}
