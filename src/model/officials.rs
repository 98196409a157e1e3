//! The Chinese officials in scope, and name matching in English or Chinese.

use super::enums::{Agency, Rank};
use super::names::{closest, fold};
use super::reference::read_bundled;
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The reference table as shipped in `python/cisd/data/officials.csv`.
const OFFICIALS_CSV: &str = include_str!("../../python/cisd/data/officials.csv");

#[derive(Debug, Deserialize)]
struct OfficialRow {
    official: String,
    name_zh: String,
    agency: String,
    rank: String,
    title: String,
    start: String,
    end: String,
    #[serde(default)]
    aliases: String,
}

/// One Chinese official whose meetings are in scope.
#[derive(Debug, Clone, PartialEq)]
pub struct Official {
    /// English name as used in the data, e.g. `Wang Xiaohong`.
    pub name: String,
    /// Name in Chinese characters.
    pub name_zh: String,
    /// The organ the official belongs to.
    pub agency: Agency,
    /// The official's level.
    pub rank: Rank,
    /// Title in English.
    pub title: String,
    /// First day (or month) in office, when a source states it.
    pub start: Option<NaiveDate>,
    /// Last day in office, when it ended and a source states it.
    pub end: Option<NaiveDate>,
}

/// All officials with a name index.
#[derive(Debug)]
pub struct OfficialTable {
    officials: Vec<Official>,
    by_key: HashMap<String, usize>,
}

/// Folds a personal name so that "Wang Xiao-hong" and "WANG Xiaohong" agree.
fn person_key(name: &str) -> String {
    fold(name).replace([' ', '\''], "")
}

/// Reads `YYYY-MM-DD` or `YYYY-MM` from the reference table. A month stands for its first day
/// when a tenure starts and its last day when it ends, so that a meeting in the month a
/// minister left is not flagged as after his tenure.
fn reference_date(text: &str, end: bool) -> Result<Option<NaiveDate>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    let bad = || format!("officials.csv: bad date {text:?}");
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(Some(day));
    }
    let first = NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d").map_err(|_| bad())?;
    if !end {
        return Ok(Some(first));
    }
    first
        .checked_add_months(chrono::Months::new(1))
        .and_then(|next| next.pred_opt())
        .map(Some)
        .ok_or_else(bad)
}

impl OfficialTable {
    fn from_rows(rows: Vec<OfficialRow>) -> Result<Self, String> {
        let mut officials = Vec::with_capacity(rows.len());
        let mut by_key = HashMap::new();
        for row in rows {
            let agency = Agency::parse(&row.agency)
                .ok_or_else(|| format!("officials.csv: bad agency {:?}", row.agency))?;
            let rank = Rank::parse(&row.rank)
                .ok_or_else(|| format!("officials.csv: bad rank {:?}", row.rank))?;
            let index = officials.len();
            let aliases = row.aliases.split('|').filter(|a| !a.trim().is_empty());
            for name in [row.official.as_str(), row.name_zh.as_str()]
                .into_iter()
                .chain(aliases)
            {
                if !name.is_empty() {
                    by_key.insert(person_key(name), index);
                }
            }
            officials.push(Official {
                name: row.official,
                name_zh: row.name_zh,
                agency,
                rank,
                title: row.title,
                start: reference_date(&row.start, false)?,
                end: reference_date(&row.end, true)?,
            });
        }
        Ok(Self { officials, by_key })
    }

    /// The table bundled with the package.
    pub fn bundled() -> Result<&'static OfficialTable, String> {
        static TABLE: OnceLock<Result<OfficialTable, String>> = OnceLock::new();
        TABLE
            .get_or_init(|| read_bundled("officials.csv", OFFICIALS_CSV).and_then(Self::from_rows))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Finds an official by English or Chinese name.
    pub fn resolve(&self, text: &str) -> Option<&Official> {
        self.by_key
            .get(&person_key(text))
            .map(|&i| &self.officials[i])
    }

    /// The closest known name, for a "did you mean" hint.
    pub fn suggest(&self, text: &str) -> Option<String> {
        let keys: Vec<(String, &str)> = self
            .officials
            .iter()
            .map(|o| (fold(&o.name), o.name.as_str()))
            .collect();
        closest(text, keys.iter().map(|(k, n)| (k.as_str(), *n))).map(str::to_owned)
    }

    /// Every official, in file order.
    pub fn all(&self) -> &[Official] {
        &self.officials
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_bounds_a_tenure_inclusively() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(reference_date("2025-04", false), Ok(day(2025, 4, 1)));
        assert_eq!(reference_date("2025-04", true), Ok(day(2025, 4, 30)));
        assert_eq!(reference_date("2024-02", true), Ok(day(2024, 2, 29)));
        assert_eq!(reference_date("2024-02-10", true), Ok(day(2024, 2, 10)));
        assert!(reference_date("April", true).is_err());
    }
}
