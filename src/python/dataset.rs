//! The `Dataset` class: a validated dataset and the query methods, converting arguments and
//! results only.

use super::arrow_stream::ArrowTable;
use super::errors::{guarded, to_py};
use crate::error::Error;
use crate::frame::Frame;
use crate::model::names::not_one_of;
use crate::model::{
    Agency, Dataset, DatePrecision, EntityTable, Format, OfficialTable, Rank, RegionScheme,
    Setting, SideTables,
};
use crate::query::coverage::{self, Frequency};
use crate::query::panel::{self, Axis, DyadSide, Measure, PanelSpec, PanelUnit, Universe};
use crate::query::periods::{self, Grouping, Period};
use crate::query::quality::{self, QualityGrouping};
use crate::query::{counts, forums, tables, Filter};
use crate::validate::Problem;
use chrono::NaiveDate;
use numpy::ndarray::Array2;
use numpy::{IntoPyArray, PyArray2};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

/// A loaded, validated dataset (events, interactions, sources) and the warnings found.
#[pyclass(frozen, module = "cisd._core", name = "Dataset")]
pub struct PyDataset {
    pub(crate) data: Arc<Dataset>,
    pub(crate) warnings: Arc<Vec<Problem>>,
}

/// A matrix as Python receives it: (values, row labels, column labels).
type LabelledArray<'py> = (Bound<'py, PyArray2<i64>>, Vec<String>, Vec<String>);

fn table(frame: &Frame) -> PyResult<ArrowTable> {
    ArrowTable::from_frame(frame)
}

/// Reads an optional vocabulary argument, naming the parameter and the accepted values.
fn choice<T>(
    name: &str,
    value: Option<&str>,
    parse: fn(&str) -> Option<T>,
    names: fn() -> Vec<&'static str>,
) -> PyResult<Option<T>> {
    value.map(|v| named(name, v, parse, names)).transpose()
}

fn one_of<T>(
    name: &str,
    value: &str,
    parse: fn(&str) -> Option<T>,
    expected: fn() -> String,
) -> PyResult<T> {
    parse(value)
        .ok_or_else(|| PyValueError::new_err(format!("{name}={value:?}: expected {}", expected())))
}

/// A vocabulary value (format, agency, ...): its canonical spelling, else the valid ones and
/// the closest.
fn named<T>(
    name: &str,
    value: &str,
    parse: fn(&str) -> Option<T>,
    names: fn() -> Vec<&'static str>,
) -> PyResult<T> {
    parse(value).ok_or_else(|| {
        PyValueError::new_err(format!(
            "{name}={value:?}: {}",
            not_one_of(name, value, &names())
        ))
    })
}

/// A window end: `YYYY-MM-DD`, or `YYYY-MM` as the month's first (start) or last (end) day.
fn date(name: &str, value: Option<&str>, bound: periods::Bound) -> PyResult<Option<NaiveDate>> {
    value
        .map(|v| {
            periods::parse_bound(v, bound).ok_or_else(|| {
                PyValueError::new_err(format!(
                    "{name}={v:?}: expected a date YYYY-MM-DD or a month YYYY-MM"
                ))
            })
        })
        .transpose()
}

fn checked<T>(
    py: Python<'_>,
    check: crate::error::Result<()>,
    then: impl FnOnce() -> T,
) -> PyResult<T> {
    check.map_err(|e| to_py(py, e)).map(|()| then())
}

