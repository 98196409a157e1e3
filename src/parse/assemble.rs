//! Turning rows into events, interactions and sources, one row at a time.
//!
//! A flat file repeats each event's fields on every interaction row; rows are grouped by
//! `event_id` and must agree. The bundled ledger keeps the three tables apart; both paths share
//! the cell readers and end in the same cross-record rules.

use super::cells::Row;
use super::columns::{ColumnMap, Field};
use super::ids::EventIds;
use super::lookup::Lookups;
use super::table::RawTable;
use crate::hash::FastMap;
use crate::model::{
    parties_per_event, Dataset, DatePrecision, Event, Format, Interaction, Setting, Source,
    SourceKind, SourceSide,
};
use crate::validate::{Origin, Problem, Severity};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The columns that describe an event rather than an interaction.
const EVENT_FIELDS: [Field; 13] = [
    Field::EventId,
    Field::Date,
    Field::DatePrecision,
    Field::Format,
    Field::Setting,
    Field::ParentEventId,
    Field::Forum,
    Field::City,
    Field::HostCountry,
    Field::Virtual,
    Field::Title,
    Field::ParticipantsStated,
    Field::Notes,
];

/// An event's cells as read from one row.
struct Draft {
    date: (NaiveDate, DatePrecision),
    format: Option<Format>,
    setting: Option<Setting>,
    parent: Option<Arc<str>>,
    forum: Option<Arc<str>>,
    city: Option<Arc<str>>,
    host_country: Option<Arc<str>>,
    is_virtual: Option<bool>,
    title: Option<Arc<str>>,
    participants_stated: Option<u32>,
    notes: Option<Arc<str>>,
}

/// Fills what `stored` lacks from `new`; a value that differs is collected as a conflict with
/// both values written out.
fn merge<T: PartialEq>(
    stored: &mut Option<T>,
    new: Option<T>,
    field: Field,
    show: impl Fn(&T) -> String,
    conflicts: &mut Vec<(Field, String, String)>,
) {
    match (stored.as_ref(), new) {
        (Some(old), Some(new)) if *old != new => conflicts.push((field, show(&new), show(old))),
        (None, new @ Some(_)) => *stored = new,
        _ => {}
    }
}

fn text(t: &Arc<str>) -> String {
    t.to_string()
}

impl Draft {
    /// Reads an event's cells; `None` when the row has no usable date.
    fn read(row: &Row, lookups: &mut Lookups, problems: &mut Vec<Problem>) -> Option<Draft> {
        let date = row.date(lookups, problems);
        let stated = row.vocabulary(
            Field::DatePrecision,
            DatePrecision::parse,
            DatePrecision::expected,
            problems,
        );
        let (format, setting) = row.format_and_setting(problems);
        let mut shared = |field| row.text(field).map(|t| lookups.intern(t));
        let (parent, forum, city, title, notes) = (
            shared(Field::ParentEventId),
            shared(Field::Forum),
            shared(Field::City),
            shared(Field::Title),
            shared(Field::Notes),
        );
        let host_country = if row.text(Field::HostCountry).is_some() {
            Some(
                row.entity(Field::HostCountry, lookups, problems)?
                    .code
                    .as_str()
                    .into(),
            )
        } else {
            None
        };
        let is_virtual = row.flag(Field::Virtual, problems);
        let participants_stated = row.count(Field::ParticipantsStated, problems);
        let (day, implied) = date?;
        Some(Draft {
            date: (day, stated.unwrap_or(implied)),
            format,
            setting,
            parent,
            forum,
            city,
            host_country,
            is_virtual,
            title,
            participants_stated,
            notes,
        })
    }

