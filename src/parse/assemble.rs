//! Turning raw rows into events, interactions and sources.
//!
//! A flat file repeats each event's fields on every interaction row; rows are grouped by
//! `event_id` and must agree. The bundled ledger keeps the three tables apart; both paths share
//! the cell readers and end in the same cross-record rules.

use super::cells::Row;
use super::columns::{ColumnMap, Field};
use super::table::RawTable;
use crate::model::{
    Dataset, DatePrecision, EntityTable, Event, Format, Interaction, OfficialTable, Setting, Source,
};
use crate::validate::{Origin, Problem, Severity};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

type EventFields = BTreeMap<Field, String>;

/// A dataset under construction, with where each record came from.
#[derive(Default)]
pub struct Assembly {
    /// Event ids in order, with their fields.
    events: Vec<(String, EventFields)>,
    index: HashMap<String, usize>,
    /// Interactions (event index filled) and where each came from.
    pub interactions: Vec<Interaction>,
    /// Sources and where each came from.
    pub sources: Vec<Source>,
    /// Where each event, interaction and source was read.
    pub origin: Origin,
    /// Problems found so far.
    pub problems: Vec<Problem>,
}

fn event_fields(
    row: &Row,
    entities: &EntityTable,
    problems: &mut Vec<Problem>,
) -> Option<EventFields> {
    let mut fields = EventFields::new();
    let date = row.date(problems);
    if let Some((date, precision)) = &date {
        fields.insert(Field::Date, date.clone());
        let stated = row.vocabulary(
            Field::DatePrecision,
            DatePrecision::parse,
            DatePrecision::expected,
            problems,
        );
        fields.insert(
            Field::DatePrecision,
            stated.map_or(*precision, DatePrecision::as_str).to_owned(),
        );
    }
    let (format, setting) = row.format_and_setting(problems);
    if let Some(f) = format {
        fields.insert(Field::Format, f.as_str().to_owned());
    }
    if let Some(s) = setting {
        fields.insert(Field::Setting, s.as_str().to_owned());
    }
    for field in [
        Field::ParentEventId,
        Field::Forum,
        Field::City,
        Field::Title,
        Field::Notes,
    ] {
        if let Some(t) = row.text(field) {
            fields.insert(field, t.to_owned());
        }
    }
    if row.text(Field::HostCountry).is_some() {
        let host = row.entity(Field::HostCountry, entities, problems)?;
        fields.insert(Field::HostCountry, host.code.clone());
    }
    if let Some(v) = row.flag(Field::Virtual, problems) {
        fields.insert(Field::Virtual, v.to_string());
    }
    if let Some(n) = row.count(Field::ParticipantsStated, problems) {
        fields.insert(Field::ParticipantsStated, n.to_string());
    }
    date.map(|_| fields)
}

impl Assembly {
    fn event_id(row: &Row, problems: &mut Vec<Problem>) -> Option<String> {
        if row.map.has(Field::EventId) {
            row.required(Field::EventId, problems).map(str::to_owned)
        } else {
            // Without an id column every row is its own event.
            Some(format!("row-{}", row.row.line))
        }
    }

    /// Adds an event, or merges a repeated one; a field that differs from an earlier row is an
    /// error naming both lines.
    fn add_event(
        &mut self,
        row: &Row,
        id: String,
        fields: EventFields,
        merge: bool,
    ) -> Option<usize> {
        if let Some(&k) = self.index.get(&id) {
            let first = self.origin.events[k].clone();
            if !merge {
                self.problems.push(row.locate(Field::EventId).problem(
                    "duplicate_id",
                    Severity::Error,
                    &id,
                    format!("a unique event_id (already used on line {})", first.line),
                    None,
                ));
                return None;
            }
            let stored = &mut self.events[k].1;
            for (field, value) in fields {
                match stored.get(&field) {
                    Some(old) if *old != value => self.problems.push(row.locate(field).problem(
                        "inconsistent_event",
                        Severity::Error,
                        &value,
                        format!("{old:?} as on line {} for event {id}", first.line),
                        None,
                    )),
                    Some(_) => {}
                    None => {
                        stored.insert(field, value);
                    }
                }
            }
            return Some(k);
        }
        self.index.insert(id.clone(), self.events.len());
        self.events.push((id, fields));
        self.origin.events.push(row.locate(Field::EventId).into());
        Some(self.events.len() - 1)
    }

