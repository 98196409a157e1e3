//! Subsetting a dataset by date, agency, official, counterpart, region, format and setting.

use super::periods::Period;
use crate::error::{Error, Result};
use crate::model::names::not_one_of;
use crate::model::{Agency, Dataset, DatePrecision, EntityTable, Format, OfficialTable, Setting};
use chrono::NaiveDate;

/// What to keep; `None` keeps everything on that axis. Lists keep any of their values. An event
/// dated only to a month is inside `start`..`end` when its whole month is (the rule of
/// [`Period::contains`]): a month that straddles an edge could lie on either side.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Earliest event date kept.
    pub start: Option<NaiveDate>,
    /// Latest event date kept.
    pub end: Option<NaiveDate>,
    /// Agencies kept.
    pub agencies: Option<Vec<Agency>>,
    /// Officials kept (names as in the officials table).
    pub officials: Option<Vec<String>>,
    /// Counterpart codes kept.
    pub counterparts: Option<Vec<String>>,
    /// Regions (cisd scheme) kept.
    pub regions: Option<Vec<String>>,
    /// Event format kept.
    pub format: Option<Format>,
    /// Event setting kept.
    pub setting: Option<Setting>,
    /// Keep only events whose day is known.
    pub day_precise_only: bool,
}

/// Canonical values for every spelling in `list`, or an error naming the first unknown one.
fn resolve_all(
    list: &[String],
    what: &str,
    find: impl Fn(&str) -> Option<String>,
    suggest: impl Fn(&str) -> Option<String>,
) -> Result<Vec<String>> {
    list.iter()
        .map(|text| {
            find(text).ok_or_else(|| {
                let hint = suggest(text)
                    .map(|s| format!(" (did you mean {s}?)"))
                    .unwrap_or_default();
                Error::InvalidArgument(format!("unknown {what} {text:?}{hint}"))
            })
        })
        .collect()
}

impl Filter {
    /// Resolves user spellings (names, aliases, Chinese names) to the canonical values, with a
    /// suggestion when one is unknown.
    pub fn resolve(mut self, entities: &EntityTable, officials: &OfficialTable) -> Result<Self> {
        if let Some(list) = self.counterparts.take() {
            let find = |c: &str| entities.resolve(c).map(|e| e.code.clone());
            self.counterparts = Some(resolve_all(&list, "counterpart", find, |c| {
                entities.suggest(c)
            })?);
        }
        if let Some(list) = &self.regions {
            let valid = entities.regions();
            if let Some(bad) = list.iter().find(|r| !valid.contains(&r.as_str())) {
                return Err(Error::InvalidArgument(not_one_of("region", bad, &valid)));
            }
        }
        if let Some(list) = self.officials.take() {
            let find = |o: &str| officials.resolve(o).map(|x| x.name.clone());
            self.officials = Some(resolve_all(&list, "official", find, |o| {
                officials.suggest(o)
            })?);
        }
        Ok(self)
    }

    /// A new dataset with the interactions that pass, their events and those events' sources.
    pub fn apply(&self, ds: &Dataset) -> Dataset {
        let within = |list: &Option<Vec<String>>, value: &str| {
            list.as_ref().is_none_or(|l| l.iter().any(|x| x == value))
        };
        let window = Period {
            start: self.start.unwrap_or(NaiveDate::MIN),
            end: self.end.unwrap_or(NaiveDate::MAX),
        };
        ds.retain(|e, i| {
            window.contains(e)
                && (!self.day_precise_only || e.precision == DatePrecision::Day)
                && self.agencies.as_ref().is_none_or(|a| a.contains(&i.agency))
                && within(&self.officials, i.official.name.as_str())
                && within(&self.counterparts, i.counterpart.code.as_str())
                && within(&self.regions, i.counterpart.region.as_str())
                && self.format.is_none_or(|f| e.format == f)
                && self.setting.is_none_or(|s| e.setting == s)
        })
    }
}
