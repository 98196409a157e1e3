//! Events, interactions and sources: the three tables of a loaded dataset.

use super::enums::{Agency, DatePrecision, Format, Rank, Setting};
use chrono::NaiveDate;

/// One gathering: a meeting, talks, a dialogue or a conference session.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Identifier, unique within a dataset.
    pub id: String,
    /// Date of the event (first of the month when only the month is known).
    pub date: NaiveDate,
    /// Whether `date` is exact to the day or only to the month.
    pub precision: DatePrecision,
    /// Bilateral (one foreign party) or multilateral.
    pub format: Format,
    /// Standalone, or on the sidelines of `parent`.
    pub setting: Setting,
    /// The multilateral event a sideline meeting was held alongside.
    pub parent: Option<String>,
    /// Short code of the forum or mechanism the event belongs to (GPSCFL, PIC, ...).
    pub forum: Option<String>,
    /// City where it took place.
    pub city: Option<String>,
    /// Code of the host state.
    pub host_country: Option<String>,
    /// Held by video or phone.
    pub is_virtual: Option<bool>,
    /// Short title in the ledger's own words.
    pub title: Option<String>,
    /// The number of foreign participants a source states, when it does not name them all.
    pub participants_stated: Option<u32>,
    /// Coder's notes.
    pub notes: Option<String>,
}

/// One Chinese official meeting one foreign counterpart at one event.
#[derive(Debug, Clone, PartialEq)]
pub struct Interaction {
    /// Index of the event in `Dataset::events`.
    pub event: usize,
    /// English name of the Chinese official.
    pub official: String,
    /// The official's organ.
    pub agency: Agency,
    /// The official's level.
    pub rank: Rank,
    /// Code of the foreign state or organisation.
    pub counterpart: String,
    /// English name of the counterpart.
    pub counterpart_name: String,
    /// The foreign official's name, when a source gives it.
    pub counterpart_official: Option<String>,
    /// The foreign official's title, when a source gives it.
    pub counterpart_title: Option<String>,
    /// The counterpart co-chaired the event.
    pub cochair: bool,
    /// The counterpart's region in the cisd scheme.
    pub region: String,
}

/// One public page that reports an event.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// Index of the event in `Dataset::events`.
    pub event: usize,
    /// The page's address.
    pub url: String,
    /// Who published it.
    pub publisher: Option<String>,
    /// When it was published.
    pub published: Option<NaiveDate>,
    /// Its language (ISO 639-1).
    pub language: Option<String>,
}

/// A validated dataset. Every interaction and source points at an existing event.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// Events, in input order.
    pub events: Vec<Event>,
    /// Interactions, in input order.
    pub interactions: Vec<Interaction>,
    /// Sources, in input order.
    pub sources: Vec<Source>,
}

impl Dataset {
    /// Keeps the interactions for which `keep` holds, the events that still have one, and those
    /// events' sources; indices are renumbered.
    #[must_use]
    pub fn retain<F>(&self, keep: F) -> Dataset
    where
        F: Fn(&Event, &Interaction) -> bool,
    {
        let mut new_index = vec![None; self.events.len()];
        let mut events = Vec::new();
        let mut interactions = Vec::new();
        for i in &self.interactions {
            let event = &self.events[i.event];
            if !keep(event, i) {
                continue;
            }
            let index = *new_index[i.event].get_or_insert_with(|| {
                events.push(event.clone());
                events.len() - 1
            });
            interactions.push(Interaction {
                event: index,
                ..i.clone()
            });
        }
        let sources = self
            .sources
            .iter()
            .filter_map(|s| new_index[s.event].map(|event| Source { event, ..s.clone() }))
            .collect();
        Dataset {
            events,
            interactions,
            sources,
        }
    }

    /// The interactions of each event, by event index.
    pub fn interactions_by_event(&self) -> Vec<Vec<&Interaction>> {
        let mut by_event = vec![Vec::new(); self.events.len()];
        for i in &self.interactions {
            by_event[i.event].push(i);
        }
        by_event
    }
}