    /// Reads an interaction's cells; problems are recorded even when the row's event is unusable.
    fn interaction(
        &mut self,
        row: &Row,
        event: usize,
        entities: &EntityTable,
        officials: &OfficialTable,
    ) -> Option<Interaction> {
        let problems = &mut self.problems;
        let official = row.official(officials, problems);
        let counterpart_field = if row.map.has(Field::Counterpart) {
            Field::Counterpart
        } else {
            Field::CounterpartName
        };
        let counterpart = if row.text(counterpart_field).is_none() {
            row.required(counterpart_field, problems);
            None
        } else {
            row.entity(counterpart_field, entities, problems)
        };
        let cochair = row.flag(Field::Cochair, problems).unwrap_or(false);
        let (official, counterpart) = (official?, counterpart?);
        let (agency, rank) = row.agency_and_rank(official, problems);
        Some(Interaction {
            event,
            official: official.name.clone(),
            agency,
            rank,
            counterpart: counterpart.code.clone(),
            counterpart_name: counterpart.name.clone(),
            counterpart_official: row.text(Field::CounterpartOfficial).map(str::to_owned),
            counterpart_title: row.text(Field::CounterpartTitle).map(str::to_owned),
            cochair,
            region: counterpart.region.clone(),
        })
    }

    fn push_interaction(&mut self, row: &Row, interaction: Interaction) {
        self.interactions.push(interaction);
        self.origin
            .interactions
            .push(row.locate(Field::Official).into());
    }

    /// Reads a flat interactions table (one row per event x official x counterpart).
    pub fn read_flat(
        &mut self,
        table: &RawTable,
        map: &ColumnMap,
        entities: &EntityTable,
        officials: &OfficialTable,
    ) {
        for row in Row::all(table, map) {
            let id = Self::event_id(&row, &mut self.problems);
            let fields = event_fields(&row, entities, &mut self.problems);
            let event = match (id, fields) {
                (Some(id), Some(fields)) => self.add_event(&row, id, fields, true),
                _ => None,
            };
            // The interaction cells are read even for a broken event, so every problem shows.
            let interaction =
                self.interaction(&row, event.unwrap_or_default(), entities, officials);
            let (Some(event), Some(interaction)) = (event, interaction) else {
                continue;
            };
            self.push_interaction(&row, interaction);
            if let Some(urls) = row.text(Field::SourceUrl) {
                for url in urls.split(['|', ' ', '\n']).filter(|u| !u.is_empty()) {
                    let known = self
                        .sources
                        .iter()
                        .any(|s| s.event == event && s.url == url);
                    if !known {
                        self.sources.push(Source {
                            event,
                            url: url.to_owned(),
                            publisher: None,
                            published: None,
                            language: None,
                        });
                        self.origin
                            .sources
                            .push(row.locate(Field::SourceUrl).into());
                    }
                }
            }
        }
    }

    /// Reads an events table (one row per event).
    pub fn read_events(&mut self, table: &RawTable, map: &ColumnMap, entities: &EntityTable) {
        for row in Row::all(table, map) {
            let id = Self::event_id(&row, &mut self.problems);
            let fields = event_fields(&row, entities, &mut self.problems);
            if let (Some(id), Some(fields)) = (id, fields) {
                self.add_event(&row, id, fields, false);
            }
        }
    }

