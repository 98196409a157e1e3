//! Events, interactions and sources: the three tables of a loaded dataset.

use super::entities::Entity;
use super::enums::{Agency, DatePrecision, Format, Rank, Setting, SourceKind, SourceSide};
use super::officials::Official;
use chrono::NaiveDate;
use std::sync::Arc;

/// One gathering: a meeting, talks, a dialogue or a conference session. Texts are shared
/// (`Arc<str>`) because a large file repeats the same city, forum or title on many rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Identifier, unique within a dataset.
    pub id: Arc<str>,
    /// Date of the event (first of the month when only the month is known).
    pub date: NaiveDate,
    /// Whether `date` is exact to the day or only to the month.
    pub precision: DatePrecision,
    /// Bilateral (one foreign party) or multilateral.
    pub format: Format,
    /// Standalone, or on the sidelines of `parent`.
    pub setting: Setting,
    /// The multilateral event a sideline meeting was held alongside.
    pub parent: Option<Arc<str>>,
    /// Short code of the forum or mechanism the event belongs to (GPSCFL, PIC, ...).
    pub forum: Option<Arc<str>>,
    /// City where it took place.
    pub city: Option<Arc<str>>,
    /// Code of the host state.
    pub host_country: Option<Arc<str>>,
    /// Held by video or phone.
    pub is_virtual: Option<bool>,
    /// Short title in the ledger's own words.
    pub title: Option<Arc<str>>,
    /// The number of foreign participants a source states, when it does not name them all.
    pub participants_stated: Option<u32>,
    /// Coder's notes.
    pub notes: Option<Arc<str>>,
}

/// One Chinese official meeting one foreign counterpart at one event. The official and the
/// counterpart are the rows of the bundled reference tables, pointed at rather than copied: a
/// large file has millions of interactions and a few hundred distinct people and states.
#[derive(Debug, Clone, PartialEq)]
pub struct Interaction {
    /// Index of the event in `Dataset::events`.
    pub event: usize,
    /// The Chinese official (name, organ, tenure).
    pub official: &'static Official,
    /// The official's organ.
    pub agency: Agency,
    /// The official's level.
    pub rank: Rank,
    /// The foreign state or organisation (code, name, region).
    pub counterpart: &'static Entity,
    /// The foreign official's name, when a source gives it.
    pub counterpart_official: Option<Arc<str>>,
    /// The foreign official's title, when a source gives it.
    pub counterpart_title: Option<Arc<str>>,
    /// The counterpart co-chaired the event.
    pub cochair: bool,
}

/// One public page that reports an event.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// Index of the event in `Dataset::events`.
    pub event: usize,
    /// The page's address.
    pub url: Arc<str>,
    /// Who published it.
    pub publisher: Option<Arc<str>>,
    /// When it was published.
    pub published: Option<NaiveDate>,
    /// Its language (ISO 639-1).
    pub language: Option<Arc<str>>,
    /// Who wrote the text; absent when the file does not say.
    pub kind: Option<SourceKind>,
    /// Whose side the text comes from, relative to the event; absent when the file does not say.
    pub side: Option<SourceSide>,
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

/// The number of distinct counterparts of each event, counted up to two: enough to tell none,
/// one and several apart without building a list per event. Counterparts are rows of the
/// bundled entities table, one per code, so they are compared by address.
pub fn parties_per_event(events: usize, interactions: &[Interaction]) -> Vec<u8> {
    let mut first: Vec<Option<&Entity>> = vec![None; events];
    let mut count = vec![0u8; events];
    for i in interactions {
        match first[i.event] {
            None => {
                first[i.event] = Some(i.counterpart);
                count[i.event] = 1;
            }
            Some(c) if !std::ptr::eq(c, i.counterpart) => count[i.event] = 2,
            Some(_) => {}
        }
    }
    count
}
