//! Module-level functions: loading, validating, and the reference tables.

use super::arrow_stream::ArrowTable;
use super::dataset::PyDataset;
use super::errors::{guarded, interruptible};
use crate::frame::{strs, Column, Frame};
use crate::model::names::not_one_of;
use crate::model::{
    Agency, Code, CodeSystem, DatePrecision, EntityTable, Format, Official, OfficialTable,
    Position, Rank, Setting, SourceKind, SourceSide,
};
use crate::parse::{self, into_loaded, Options};
use crate::query::{forums, matching, tables};
use crate::validate::Rules;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

fn options(columns: Option<BTreeMap<String, String>>, sheet: Option<String>) -> Options {
    Options {
        columns: columns.unwrap_or_default(),
        sheet,
        rules: Rules::default(),
        interrupt: None,
    }
}

fn ledger_rules() -> Rules {
    Rules::ledger()
}

/// Loads a flat interactions file (CSV, TSV, XLSX, JSON).
#[pyfunction]
#[pyo3(signature = (path, columns=None, sheet=None))]
pub fn load_file(
    py: Python<'_>,
    path: PathBuf,
    columns: Option<BTreeMap<String, String>>,
    sheet: Option<String>,
) -> PyResult<PyDataset> {
    let mut options = options(columns, sheet);
    let loaded = interruptible(py, move |flag| {
        options.interrupt = Some(flag);
        into_loaded(parse::read_flat(&path, &options)?)
    })?;
    Ok(PyDataset {
        data: Arc::new(loaded.dataset),
        warnings: Arc::new(loaded.warnings),
    })
}

/// Loads the ledger layout (events, interactions and sources CSV files) from a folder.
#[pyfunction]
pub fn load_ledger(py: Python<'_>, folder: PathBuf) -> PyResult<PyDataset> {
    let loaded = guarded(py, move || {
        into_loaded(parse::read_ledger(&folder, &ledger_rules())?)
    })?;
    Ok(PyDataset {
        data: Arc::new(loaded.dataset),
        warnings: Arc::new(loaded.warnings),
    })
}

/// Every problem of a flat file.
#[pyfunction]
#[pyo3(signature = (path, columns=None, sheet=None))]
pub fn validate_file(
    py: Python<'_>,
    path: PathBuf,
    columns: Option<BTreeMap<String, String>>,
    sheet: Option<String>,
) -> PyResult<ArrowTable> {
    let mut options = options(columns, sheet);
    let problems = interruptible(py, move |flag| {
        options.interrupt = Some(flag);
        parse::validate(parse::read_flat(&path, &options))
    })?;
    ArrowTable::from_frame(&tables::problems(&problems))
}

/// Every problem of a ledger folder.
#[pyfunction]
pub fn validate_ledger(py: Python<'_>, folder: PathBuf) -> PyResult<ArrowTable> {
    let problems = guarded(py, move || {
        parse::validate(parse::read_ledger(&folder, &ledger_rules()))
    })?;
    ArrowTable::from_frame(&tables::problems(&problems))
}

/// The entities reference table.
#[pyfunction]
pub fn entities() -> PyResult<ArrowTable> {
    let table = EntityTable::bundled().map_err(PyValueError::new_err)?;
    let e = table.all();
    let code = |v: Option<u32>| v.map(i64::from);
    ArrowTable::from_frame(
        &Frame::default()
            .with("code", strs(e.iter().map(|e| e.code.as_str())))
            .with("name", strs(e.iter().map(|e| e.name.as_str())))
            .with("kind", strs(e.iter().map(|e| e.kind.as_str())))
            .with(
                "aliases",
                Column::StrList(
                    e.iter()
                        .map(|e| {
                            e.aliases
                                .split('|')
                                .filter(|a| !a.is_empty())
                                .map(str::to_owned)
                                .collect()
                        })
                        .collect(),
                ),
            )
            .with("iso2", strs(e.iter().map(|e| e.iso2.as_str())))
            .with(
                "cow_code",
                Column::Int(e.iter().map(|e| code(e.cow_code)).collect()),
            )
            .with(
                "gw_code",
                Column::Int(e.iter().map(|e| code(e.gw_code)).collect()),
            )
            .with("un_region", strs(e.iter().map(|e| e.un_region.as_str())))
            .with(
                "un_subregion",
                strs(e.iter().map(|e| e.un_subregion.as_str())),
            )
            .with("region", strs(e.iter().map(|e| e.region.as_str()))),
    )
}

