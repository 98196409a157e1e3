//! Readers for CSV, TSV, XLSX and JSON, the column mapping, and assembly into a dataset.
//!
//! Delimited files are streamed: each row goes straight into the assembly, so memory grows
//! with the dataset, not with the text of the file.

mod assemble;
mod cells;
pub mod columns;
pub mod dates;
mod delimited;
mod ids;
mod json;
mod lookup;
mod names;
mod pipeline;
mod record;
mod rows;
mod splitter;
mod spreadsheet;
pub mod table;
mod trim;
mod xls_scan;

use crate::error::{Error, Result};
use crate::model::{Dataset, EntityTable, OfficialTable};
use crate::validate::{check, Origin, Problem, Rules, Severity};
use assemble::{event_columns, Assembly, SourceColumns};
use cells::Row;
use columns::{map_columns, ColumnMap, Field};
use delimited::{Delimited, Failure};
use lookup::Lookups;
use names::Resolver;
use rows::{Rows, TableRows};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use table::RawTable;

/// How to read a user's file.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The file's headers mapped to canonical field names.
    pub columns: BTreeMap<String, String>,
    /// The spreadsheet sheet to read (the first one when `None`).
    pub sheet: Option<String>,
    /// Cross-record rules.
    pub rules: Rules,
    /// Set by the caller to stop a long read; reading then ends with `Error::Interrupted`.
    pub interrupt: Option<Arc<AtomicBool>>,
}

/// A dataset and the warnings found while reading it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The validated data.
    pub dataset: Dataset,
    /// Warnings (never errors: those stop loading).
    pub warnings: Vec<Problem>,
}

/// The file formats the readers understand, by extension.
const SUPPORTED: &str = ".csv, .tsv, .tab, .txt (tab-separated), .xlsx, .xlsm, .xls, .ods, .json";

/// Rows between looks at the interrupt flag: often enough to stop within a blink, rarely
/// enough to cost nothing.
const CHECK_EVERY: usize = 1 << 14;

/// The fields a flat file cannot do without.
const FLAT_REQUIRED: [Field; 3] = [Field::Date, Field::Official, Field::Counterpart];

/// Which reader a file needs.
enum Kind {
    Delimited(u8),
    Spreadsheet,
    Json,
}

fn kind(file: &str) -> Result<Kind> {
    let extension = Path::new(file)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "csv" => Ok(Kind::Delimited(b',')),
        "tsv" | "tab" | "txt" => Ok(Kind::Delimited(b'\t')),
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => Ok(Kind::Spreadsheet),
        "json" => Ok(Kind::Json),
        _ => Err(Error::InvalidArgument(format!(
            "{file}: unsupported file type {extension:?}; expected one of {SUPPORTED}"
        ))),
    }
}

/// The reader for a file, refusing `sheet=` for anything but a spreadsheet: silently ignoring
/// it would hide that the user meant another file.
fn kind_with_sheet(file: &str, sheet: Option<&str>) -> Result<Kind> {
    let kind = kind(file)?;
    match sheet {
        Some(sheet) if !matches!(kind, Kind::Spreadsheet) => Err(Error::InvalidArgument(format!(
            "sheet={sheet:?}: {file} is not a spreadsheet; sheet= applies to .xlsx, .xlsm, .xls, .xlsb and .ods files"
        ))),
        _ => Ok(kind),
    }
}

fn lookups() -> Result<Lookups> {
    let entities = EntityTable::bundled().map_err(Error::InvalidArgument)?;
    let officials = OfficialTable::bundled().map_err(Error::InvalidArgument)?;
    Ok(Lookups::new(entities, officials))
}

/// The name used for a path in messages: its file name.
fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Opens a file for reading; a directory is refused with the OS meaning kept.
fn open(path: &Path) -> Result<std::fs::File> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(Error::io(
            path,
            std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "is a directory, not a data file",
            ),
        ));
    }
    std::fs::File::open(path).map_err(|e| Error::io(path, e))
}

fn read_bytes(path: &Path, mut input: std::fs::File) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    input
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    Ok(bytes)
}

fn failed(path: &Path) -> impl Fn(Failure) -> Error + '_ {
    move |f| match f {
        Failure::Io(e) => Error::io(path, e),
        Failure::Data(p) => Error::Data { problems: vec![p] },
    }
}

/// Reads any supported file into raw text cells. Problems that stop reading come back as
/// `Error::Data`; others (ragged rows) come with the table.
pub fn read_table(path: &Path, sheet: Option<&str>) -> Result<(RawTable, Vec<Problem>)> {
    let (file, input) = (display_name(path), open(path)?);
    match kind(&file)? {
        Kind::Delimited(d) => Delimited::open(&file, input, d)
            .and_then(Delimited::collect)
            .map_err(failed(path)),
        _ => read_table_bytes(&file, &read_bytes(path, input)?, sheet),
    }
}

