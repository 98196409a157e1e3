//! Mapping core errors to Python exceptions, and keeping panics on the Rust side.

use super::arrow_stream::ArrowTable;
use crate::error::Error;
use crate::query::tables;
use pyo3::exceptions::{
    PyFileNotFoundError, PyIsADirectoryError, PyOSError, PyPermissionError, PyRuntimeError,
    PyValueError,
};
use pyo3::prelude::*;

pyo3::create_exception!(
    cisd,
    DataError,
    PyValueError,
    "The data has errors; `.problems` is a pyarrow.Table with file, line, column, value, expected, severity, suggestion and rule."
);

/// The Python exception for a core error. `DataError` carries its problems as a table.
pub fn to_py(py: Python<'_>, error: Error) -> PyErr {
    let message = error.to_string();
    match error {
        Error::NotFound { .. } => PyFileNotFoundError::new_err(message),
        Error::PermissionDenied { .. } => PyPermissionError::new_err(message),
        Error::Io { source, .. } if source.kind() == std::io::ErrorKind::IsADirectory => {
            PyIsADirectoryError::new_err(message)
        }
        Error::Io { .. } => PyOSError::new_err(message),
        Error::InvalidArgument(_) => PyValueError::new_err(message),
        Error::Data { problems } => {
            let err = DataError::new_err(message);
            let table = ArrowTable::from_frame(&tables::problems(&problems)).and_then(|t| {
                py.import("pyarrow")?
                    .getattr("table")?
                    .call1((t,))
                    .map(Bound::unbind)
            });
            match table {
                Ok(t) => match err.value(py).setattr("problems", t) {
                    Ok(()) => err,
                    Err(e) => e,
                },
                Err(e) => e,
            }
        }
    }
}

/// Runs core work with the GIL released; a panic becomes a `RuntimeError` instead of crossing
/// into Python as a `PanicException`, which notebooks do not catch with `except Exception`.
pub fn guarded<T: Send>(
    py: Python<'_>,
    work: impl FnOnce() -> crate::error::Result<T> + Send,
) -> PyResult<T> {
    let outcome = py.detach(|| std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)));
    match outcome {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(to_py(py, e)),
        Err(panic) => {
            let detail = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(PyRuntimeError::new_err(format!(
                "internal error in cisd (please report it): {detail}"
            )))
        }
    }
}