/// The positions table: one row per position an official held.
#[pyfunction]
pub fn officials() -> PyResult<ArrowTable> {
    let table = OfficialTable::bundled().map_err(PyValueError::new_err)?;
    let rows: Vec<(&Official, &Position)> = table
        .all()
        .iter()
        .flat_map(|o| o.positions.iter().map(move |p| (o, p)))
        .collect();
    ArrowTable::from_frame(
        &Frame::default()
            .with("official", strs(rows.iter().map(|(o, _)| o.name.as_str())))
            .with(
                "name_zh",
                strs(rows.iter().map(|(o, _)| o.name_zh.as_str())),
            )
            .with("agency", strs(rows.iter().map(|(_, p)| p.agency.as_str())))
            .with("rank", strs(rows.iter().map(|(_, p)| p.rank.as_str())))
            .with("title", strs(rows.iter().map(|(_, p)| p.title.as_str())))
            .with(
                "start",
                Column::Date(rows.iter().map(|(_, p)| p.start).collect()),
            )
            .with(
                "end",
                Column::Date(rows.iter().map(|(_, p)| p.end).collect()),
            )
            .with(
                "source_url",
                strs(rows.iter().map(|(_, p)| p.source_url.as_str())),
            )
            .with("notes", strs(rows.iter().map(|(_, p)| p.notes.as_str()))),
    )
}

/// Who took part in both years, only the second, or only the first; rows are (code, name, year).
#[pyfunction]
pub fn participation_change(
    rows: Vec<(String, String, i64)>,
    first: i64,
    second: i64,
) -> PyResult<ArrowTable> {
    ArrowTable::from_frame(&forums::participation_change(&rows, first, second))
}

/// Pairs the events of two datasets: (pairs, only in a, only in b, summary).
#[pyfunction]
pub fn match_events(
    py: Python<'_>,
    a: &PyDataset,
    b: &PyDataset,
    days: u32,
) -> PyResult<(ArrowTable, ArrowTable, ArrowTable, ArrowTable)> {
    let (a, b) = (Arc::clone(&a.data), Arc::clone(&b.data));
    let m = guarded(py, move || Ok(matching::match_events(&a, &b, days)))?;
    Ok((
        ArrowTable::from_frame(&m.pairs)?,
        ArrowTable::from_frame(&m.only_a)?,
        ArrowTable::from_frame(&m.only_b)?,
        ArrowTable::from_frame(&m.summary)?,
    ))
}

/// Resolves a counterpart spelling to (code, name, region), or None.
#[pyfunction]
pub fn resolve_counterpart(text: &str) -> PyResult<Option<(String, String, String)>> {
    let table = EntityTable::bundled().map_err(PyValueError::new_err)?;
    Ok(table
        .resolve(text)
        .map(|e| (e.code.clone(), e.name.clone(), e.region.clone())))
}

/// A code as Python sees it: a str, or an int for the COW and GW state codes.
#[derive(IntoPyObject)]
pub enum PyCode {
    Text(String),
    Number(u32),
}

/// The code in system `to` of each name (None stays None); `ValueError` for an unknown or
/// ambiguous name or system.
#[pyfunction]
pub fn codes(names: Vec<Option<String>>, to: &str) -> PyResult<Vec<Option<PyCode>>> {
    let table = EntityTable::bundled().map_err(PyValueError::new_err)?;
    let system = CodeSystem::parse(to).map_err(PyValueError::new_err)?;
    let found = table
        .codes(names.iter().map(Option::as_deref), system)
        .map_err(PyValueError::new_err)?;
    Ok(found
        .into_iter()
        .map(|code| {
            code.map(|c| match c {
                Code::Text(t) => PyCode::Text(t.to_owned()),
                Code::Number(n) => PyCode::Number(n),
            })
        })
        .collect())
}

/// Raises `ValueError` unless `value` is one of `valid`, with the valid values and a
/// did-you-mean, worded like the core's own argument checks.
#[pyfunction]
pub fn check_name(what: &str, value: &str, valid: Vec<String>) -> PyResult<()> {
    if valid.iter().any(|v| v == value) {
        return Ok(());
    }
    let valid: Vec<&str> = valid.iter().map(String::as_str).collect();
    Err(PyValueError::new_err(not_one_of(what, value, &valid)))
}

/// The closed vocabularies by column name, in codebook order, for categorical columns.
#[pyfunction]
pub fn vocabularies() -> PyResult<BTreeMap<&'static str, Vec<String>>> {
    let table = EntityTable::bundled().map_err(PyValueError::new_err)?;
    let owned = |names: Vec<&str>| names.into_iter().map(str::to_owned).collect::<Vec<_>>();
    Ok(BTreeMap::from([
        ("agency", owned(Agency::names())),
        ("rank", owned(Rank::names())),
        ("format", owned(Format::names())),
        ("setting", owned(Setting::names())),
        ("date_precision", owned(DatePrecision::names())),
        ("kind", owned(SourceKind::names())),
        ("side", owned(SourceSide::names())),
        ("region", owned(table.regions())),
    ]))
}

/// Panics inside the guarded path, so tests can check a panic never reaches Python as such.
#[pyfunction]
pub fn _force_panic(py: Python<'_>) -> PyResult<()> {
    guarded(py, || -> crate::error::Result<()> {
        panic!("forced for a test")
    })
}
