//! The Python module `cisd._core`: registration only.

mod arrow_stream;
mod dataset;
mod errors;
mod functions;

use pyo3::prelude::*;

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("DataError", m.py().get_type::<errors::DataError>())?;
    let (start, end) = crate::validate::paper_window();
    m.add("PAPER_WINDOW", (start.to_string(), end.to_string()))?;
    m.add_class::<dataset::PyDataset>()?;
    m.add_class::<arrow_stream::ArrowTable>()?;
    m.add_function(wrap_pyfunction!(functions::load_file, m)?)?;
    m.add_function(wrap_pyfunction!(functions::load_ledger, m)?)?;
    m.add_function(wrap_pyfunction!(functions::validate_file, m)?)?;
    m.add_function(wrap_pyfunction!(functions::validate_ledger, m)?)?;
    m.add_function(wrap_pyfunction!(functions::entities, m)?)?;
    m.add_function(wrap_pyfunction!(functions::officials, m)?)?;
    m.add_function(wrap_pyfunction!(functions::participation_change, m)?)?;
    m.add_function(wrap_pyfunction!(functions::resolve_counterpart, m)?)?;
    m.add_function(wrap_pyfunction!(functions::codes, m)?)?;
    m.add_function(wrap_pyfunction!(functions::match_events, m)?)?;
    m.add_function(wrap_pyfunction!(functions::check_name, m)?)?;
    m.add_function(wrap_pyfunction!(functions::vocabularies, m)?)?;
    m.add_function(wrap_pyfunction!(functions::_force_panic, m)?)?;
    Ok(())
}