/// Reads file contents already in memory; `file` names the file in messages, and its extension
/// picks the reader.
pub fn read_table_bytes(
    file: &str,
    bytes: &[u8],
    sheet: Option<&str>,
) -> Result<(RawTable, Vec<Problem>)> {
    let fatal = |p: Problem| Error::Data { problems: vec![p] };
    match kind_with_sheet(file, sheet)? {
        Kind::Delimited(d) => Delimited::open(file, bytes, d)
            .and_then(Delimited::collect)
            .map_err(failed(Path::new(file))),
        Kind::Spreadsheet => spreadsheet::read_spreadsheet(bytes, file, sheet)
            .map(|t| (t, Vec::new()))
            .map_err(fatal),
        Kind::Json => {
            let text = delimited::decode(file, bytes).map_err(failed(Path::new(file)))?;
            json::read_json(file, &text)
                .map(|t| (t, Vec::new()))
                .map_err(fatal)
        }
    }
}

/// Reads a flat interactions file and returns the dataset (when it has no errors) and every
/// problem found. Delimited files are streamed from disk.
pub fn read_flat(path: &Path, options: &Options) -> Result<(Option<Dataset>, Vec<Problem>)> {
    let (file, input) = (display_name(path), open(path)?);
    if let Kind::Delimited(d) = kind_with_sheet(&file, options.sheet.as_deref())? {
        let rows = Delimited::open(&file, input, d).map_err(failed(path))?;
        return assemble_pipelined(rows, options, path);
    }
    read_flat_bytes(&file, &read_bytes(path, input)?, options)
}

/// Reads a flat interactions file already in memory; `file` names it in messages and its
/// extension picks the reader.
pub fn read_flat_bytes(
    file: &str,
    bytes: &[u8],
    options: &Options,
) -> Result<(Option<Dataset>, Vec<Problem>)> {
    if let Kind::Delimited(d) = kind_with_sheet(file, options.sheet.as_deref())? {
        let rows = Delimited::open(file, bytes, d).map_err(failed(Path::new(file)))?;
        return assemble_pipelined(rows, options, Path::new(file));
    }
    let (table, mut problems) = read_table_bytes(file, bytes, options.sheet.as_deref())?;
    let (map, mut mapping) = map_columns(file, &table.headers, &options.columns, &FLAT_REQUIRED);
    problems.append(&mut mapping);
    let (dataset, mut problems) = assemble_flat(
        TableRows::new(&table),
        &map,
        problems,
        options,
        Path::new(file),
    )?;
    if matches!(kind(file)?, Kind::Spreadsheet) {
        point_to_other_sheets(file, bytes, options, &mut problems);
    }
    Ok((dataset, problems))
}

/// When the sheet read lacks required columns, names the workbook's other sheets and which of
/// them have the columns: a workbook's first sheet is often a cover or notes sheet, and the
/// user cannot see from the error alone that the data is one `sheet=` away.
fn point_to_other_sheets(file: &str, bytes: &[u8], options: &Options, problems: &mut [Problem]) {
    let missing = |p: &Problem| p.rule == "missing_column";
    if !problems.iter().any(missing) {
        return;
    }
    let names = spreadsheet::sheet_names(bytes, file);
    let read = options.sheet.as_ref().or(names.first());
    let fits = |name: &String| {
        spreadsheet::read_spreadsheet(bytes, file, Some(name)).is_ok_and(|t| {
            let (_, p) = map_columns(file, &t.headers, &options.columns, &FLAT_REQUIRED);
            !p.iter().any(missing)
        })
    };
    let others: Vec<(&String, bool)> = names
        .iter()
        .filter(|n| Some(*n) != read)
        .map(|n| (n, fits(n)))
        .collect();
    if others.is_empty() {
        return;
    }
    let listed: Vec<String> = others
        .iter()
        .map(|&(n, ok)| {
            let has = if ok { " (has the columns)" } else { "" };
            format!("{n:?}{has}")
        })
        .collect();
    let note = format!("; the workbook's other sheets: {}", listed.join(", "));
    let with_columns: Vec<&String> = others.iter().filter(|o| o.1).map(|o| o.0).collect();
    for p in problems.iter_mut().filter(|p| missing(p)) {
        p.expected.push_str(&note);
        if let [only] = with_columns.as_slice() {
            p.suggestion = Some(format!("sheet={only:?}"));
        }
    }
}

