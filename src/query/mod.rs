//! Aggregations over a dataset, each returning a frame.

pub mod counts;
pub mod coverage;
mod filter;
pub mod forums;
mod ranking;
pub mod tables;

pub use filter::Filter;
pub use ranking::competition_ranks;
