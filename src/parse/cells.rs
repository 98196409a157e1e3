//! Reading single cells into canonical values, reporting problems where they sit.

use super::columns::{ColumnMap, Field};
use super::dates::expected_date;
use super::lookup::Lookups;
use super::names::Names;
use super::record::Record;
use super::table::RawTable;
use super::trim::trim;
use crate::model::{Agency, DatePrecision, Entity, Format, Official, Position, Rank, Setting};
use crate::validate::{Location, Places, Problem, Severity};
use chrono::NaiveDate;
use std::sync::Arc;

/// One data row seen through the column map.
#[derive(Clone, Copy)]
pub struct Row<'a> {
    /// File name used in messages.
    pub file: &'a Arc<str>,
    /// The file's headers.
    pub headers: &'a [String],
    /// Line (or record) number of the row.
    pub line: usize,
    /// The row's cells, one per header.
    pub cells: &'a Record,
    /// Which column holds which field.
    pub map: &'a ColumnMap,
    /// The official and counterpart, when the reader has already looked them up.
    pub names: Option<&'a Names>,
}

impl<'a> Row<'a> {
    /// Every data row of a table, seen through a column map.
    pub fn all(table: &'a RawTable, map: &'a ColumnMap) -> impl Iterator<Item = Row<'a>> {
        table.rows.iter().map(move |row| Row {
            file: &table.file,
            headers: &table.headers,
            line: row.line,
            cells: &row.cells,
            map,
            names: None,
        })
    }

    /// The trimmed, non-empty text of a field.
    #[inline]
    pub fn text(&self, field: Field) -> Option<&'a str> {
        let i = self.map.get(field)?;
        let t = trim(self.cells.get(i)?);
        (!t.is_empty()).then_some(t)
    }

    /// Where a field's cell is.
    pub fn locate(&self, field: Field) -> Location<'a> {
        let column = self
            .map
            .get(field)
            .and_then(|i| self.headers.get(i))
            .map_or(field.name(), String::as_str);
        Location {
            file: self.file,
            line: self.line,
            column,
        }
    }

    /// Notes this row as where the next record of `places` was read.
    pub fn record_in(&self, places: &mut Places) {
        places.push(self.file, self.line);
    }

    fn error(
        &self,
        field: Field,
        rule: &'static str,
        value: &str,
        expected: impl Into<String>,
        suggestion: Option<String>,
    ) -> Problem {
        self.locate(field)
            .problem(rule, Severity::Error, value, expected, suggestion)
    }

    /// A required text; a missing value is reported.
    pub fn required(&self, field: Field, problems: &mut Vec<Problem>) -> Option<&'a str> {
        let value = self.text(field);
        if value.is_none() {
            problems.push(self.error(
                field,
                "missing_value",
                "",
                format!("a value for {}", field.name()),
                None,
            ));
        }
        value
    }

    /// A value of a closed vocabulary.
    pub fn vocabulary<T>(
        &self,
        field: Field,
        parse: fn(&str) -> Option<T>,
        expected: fn() -> String,
        problems: &mut Vec<Problem>,
    ) -> Option<T> {
        let text = self.text(field)?;
        let value = parse(text);
        if value.is_none() {
            problems.push(self.error(field, "bad_value", text, expected(), None));
        }
        value
    }

    /// A date and the precision its spelling implies.
    pub fn date(
        &self,
        lookups: &mut Lookups,
        problems: &mut Vec<Problem>,
    ) -> Option<(NaiveDate, DatePrecision)> {
        let text = self.required(Field::Date, problems)?;
        let parsed = lookups.date(text);
        if parsed.is_none() {
            problems.push(self.error(Field::Date, "bad_date", text, expected_date(text), None));
        }
        parsed
    }

    /// A yes/no cell.
    pub fn flag(&self, field: Field, problems: &mut Vec<Problem>) -> Option<bool> {
        let text = self.text(field)?;
        let is = |word: &str| text.eq_ignore_ascii_case(word);
        match () {
            () if ["true", "yes", "y", "1", "x"].into_iter().any(is) => Some(true),
            () if ["false", "no", "n", "0"].into_iter().any(is) => Some(false),
            () => {
                problems.push(self.error(
                    field,
                    "bad_value",
                    text,
                    "true/false (or yes/no, 1/0)",
                    None,
                ));
                None
            }
        }
    }

    /// A non-negative whole number.
    pub fn count(&self, field: Field, problems: &mut Vec<Problem>) -> Option<u32> {
        let text = self.text(field)?;
        let value = text.parse().ok();
        if value.is_none() {
            problems.push(self.error(field, "bad_value", text, "a whole number", None));
        }
        value
    }

    /// A state or organisation, by code, name or alias.
    pub fn entity(
        &self,
        field: Field,
        lookups: &mut Lookups,
        problems: &mut Vec<Problem>,
    ) -> Option<&'static Entity> {
        let text = self.text(field)?;
        self.known_entity(field, text, lookups.entity(text), lookups, problems)
    }

    /// The row's counterpart in `field`, by code, name or alias.
    pub fn counterpart(
        &self,
        field: Field,
        lookups: &mut Lookups,
        problems: &mut Vec<Problem>,
    ) -> Option<&'static Entity> {
        let Some(names) = self.names else {
            return self.entity(field, lookups, problems);
        };
        let text = self.text(field)?;
        self.known_entity(field, text, names.counterpart, lookups, problems)
    }

    /// `found`, the entity `text` names; when there is none, the problem is reported.
    fn known_entity(
        &self,
        field: Field,
        text: &str,
        found: Option<&'static Entity>,
        lookups: &mut Lookups,
        problems: &mut Vec<Problem>,
    ) -> Option<&'static Entity> {
        if found.is_none() {
            problems.push(self.error(
                field,
                "unknown_counterpart",
                text,
                "an ISO 3166-1 alpha-3 code, an organisation code, or a country name known to the entities table",
                lookups.counterpart_hint(text),
            ));
        }
        found
    }

    /// A Chinese official, by English or Chinese name.
    pub fn official(
        &self,
        lookups: &mut Lookups,
        problems: &mut Vec<Problem>,
    ) -> Option<&'static Official> {
        let text = self.required(Field::Official, problems)?;
        let found = match self.names {
            Some(names) => names.official,
            None => lookups.official(text),
        };
        if found.is_none() {
            problems.push(self.error(
                Field::Official,
                "unknown_official",
                text,
                "an official listed in officials.csv (English or Chinese name)",
                lookups.official_hint(text),
            ));
        }
        found
    }

    /// A warning that the file's agency or rank for an official differs from the position the
    /// positions table gives for the event's date.
    fn disagreement(
        &self,
        field: Field,
        stated: &str,
        table: &str,
        official: &Official,
        position: &Position,
    ) -> Problem {
        let rule = if field == Field::Agency {
            "agency_mismatch"
        } else {
            "rank_mismatch"
        };
        self.locate(field).problem(
            rule,
            Severity::Warning,
            stated,
            format!(
                "{table} for {} ({}, positions table)",
                official.name,
                position.tenure()
            ),
            None,
        )
    }

    /// The agency and rank of an interaction: those of the position the official held on the
    /// event's date (`when`; see [`Official::position_for`]). The positions table is
    /// authoritative, and a file that says otherwise gets a warning so the disagreement is
    /// seen, not silently overwritten.
    pub fn agency_and_rank(
        &self,
        official: &Official,
        when: Option<(NaiveDate, DatePrecision)>,
        problems: &mut Vec<Problem>,
    ) -> (Agency, Rank) {
        let position = official.position_for(when);
        let agency = self.vocabulary(Field::Agency, Agency::parse, Agency::expected, problems);
        if let Some(a) = agency.filter(|&a| a != position.agency) {
            problems.push(self.disagreement(
                Field::Agency,
                a.as_str(),
                position.agency.as_str(),
                official,
                position,
            ));
        }
        let rank = self.vocabulary(Field::Rank, Rank::parse, Rank::expected, problems);
        if let Some(r) = rank.filter(|&r| r != position.rank) {
            problems.push(self.disagreement(
                Field::Rank,
                r.as_str(),
                position.rank.as_str(),
                official,
                position,
            ));
        }
        (position.agency, position.rank)
    }

    /// The event's format and setting, when the row states them.
    pub fn format_and_setting(
        &self,
        problems: &mut Vec<Problem>,
    ) -> (Option<Format>, Option<Setting>) {
        (
            self.vocabulary(Field::Format, Format::parse, Format::expected, problems),
            self.vocabulary(Field::Setting, Setting::parse, Setting::expected, problems),
        )
    }
}
