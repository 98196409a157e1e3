//! Where each record of a dataset was read, so cross-record rules can point at lines.

use super::problem::{Location, Problem, Severity};
use std::sync::Arc;

/// A file and line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Place {
    /// File name, shared by every record read from it.
    pub file: Arc<str>,
    /// Line (header = 1).
    pub line: usize,
}

impl Place {
    /// A problem about a named column of the record read here.
    pub fn problem(
        &self,
        column: &str,
        rule: &'static str,
        severity: Severity,
        value: &str,
        expected: impl Into<String>,
    ) -> Problem {
        Location {
            file: &self.file,
            line: self.line,
            column,
        }
        .problem(rule, severity, value, expected, None)
    }
}

/// Places of the records of a dataset, index for index.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// One per event.
    pub events: Vec<Place>,
    /// One per interaction.
    pub interactions: Vec<Place>,
    /// One per source.
    pub sources: Vec<Place>,
}
