//! The canonical data model: events, interactions, sources, and the reference tables.

pub mod entities;
mod enums;
pub mod names;
pub mod officials;
mod records;
mod reference;
pub mod side;

pub use entities::{Code, CodeSystem, Entity, EntityTable, RegionScheme};
pub(crate) use enums::vocabulary;
pub use enums::{Agency, DatePrecision, Format, Rank, Setting, SourceKind, SourceSide};
pub use officials::{Official, OfficialTable, Position};
pub use records::{parties_per_event, Dataset, Event, Interaction, Source};
pub use side::SideTables;
