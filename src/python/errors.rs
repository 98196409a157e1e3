//! Mapping core errors to Python exceptions, and keeping panics on the Rust side.

use super::arrow_stream::ArrowTable;
use crate::error::Error;
use crate::query::tables;
use pyo3::exceptions::{
    PyFileNotFoundError, PyIsADirectoryError, PyKeyboardInterrupt, PyOSError, PyPermissionError,
    PyRuntimeError, PyValueError,
};
use pyo3::prelude::*;
use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

pyo3::create_exception!(
    cisd,
    DataError,
    PyValueError,
    "The data has errors; `.problems` is a cisd.Table with file, line, column, value, expected, severity, suggestion and rule."
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
        Error::Interrupted => PyKeyboardInterrupt::new_err(message),
        Error::Data { problems } => {
            let err = DataError::new_err(message);
            let table = ArrowTable::from_frame(&tables::problems(&problems)).and_then(|t| {
                py.import("cisd._table")?
                    .getattr("Table")?
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

/// What a caught panic becomes: a `RuntimeError` instead of a `PanicException`, which notebooks
/// do not catch with `except Exception`.
fn panic_error(panic: &(dyn Any + Send)) -> PyErr {
    let detail = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    PyRuntimeError::new_err(format!(
        "internal error in cisd (please report it): {detail}"
    ))
}

/// Runs core work with the GIL released, keeping panics on the Rust side.
pub fn guarded<T: Send>(
    py: Python<'_>,
    work: impl FnOnce() -> crate::error::Result<T> + Send,
) -> PyResult<T> {
    match py.detach(|| catch_unwind(AssertUnwindSafe(work))) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(to_py(py, e)),
        Err(panic) => Err(panic_error(&*panic)),
    }
}

/// How often a waiting load lets Python run its signal handlers.
const SIGNAL_POLL: Duration = Duration::from_millis(100);

/// Runs a long read like [`guarded`], on a worker thread, while this thread wakes every
/// [`SIGNAL_POLL`] to let Python run its signal handlers: Ctrl-C in a notebook raises at once
/// and sets the flag the reader checks, so the worker stops soon after and frees its memory.
pub fn interruptible<T: Send>(
    py: Python<'_>,
    work: impl FnOnce(Arc<AtomicBool>) -> crate::error::Result<T> + Send,
) -> PyResult<T> {
    let flag = Arc::new(AtomicBool::new(false));
    let (outcome, signal) = py.detach(|| {
        std::thread::scope(|scope| {
            let (done, finished) = mpsc::channel();
            let worker_flag = flag.clone();
            scope.spawn(move || {
                let outcome = catch_unwind(AssertUnwindSafe(|| work(worker_flag)));
                // The receiver only goes away after this thread is joined.
                let _ = done.send(outcome);
            });
            let mut signal = None;
            loop {
                match finished.recv_timeout(SIGNAL_POLL) {
                    Ok(outcome) => return (Some(outcome), signal),
                    Err(mpsc::RecvTimeoutError::Timeout) if signal.is_none() => {
                        signal = Python::attach(|py| py.check_signals().err());
                        if signal.is_some() {
                            flag.store(true, Ordering::Relaxed);
                        }
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    Err(mpsc::RecvTimeoutError::Disconnected) => return (None, signal),
                }
            }
        })
    });
    if let Some(signal) = signal {
        return Err(signal);
    }
    match outcome {
        Some(Ok(Ok(value))) => Ok(value),
        Some(Ok(Err(e))) => Err(to_py(py, e)),
        Some(Err(panic)) => Err(panic_error(&*panic)),
        None => Err(PyRuntimeError::new_err(
            "internal error in cisd: the reader stopped without an answer",
        )),
    }
}
