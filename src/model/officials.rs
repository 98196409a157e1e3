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
#[derive(Debug, Clone)]
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

/// Reads `YYYY-MM-DD` or `YYYY-MM` (first of the month) from the reference table.
fn reference_date(text: &str) -> Result<Option<NaiveDate>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d"))
        .map(Some)
        .map_err(|_| format!("officials.csv: bad date {text:?}"))
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
                start: reference_date(&row.start)?,
                end: reference_date(&row.end)?,
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
