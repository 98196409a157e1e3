//! XLSX (and other spreadsheet) reader.
//!
//! Hostile workbooks are bounded before they can exhaust memory: the zip container's unpacked
//! size, the grid a sheet may span (for .xls, before calamine builds it: see `xls_scan`), and
//! panics inside the spreadsheet library.

use super::table::{RawRow, RawTable};
use super::xls_scan::{self, Refusal};
use crate::hash::FastSet;
use crate::validate::{Problem, Severity};
use calamine::{
    open_workbook_auto_from_rs, open_workbook_from_rs, Cell, Data, DataRef, Ods, Reader, Sheets,
    Xls, Xlsb, Xlsx, XlsxCellFormula, XlsxError,
};
use std::collections::BTreeMap;
use std::io::Cursor;
use std::panic::catch_unwind;
use std::path::Path;

/// The most a workbook's zip container (xlsx, xlsm, xlsb, ods) may unpack to, in total. Real
/// workbooks of this kind of data unpack to a few megabytes; the bound is hundreds of times
/// that, yet small enough that a ZIP bomb cannot exhaust memory or run for minutes.
pub const MAX_UNPACKED_BYTES: u64 = 2 << 30;

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
            // Excel keeps dates as day serials, which the date parser reads; a time of day is
            // the fraction, and the data has no time of day, so the day is kept.
            format!("{}", d.as_f64().floor() as i64)
        }
        Data::Error(e) => format!("#ERROR {e:?}"),
    }
}

/// Why a zip container was refused: its largest entry, that entry's size and the total.
#[derive(Debug, PartialEq)]
struct Oversized {
    entry: String,
    entry_bytes: u64,
    total_bytes: u64,
}

/// Refuses a zip container whose entries unpack to more than `limit` bytes in total, before
/// anything is inflated. The sizes are those the central directory declares. A lying archive
/// cannot get past this: the zip crate stops inflating an entry once it exceeds its declared
/// size, so the declared total bounds what the spreadsheet reader can inflate
/// (`an_entry_larger_than_declared_is_stopped` pins that behaviour). Bytes that are not a zip
/// archive (.xls, garbage) are left for the spreadsheet reader to report.
fn check_unpacked_size(bytes: &[u8], limit: u64) -> Result<(), Oversized> {
    let Ok(archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let mut total = 0u64;
    let mut largest = (String::new(), 0u64);
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_data(i) else {
            continue;
        };
        let size = entry.size();
        total = total.saturating_add(size);
        if size >= largest.1 {
            let name = entry.name().map_or_else(
                |_| String::from_utf8_lossy(entry.name_raw()).into_owned(),
                std::borrow::Cow::into_owned,
            );
            largest = (name, size);
        }
    }
    if total > limit {
        return Err(Oversized {
            entry: largest.0,
            entry_bytes: largest.1,
            total_bytes: total,
        });
    }
    Ok(())
}

/// Opens the workbook with the reader its extension names, so a broken file is reported with
/// that reader's own reason ("could not find the central directory") rather than "cannot
/// detect file format"; a workbook saved under the wrong extension is still read by content.
fn open<'a>(bytes: &'a [u8], file: &str) -> Result<Sheets<Cursor<&'a [u8]>>, String> {
    let data = Cursor::new(bytes);
    let extension = Path::new(file)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let named = match extension.as_str() {
        "xlsx" | "xlsm" => open_workbook_from_rs::<Xlsx<_>, _>(data.clone())
            .map(Sheets::Xlsx)
            .map_err(|e| e.to_string()),
        "xlsb" => open_workbook_from_rs::<Xlsb<_>, _>(data.clone())
            .map(Sheets::Xlsb)
            .map_err(|e| e.to_string()),
        "ods" => open_workbook_from_rs::<Ods<_>, _>(data.clone())
            .map(Sheets::Ods)
            .map_err(|e| e.to_string()),
        "xls" => open_workbook_from_rs::<Xls<_>, _>(data.clone())
            .map(Sheets::Xls)
            .map_err(|e| e.to_string()),
        _ => Err(String::new()),
    };
    named.or_else(|reason| {
        open_workbook_auto_from_rs(data).map_err(|auto| {
            if reason.is_empty() {
                auto.to_string()
            } else {
                reason
            }
        })
    })
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

