//! CSV and TSV (Harvard Dataverse `.tab`) readers.

use super::table::{RawRow, RawTable};
use crate::validate::{Problem, Severity};

/// Turns file bytes into text: UTF-8 (with or without BOM) or UTF-16 with a BOM. Anything else
/// is reported at the first bad line rather than guessed at.
pub fn decode(file: &str, bytes: &[u8]) -> Result<String, Problem> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(file, rest);
    }
    let utf16 = |rest: &[u8], from: fn([u8; 2]) -> u16| {
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| from([c[0], c[1]])).collect();
        String::from_utf16(&units).map_err(|_| encoding_problem(file, 1, "valid UTF-16 text"))
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, u16::from_be_bytes);
    }
    utf8(file, bytes)
}

fn utf8(file: &str, bytes: &[u8]) -> Result<String, Problem> {
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
        encoding_problem(
            file,
            line,
            "UTF-8 text (save the file as UTF-8; Latin-1 and other encodings are not guessed)",
        )
    })
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

/// Reads delimited text. Ragged rows are reported, not padded or cut silently.
pub fn read_delimited(
    file: &str,
    text: &str,
    delimiter: u8,
) -> Result<(RawTable, Vec<Problem>), Problem> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let bad = |line: u64, message: String| Problem {
        file: file.to_owned(),
        line: line as usize,
        column: String::new(),
        value: message,
        expected: "well-formed delimited text".to_owned(),
        severity: Severity::Error,
        suggestion: None,
        rule: "malformed_text",
    };
    let headers: Vec<String> = match records.next() {
        Some(Ok(h)) => h.iter().map(|s| s.trim().to_owned()).collect(),
        Some(Err(e)) => return Err(bad(1, e.to_string())),
        None => {
            return Err(Problem {
                rule: "empty_file",
                ..bad(1, String::new())
            })
        }
    };
    if headers.iter().all(String::is_empty) {
        return Err(Problem {
            rule: "empty_file",
            ..bad(1, String::new())
        });
    }
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut lines = LineCounter {
        text: text.as_bytes(),
        byte: 0,
        line: 1,
    };
    for record in records {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, csv::Position::line);
            bad(line, e.to_string())
        })?;
        let line = lines.line_at(record.position().map_or(0, |p| p.byte() as usize));
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if record.len() != headers.len() {
            problems.push(Problem {
                rule: "ragged_row",
                value: format!("{} fields", record.len()),
                expected: format!("{} fields, one per header", headers.len()),
                ..bad(line as u64, String::new())
            });
        }
        let mut cells: Vec<String> = record.iter().map(str::to_owned).collect();
        cells.resize(headers.len().max(cells.len()), String::new());
        rows.push(RawRow { line, cells });
    }
    Ok((
        RawTable {
            file: file.to_owned(),
            headers,
            rows,
        },
        problems,
    ))
}

/// Line numbers from byte offsets. The csv crate's own line count skips blank lines and
/// miscounts CRLF, and a user must be able to find the line in an editor.
struct LineCounter<'a> {
    text: &'a [u8],
    byte: usize,
    line: usize,
}

impl LineCounter<'_> {
    /// The line of the record starting at `byte` (offsets only grow); the offset may point at
    /// the blank lines or line ending before the record, which are skipped.
    fn line_at(&mut self, mut byte: usize) -> usize {
        while matches!(self.text.get(byte), Some(b'\n' | b'\r')) {
            byte += 1;
        }
        let end = byte.min(self.text.len());
        if end > self.byte {
            self.line += self.text[self.byte..end]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.byte = end;
        }
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bom_crlf_and_quotes() {
        let text = decode("a.csv", b"\xEF\xBB\xBFa,b\r\n1,\"x, y\"\r\n\r\n2,z\r\n").unwrap();
        let (t, problems) = read_delimited("a.csv", &text, b',').unwrap();
        assert!(problems.is_empty());
        assert_eq!(t.headers, ["a", "b"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells, ["1", "x, y"]);
        assert_eq!(t.rows[1].line, 4);
        let (t, _) = read_delimited("b.csv", "a,b\n1,\"x\ny\"\n\n\n2,z\n", b',').unwrap();
        assert_eq!(t.rows[1].line, 6);
    }

    #[test]
    fn reports_ragged_rows_and_bad_encoding() {
        let (t, problems) = read_delimited("a.tsv", "a\tb\n1\n", b'\t').unwrap();
        assert_eq!(t.rows.len(), 1);
        assert_eq!(problems[0].rule, "ragged_row");
        assert_eq!(problems[0].line, 2);
        let err = decode("l.csv", b"a\nb\xE9\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert_eq!(err.rule, "bad_encoding");
    }

    #[test]
    fn decodes_utf16() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "a,b\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        assert_eq!(decode("u.csv", &bytes).unwrap(), "a,b\n");
    }

    #[test]
    fn empty_input_is_an_error() {
        assert_eq!(
            read_delimited("e.csv", "", b',').unwrap_err().rule,
            "empty_file"
        );
    }
}
