//! A small column-oriented table: what the core hands to the Arrow layer.

use chrono::NaiveDate;

/// One column's values.
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    /// Text.
    Str(Vec<Option<String>>),
    /// Whole numbers.
    Int(Vec<Option<i64>>),
    /// Fractions.
    Float(Vec<Option<f64>>),
    /// Flags.
    Bool(Vec<Option<bool>>),
    /// Calendar dates.
    Date(Vec<Option<NaiveDate>>),
    /// Lists of text.
    StrList(Vec<Vec<String>>),
}

impl Column {
    /// Number of values.
    pub fn len(&self) -> usize {
        match self {
            Column::Str(v) => v.len(),
            Column::Int(v) => v.len(),
            Column::Float(v) => v.len(),
            Column::Bool(v) => v.len(),
            Column::Date(v) => v.len(),
            Column::StrList(v) => v.len(),
        }
    }

    /// Whether there are no values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Named columns of equal length.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Frame {
    /// Columns in order.
    pub columns: Vec<(String, Column)>,
}

impl Frame {
    /// Adds a column; all columns must have the same length.
    #[must_use]
    pub fn with(mut self, name: &str, column: Column) -> Self {
        debug_assert!(self
            .columns
            .first()
            .is_none_or(|(_, c)| c.len() == column.len()));
        self.columns.push((name.to_owned(), column));
        self
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, |(_, c)| c.len())
    }

    /// A column by name.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|(n, _)| n == name).map(|(_, c)| c)
    }
}

/// Text values from borrowed strings.
pub fn strs<'a, I: IntoIterator<Item = &'a str>>(values: I) -> Column {
    Column::Str(values.into_iter().map(|s| Some(s.to_owned())).collect())
}

/// Optional text values.
pub fn opt_strs<'a, I: IntoIterator<Item = Option<&'a str>>>(values: I) -> Column {
    Column::Str(values.into_iter().map(|s| s.map(str::to_owned)).collect())
}

/// Whole numbers.
pub fn ints<I: IntoIterator<Item = i64>>(values: I) -> Column {
    Column::Int(values.into_iter().map(Some).collect())
}
