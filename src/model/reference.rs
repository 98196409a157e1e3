//! Reading the reference tables that ship with the package.

use serde::de::DeserializeOwned;

/// Parses a bundled CSV text into records; the error names the table and row so a broken
/// edit of the data is found at once.
pub fn read_bundled<T: DeserializeOwned>(name: &str, text: &str) -> Result<Vec<T>, String> {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    reader
        .deserialize()
        .enumerate()
        .map(|(i, row)| row.map_err(|e| format!("bundled {name}, line {}: {e}", i + 2)))
        .collect()
}

/// Splits a `|`-separated list cell.
pub fn split_list(cell: &str) -> impl Iterator<Item = &str> {
    cell.split('|').map(str::trim).filter(|s| !s.is_empty())
}
