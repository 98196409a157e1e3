//! XLSX (and other spreadsheet) reader.

use super::table::{RawRow, RawTable};
use crate::validate::{Problem, Severity};
use calamine::{open_workbook_auto_from_rs, Cell, Data, DataRef, Reader, Sheets, XlsxError};
use std::collections::BTreeMap;
use std::io::Cursor;
use std::panic::catch_unwind;

/// Excel's grid: no real workbook has a cell outside it.
const MAX_ROWS: u32 = 1_048_576;
const MAX_COLUMNS: u32 = 16_384;

/// The most cells a sheet may span (its used rows times the columns between its first and last
/// used column). Every spanned cell costs memory, so two stray cells far apart in a small file
/// would otherwise exhaust it and abort the process; data sheets are far smaller than this.
const MAX_CELLS: usize = 10_000_000;

const WORKBOOK: &str = "a readable .xlsx, .xlsm, .xls or .ods workbook";

/// A sheet's non-empty cells as (row, column, value), 0-based from A1, in any order.
type Cells = Vec<(u32, u32, Data)>;

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

/// A problem that stops reading the workbook.
fn problem(file: &str, value: String, expected: &str) -> Problem {
    Problem {
        file: file.to_owned(),
        line: 0,
        column: String::new(),
        value,
        expected: expected.to_owned(),
        severity: Severity::Error,
        suggestion: None,
        rule: "unreadable_spreadsheet",
    }
}

/// Reads the named sheet, or the first one. Row numbers are the spreadsheet's own (1-based).
pub fn read_spreadsheet(
    bytes: &[u8],
    file: &str,
    sheet: Option<&str>,
) -> Result<RawTable, Problem> {
    // calamine panics on some malformed files (a cell reference too long for a u32, in builds
    // with overflow checks); a broken file must come back as a problem, not a Python
    // PanicException.
    let (name, cells) = catch_unwind(|| read_cells(bytes, file, sheet)).unwrap_or_else(|_| {
        Err(problem(
            file,
            "(the spreadsheet reader failed on this file)".to_owned(),
            WORKBOOK,
        ))
    })?;
    lay_out(file, &name, cells)
}

/// The chosen sheet's name and its cells.
fn read_cells(bytes: &[u8], file: &str, sheet: Option<&str>) -> Result<(String, Cells), Problem> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| problem(file, e.to_string(), WORKBOOK))?;
    let names = book.sheet_names().clone();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .cloned()
            .ok_or_else(|| {
                problem(
                    file,
                    s.to_owned(),
                    &format!("a sheet name: {}", names.join(", ")),
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| problem(file, String::new(), "a workbook with a sheet"))?,
    };
    let unreadable = |e: String| problem(file, e, "a readable worksheet");
    // xlsx and xlsb are read cell by cell because calamine's whole-sheet range is dense: it would
    // allocate every cell between two far-apart used cells before the size could be checked.
    let cells = match &mut book {
        Sheets::Xlsx(x) => match x.worksheet_cells_reader(&name) {
            Ok(mut reader) => drain(|| reader.next_cell()).map_err(unreadable)?,
            // A chart sheet has no cells; calamine's range reader reads it as an empty sheet too.
            Err(XlsxError::NotAWorksheet(_)) => Vec::new(),
            Err(e) => return Err(unreadable(e.to_string())),
        },
        Sheets::Xlsb(x) => {
            let mut reader = x
                .worksheet_cells_reader(&name)
                .map_err(|e| unreadable(e.to_string()))?;
            drain(|| reader.next_cell()).map_err(unreadable)?
        }
        Sheets::Xls(_) | Sheets::Ods(_) => {
            let range = book
                .worksheet_range(&name)
                .map_err(|e| unreadable(e.to_string()))?;
            let (top, left) = range.start().unwrap_or((0, 0));
            range
                .used_cells()
                .map(|(r, c, v)| (top + r as u32, left + c as u32, v.clone()))
                .collect()
        }
    };
    Ok((name, cells))
}

