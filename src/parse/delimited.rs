//! CSV and TSV (Harvard Dataverse `.tab`) readers, streamed row by row so a file of millions of
//! rows is never held in memory as text.

use super::record::Record;
use super::splitter::{SplitError, Splitter};
use super::table::{RawRow, RawTable};
use super::trim::trim;
use crate::validate::{Problem, Severity};
use std::io::{Cursor, Read};
use std::sync::Arc;

/// Why a delimited file could not be read on.
#[derive(Debug)]
pub enum Failure {
    /// The operating system failed to deliver bytes.
    Io(std::io::Error),
    /// The text is broken in a way that stops reading.
    Data(Problem),
}

impl From<Problem> for Failure {
    fn from(p: Problem) -> Self {
        Failure::Data(p)
    }
}

type Input<'a> = Box<dyn Read + Send + 'a>;

/// The whole of a small file as text (for JSON), decoded as the delimited readers do.
pub fn decode(file: &str, bytes: &[u8]) -> Result<String, Failure> {
    let mut text = Vec::with_capacity(bytes.len());
    utf8_input(file, Box::new(bytes))?
        .read_to_end(&mut text)
        .map_err(Failure::Io)?;
    String::from_utf8(text).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..valid]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        Failure::Data(encoding_problem(file, line, UTF8_EXPECTED))
    })
}

const UTF8_EXPECTED: &str =
    "UTF-8 text (save the file as UTF-8; Latin-1 and other encodings are not guessed)";

/// Makes the input UTF-8 for the csv reader: drops a UTF-8 byte-order mark, and converts UTF-16
/// with a byte-order mark. Other encodings are reported at the first bad line, not guessed at.
fn utf8_input<'a>(file: &str, mut input: Input<'a>) -> Result<Input<'a>, Failure> {
    // Enough of the start to see a byte-order mark, or the NUL bytes of UTF-16 without one.
    let mut head = Vec::with_capacity(512);
    (&mut input)
        .take(512)
        .read_to_end(&mut head)
        .map_err(Failure::Io)?;
    if let Some(rest) = head.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(Box::new(Cursor::new(rest.to_vec()).chain(input)));
    }
    let utf16: Option<fn([u8; 2]) -> u16> = match head.get(..2) {
        Some(b"\xFF\xFE") => Some(u16::from_le_bytes),
        Some(b"\xFE\xFF") => Some(u16::from_be_bytes),
        _ => None,
    };
    let Some(unit) = utf16 else {
        if head.contains(&0) {
            return Err(Failure::Data(encoding_problem(
                file,
                1,
                "UTF-8 text; this file has NUL bytes, as UTF-16 without a byte-order mark does \
                 (save it as UTF-8, or as UTF-16 with a byte-order mark)",
            )));
        }
        return Ok(Box::new(Cursor::new(head).chain(input)));
    };
    // UTF-16 files are rare and small (spreadsheet exports), so they are converted whole.
    let mut bytes = head.split_off(2);
    input.read_to_end(&mut bytes).map_err(Failure::Io)?;
    if bytes.len() % 2 == 1 {
        // A dangling byte would otherwise be dropped without a word.
        let newlines = bytes.chunks_exact(2).filter(|c| unit([c[0], c[1]]) == 0x0A);
        let line = newlines.count() + 1;
        return Err(Failure::Data(encoding_problem(
            file,
            line,
            "UTF-16 text, two bytes per unit (the file ends in half a character)",
        )));
    }
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]])).collect();
    let text =
        String::from_utf16(&units).map_err(|_| encoding_problem(file, 1, "valid UTF-16 text"))?;
    Ok(Box::new(Cursor::new(text.into_bytes())))
}

fn encoding_problem(file: &str, line: usize, expected: &str) -> Problem {
    Problem {
        file: file.to_owned(),
        line,
        column: String::new(),
        value: "(undecodable bytes)".to_owned(),
        expected: expected.to_owned(),
        severity: Severity::Error,
        suggestion: None,
        rule: "bad_encoding",
    }
}

fn text_problem(file: &str, line: usize, rule: &'static str, value: String) -> Problem {
    Problem {
        file: file.to_owned(),
        line,
        column: String::new(),
        value,
        expected: "well-formed delimited text".to_owned(),
        severity: Severity::Error,
        suggestion: None,
        rule,
    }
}

/// A delimited file being read: its header, then one row at a time. Ragged rows are reported,
/// not padded or cut silently.
pub struct Delimited<'a> {
    /// File name used in messages.
    pub file: Arc<str>,
    /// Header cells, trimmed.
    pub headers: Vec<String>,
    reader: Splitter<Input<'a>>,
}

impl<'a> Delimited<'a> {
    /// Reads the header of `input`.
    pub fn open(file: &str, input: impl Read + Send + 'a, delimiter: u8) -> Result<Self, Failure> {
        let input = utf8_input(file, Box::new(input))?;
        let reader = Splitter::new(input, delimiter);
        let mut table = Delimited {
            file: file.into(),
            headers: Vec::new(),
            reader,
        };
        let empty = || Failure::Data(text_problem(file, 1, "empty_file", String::new()));
        let mut header = Record::new();
        if table.read(&mut header)?.is_none() {
            return Err(empty());
        }
        table.headers = header.iter().map(|s| s.trim().to_owned()).collect();
        if table.headers.iter().all(String::is_empty) {
            return Err(empty());
        }
        Ok(table)
    }

