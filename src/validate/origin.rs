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

/// Where each record of one table was read: a line per record (four bytes, as a large file
/// has millions of records) and the file names in runs, since a table comes from one file.
#[derive(Debug, Clone, Default)]
pub struct Places {
    /// Files, each with the index of the first record read from it.
    files: Vec<(usize, Arc<str>)>,
    lines: Vec<u32>,
}

impl Places {
    /// Notes where the next record was read.
    pub fn push(&mut self, file: &Arc<str>, line: usize) {
        // Every record of a file shares one name, so the address usually answers; `!=` on
        // `Arc<str>` compares the text.
        let same = |f: &Arc<str>| Arc::ptr_eq(f, file) || f == file;
        if self.files.last().is_none_or(|(_, f)| !same(f)) {
            self.files.push((self.lines.len(), file.clone()));
        }
        self.lines.push(u32::try_from(line).unwrap_or(u32::MAX));
    }

    /// Where record `k` was read.
    pub fn get(&self, k: usize) -> Place {
        let run = self.files.partition_point(|(start, _)| *start <= k);
        Place {
            file: self.files[run.saturating_sub(1)].1.clone(),
            line: self.lines[k] as usize,
        }
    }

    /// The line record `k` was read on.
    pub fn line(&self, k: usize) -> usize {
        self.lines[k] as usize
    }
}

/// Places of the records of a dataset, index for index.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// One per event.
    pub events: Places,
    /// One per interaction.
    pub interactions: Places,
    /// One per source.
    pub sources: Places,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_keep_file_runs_and_lines() {
        let (a, b): (Arc<str>, Arc<str>) = ("a.csv".into(), "b.csv".into());
        let mut places = Places::default();
        places.push(&a, 2);
        places.push(&a, 5);
        places.push(&b, 3);
        assert_eq!(places.get(1), Place { file: a, line: 5 });
        assert_eq!(places.get(2), Place { file: b, line: 3 });
        assert_eq!(places.line(0), 2);
    }
}