/// Assembles a delimited file while a second thread parses it and resolves its names.
fn assemble_pipelined(
    rows: Delimited<'_>,
    options: &Options,
    path: &Path,
) -> Result<(Option<Dataset>, Vec<Problem>)> {
    let (map, mapping) = map_columns(&rows.file, &rows.headers, &options.columns, &FLAT_REQUIRED);
    let resolver = Resolver::new(&map, lookups()?);
    pipeline::run(rows, resolver, |rows| {
        assemble_flat(rows, &map, mapping, options, path)
    })
}

/// Feeds every row of a flat file into an assembly and applies the rules; `map` is the rows'
/// column map and `problems` those found so far (mapping problems among them).
fn assemble_flat(
    mut rows: impl Rows,
    map: &ColumnMap,
    problems: Vec<Problem>,
    options: &Options,
    path: &Path,
) -> Result<(Option<Dataset>, Vec<Problem>)> {
    let lookups = lookups()?;
    let (file, headers) = (rows.file(), rows.headers().to_vec());
    if problems.iter().any(Problem::is_error) {
        return Ok((None, problems));
    }
    let columns = event_columns(map);
    let mut assembly = Assembly::new(lookups);
    assembly.problems = problems;
    let mut count = 0;
    while let Some((line, cells, names)) = rows
        .next_row(&mut assembly.problems)
        .map_err(failed(path))?
    {
        count += 1;
        if count % CHECK_EVERY == 0 && interrupted(options) {
            return Err(Error::Interrupted);
        }
        let row = Row {
            file: &file,
            headers: &headers,
            line,
            cells,
            map,
            names,
        };
        assembly.flat_row(&row, &columns);
    }
    if count == 0 {
        assembly.problems.push(Problem {
            file: file.to_string(),
            line: 1,
            column: String::new(),
            value: headers.join(","),
            expected: "at least one data row below the header".to_owned(),
            severity: Severity::Error,
            suggestion: None,
            rule: "no_rows",
        });
    }
    Ok(finish(assembly, &options.rules))
}

fn interrupted(options: &Options) -> bool {
    options
        .interrupt
        .as_ref()
        .is_some_and(|flag| flag.load(Ordering::Relaxed))
}

/// Reads the ledger layout: `events.csv`, `interactions.csv` and `sources.csv` in `dir`.
pub fn read_ledger(dir: &Path, rules: &Rules) -> Result<(Option<Dataset>, Vec<Problem>)> {
    let none = BTreeMap::new();
    let mut assembly = Assembly::new(lookups()?);
    let mut problems = Vec::new();
    let (events, mut p) = read_table(&dir.join("events.csv"), None)?;
    problems.append(&mut p);
    let required = [Field::EventId, Field::Date];
    let (map, mut p) = map_columns(&events.file, &events.headers, &none, &required);
    problems.append(&mut p);
    assembly.read_events(&events, &map);
    let (interactions, mut p) = read_table(&dir.join("interactions.csv"), None)?;
    problems.append(&mut p);
    let required = [Field::EventId, Field::Official, Field::Counterpart];
    let (map, mut p) = map_columns(&interactions.file, &interactions.headers, &none, &required);
    problems.append(&mut p);
    assembly.read_interactions(&interactions, &map);
    let (sources, mut p) = read_table(&dir.join("sources.csv"), None)?;
    problems.append(&mut p);
    let (columns, mut p) = SourceColumns::new(&sources);
    problems.append(&mut p);
    assembly.read_sources(&sources, &columns);
    problems.append(&mut assembly.problems);
    assembly.problems = problems;
    Ok(finish(assembly, rules))
}

fn finish(assembly: Assembly, rules: &Rules) -> (Option<Dataset>, Vec<Problem>) {
    let (dataset, origin, mut problems): (Dataset, Origin, Vec<Problem>) = assembly.finish();
    if !problems.iter().any(Problem::is_error) {
        problems.extend(check(&dataset, &origin, rules));
    }
    let ok = !problems.iter().any(Problem::is_error);
    (ok.then_some(dataset), problems)
}

/// Turns a read into a loaded dataset, or `Error::Data` carrying every problem.
pub fn into_loaded(read: (Option<Dataset>, Vec<Problem>)) -> Result<Loaded> {
    match read {
        (Some(dataset), warnings) => Ok(Loaded { dataset, warnings }),
        (None, problems) => Err(Error::Data { problems }),
    }
}

/// Every problem of a file, errors and warnings; reading failures that stop the reader become
/// problems too, and only operating-system errors are returned as `Err`.
pub fn validate(read: Result<(Option<Dataset>, Vec<Problem>)>) -> Result<Vec<Problem>> {
    match read {
        Ok((_, problems)) | Err(Error::Data { problems }) => Ok(problems),
        Err(e) => Err(e),
    }
}
