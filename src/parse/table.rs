//! The raw text table the spreadsheet, JSON and ledger readers produce: headers and rows of
//! cells, with line numbers. Large delimited files skip it and stream rows instead.

use super::record::Record;
use std::sync::Arc;

/// One data row as read.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRow {
    /// Line (or record) number in the file; the header is line 1.
    pub line: usize,
    /// Cell texts, one per header; one buffer per row rather than one string per cell.
    pub cells: Record,
}

/// A file read as text cells.
#[derive(Debug, Clone, PartialEq)]
pub struct RawTable {
    /// File name used in messages.
    pub file: Arc<str>,
    /// Header cells.
    pub headers: Vec<String>,
    /// Data rows.
    pub rows: Vec<RawRow>,
}
