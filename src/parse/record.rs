//! The cells of one row as read from a file.
//!
//! A row's text is kept end to end in one string, with one separator byte between cells, so
//! that a row of delimited text is filled by a single copy of its line and the offsets of its
//! delimiters (the csv crate's `StringRecord` copies and checks cell by cell).

/// The cells of a row.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// The cells, each followed by one separator byte except the last.
    pub(super) text: String,
    /// Where each cell ends in `text`; the next starts one byte later.
    pub(super) ends: Vec<usize>,
}

impl Record {
    /// An empty row.
    pub fn new() -> Self {
        Record::default()
    }

    /// Removes every cell, keeping the memory.
    pub fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
    }

    /// Adds a cell at the end.
    pub fn push_field(&mut self, cell: &str) {
        if !self.ends.is_empty() {
            self.text.push(',');
        }
        self.text.push_str(cell);
        self.ends.push(self.text.len());
    }

    /// The number of cells.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the row has no cell.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The cell at `i`.
    #[inline]
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] + 1 };
        self.text.get(start..end)
    }

    /// The cells in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator + '_ {
        (0..self.len()).map(|i| self.get(i).unwrap_or_default())
    }
}

impl<S: AsRef<str>> From<Vec<S>> for Record {
    fn from(cells: Vec<S>) -> Self {
        let mut record = Record::new();
        for cell in &cells {
            record.push_field(cell.as_ref());
        }
        record
    }
}

impl<S: AsRef<str>> PartialEq<Vec<S>> for Record {
    fn eq(&self, other: &Vec<S>) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a == b.as_ref())
    }
}

impl PartialEq for Record {
    fn eq(&self, other: &Record) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_back_as_pushed() {
        let mut r = Record::from(vec!["a", "", "b,c"]);
        assert_eq!(r.len(), 3);
        assert_eq!(
            (r.get(0), r.get(1), r.get(2), r.get(3)),
            (Some("a"), Some(""), Some("b,c"), None)
        );
        assert_eq!(r.iter().next_back(), Some("b,c"));
        r.clear();
        assert!(r.is_empty());
        r.push_field("x");
        assert_eq!(r, vec!["x"]);
    }
}
