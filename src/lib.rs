//! Core of `cisd`: China Internal Security Diplomacy data, parsed, validated and aggregated.
//!
//! The core knows nothing of Python; `python/` (behind the `python` feature) only converts.

pub mod arrow;
pub mod error;
pub mod export;
pub mod frame;
pub mod hash;
pub mod model;
pub mod parse;
pub mod query;
pub mod validate;

#[cfg(feature = "python")]
mod python;