    /// The event as first read; format and setting hold placeholders where no row stated them
    /// (see [`Stated`]) until every row has been read.
    fn into_event(self, id: Arc<str>) -> (Event, Stated) {
        let stated = Stated {
            format: self.format.is_some(),
            setting: self.setting.is_some(),
        };
        let event = Event {
            id,
            date: self.date.0,
            precision: self.date.1,
            format: self.format.unwrap_or(Format::Bilateral),
            setting: self.setting.unwrap_or(Setting::Standalone),
            parent: self.parent,
            forum: self.forum,
            city: self.city,
            host_country: self.host_country,
            is_virtual: self.is_virtual,
            title: self.title,
            participants_stated: self.participants_stated,
            notes: self.notes,
        };
        (event, stated)
    }
}

/// Whether some row stated an event's format and setting; those not stated are derived at the
/// end, from the number of counterparts and from the parent link.
#[derive(Clone, Copy)]
struct Stated {
    format: bool,
    setting: bool,
}

/// Takes a later row's reading of an event into the event; returns the fields that differ.
fn absorb(event: &mut Event, stated: &mut Stated, new: Draft) -> Vec<(Field, String, String)> {
    let mut c = Vec::new();
    let mut date = Some(event.date);
    merge(
        &mut date,
        Some(new.date.0),
        Field::Date,
        NaiveDate::to_string,
        &mut c,
    );
    let mut precision = Some(event.precision);
    let show = |d: &DatePrecision| d.as_str().to_owned();
    merge(
        &mut precision,
        Some(new.date.1),
        Field::DatePrecision,
        show,
        &mut c,
    );
    let mut format = stated.format.then_some(event.format);
    merge(
        &mut format,
        new.format,
        Field::Format,
        |f| f.as_str().to_owned(),
        &mut c,
    );
    let mut setting = stated.setting.then_some(event.setting);
    merge(
        &mut setting,
        new.setting,
        Field::Setting,
        |s| s.as_str().to_owned(),
        &mut c,
    );
    if let Some(f) = format {
        (event.format, stated.format) = (f, true);
    }
    if let Some(s) = setting {
        (event.setting, stated.setting) = (s, true);
    }
    merge(
        &mut event.parent,
        new.parent,
        Field::ParentEventId,
        text,
        &mut c,
    );
    merge(&mut event.forum, new.forum, Field::Forum, text, &mut c);
    merge(&mut event.city, new.city, Field::City, text, &mut c);
    merge(
        &mut event.host_country,
        new.host_country,
        Field::HostCountry,
        text,
        &mut c,
    );
    merge(
        &mut event.is_virtual,
        new.is_virtual,
        Field::Virtual,
        bool::to_string,
        &mut c,
    );
    merge(&mut event.title, new.title, Field::Title, text, &mut c);
    let participants = &mut event.participants_stated;
    merge(
        participants,
        new.participants_stated,
        Field::ParticipantsStated,
        u32::to_string,
        &mut c,
    );
    merge(&mut event.notes, new.notes, Field::Notes, text, &mut c);
    c
}

/// Fills the format and setting no row stated.
fn settle(event: &mut Event, stated: Stated, parties: u8) {
    if !stated.format {
        event.format = if parties > 1 {
            Format::Multilateral
        } else {
            Format::Bilateral
        };
    }
    if !stated.setting {
        event.setting = if event.parent.is_some() {
            Setting::Sideline
        } else {
            Setting::Standalone
        };
    }
}

/// The previous flat row's event cells, so that the common case of consecutive rows of one
/// event is recognised by comparing text instead of reading every cell again.
#[derive(Default)]
struct Previous {
    event: Option<usize>,
    cells: Vec<String>,
    sources: String,
}

impl Previous {
    fn same_event(&self, row: &Row, columns: &[usize]) -> Option<usize> {
        let event = self.event?;
        let same = columns
            .iter()
            .zip(&self.cells)
            .all(|(&i, old)| row.cells.get(i) == Some(old.as_str()));
        same.then_some(event)
    }

    fn remember(&mut self, row: &Row, columns: &[usize], event: Option<usize>) {
        self.event = event;
        self.cells.resize(columns.len(), String::new());
        for (&i, cell) in columns.iter().zip(&mut self.cells) {
            cell.clear();
            cell.push_str(row.cells.get(i).unwrap_or_default());
        }
    }
}

