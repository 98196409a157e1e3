//! One way to walk the rows of a file, whether streamed from disk or already in a table.

use super::delimited::Failure;
use super::names::Names;
use super::record::Record;
use super::table::RawTable;
use crate::validate::Problem;
use std::sync::Arc;

/// A row: its line, its cells, and its names when the reader has resolved them.
pub type NextRow<'a> = (usize, &'a Record, Option<&'a Names>);

/// Data rows in file order, with their line numbers.
pub trait Rows {
    /// File name used in messages.
    fn file(&self) -> Arc<str>;
    /// The header cells.
    fn headers(&self) -> &[String];
    /// The next row, its line, and its names when the reader resolved them; `None` at the end.
    /// Problems that do not stop reading (ragged rows) are added to `problems`.
    fn next_row(&mut self, problems: &mut Vec<Problem>) -> Result<Option<NextRow<'_>>, Failure>;
}

/// The rows of a table read whole (spreadsheets, JSON).
pub struct TableRows<'a> {
    table: &'a RawTable,
    next: usize,
}

impl<'a> TableRows<'a> {
    /// Rows from the first.
    pub fn new(table: &'a RawTable) -> Self {
        TableRows { table, next: 0 }
    }
}

impl Rows for TableRows<'_> {
    fn file(&self) -> Arc<str> {
        self.table.file.clone()
    }

    fn headers(&self) -> &[String] {
        &self.table.headers
    }

    fn next_row(&mut self, _problems: &mut Vec<Problem>) -> Result<Option<NextRow<'_>>, Failure> {
        let row = self.table.rows.get(self.next);
        self.next += 1;
        Ok(row.map(|r| (r.line, &r.cells, None)))
    }
}
