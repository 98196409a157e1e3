//! XLSX (and other spreadsheet) reader.

use super::table::{RawRow, RawTable};
use crate::validate::{Problem, Severity};
use calamine::{open_workbook_auto_from_rs, Data, Reader};
use std::io::Cursor;

/// Text for one cell; dates become ISO dates so the date parser sees one form.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => {
            // Excel keeps dates as day serials; the date parser reads serials.
            let serial = d.as_f64();
            if serial.fract() == 0.0 {
                format!("{}", serial as i64)
            } else {
                serial.to_string()
            }
        }
        Data::Error(e) => format!("#ERROR {e:?}"),
    }
}

/// Reads the named sheet, or the first one. Row numbers are the spreadsheet's own (1-based).
pub fn read_spreadsheet(
    bytes: &[u8],
    file: &str,
    sheet: Option<&str>,
) -> Result<RawTable, Problem> {
    let problem = |value: String, expected: &str| Problem {
        file: file.to_owned(),
        line: 0,
        column: String::new(),
        value,
        expected: expected.to_owned(),
        severity: Severity::Error,
        suggestion: None,
        rule: "unreadable_spreadsheet",
    };
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        problem(
            e.to_string(),
            "a readable .xlsx, .xlsm, .xls or .ods workbook",
        )
    })?;
    let names = book.sheet_names().clone();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .cloned()
            .ok_or_else(|| problem(s.to_owned(), &format!("a sheet name: {}", names.join(", "))))?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| problem(String::new(), "a workbook with a sheet"))?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| problem(e.to_string(), "a readable worksheet"))?;
    let (first_row, _) = range.start().unwrap_or((0, 0));
    let mut rows = range.rows().enumerate();
    let headers: Vec<String> = match rows.next() {
        Some((_, r)) => r.iter().map(|c| cell_text(c).trim().to_owned()).collect(),
        None => {
            return Err(Problem {
                rule: "empty_file",
                ..problem(name.clone(), "a sheet with a header row")
            })
        }
    };
    let data = rows
        .filter(|(_, r)| r.iter().any(|c| !matches!(c, Data::Empty)))
        .map(|(i, r)| RawRow {
            line: first_row as usize + i + 1,
            cells: r.iter().map(cell_text).collect::<Vec<String>>().into(),
        })
        .collect();
    Ok(RawTable {
        file: format!("{file}[{name}]").into(),
        headers,
        rows: data,
    })
}