    fn known_event(&mut self, row: &Row) -> Option<usize> {
        let id = row.required(Field::EventId, &mut self.problems)?;
        let found = self.index.get(id).copied();
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
    pub fn read_interactions(
        &mut self,
        table: &RawTable,
        map: &ColumnMap,
        entities: &EntityTable,
        officials: &OfficialTable,
    ) {
        for row in Row::all(table, map) {
            let event = self.known_event(&row);
            let interaction =
                self.interaction(&row, event.unwrap_or_default(), entities, officials);
            if let (Some(_), Some(interaction)) = (event, interaction) {
                self.push_interaction(&row, interaction);
            }
        }
    }

    /// Reads a sources table: `event_id`, `url`, `publisher`, `published`, `language`.
    pub fn read_sources(&mut self, table: &RawTable, columns: &SourceColumns) {
        for row in Row::all(table, &columns.map) {
            let Some(event) = self.known_event(&row) else {
                continue;
            };
            let Some(url) = row.required(Field::SourceUrl, &mut self.problems) else {
                continue;
            };
            let published = row.text(Field::Date).and_then(|t| {
                let parsed = super::dates::parse_date(t).map(|(d, _)| d);
                if parsed.is_none() {
                    self.problems.push(row.locate(Field::Date).problem(
                        "bad_date",
                        Severity::Error,
                        t,
                        super::dates::EXPECTED_DATE,
                        None,
                    ));
                }
                parsed
            });
            self.sources.push(Source {
                event,
                url: url.to_owned(),
                publisher: row.text(Field::Title).map(str::to_owned),
                published,
                language: row.text(Field::Notes).map(str::to_owned),
            });
            self.origin.sources.push(row.locate(Field::EventId).into());
        }
    }

    /// Builds the dataset: fills format (from the number of counterparts) and setting (from the
    /// parent link) where the input left them out.
    pub fn finish(self) -> (Dataset, Origin, Vec<Problem>) {
        let mut counterparts: Vec<Vec<&str>> = vec![Vec::new(); self.events.len()];
        for i in &self.interactions {
            if !counterparts[i.event].contains(&i.counterpart.as_str()) {
                counterparts[i.event].push(&i.counterpart);
            }
        }
        let events = self
            .events
            .iter()
            .zip(&counterparts)
            .map(|((id, f), parties)| {
                let text = |field| f.get(&field).cloned();
                let format = text(Field::Format)
                    .and_then(|t| Format::parse(&t))
                    .unwrap_or(if parties.len() > 1 {
                        Format::Multilateral
                    } else {
                        Format::Bilateral
                    });
                let parent = text(Field::ParentEventId);
                let setting = text(Field::Setting)
                    .and_then(|t| Setting::parse(&t))
                    .unwrap_or(if parent.is_some() {
                        Setting::Sideline
                    } else {
                        Setting::Standalone
                    });
                Event {
                    id: id.clone(),
                    date: text(Field::Date)
                        .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
                        .unwrap_or_default(),
                    precision: text(Field::DatePrecision)
                        .and_then(|p| DatePrecision::parse(&p))
                        .unwrap_or(DatePrecision::Day),
                    format,
                    setting,
                    parent,
                    forum: text(Field::Forum),
                    city: text(Field::City),
                    host_country: text(Field::HostCountry),
                    is_virtual: text(Field::Virtual).map(|v| v == "true"),
                    title: text(Field::Title),
                    participants_stated: text(Field::ParticipantsStated)
                        .and_then(|n| n.parse().ok()),
                    notes: text(Field::Notes),
                }
            })
            .collect();
        let dataset = Dataset {
            events,
            interactions: self.interactions,
            sources: self.sources,
        };
        (dataset, self.origin, self.problems)
    }
}

/// Column map for a sources table, which reuses field slots: `url` in `SourceUrl`,
/// `publisher` in `Title`, `published` in `Date`, `language` in `Notes`.
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
        ]
        .into_iter()
        .filter(|(h, _)| table.headers.iter().any(|x| x == h))
        .map(|(h, f)| (h.to_owned(), f.to_owned()))
        .collect();
        let (map, problems) =
            super::columns::map_columns(table, &user, &[Field::EventId, Field::SourceUrl]);
        (Self { map }, problems)
    }
}