/// Refuses an .xls whose sheets calamine would build past the cell budget, worded as `lay_out`
/// words the same refusal for the other formats.
fn check_xls(bytes: &[u8], file: &str) -> Result<(), Problem> {
    xls_scan::check(bytes, MAX_CELLS as u64).map_err(|refusal| match refusal {
        Refusal::Broken(why) => problem(file, why, WORKBOOK),
        Refusal::Sheet {
            name,
            rows,
            columns,
            declared,
        } => problem(
            file,
            format!(
                "sheet {name}: {rows} rows by {columns} columns{}",
                if declared {
                    " (as its DIMENSIONS record declares)"
                } else {
                    ""
                }
            ),
            &format!("a sheet spanning at most {MAX_CELLS} cells"),
        ),
        Refusal::Workbook { sheets, cells } => problem(
            file,
            format!("{sheets} sheets spanning {cells} cells in all"),
            &format!("a workbook whose sheets span at most {MAX_CELLS} cells in all"),
        ),
    })
}

/// Reads the named sheet, or the first one. Row numbers are the spreadsheet's own (1-based).
pub fn read_spreadsheet(
    bytes: &[u8],
    file: &str,
    sheet: Option<&str>,
) -> Result<RawTable, Problem> {
    check_unpacked_size(bytes, MAX_UNPACKED_BYTES).map_err(|o| {
        problem(
            file,
            format!(
                "{} unpacks to {} bytes; all entries to {} bytes",
                o.entry, o.entry_bytes, o.total_bytes
            ),
            &format!(
                "a workbook that unpacks to at most {MAX_UNPACKED_BYTES} bytes (2 GiB) in total \
                 (this looks like a ZIP bomb)"
            ),
        )
    })?;
    // calamine panics on some malformed files (a cell reference too long for a u32, in builds
    // with overflow checks); a broken file must come back as a problem, not a Python
    // PanicException. The .xls pre-scan runs under the same net. calamine parses every sheet
    // of an .xls on opening, whatever the extension says (a compound file is read by content),
    // so the check comes before any opening.
    let read = || {
        check_xls(bytes, file)?;
        read_cells(bytes, file, sheet)
    };
    let (name, cells) = catch_unwind(read).unwrap_or_else(|_| {
        Err(problem(
            file,
            "(the spreadsheet reader failed on this file)".to_owned(),
            WORKBOOK,
        ))
    })?;
    lay_out(file, &name, cells)
}

/// The workbook's sheet names in order; none when it cannot be opened (its reading reports why).
pub fn sheet_names(bytes: &[u8], file: &str) -> Vec<String> {
    catch_unwind(|| {
        check_xls(bytes, file).map_err(|p| p.value)?;
        open(bytes, file).map(|b| b.sheet_names().clone())
    })
    .ok()
    .and_then(Result::ok)
    .unwrap_or_default()
}