/// A dataset under construction, with where each record came from.
pub struct Assembly {
    events: Vec<Event>,
    stated: Vec<Stated>,
    index: EventIds,
    interactions: Vec<Interaction>,
    sources: Vec<Source>,
    /// Sources already recorded, by event and a hash of the URL.
    known_sources: FastMap<(usize, u64), usize>,
    url_hasher: ahash::RandomState,
    origin: Origin,
    /// Problems found so far.
    pub problems: Vec<Problem>,
    lookups: Lookups,
    previous: Previous,
    /// Unnamed columns already reported as holding data.
    warned_blank: Vec<usize>,
}

impl Assembly {
    /// An empty assembly resolving names through `lookups`.
    pub fn new(lookups: Lookups) -> Self {
        Assembly {
            events: Vec::new(),
            stated: Vec::new(),
            index: EventIds::default(),
            interactions: Vec::new(),
            sources: Vec::new(),
            known_sources: FastMap::default(),
            url_hasher: ahash::RandomState::new(),
            origin: Origin::default(),
            problems: Vec::new(),
            lookups,
            previous: Previous::default(),
            warned_blank: Vec::new(),
        }
    }

    fn event_id(row: &Row, problems: &mut Vec<Problem>) -> Option<Arc<str>> {
        if row.map.has(Field::EventId) {
            row.required(Field::EventId, problems).map(Arc::from)
        } else {
            // Without an id column every row is its own event.
            Some(format!("row-{}", row.line).into())
        }
    }

    /// A column without a header is skipped silently only while it is empty.
    fn check_blank_columns(&mut self, row: &Row) {
        for &i in &row.map.blank {
            let filled = row.cells.get(i).is_some_and(|c| !c.trim().is_empty());
            if filled && !self.warned_blank.contains(&i) {
                self.warned_blank.push(i);
                self.problems.push(
                    crate::validate::Location {
                        file: row.file,
                        line: row.line,
                        column: "",
                    }
                    .problem(
                        "unused_column",
                        Severity::Warning,
                        row.cells.get(i).unwrap_or_default(),
                        format!(
                            "a header for column {}; its cells are not read (name it and map it with columns= if they matter)",
                            i + 1
                        ),
                        None,
                    ),
                );
            }
        }
    }

    /// Adds an event, or merges a repeated one; a field that differs from an earlier row is an
    /// error naming both lines.
    fn add_event(&mut self, row: &Row, id: Arc<str>, draft: Draft, merge: bool) -> Option<usize> {
        let events = &self.events;
        // Ids made up from line numbers are unique and never looked up again.
        let known = if row.map.has(Field::EventId) {
            self.index
                .get_or_insert(&id, events.len(), |k| &*events[k].id)
        } else {
            None
        };
        let Some(k) = known else {
            let (event, stated) = draft.into_event(id);
            self.events.push(event);
            self.stated.push(stated);
            row.record_in(&mut self.origin.events);
            return Some(self.events.len() - 1);
        };
        let first = self.origin.events.line(k);
        if !merge {
            self.problems.push(row.locate(Field::EventId).problem(
                "duplicate_id",
                Severity::Error,
                &id,
                format!("a unique event_id (already used on line {first})"),
                None,
            ));
            return None;
        }
        for (field, new, old) in absorb(&mut self.events[k], &mut self.stated[k], draft) {
            self.problems.push(row.locate(field).problem(
                "inconsistent_event",
                Severity::Error,
                &new,
                format!("{old:?} as on line {first} for event {id}"),
                None,
            ));
        }
        Some(k)
    }

