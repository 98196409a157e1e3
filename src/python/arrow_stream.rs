//! Handing Arrow data to Python through the PyCapsule interface, without copying.

use crate::arrow::record_batch;
use crate::frame::Frame;
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{RecordBatch, RecordBatchIterator};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

/// One Arrow table built by the core; `pyarrow.table(obj)` and polars read it through
/// `__arrow_c_stream__`.
#[pyclass(frozen, module = "cisd._core")]
pub struct ArrowTable {
    batch: RecordBatch,
}

impl ArrowTable {
    /// Builds the table of a frame.
    pub fn from_frame(frame: &Frame) -> PyResult<Self> {
        let batch = record_batch(frame).map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(Self { batch })
    }
}

#[pymethods]
impl ArrowTable {
    /// Exports the table as an Arrow C stream; the requested schema is not supported and ignored.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let schema = self.batch.schema();
        let reader = RecordBatchIterator::new([Ok(self.batch.clone())], schema);
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        PyCapsule::new_with_value(py, stream, c"arrow_array_stream")
    }

    /// Number of rows.
    fn __len__(&self) -> usize {
        self.batch.num_rows()
    }
}