/// The chosen sheet's name and its cells. A formula saved without its result (as files written
/// by scripts are) reads as the formula itself, so that a problem shows what the cell holds
/// instead of an empty value.
fn read_cells(bytes: &[u8], file: &str, sheet: Option<&str>) -> Result<(String, Cells), Problem> {
    let mut book = open(bytes, file).map_err(|e| problem(file, e, WORKBOOK))?;
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
    let (values, formulas): (Cells, Formulas) = match &mut book {
        Sheets::Xlsx(x) => {
            let one_pass = match x.worksheet_cells_reader(&name) {
                Ok(mut reader) => values_and_formulas(|| reader.next_cell_with_formula()),
                // A chart sheet has no cells; calamine's range reader reads it as empty too.
                Err(XlsxError::NotAWorksheet(_)) => return Ok((name, Vec::new())),
                Err(e) => return Err(unreadable(e.to_string())),
            };
            // The one pass also reads each formula, and stops at one it cannot parse. Such a
            // sheet is read as it always was: the values, then the formulas as far as they
            // parse, so a broken formula does not make a readable sheet unreadable.
            if let Ok(found) = one_pass {
                found
            } else {
                let values = {
                    let mut reader = x
                        .worksheet_cells_reader(&name)
                        .map_err(|e| unreadable(e.to_string()))?;
                    drain(|| reader.next_cell()).map_err(unreadable)?
                };
                let mut formulas = Vec::new();
                if let Ok(mut reader) = x.worksheet_cells_reader(&name) {
                    while let Ok(Some(cell)) = reader.next_formula() {
                        let (row, column) = cell.get_position();
                        if !cell.get_value().is_empty() {
                            formulas.push((row, column, cell.get_value().clone()));
                        }
                    }
                }
                (values, formulas)
            }
        }
        Sheets::Xlsb(x) => {
            let mut reader = x
                .worksheet_cells_reader(&name)
                .map_err(|e| unreadable(e.to_string()))?;
            (
                drain(|| reader.next_cell()).map_err(unreadable)?,
                Vec::new(),
            )
        }
        Sheets::Xls(_) | Sheets::Ods(_) => {
            let range = book
                .worksheet_range(&name)
                .map_err(|e| unreadable(e.to_string()))?;
            let (top, left) = range.start().unwrap_or((0, 0));
            let values = range
                .used_cells()
                .map(|(r, c, v)| (top + r as u32, left + c as u32, v.clone()))
                .collect();
            let formulas = book.worksheet_formula(&name).unwrap_or_default();
            let (top, left) = formulas.start().unwrap_or((0, 0));
            let formulas = formulas
                .used_cells()
                .filter(|(_, _, f)| !f.is_empty())
                .map(|(r, c, f)| (top + r as u32, left + c as u32, f.clone()))
                .collect();
            (values, formulas)
        }
    };
    Ok((name, with_formulas(values, formulas)))
}

/// A sheet's formulas as (row, column, text), 0-based from A1.
type Formulas = Vec<(u32, u32, String)>;

/// Adds, for each formula cell without a saved value, the formula text.
fn with_formulas(mut values: Cells, formulas: Formulas) -> Cells {
    if formulas.is_empty() {
        return values;
    }
    let valued: FastSet<(u32, u32)> = values.iter().map(|&(r, c, _)| (r, c)).collect();
    for (row, column, formula) in formulas {
        if !valued.contains(&(row, column)) {
            values.push((row, column, Data::String(format!("={formula}"))));
        }
    }
    values
}

/// Collects a sheet's non-empty cells and non-empty formulas in one pass over its XML (half the
/// time of a pass for each).
fn values_and_formulas<'a, E>(
    mut next: impl FnMut() -> Result<Option<XlsxCellFormula<'a>>, E>,
) -> Result<(Cells, Formulas), E> {
    let (mut values, mut formulas) = (Vec::new(), Vec::new());
    while let Some(cell) = next()? {
        let (row, column) = cell.pos;
        if !matches!(cell.value, DataRef::Empty) {
            values.push((row, column, Data::from(cell.value)));
        }
        if let Some(formula) = cell.formula.filter(|f| !f.is_empty()) {
            formulas.push((row, column, formula));
        }
    }
    Ok((values, formulas))
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
    lay_out_within(file, name, cells, MAX_CELLS)
}