    fn read(&mut self, record: &mut Record) -> Result<Option<usize>, Failure> {
        self.reader.read(record).map_err(|e| match e {
            SplitError::Io(io) => Failure::Io(io),
            SplitError::Utf8 { line } => {
                Failure::Data(encoding_problem(&self.file, line, UTF8_EXPECTED))
            }
        })
    }

    /// Reads the next non-blank row into `record`, padded to one cell per header, and returns
    /// its line; `None` at the end.
    pub fn next_into(
        &mut self,
        record: &mut Record,
        problems: &mut Vec<Problem>,
    ) -> Result<Option<usize>, Failure> {
        loop {
            let Some(line) = self.read(record)? else {
                return Ok(None);
            };
            if record.iter().all(|c| trim(c).is_empty()) {
                continue;
            }
            self.check_quotes(record, line)?;
            if record.len() != self.headers.len() {
                problems.push(Problem {
                    value: format!("{} fields", record.len()),
                    expected: format!("{} fields, one per header", self.headers.len()),
                    ..text_problem(&self.file, line, "ragged_row", String::new())
                });
            }
            while record.len() < self.headers.len() {
                record.push_field("");
            }
            return Ok(Some(line));
        }
    }

    /// An opening quote never closed makes the csv reader take the rest of the file as one
    /// cell; that must stop loading, or every row after it would be lost without a word.
    fn check_quotes(&self, record: &Record, line: usize) -> Result<(), Failure> {
        let Some(last) = record.iter().next_back() else {
            return Ok(());
        };
        let reader = &self.reader;
        // Tested first: the input has ended only for the last rows, so no other row's cell is
        // searched.
        if reader.at_end() && reader.last_content() != Some(b'"') && last.contains('\n') {
            let column = self
                .headers
                .get(record.len() - 1)
                .cloned()
                .unwrap_or_default();
            let excerpt: String = last.chars().take(40).collect();
            return Err(Failure::Data(Problem {
                column,
                value: format!("\"{excerpt}..."),
                expected: "a closing quote (\") for the quoted cell that opens on this line; \
                           without it the rest of the file is read as this one cell"
                    .to_owned(),
                ..text_problem(&self.file, line, "unclosed_quote", String::new())
            }));
        }
        Ok(())
    }

    /// Reads every remaining row into a table (for the small ledger files).
    pub fn collect(mut self) -> Result<(RawTable, Vec<Problem>), Failure> {
        let mut rows = Vec::new();
        let mut problems = Vec::new();
        let mut cells = Record::new();
        while let Some(line) = self.next_into(&mut cells, &mut problems)? {
            rows.push(RawRow {
                line,
                cells: std::mem::take(&mut cells),
            });
        }
        Ok((
            RawTable {
                file: self.file,
                headers: self.headers,
                rows,
            },
            problems,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(file: &str, bytes: &[u8], delimiter: u8) -> Result<(RawTable, Vec<Problem>), Problem> {
        let failed = |f| match f {
            Failure::Data(p) => p,
            Failure::Io(e) => panic!("{e}"),
        };
        Delimited::open(file, bytes, delimiter)
            .map_err(failed)?
            .collect()
            .map_err(failed)
    }

    #[test]
    fn reads_bom_crlf_and_quotes() {
        let (t, problems) = read(
            "a.csv",
            b"\xEF\xBB\xBFa,b\r\n1,\"x, y\"\r\n\r\n2,z\r\n",
            b',',
        )
        .unwrap();
        assert!(problems.is_empty());
        assert_eq!(t.headers, ["a", "b"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells, vec!["1", "x, y"]);
        assert_eq!(t.rows[1].line, 4);
        let (t, _) = read("b.csv", b"a,b\n1,\"x\ny\"\n\n\n2,z\n", b',').unwrap();
        assert_eq!(t.rows[1].line, 6);
    }

    #[test]
    fn reports_ragged_rows_and_bad_encoding() {
        let (t, problems) = read("a.tsv", b"a\tb\n1\n", b'\t').unwrap();
        assert_eq!(t.rows.len(), 1);
        assert_eq!(problems[0].rule, "ragged_row");
        assert_eq!(problems[0].line, 2);
        let err = read("l.csv", b"a\nb\xE9\n", b',').unwrap_err();
        assert_eq!(err.line, 2);
        assert_eq!(err.rule, "bad_encoding");
    }

    #[test]
    fn decodes_utf16() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "a,b\n1,2\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let (t, _) = read("u.csv", &bytes, b',').unwrap();
        assert_eq!(t.rows[0].cells, vec!["1", "2"]);
    }

    #[test]
    fn utf16_with_a_dangling_byte_is_an_encoding_problem() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "a\n1\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        bytes.push(b'2');
        assert_eq!(
            read("u.csv", &bytes, b',').unwrap_err().rule,
            "bad_encoding"
        );
    }

    #[test]
    fn unclosed_quote_names_its_line_and_closed_one_passes() {
        let err = read("q.csv", b"a,b\n1,2\n3,\"x\n4,5\n6,7\n", b',').unwrap_err();
        assert_eq!(
            (err.rule, err.line, err.column.as_str()),
            ("unclosed_quote", 3, "b")
        );
        let (t, problems) = read("q.csv", b"a,b\n1,\"x\ny\"", b',').unwrap();
        assert!(problems.is_empty());
        assert_eq!(t.rows[0].cells, vec!["1", "x\ny"]);
    }

    #[test]
    fn empty_input_is_an_error() {
        assert_eq!(read("e.csv", b"", b',').unwrap_err().rule, "empty_file");
        assert_eq!(
            read("e.csv", b" , \n", b',').unwrap_err().rule,
            "empty_file"
        );
    }
}