    /// Reads an interaction's cells; problems are recorded even when the row's event is unusable.
    fn interaction(&mut self, row: &Row, event: Option<usize>) -> Option<Interaction> {
        let when = event.map(|k| (self.events[k].date, self.events[k].precision));
        let problems = &mut self.problems;
        let lookups = &mut self.lookups;
        let official = row.official(lookups, problems);
        let counterpart_field = if row.map.has(Field::Counterpart) {
            Field::Counterpart
        } else {
            Field::CounterpartName
        };
        let counterpart = if row.text(counterpart_field).is_none() {
            row.required(counterpart_field, problems);
            None
        } else {
            row.counterpart(counterpart_field, lookups, problems)
        };
        let cochair = row.flag(Field::Cochair, problems).unwrap_or(false);
        let (official, counterpart) = (official?, counterpart?);
        let (agency, rank) = row.agency_and_rank(official, when, problems);
        let mut shared = |field| row.text(field).map(|t| lookups.intern(t));
        Some(Interaction {
            event: event.unwrap_or_default(),
            official,
            agency,
            rank,
            counterpart,
            counterpart_official: shared(Field::CounterpartOfficial),
            counterpart_title: shared(Field::CounterpartTitle),
            cochair,
        })
    }

    fn push_interaction(&mut self, row: &Row, interaction: Interaction) {
        self.interactions.push(interaction);
        row.record_in(&mut self.origin.interactions);
    }

    /// Adds a source unless the event already cites the same URL.
    fn add_source(&mut self, row: &Row, source: Source) {
        let key = (source.event, self.url_hasher.hash_one(&source.url));
        if let Some(&known) = self.known_sources.get(&key) {
            if self.sources[known].url == source.url {
                return;
            }
        } else {
            self.known_sources.insert(key, self.sources.len());
        }
        self.sources.push(source);
        row.record_in(&mut self.origin.sources);
    }

    /// Reads one row of a flat interactions table (one row per event x official x
    /// counterpart). `columns` are the event columns of the map (see [`event_columns`]).
    pub fn flat_row(&mut self, row: &Row, columns: &[usize]) {
        self.check_blank_columns(row);
        let repeated = self.previous.same_event(row, columns);
        let event = repeated.or_else(|| {
            let before = self.problems.len();
            let id = Self::event_id(row, &mut self.problems);
            let draft = Draft::read(row, &mut self.lookups, &mut self.problems);
            let event = match (id, draft) {
                (Some(id), Some(draft)) => self.add_event(row, id, draft, true),
                _ => None,
            };
            // A row whose event cells had problems is not a model for the next row, or the
            // next row's identical problems would go unreported.
            let clean = self.problems.len() == before && row.map.has(Field::EventId);
            self.previous
                .remember(row, columns, if clean { event } else { None });
            event
        });
        // The interaction cells are read even for a broken event, so every problem shows.
        let interaction = self.interaction(row, event);
        let (Some(event), Some(interaction)) = (event, interaction) else {
            return;
        };
        self.push_interaction(row, interaction);
        let Some(urls) = row.text(Field::SourceUrl) else {
            return;
        };
        if repeated.is_some() && self.previous.sources == urls {
            return;
        }
        self.previous.sources.clear();
        self.previous.sources.push_str(urls);
        for url in urls.split(['|', ' ', '\n']).filter(|u| !u.is_empty()) {
            let source = Source {
                event,
                url: url.into(),
                publisher: None,
                published: None,
                language: None,
                kind: None,
                side: None,
            };
            self.add_source(row, source);
        }
    }

    /// Reads an events table (one row per event).
    pub fn read_events(&mut self, table: &RawTable, map: &ColumnMap) {
        for row in Row::all(table, map) {
            self.check_blank_columns(&row);
            let id = Self::event_id(&row, &mut self.problems);
            let draft = Draft::read(&row, &mut self.lookups, &mut self.problems);
            if let (Some(id), Some(draft)) = (id, draft) {
                self.add_event(&row, id, draft, false);
            }
        }
    }

    fn known_event(&mut self, row: &Row) -> Option<usize> {
        let id = row.required(Field::EventId, &mut self.problems)?;
        let events = &self.events;
        let found = self.index.get(id, |k| &*events[k].id);
        if found.is_none() {
            self.problems.push(row.locate(Field::EventId).problem(
                "unknown_event",
                Severity::Error,
                id,
                "an event_id of the events table",
                None,
            ));
        }
        found
    }