/// `lay_out` with a cell budget of `max_cells`.
fn lay_out_within(
    file: &str,
    name: &str,
    cells: Cells,
    max_cells: usize,
) -> Result<RawTable, Problem> {
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
            file: format!("{file}[{name}]"),
            line: 1,
            rule: "empty_file",
            ..problem(file, name.to_owned(), "a sheet with a header row")
        });
    };
    let width = (right - left + 1) as usize;
    // The grid costs memory for every cell it spans. A sheet that fills most of its grid has
    // already paid for its cells, so it may span up to twice what it fills: a 10^6-row table
    // of 23 columns is read, while two stray cells far apart are still refused.
    let filled: usize = rows.values().map(Vec::len).sum();
    if rows.len().saturating_mul(width) > max_cells.max(filled.saturating_mul(2)) {
        return Err(problem(
            file,
            format!("{} rows by {width} columns", rows.len()),
            &format!("a sheet spanning at most {max_cells} cells, or twice the cells it fills"),
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
    use std::fmt::Write as _;
    use std::io::{Read, Write};
    use zip::write::SimpleFileOptions;
    use zip::CompressionMethod;

    const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
    const SHEET_TAIL: &str = "</sheetData></worksheet>";

    /// A minimal workbook of one sheet whose XML is `sheet`.
    fn workbook(sheet: &[u8]) -> Vec<u8> {
        let parts: [(&str, &[u8]); 4] = [
            (
                "[Content_Types].xml",
                br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
            ),
            (
                "_rels/.rels",
                br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
            ),
            (
                "xl/workbook.xml",
                br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
            ),
            (
                "xl/_rels/workbook.xml.rels",
                br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
            ),
        ];
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        for (name, body) in parts {
            out.start_file(name, deflated).unwrap();
            out.write_all(body).unwrap();
        }
        out.start_file("xl/worksheets/sheet1.xml", deflated)
            .unwrap();
        out.write_all(sheet).unwrap();
        out.finish().unwrap().into_inner()
    }

    /// Sheet XML with inline strings, one `<row>` per row.
    fn sheet_xml(rows: &[&[&str]], padding: usize) -> Vec<u8> {
        let mut xml = String::from(SHEET_HEAD);
        for (r, cells) in rows.iter().enumerate() {
            let line = r + 1;
            write!(xml, "<row r=\"{line}\">").unwrap();
            for (c, text) in cells.iter().enumerate() {
                let column = char::from(b'A' + c as u8);
                write!(
                    xml,
                    "<c r=\"{column}{line}\" t=\"inlineStr\"><is><t>{text}</t></is></c>"
                )
                .unwrap();
            }
            xml.push_str("</row>");
        }
        // Whitespace between elements: compresses to almost nothing, inflates to `padding`.
        xml.push_str(&" ".repeat(padding));
        xml.push_str(SHEET_TAIL);
        xml.into_bytes()
    }

    /// Rewrites the declared uncompressed size of `entry` in its local and central headers.
    fn declare_size(zip: &mut [u8], entry: &str, size: u32) {
        let name = entry.as_bytes();
        let mut patched = 0;
        for i in 0..zip.len().saturating_sub(46) {
            let (size_at, name_len_at, name_at) = match &zip[i..i + 4] {
                [0x50, 0x4b, 0x03, 0x04] => (22, 26, 30),
                [0x50, 0x4b, 0x01, 0x02] => (24, 28, 46),
                _ => continue,
            };
            let len = u16::from_le_bytes([zip[i + name_len_at], zip[i + name_len_at + 1]]);
            if zip.get(i + name_at..i + name_at + usize::from(len)) == Some(name) {
                zip[i + size_at..i + size_at + 4].copy_from_slice(&size.to_le_bytes());
                patched += 1;
            }
        }
        assert_eq!(patched, 2, "{entry} has one local and one central header");
    }

    #[test]
    fn formulas_without_a_saved_value_read_as_the_formula_even_past_a_broken_one() {
        let sheet = |broken: &str| {
            format!(
                "{SHEET_HEAD}<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>n</t></is></c></row>\
                 <row r=\"2\"><c r=\"A2\"><f>1+1</f><v>2</v></c></row>\
                 <row r=\"3\"><c r=\"A3\"><f>A2*2</f></c></row>{broken}{SHEET_TAIL}"
            )
        };
        let cells = |xml: String| {
            let table = read_spreadsheet(&workbook(xml.as_bytes()), "f.xlsx", None).unwrap();
            table
                .rows
                .iter()
                .map(|r| r.cells.get(0).unwrap_or_default().to_owned())
                .collect::<Vec<_>>()
        };
        // A saved value wins; a formula saved without one shows as the formula.
        assert_eq!(cells(sheet("")), ["2", "=A2*2"]);
        // A shared formula without its index stops the one pass; the sheet is still read, and
        // formulas before the broken one still show.
        let broken = "<row r=\"4\"><c r=\"A4\"><f t=\"shared\">A1</f><v>7</v></c></row>";
        assert_eq!(cells(sheet(broken)), ["2", "=A2*2", "7"]);
    }

    #[test]
    fn reads_a_small_workbook() {
        let book = workbook(&sheet_xml(
            &[&["date", "official"], &["2024-01-01", "Wang Xiaohong"]],
            0,
        ));
        let table = read_spreadsheet(&book, "w.xlsx", None).unwrap();
        assert_eq!(&*table.file, "w.xlsx[data]");
        assert_eq!(table.headers, ["date", "official"]);
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].line, 2);
        assert_eq!(table.rows[0].cells, vec!["2024-01-01", "Wang Xiaohong"]);
    }

    #[test]
    fn declared_sizes_over_the_bound_are_refused_before_inflating() {
        // 3 MiB of padding against a 1 MiB bound: refused on the declared sizes alone.
        let book = workbook(&sheet_xml(&[&["date"]], 3 << 20));
        assert!(book.len() < 64 << 10, "the padding compresses");
        let refused = check_unpacked_size(&book, 1 << 20).unwrap_err();
        assert_eq!(refused.entry, "xl/worksheets/sheet1.xml");
        assert!(refused.entry_bytes > 3 << 20);
        assert!(refused.total_bytes > refused.entry_bytes);
        assert!(check_unpacked_size(&book, 4 << 20).is_ok());
        assert!(check_unpacked_size(b"not a zip", 0).is_ok());
    }

    #[test]
    fn the_reader_reports_a_bomb_with_its_entry_and_the_limit() {
        // The real bound is 2 GiB; a declared 3 GiB entry (the size field alone, patched in) is
        // refused without inflating anything.
        let mut book = workbook(&sheet_xml(&[&["date"]], 0));
        declare_size(&mut book, "xl/worksheets/sheet1.xml", 3 << 30);
        let p = read_spreadsheet(&book, "bomb.xlsx", None).unwrap_err();
        assert_eq!(p.rule, "unreadable_spreadsheet");
        assert!(
            p.value
                .starts_with("xl/worksheets/sheet1.xml unpacks to 3221225472 bytes"),
            "{p}"
        );
        assert!(p.expected.contains("2147483648 bytes"), "{p}");
    }

    #[test]
    fn an_entry_larger_than_declared_is_stopped() {
        // The sheet inflates to 8 MiB but declares 4 KiB: the zip crate must stop at the
        // declared size, which is what makes the declared total a bound.
        let mut book = workbook(&sheet_xml(&[&["date"], &["2024-01-01"]], 8 << 20));
        declare_size(&mut book, "xl/worksheets/sheet1.xml", 4096);
        let mut archive = zip::ZipArchive::new(Cursor::new(&book[..])).unwrap();
        let mut entry = archive.by_name("xl/worksheets/sheet1.xml").unwrap();
        let mut inflated = Vec::new();
        let err = entry.read_to_end(&mut inflated).unwrap_err();
        assert!(inflated.len() <= 4096 + (64 << 10), "{}", inflated.len());
        assert!(err.to_string().contains("declared"), "{err}");
        let p = read_spreadsheet(&book, "liar.xlsx", None).unwrap_err();
        assert_eq!(p.rule, "unreadable_spreadsheet");
    }

    #[test]
    fn broken_archives_say_why() {
        let book = workbook(&sheet_xml(&[&["date"]], 0));
        let p = read_spreadsheet(&book[..book.len() / 2], "cut.xlsx", None).unwrap_err();
        assert_eq!(p.rule, "unreadable_spreadsheet");
        assert_ne!(p.value, "Cannot detect file format");
    }

    #[test]
    fn an_empty_sheet_is_named() {
        let book = workbook(&sheet_xml(&[], 0));
        let p = read_spreadsheet(&book, "e.xlsx", Some("data")).unwrap_err();
        assert_eq!(
            (p.rule, p.line, p.file.as_str()),
            ("empty_file", 1, "e.xlsx[data]")
        );
    }

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
            err.expected,
            "a sheet spanning at most 10000000 cells, or twice the cells it fills"
        );
        // With a budget of 10 cells: a full 4 x 3 grid (12 cells) is read, since it spans no
        // more than twice what it fills; 3 cells spanning 3 x 4 = 12 (more than 10 and than 6)
        // are refused.
        let full: Cells = (0..4)
            .flat_map(|r| (0..3).map(move |c| (r, c, text("x"))))
            .collect();
        assert_eq!(
            lay_out_within("a.xlsx", "s", full, 10).unwrap().rows.len(),
            3
        );
        let sparse = vec![(0, 0, text("a")), (1, 1, text("b")), (2, 3, text("c"))];
        let err = lay_out_within("a.xlsx", "s", sparse, 10).unwrap_err();
        assert_eq!(err.value, "3 rows by 4 columns");
        assert_eq!(
            lay_out("a.xlsx", "s", vec![]).unwrap_err().rule,
            "empty_file"
        );
    }
}