fn entities(py: Python<'_>) -> PyResult<&'static EntityTable> {
    EntityTable::bundled().map_err(|e| to_py(py, Error::InvalidArgument(e)))
}

fn official_table(py: Python<'_>) -> PyResult<&'static OfficialTable> {
    OfficialTable::bundled().map_err(|e| to_py(py, Error::InvalidArgument(e)))
}

#[pymethods]
impl PyDataset {
    /// Events table.
    fn events(&self) -> PyResult<ArrowTable> {
        table(&tables::events(&self.data))
    }

    /// Interactions table.
    fn interactions(&self) -> PyResult<ArrowTable> {
        table(&tables::interactions(&self.data))
    }

    /// Sources table.
    fn sources(&self) -> PyResult<ArrowTable> {
        table(&tables::sources(&self.data))
    }

    /// Warnings found while loading.
    fn warnings(&self) -> PyResult<ArrowTable> {
        table(&tables::problems(&self.warnings))
    }

    /// (interactions, events, first date, last date).
    fn shape(&self) -> (usize, usize, Option<String>, Option<String>) {
        let dates = self.data.events.iter().map(|e| e.date);
        (
            self.data.interactions.len(),
            self.data.events.len(),
            dates.clone().min().map(|d| d.to_string()),
            dates.max().map(|d| d.to_string()),
        )
    }

    /// Events, events per month, interactions and sources per period.
    #[pyo3(signature = (freq="year"))]
    fn coverage(&self, freq: &str) -> PyResult<ArrowTable> {
        let freq = one_of("freq", freq, Frequency::parse, Frequency::expected)?;
        table(&coverage::coverage(&self.data, freq))
    }

    /// Headline counts.
    fn summary(&self, py: Python<'_>) -> PyResult<ArrowTable> {
        table(&counts::summary(&self.data, entities(py)?))
    }

    /// Meetings per counterpart with competition ranks.
    #[pyo3(signature = (format=None, agency=None, rank=None, top=None))]
    fn meetings_by_country(
        &self,
        format: Option<&str>,
        agency: Option<&str>,
        rank: Option<&str>,
        top: Option<i64>,
    ) -> PyResult<ArrowTable> {
        let selection = counts::Selection {
            format: choice("format", format, Format::from_argument, Format::names)?,
            agency: choice("agency", agency, Agency::from_argument, Agency::names)?,
            rank: choice("rank", rank, Rank::from_argument, Rank::names)?,
        };
        table(&counts::meetings_by_country(&self.data, &selection, top))
    }

    /// Meetings per official and year.
    fn meetings_by_official_year(&self) -> PyResult<ArrowTable> {
        table(&counts::meetings_by_official_year(&self.data))
    }

    /// Meetings per month of a year, optionally with a forum's share.
    #[pyo3(signature = (year, forum=None))]
    fn meetings_by_month(&self, year: i32, forum: Option<&str>) -> PyResult<ArrowTable> {
        table(&counts::meetings_by_month(&self.data, year, forum))
    }

    /// Bilateral meetings per region.
    #[pyo3(signature = (scheme="cisd"))]
    fn bilateral_by_region(&self, py: Python<'_>, scheme: &str) -> PyResult<ArrowTable> {
        let scheme = RegionScheme::parse(scheme).ok_or_else(|| {
            PyValueError::new_err(format!(
                "scheme={scheme:?}: expected one of cisd, un_region, un_subregion"
            ))
        })?;
        table(&counts::bilateral_by_region(
            &self.data,
            entities(py)?,
            scheme,
        ))
    }

    /// Each counterpart's level class.
    #[pyo3(signature = (include_multilateral=true))]
    fn country_levels(&self, include_multilateral: bool) -> PyResult<ArrowTable> {
        table(&counts::country_levels(&self.data, include_multilateral))
    }

    /// Events of one forum.
    fn forum_events(&self, py: Python<'_>, forum: &str) -> PyResult<ArrowTable> {
        let check = forums::check_forum(&self.data, forum);
        table(&checked(py, check, || {
            forums::forum_events(&self.data, forum)
        })?)
    }

    /// Sideline meetings, of one parent or all.
    #[pyo3(signature = (parent=None))]
    fn sideline_meetings(&self, py: Python<'_>, parent: Option<&str>) -> PyResult<ArrowTable> {
        let check = parent.map_or(Ok(()), |p| forums::check_parent(&self.data, p));
        table(&checked(py, check, || {
            forums::sideline_meetings(&self.data, parent)
        })?)
    }

    /// Two periods compared, per measure or per group and measure.
    #[pyo3(signature = (before, after, by=None))]
    fn compare_periods(
        &self,
        py: Python<'_>,
        before: (String, String),
        after: (String, String),
        by: Option<&str>,
    ) -> PyResult<ArrowTable> {
        let grouping = by
            .map(|b| {
                Grouping::parse(b).ok_or_else(|| {
                    PyValueError::new_err(format!(
                        "by={b:?}: expected \"region\", \"agency\" or None"
                    ))
                })
            })
            .transpose()?;
        let before = Period::parse("before", &before.0, &before.1).map_err(|e| to_py(py, e))?;
        let after = Period::parse("after", &after.0, &after.1).map_err(|e| to_py(py, e))?;
        let frame = periods::compare_periods(&self.data, before, after, grouping)
            .map_err(|e| to_py(py, e))?;
        table(&frame)
    }

    /// How good the record is, overall or by period against `window`, or by region.
    #[pyo3(signature = (window, by=None))]
    fn quality(
        &self,
        py: Python<'_>,
        window: (String, String),
        by: Option<&str>,
    ) -> PyResult<ArrowTable> {
        let by = choice(
            "by",
            by,
            QualityGrouping::from_argument,
            QualityGrouping::names,
        )?;
        let window = Period::parse("window", &window.0, &window.1).map_err(|e| to_py(py, e))?;
        table(&quality::quality(&self.data, by, window))
    }

    /// A filtered copy.
    #[pyo3(signature = (start=None, end=None, agencies=None, officials=None, counterparts=None, regions=None, format=None, setting=None, precision=None))]
    #[allow(clippy::too_many_arguments)]
    fn filter(
        &self,
        py: Python<'_>,
        start: Option<&str>,
        end: Option<&str>,
        agencies: Option<Vec<String>>,
        officials: Option<Vec<String>>,
        counterparts: Option<Vec<String>>,
        regions: Option<Vec<String>>,
        format: Option<&str>,
        setting: Option<&str>,
        precision: Option<&str>,
    ) -> PyResult<PyDataset> {
        let agencies = agencies
            .map(|list| {
                list.iter()
                    .map(|a| named("agencies", a, Agency::from_argument, Agency::names))
                    .collect::<PyResult<Vec<Agency>>>()
            })
            .transpose()?;
        let filter = Filter {
            start: date("start", start, periods::Bound::Start)?,
            end: date("end", end, periods::Bound::End)?,
            agencies,
            officials,
            counterparts,
            regions,
            format: choice("format", format, Format::from_argument, Format::names)?,
            setting: choice("setting", setting, Setting::from_argument, Setting::names)?,
            day_precise_only: choice(
                "precision",
                precision,
                DatePrecision::from_argument,
                DatePrecision::names,
            )? == Some(DatePrecision::Day),
        };
        let filter = filter
            .resolve(entities(py)?, official_table(py)?)
            .map_err(|e| to_py(py, e))?;
        let data = Arc::clone(&self.data);
        let filtered = guarded(py, move || Ok(filter.apply(&data)))?;
        Ok(PyDataset {
            data: Arc::new(filtered),
            warnings: Arc::clone(&self.warnings),
        })
    }

    /// A zero-filled panel of counts and covariates.
    #[pyo3(signature = (unit="country", freq="year", start=None, end=None, universe="states", by="official"))]
    #[allow(clippy::too_many_arguments)]
    fn panel(
        &self,
        py: Python<'_>,
        unit: &str,
        freq: &str,
        start: Option<&str>,
        end: Option<&str>,
        universe: &str,
        by: &str,
    ) -> PyResult<ArrowTable> {
        let spec = PanelSpec {
            unit: one_of("unit", unit, PanelUnit::parse, PanelUnit::expected)?,
            by: one_of("by", by, DyadSide::parse, DyadSide::expected)?,
            freq: one_of("freq", freq, Frequency::parse, Frequency::expected)?,
            start: date("start", start, periods::Bound::Start)?,
            end: date("end", end, periods::Bound::End)?,
            universe: one_of("universe", universe, Universe::parse, Universe::expected)?,
        };
        let (entities, officials) = (entities(py)?, official_table(py)?);
        let side = SideTables::bundled().map_err(|e| to_py(py, Error::InvalidArgument(e)))?;
        let data = Arc::clone(&self.data);
        let frame = guarded(py, move || {
            panel::panel(&data, entities, officials, side, &spec)
        })?;
        table(&frame)
    }

    /// A dense count matrix as (numpy int64 array, row labels, column labels).
    #[pyo3(signature = (index="counterpart", columns="month", value="meetings"))]
    fn matrix<'py>(
        &self,
        py: Python<'py>,
        index: &str,
        columns: &str,
        value: &str,
    ) -> PyResult<LabelledArray<'py>> {
        let index = one_of("index", index, Axis::parse, Axis::expected)?;
        let columns = one_of("columns", columns, Axis::parse, Axis::expected)?;
        let value = one_of("value", value, Measure::parse, Measure::expected)?;
        let data = Arc::clone(&self.data);
        let m = guarded(py, move || panel::matrix(&data, index, columns, value))?;
        // The core's buffer becomes the array's memory: no copy.
        let values = Array2::from_shape_vec((m.rows.len(), m.columns.len()), m.values)
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok((values.into_pyarray(py), m.rows, m.columns))
    }

    /// Official x counterpart edges.
    fn network(&self) -> PyResult<ArrowTable> {
        table(&panel::network(&self.data))
    }

    /// Writes the flat interactions layout to a CSV file.
    fn to_csv(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        let data = Arc::clone(&self.data);
        guarded(py, move || crate::export::write_flat_csv(&data, &path))
    }
}
