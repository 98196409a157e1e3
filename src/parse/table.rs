//! The raw text table every reader produces: headers and rows of cells, with line numbers.

/// One data row as read.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRow {
    /// Line (or record) number in the file; the header is line 1.
    pub line: usize,
    /// Cell texts, one per header.
    pub cells: Vec<String>,
}

/// A file read as text cells.
#[derive(Debug, Clone, PartialEq)]
pub struct RawTable {
    /// File name used in messages.
    pub file: String,
    /// Header cells.
    pub headers: Vec<String>,
    /// Data rows.
    pub rows: Vec<RawRow>,
}
