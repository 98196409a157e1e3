//! The one error type of the core and its `Result` alias.

use crate::validate::Problem;
use std::path::PathBuf;

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The path does not exist.
    #[error("{path}: no such file")]
    NotFound {
        /// The path that was asked for.
        path: PathBuf,
    },
    /// The path exists but may not be read.
    #[error("{path}: permission denied")]
    PermissionDenied {
        /// The path that was asked for.
        path: PathBuf,
    },
    /// Any other operating-system error while reading.
    #[error("{path}: {source}")]
    Io {
        /// The path that was read.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The input was read but holds errors; every problem found is attached.
    #[error("{}", summarize(.problems))]
    Data {
        /// All problems (errors and warnings) found in one pass.
        problems: Vec<Problem>,
    },
    /// The caller asked a long read to stop (Ctrl-C in a notebook).
    #[error("interrupted before the file was fully read")]
    Interrupted,
    /// A caller passed an argument the core cannot use.
    #[error("{0}")]
    InvalidArgument(String),
}

/// The core's result type.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// Maps an I/O error on `path` to the matching variant.
    pub fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        let path = path.to_path_buf();
        match source.kind() {
            std::io::ErrorKind::NotFound => Error::NotFound { path },
            std::io::ErrorKind::PermissionDenied => Error::PermissionDenied { path },
            _ => Error::Io { path, source },
        }
    }
}

/// A message that names the first errors in full and counts the rest, so a notebook user sees
/// where to look without scrolling through thousands of lines.
fn summarize(problems: &[Problem]) -> String {
    const SHOWN: usize = 10;
    let errors: Vec<&Problem> = problems.iter().filter(|p| p.is_error()).collect();
    let mut text = format!("{} error(s) in the data:", errors.len());
    for p in errors.iter().take(SHOWN) {
        text.push_str("\n  ");
        text.push_str(&p.to_string());
    }
    if errors.len() > SHOWN {
        let more = errors.len() - SHOWN;
        text.push_str("\n  ... and ");
        text.push_str(&more.to_string());
        text.push_str(" more (see the .problems table)");
    }
    text
}
