//! Aggregations over a dataset, each returning a frame.

pub mod counts;
pub mod coverage;
mod filter;
pub mod forums;
pub mod matching;
pub mod panel;
pub mod periods;
pub mod quality;
mod ranking;
pub mod rates;
pub mod tables;

pub use filter::Filter;
pub use ranking::competition_ranks;
