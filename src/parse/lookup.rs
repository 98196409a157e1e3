//! Look-ups of the values that repeat on every row (officials, counterparts, dates, short
//! texts), remembered by their spelling so a million-row file folds each name only once.

use super::dates::parse_date;
use crate::hash::{FastMap, FastSet};
use crate::model::{DatePrecision, Entity, EntityTable, Official, OfficialTable};
use chrono::NaiveDate;
use std::sync::Arc;

/// Hostile input can have a new spelling on every row; past this many the memory is dropped
/// and rebuilt rather than allowed to grow with the file.
const REMEMBERED: usize = 1 << 16;

/// Answers remembered by the exact text asked about.
struct Memo<T>(FastMap<Box<str>, T>);

impl<T: Clone> Memo<T> {
    fn new() -> Self {
        Memo(FastMap::default())
    }

    fn get(&mut self, text: &str, compute: impl FnOnce(&str) -> T) -> T {
        if let Some(known) = self.0.get(text) {
            return known.clone();
        }
        if self.0.len() >= REMEMBERED {
            self.0.clear();
        }
        let value = compute(text);
        self.0.insert(text.into(), value.clone());
        value
    }
}

/// The reference tables and what has been looked up in them so far.
pub struct Lookups {
    /// States and organisations.
    pub entities: &'static EntityTable,
    /// Chinese officials.
    pub officials: &'static OfficialTable,
    official_names: Memo<Option<&'static Official>>,
    entity_names: Memo<Option<&'static Entity>>,
    dates: Memo<Option<(NaiveDate, DatePrecision)>>,
    /// "Did you mean" hints: costly, and a wrongly mapped column repeats one bad value per row.
    counterpart_hints: Memo<Option<String>>,
    official_hints: Memo<Option<String>>,
    texts: FastSet<Arc<str>>,
}

impl Lookups {
    /// Look-ups in the given tables.
    pub fn new(entities: &'static EntityTable, officials: &'static OfficialTable) -> Self {
        Lookups {
            entities,
            officials,
            official_names: Memo::new(),
            entity_names: Memo::new(),
            dates: Memo::new(),
            counterpart_hints: Memo::new(),
            official_hints: Memo::new(),
            texts: FastSet::default(),
        }
    }

    /// An official by English or Chinese name.
    pub fn official(&mut self, text: &str) -> Option<&'static Official> {
        let officials = self.officials;
        self.official_names.get(text, |t| officials.resolve(t))
    }

    /// A state or organisation by code, name or alias.
    pub fn entity(&mut self, text: &str) -> Option<&'static Entity> {
        let entities = self.entities;
        self.entity_names.get(text, |t| entities.resolve(t))
    }

    /// The likeliest counterpart meant by an unknown spelling.
    pub fn counterpart_hint(&mut self, text: &str) -> Option<String> {
        let entities = self.entities;
        self.counterpart_hints.get(text, |t| entities.suggest(t))
    }

    /// The likeliest official meant by an unknown name.
    pub fn official_hint(&mut self, text: &str) -> Option<String> {
        let officials = self.officials;
        self.official_hints.get(text, |t| officials.suggest(t))
    }

    /// A date and its precision.
    pub fn date(&mut self, text: &str) -> Option<(NaiveDate, DatePrecision)> {
        self.dates.get(text, parse_date)
    }

    /// One shared copy of a text that many records repeat (cities, forums, titles, URLs).
    pub fn intern(&mut self, text: &str) -> Arc<str> {
        if let Some(known) = self.texts.get(text) {
            return known.clone();
        }
        if self.texts.len() >= REMEMBERED {
            self.texts.clear();
        }
        let shared: Arc<str> = text.into();
        self.texts.insert(shared.clone());
        shared
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_answers_and_shares_texts() {
        let mut l = Lookups::new(
            EntityTable::bundled().unwrap(),
            OfficialTable::bundled().unwrap(),
        );
        assert_eq!(l.entity("Viet Nam").map(|e| e.code.as_str()), Some("VNM"));
        assert_eq!(l.entity("Viet Nam").map(|e| e.code.as_str()), Some("VNM"));
        assert!(l.entity("Atlantis").is_none());
        let (a, b) = (l.intern("Beijing"), l.intern("Beijing"));
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(
            l.date("2024-03").map(|(_, p)| p),
            Some(DatePrecision::Month)
        );
    }

    #[test]
    fn hints_are_the_tables_own_and_computed_once() {
        let mut l = Lookups::new(
            EntityTable::bundled().unwrap(),
            OfficialTable::bundled().unwrap(),
        );
        let expected = l.entities.suggest("Vietnan");
        assert!(expected.is_some());
        assert_eq!(l.counterpart_hint("Vietnan"), expected);
        assert_eq!(l.counterpart_hint("Vietnan"), expected);
        assert_eq!(l.counterpart_hints.0.len(), 1);
        assert_eq!(
            l.official_hint("Wang Xiaohung"),
            l.officials.suggest("Wang Xiaohung")
        );
    }

    #[test]
    fn forgets_rather_than_grows_without_bound() {
        let mut m: Memo<usize> = Memo::new();
        for n in 0..=REMEMBERED {
            m.get(&n.to_string(), str::len);
        }
        assert!(m.0.len() <= REMEMBERED);
        assert_eq!(m.get("12345", str::len), 5);
    }
}
