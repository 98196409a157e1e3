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

/// The longest value quoted in a message, in characters; the `.problems` table keeps it whole.
const QUOTED: usize = 200;

/// The problem with an overlong value cut, so that one 50 MB cell does not become a 50 MB
/// exception message.
fn shortened(p: &Problem) -> std::borrow::Cow<'_, Problem> {
    match p.value.char_indices().nth(QUOTED) {
        Some((cut, _)) => std::borrow::Cow::Owned(Problem {
            value: format!("{}... ({} bytes in all)", &p.value[..cut], p.value.len()),
            ..p.clone()
        }),
        None => std::borrow::Cow::Borrowed(p),
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
        text.push_str(&shortened(p).to_string());
    }
    if errors.len() > SHOWN {
        let more = errors.len() - SHOWN;
        text.push_str("\n  ... and ");
        text.push_str(&more.to_string());
        text.push_str(" more (see the .problems table)");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Severity;

    #[test]
    fn long_values_are_cut_in_the_message_only() {
        let long = "é".repeat(1000);
        let problem = Problem {
            file: "f.csv".into(),
            line: 2,
            column: "counterpart".into(),
            value: long.clone(),
            expected: "a known counterpart".into(),
            severity: Severity::Error,
            suggestion: None,
            rule: "unknown_counterpart",
        };
        let error = Error::Data {
            problems: vec![problem],
        };
        let message = error.to_string();
        assert!(message.contains(&format!("{}... (2000 bytes in all)", "é".repeat(200))));
        assert!(message.len() < 600, "{message}");
        let Error::Data { problems } = error else {
            unreachable!()
        };
        assert_eq!(problems[0].value, long);
    }
}
