//! Building Arrow record batches from frames.

use crate::frame::{Column, Frame};
use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Float64Array, Int64Array, RecordBatch, RecordBatchOptions,
    StringArray,
};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use chrono::NaiveDate;
use std::sync::Arc;

/// Days since 1970-01-01, Arrow's `date32`.
fn days(d: NaiveDate) -> i32 {
    const UNIX_EPOCH_DAYS_FROM_CE: i32 = 719_163;
    chrono::Datelike::num_days_from_ce(&d) - UNIX_EPOCH_DAYS_FROM_CE
}

fn array(column: &Column) -> ArrayRef {
    match column {
        Column::Str(v) => Arc::new(v.iter().map(Option::as_deref).collect::<StringArray>()),
        Column::Int(v) => Arc::new(v.iter().copied().collect::<Int64Array>()),
        Column::Float(v) => Arc::new(v.iter().copied().collect::<Float64Array>()),
        Column::Bool(v) => Arc::new(v.iter().copied().collect::<BooleanArray>()),
        Column::Date(v) => Arc::new(v.iter().map(|d| d.map(days)).collect::<Date32Array>()),
        Column::StrList(v) => {
            let mut builder = ListBuilder::new(StringBuilder::new());
            for items in v {
                for item in items {
                    builder.values().append_value(item);
                }
                builder.append(true);
            }
            Arc::new(builder.finish())
        }
    }
}

/// The Arrow type of a column; text and dates are nullable, counts are not.
fn field(name: &str, column: &Column) -> Field {
    let (data_type, nullable) = match column {
        Column::Str(_) => (DataType::Utf8, true),
        Column::Int(v) => (DataType::Int64, v.iter().any(Option::is_none)),
        Column::Float(_) => (DataType::Float64, true),
        Column::Bool(_) => (DataType::Boolean, true),
        Column::Date(_) => (DataType::Date32, true),
        Column::StrList(_) => (
            DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
            false,
        ),
    };
    Field::new(name, data_type, nullable)
}

/// One record batch holding the whole frame.
pub fn record_batch(frame: &Frame) -> Result<RecordBatch, ArrowError> {
    let schema = Schema::new(
        frame
            .columns
            .iter()
            .map(|(n, c)| field(n, c))
            .collect::<Vec<_>>(),
    );
    let arrays = frame.columns.iter().map(|(_, c)| array(c)).collect();
    let options = RecordBatchOptions::new().with_row_count(Some(frame.rows()));
    RecordBatch::try_new_with_options(Arc::new(schema), arrays, &options)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::{ints, strs};
    use arrow_array::Array;

    #[test]
    fn builds_typed_columns() {
        let d = NaiveDate::from_ymd_opt(1970, 1, 2).unwrap();
        let frame = Frame::default()
            .with("name", strs(["a", "b"]))
            .with("n", ints([1, 2]))
            .with("day", Column::Date(vec![Some(d), None]))
            .with("tags", Column::StrList(vec![vec!["x".into()], vec![]]));
        let batch = record_batch(&frame).unwrap();
        assert_eq!(batch.num_rows(), 2);
        assert_eq!(batch.schema().field(2).data_type(), &DataType::Date32);
        let dates = batch
            .column(2)
            .as_any()
            .downcast_ref::<Date32Array>()
            .unwrap();
        assert_eq!(dates.value(0), 1);
        assert!(dates.is_null(1));
    }
}
