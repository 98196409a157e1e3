//! One problem found in input data, with where it is and what was expected.

use std::fmt;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The data cannot be loaded until this is fixed.
    Error,
    /// The data loads, but a reader should look.
    Warning,
}

impl Severity {
    /// Lower-case name used in tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A cell (or record) that failed a rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// File the value came from.
    pub file: String,
    /// Line in the file (header = line 1); record number for JSON; row for spreadsheets.
    pub line: usize,
    /// Column header as written in the file.
    pub column: String,
    /// The offending value as written.
    pub value: String,
    /// What was expected instead.
    pub expected: String,
    /// Error or warning.
    pub severity: Severity,
    /// A likely fix, when one is known.
    pub suggestion: Option<String>,
    /// Short name of the rule, e.g. `unknown_counterpart`.
    pub rule: &'static str,
}

impl Problem {
    /// Whether this problem blocks loading.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}, line {}, column {:?}: {} {:?}; expected {}",
            self.file,
            self.line,
            self.column,
            self.rule.replace('_', " "),
            self.value,
            self.expected
        )?;
        if let Some(s) = &self.suggestion {
            write!(f, " (did you mean {s}?)")?;
        }
        Ok(())
    }
}

/// Where a value sits, to build problems about it.
#[derive(Debug, Clone)]
pub struct Location<'a> {
    /// File name.
    pub file: &'a str,
    /// Line number.
    pub line: usize,
    /// Column header.
    pub column: &'a str,
}

impl Location<'_> {
    /// A problem at this location.
    pub fn problem(
        &self,
        rule: &'static str,
        severity: Severity,
        value: &str,
        expected: impl Into<String>,
        suggestion: Option<String>,
    ) -> Problem {
        Problem {
            file: self.file.to_owned(),
            line: self.line,
            column: self.column.to_owned(),
            value: value.to_owned(),
            expected: expected.into(),
            severity,
            suggestion,
            rule,
        }
    }
}