/// Collects a cell reader's non-empty cells.
fn drain<'a, E: std::fmt::Display>(
    mut next: impl FnMut() -> Result<Option<Cell<DataRef<'a>>>, E>,
) -> Result<Cells, String> {
    let mut cells = Vec::new();
    while let Some(cell) = next().map_err(|e| e.to_string())? {
        if !matches!(cell.get_value(), DataRef::Empty) {
            let (row, column) = cell.get_position();
            cells.push((row, column, Data::from(cell.get_value().clone())));
        }
    }
    Ok(cells)
}

/// Lays cells out as the sheet shows them: the first used row is the header, and every used row
/// spans the columns from the first used column to the last.
fn lay_out(file: &str, name: &str, cells: Cells) -> Result<RawTable, Problem> {
    let mut rows: BTreeMap<u32, Vec<(u32, Data)>> = BTreeMap::new();
    for (row, column, value) in cells {
        if row >= MAX_ROWS || column >= MAX_COLUMNS {
            return Err(problem(
                file,
                format!(
                    "a cell at row {}, column {}",
                    u64::from(row) + 1,
                    u64::from(column) + 1
                ),
                "cells within 1,048,576 rows and 16,384 columns",
            ));
        }
        if !matches!(value, Data::Empty) {
            rows.entry(row).or_default().push((column, value));
        }
    }
    let columns = rows.values().flatten().map(|(c, _)| *c);
    let (Some(left), Some(right)) = (columns.clone().min(), columns.max()) else {
        return Err(Problem {
            rule: "empty_file",
            ..problem(file, name.to_owned(), "a sheet with a header row")
        });
    };
    let width = (right - left + 1) as usize;
    if rows.len().saturating_mul(width) > MAX_CELLS {
        return Err(problem(
            file,
            format!("{} rows by {width} columns", rows.len()),
            &format!("a sheet spanning at most {MAX_CELLS} cells"),
        ));
    }
    let mut rows = rows.into_iter().map(|(row, cells)| {
        let mut texts = vec![String::new(); width];
        for (column, value) in cells {
            texts[(column - left) as usize] = cell_text(&value);
        }
        RawRow {
            line: row as usize + 1,
            cells: texts.into(),
        }
    });
    let headers = rows
        .next()
        .map(|h| h.cells.iter().map(|c| c.trim().to_owned()).collect())
        .unwrap_or_default();
    Ok(RawTable {
        file: format!("{file}[{name}]").into(),
        headers,
        rows: rows.collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Data {
        Data::String(s.to_owned())
    }

    #[test]
    fn lays_out_from_the_first_used_cell() {
        let cells = vec![
            (4, 2, text("x")),
            (1, 1, text(" date ")),
            (1, 2, text("official")),
            (3, 1, Data::Float(45182.0)),
            (2, 1, Data::Empty),
        ];
        let t = lay_out("a.xlsx", "s", cells).unwrap();
        assert_eq!(&*t.file, "a.xlsx[s]");
        assert_eq!(t.headers, ["date", "official"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].line, 4);
        assert_eq!(t.rows[0].cells, vec!["45182", ""]);
        assert_eq!(t.rows[1].line, 5);
        assert_eq!(t.rows[1].cells, vec!["", "x"]);
    }

    #[test]
    fn refuses_cells_outside_the_grid_or_too_far_apart() {
        let beyond = vec![(0, 0, text("a")), (MAX_ROWS, 0, text("b"))];
        assert_eq!(
            lay_out("a.xlsx", "s", beyond).unwrap_err().rule,
            "unreadable_spreadsheet"
        );
        let corners = vec![
            (0, 0, text("a")),
            (MAX_ROWS - 1, MAX_COLUMNS - 1, text("b")),
        ];
        assert!(lay_out("a.xlsx", "s", corners).is_ok());
        let spread: Cells = (0..1000).map(|r| (r, r * 16, text("a"))).collect();
        let err = lay_out("a.xlsx", "s", spread).unwrap_err();
        assert_eq!(err.value, "1000 rows by 15985 columns");
        assert_eq!(
            lay_out("a.xlsx", "s", vec![]).unwrap_err().rule,
            "empty_file"
        );
    }
}