    /// Reads an interactions table whose rows point at already read events.
    pub fn read_interactions(&mut self, table: &RawTable, map: &ColumnMap) {
        for row in Row::all(table, map) {
            self.check_blank_columns(&row);
            let event = self.known_event(&row);
            let interaction = self.interaction(&row, event);
            if let (Some(_), Some(interaction)) = (event, interaction) {
                self.push_interaction(&row, interaction);
            }
        }
    }

    /// Reads a sources table: `event_id`, `url`, `publisher`, `published`, `language`, and
    /// optionally `kind` and `side` (closed vocabularies, checked like the event's).
    pub fn read_sources(&mut self, table: &RawTable, columns: &SourceColumns) {
        for row in Row::all(table, &columns.map) {
            self.check_blank_columns(&row);
            let Some(event) = self.known_event(&row) else {
                continue;
            };
            let Some(url) = row.required(Field::SourceUrl, &mut self.problems) else {
                continue;
            };
            let published = row.text(Field::Date).and_then(|t| {
                let parsed = self.lookups.date(t).map(|(d, _)| d);
                if parsed.is_none() {
                    self.problems.push(row.locate(Field::Date).problem(
                        "bad_date",
                        Severity::Error,
                        t,
                        super::dates::expected_date(t),
                        None,
                    ));
                }
                parsed
            });
            let problems = &mut self.problems;
            let kind = row.vocabulary(
                Field::Format,
                SourceKind::parse,
                SourceKind::expected,
                problems,
            );
            let side = row.vocabulary(
                Field::Setting,
                SourceSide::parse,
                SourceSide::expected,
                problems,
            );
            let mut shared = |field| row.text(field).map(|t| self.lookups.intern(t));
            let (publisher, language) = (shared(Field::Title), shared(Field::Notes));
            self.sources.push(Source {
                event,
                url: url.into(),
                publisher,
                published,
                language,
                kind,
                side,
            });
            row.record_in(&mut self.origin.sources);
        }
    }

    /// Builds the dataset.
    pub fn finish(mut self) -> (Dataset, Origin, Vec<Problem>) {
        // The look-up tables are large for a large file and not needed by the rules after.
        drop(std::mem::take(&mut self.index));
        drop(std::mem::take(&mut self.known_sources));
        let parties = parties_per_event(self.events.len(), &self.interactions);
        for ((event, stated), n) in self.events.iter_mut().zip(self.stated).zip(parties) {
            settle(event, stated, n);
        }
        let dataset = Dataset {
            events: self.events,
            interactions: self.interactions,
            sources: self.sources,
        };
        (dataset, self.origin, self.problems)
    }
}

/// Positions, in a column map, of the event columns a flat row carries.
pub fn event_columns(map: &ColumnMap) -> Vec<usize> {
    EVENT_FIELDS.iter().filter_map(|&f| map.get(f)).collect()
}

/// Column map for a sources table, which reuses field slots: `url` in `SourceUrl`,
/// `publisher` in `Title`, `published` in `Date`, `language` in `Notes`, `kind` in `Format`,
/// `side` in `Setting`. Problems name the file's own headers, so the slots never show.
pub struct SourceColumns {
    map: ColumnMap,
}

impl SourceColumns {
    /// Maps the fixed headers of the bundled sources table.
    pub fn new(table: &RawTable) -> (Self, Vec<Problem>) {
        let user: BTreeMap<String, String> = [
            ("event_id", "event_id"),
            ("url", "source_url"),
            ("publisher", "title"),
            ("published", "date"),
            ("language", "notes"),
            ("kind", "format"),
            ("side", "setting"),
        ]
        .into_iter()
        .filter(|(h, _)| table.headers.iter().any(|x| x == h))
        .map(|(h, f)| (h.to_owned(), f.to_owned()))
        .collect();
        let (map, problems) = super::columns::map_columns(
            &table.file,
            &table.headers,
            &user,
            &[Field::EventId, Field::SourceUrl],
        );
        (Self { map }, problems)
    }
}
