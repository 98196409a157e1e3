//! The canonical data model: events, interactions, sources, and the reference tables.

mod enums;
pub mod entities;
pub mod names;
pub mod officials;
mod reference;
mod records;

pub use entities::{Entity, EntityTable, RegionScheme};
pub use enums::{Agency, DatePrecision, Format, Rank, Setting};
pub use officials::{Official, OfficialTable};
pub use records::{Dataset, Event, Interaction, Source};
