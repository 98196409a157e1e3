//! XLSX (and other spreadsheet) reader.

use super::table::{RawRow, RawTable};
use crate::validate::{Problem, Severity};
use calamine::{
    open_workbook_auto_from_rs, open_workbook_from_rs, Data, Ods, Range, Reader, Sheets, Xls, Xlsb,
    Xlsx,
};
use std::io::Cursor;
use std::path::Path;

/// The most a workbook's zip container (xlsx, xlsm, xlsb, ods) may unpack to, in total. Real
/// workbooks of this kind of data unpack to a few megabytes; the bound is hundreds of times
/// that, yet small enough that a ZIP bomb cannot exhaust memory or run for minutes.
pub const MAX_UNPACKED_BYTES: u64 = 2 << 30;

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

/// The cell text at an absolute position: the value, or for a formula saved without its result
/// (as files written by scripts are) the formula itself, so that the problem shows what the
/// cell holds instead of an empty value.
fn text_at(values: &Range<Data>, formulas: &Range<String>, position: (u32, u32)) -> String {
    let value = values
        .get_value(position)
        .map(cell_text)
        .unwrap_or_default();
    if !value.is_empty() {
        return value;
    }
    match formulas.get_value(position) {
        Some(f) if !f.is_empty() => format!("={f}"),
        _ => value,
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
    check_unpacked_size(bytes, MAX_UNPACKED_BYTES).map_err(|o| {
        problem(
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
    let mut book = open(bytes, file)
        .map_err(|e| problem(e, "a readable .xlsx, .xlsm, .xls or .ods workbook"))?;
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
    let values = book
        .worksheet_range(&name)
        .map_err(|e| problem(e.to_string(), "a readable worksheet"))?;
    // Not every format keeps formulas (xls may not); without them cells read as their values.
    let formulas = book.worksheet_formula(&name).unwrap_or_default();
    let corners = [
        values.start(),
        values.end(),
        formulas.start(),
        formulas.end(),
    ];
    let corners: Vec<(u32, u32)> = corners.into_iter().flatten().collect();
    let sheet_file = format!("{file}[{name}]");
    let (Some(top), Some(left), Some(bottom), Some(right)) = (
        corners.iter().map(|c| c.0).min(),
        corners.iter().map(|c| c.1).min(),
        corners.iter().map(|c| c.0).max(),
        corners.iter().map(|c| c.1).max(),
    ) else {
        return Err(Problem {
            file: sheet_file,
            line: 1,
            rule: "empty_file",
            ..problem(name.clone(), "a sheet with a header row")
        });
    };
    let row = |r: u32| -> Vec<String> {
        (left..=right)
            .map(|c| text_at(&values, &formulas, (r, c)))
            .collect()
    };
    let headers: Vec<String> = row(top).iter().map(|h| h.trim().to_owned()).collect();
    let rows = (top + 1..=bottom)
        .map(|r| RawRow {
            line: r as usize + 1,
            cells: row(r).into(),
        })
        .filter(|r| r.cells.iter().any(|c| !c.is_empty()))
        .collect();
    Ok(RawTable {
        file: sheet_file.into(),
        headers,
        rows,
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
}
