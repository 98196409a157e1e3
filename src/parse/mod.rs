//! Readers for CSV, TSV, XLSX and JSON, the column mapping, and assembly into a dataset.

mod assemble;
mod cells;
pub mod columns;
pub mod dates;
mod delimited;
mod json;
mod spreadsheet;
pub mod table;

use crate::error::{Error, Result};
use crate::model::{Dataset, EntityTable, OfficialTable};
use crate::validate::{check, Origin, Problem, Rules};
use assemble::{Assembly, SourceColumns};
use columns::{map_columns, Field};
use std::collections::BTreeMap;
use std::path::Path;
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

fn reference() -> Result<(&'static EntityTable, &'static OfficialTable)> {
    let entities = EntityTable::bundled().map_err(Error::InvalidArgument)?;
    let officials = OfficialTable::bundled().map_err(Error::InvalidArgument)?;
    Ok((entities, officials))
}

/// The name used for a path in messages: its file name.
fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Reads a file's bytes; a directory is refused with the OS meaning kept.
fn read_bytes(path: &Path) -> Result<Vec<u8>> {
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
    std::fs::read(path).map_err(|e| Error::io(path, e))
}

/// Reads any supported file into raw text cells. Problems that stop reading come back as
/// `Error::Data`; others (ragged rows) come with the table.
pub fn read_table(path: &Path, sheet: Option<&str>) -> Result<(RawTable, Vec<Problem>)> {
    let bytes = read_bytes(path)?;
    read_table_bytes(&display_name(path), &bytes, sheet)
}

/// Reads file contents already in memory; `file` names the file in messages, and its extension
/// picks the reader.
pub fn read_table_bytes(
    file: &str,
    bytes: &[u8],
    sheet: Option<&str>,
) -> Result<(RawTable, Vec<Problem>)> {
    let extension = Path::new(file)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let fatal = |p: Problem| Error::Data { problems: vec![p] };
    let text = || delimited::decode(file, bytes).map_err(fatal);
    match extension.as_str() {
        "csv" => delimited::read_delimited(file, &text()?, b',').map_err(fatal),
        "tsv" | "tab" | "txt" => delimited::read_delimited(file, &text()?, b'\t').map_err(fatal),
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => {
            spreadsheet::read_spreadsheet(bytes, file, sheet)
                .map(|t| (t, Vec::new()))
                .map_err(fatal)
        }
        "json" => json::read_json(file, &text()?)
            .map(|t| (t, Vec::new()))
            .map_err(fatal),
        _ => Err(Error::InvalidArgument(format!(
            "{file}: unsupported file type {extension:?}; expected one of {SUPPORTED}"
        ))),
    }
}

/// Reads a flat interactions file and returns the dataset (when it has no errors) and every
/// problem found.
pub fn read_flat(path: &Path, options: &Options) -> Result<(Option<Dataset>, Vec<Problem>)> {
    let bytes = read_bytes(path)?;
    read_flat_bytes(&display_name(path), &bytes, options)
}

/// Reads a flat interactions file already in memory; `file` names it in messages and its
/// extension picks the reader.
pub fn read_flat_bytes(
    file: &str,
    bytes: &[u8],
    options: &Options,
) -> Result<(Option<Dataset>, Vec<Problem>)> {
    let (entities, officials) = reference()?;
    let (table, mut problems) = read_table_bytes(file, bytes, options.sheet.as_deref())?;
    if table.rows.is_empty() {
        problems.push(Problem {
            file: table.file.clone(),
            line: 1,
            column: String::new(),
            value: table.headers.join(","),
            expected: "at least one data row below the header".to_owned(),
            severity: crate::validate::Severity::Error,
            suggestion: None,
            rule: "no_rows",
        });
    }
    let (map, mut mapping) = map_columns(
        &table,
        &options.columns,
        &[Field::Date, Field::Official, Field::Counterpart],
    );
    problems.append(&mut mapping);
    if problems.iter().any(Problem::is_error) {
        return Ok((None, problems));
    }
    let mut assembly = Assembly::default();
    assembly.read_flat(&table, &map, entities, officials);
    Ok(finish(assembly, problems, &options.rules, officials))
}

/// Reads the ledger layout: `events.csv`, `interactions.csv` and `sources.csv` in `dir`.
pub fn read_ledger(dir: &Path, rules: &Rules) -> Result<(Option<Dataset>, Vec<Problem>)> {
    let (entities, officials) = reference()?;
    let none = BTreeMap::new();
    let mut problems = Vec::new();
    let mut assembly = Assembly::default();
    let (events, mut p) = read_table(&dir.join("events.csv"), None)?;
    problems.append(&mut p);
    let (map, mut p) = map_columns(&events, &none, &[Field::EventId, Field::Date]);
    problems.append(&mut p);
    assembly.read_events(&events, &map, entities);
    let (interactions, mut p) = read_table(&dir.join("interactions.csv"), None)?;
    problems.append(&mut p);
    let (map, mut p) = map_columns(
        &interactions,
        &none,
        &[Field::EventId, Field::Official, Field::Counterpart],
    );
    problems.append(&mut p);
    assembly.read_interactions(&interactions, &map, entities, officials);
    let (sources, mut p) = read_table(&dir.join("sources.csv"), None)?;
    problems.append(&mut p);
    let (columns, mut p) = SourceColumns::new(&sources);
    problems.append(&mut p);
    assembly.read_sources(&sources, &columns);
    Ok(finish(assembly, problems, rules, officials))
}

fn finish(
    assembly: Assembly,
    mut problems: Vec<Problem>,
    rules: &Rules,
    officials: &OfficialTable,
) -> (Option<Dataset>, Vec<Problem>) {
    let (dataset, origin, mut found): (Dataset, Origin, Vec<Problem>) = assembly.finish();
    problems.append(&mut found);
    if !problems.iter().any(Problem::is_error) {
        problems.extend(check(&dataset, &origin, rules, officials));
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
