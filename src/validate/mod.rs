//! Validation: problems with their places, and the rules that look across records.

mod origin;
mod problem;
mod rules;

pub use origin::{Origin, Place, Places};
pub use problem::{Location, Problem, Severity};
pub use rules::{check, paper_window, Rules};
