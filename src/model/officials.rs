//! The Chinese officials in scope, and name matching in English or Chinese.

use super::enums::{Agency, DatePrecision, Rank};
use super::names::{closest, fold};
use super::reference::read_bundled;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The reference table as shipped in `python/cisd/data/officials.csv`.
const OFFICIALS_CSV: &str = include_str!("../../python/cisd/data/officials.csv");

#[derive(Debug, Deserialize)]
struct PositionRow {
    official: String,
    name_zh: String,
    agency: String,
    rank: String,
    title: String,
    start: String,
    end: String,
    #[serde(default)]
    source_url: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    aliases: String,
}

/// One office an official held: the organ, the level and the dates a source states.
#[derive(Debug, Clone, PartialEq)]
pub struct Position {
    /// The organ.
    pub agency: Agency,
    /// The level.
    pub rank: Rank,
    /// Title in English.
    pub title: String,
    /// First day (or month) in the position, when a source states it.
    pub start: Option<NaiveDate>,
    /// Last day in the position, when it ended and a source states it.
    pub end: Option<NaiveDate>,
    /// The page the dates come from.
    pub source_url: String,
    /// Where the dates come from and what is uncertain.
    pub notes: String,
}

/// The months a position covers are compared for an event known only to the month.
fn month(d: NaiveDate) -> (i32, u32) {
    (d.year(), d.month())
}

impl Position {
    /// Whether the position was held on `date`; for a month-precision date, on any day of
    /// that month.
    pub fn covers(&self, date: NaiveDate, precision: DatePrecision) -> bool {
        let coarse = precision == DatePrecision::Month;
        let after_start = self.start.is_none_or(|s| {
            if coarse {
                month(date) >= month(s)
            } else {
                date >= s
            }
        });
        let before_end = self.end.is_none_or(|e| {
            if coarse {
                month(date) <= month(e)
            } else {
                date <= e
            }
        });
        after_start && before_end
    }

    /// Days from the position to `date` (zero inside it), to find the nearest one.
    fn distance(&self, date: NaiveDate) -> i64 {
        let before = self.start.map_or(0, |s| (s - date).num_days().max(0));
        let after = self.end.map_or(0, |e| (date - e).num_days().max(0));
        before.max(after)
    }

    /// `start to end`, with `?` and `now` for dates no source states.
    pub fn tenure(&self) -> String {
        format!(
            "{} {} {} to {}",
            self.agency.as_str(),
            self.rank.as_str(),
            self.start.map_or("?".into(), |d| d.to_string()),
            self.end.map_or("now".into(), |d| d.to_string())
        )
    }
}

/// One Chinese official whose meetings are in scope, with every position held.
#[derive(Debug, Clone, PartialEq)]
pub struct Official {
    /// English name as used in the data, e.g. `Wang Xiaohong`.
    pub name: String,
    /// Name in Chinese characters.
    pub name_zh: String,
    /// The positions, in the order of the reference table; never empty.
    pub positions: Vec<Position>,
}

impl Official {
    /// The position held on `date`. At a handover two positions can both cover a day (Chen
    /// Wenqing was named CPLC secretary on 28 October 2022 and left the MSS on 30 October):
    /// the one that started later is taken, since taking up a new office is what the
    /// overlap records.
    pub fn position_on(&self, date: NaiveDate, precision: DatePrecision) -> Option<&Position> {
        self.positions
            .iter()
            .filter(|p| p.covers(date, precision))
            .max_by_key(|p| p.start)
    }

    /// The position for a meeting on `date`: the one held then, or else the nearest in time
    /// (a meeting outside every recorded position is warned about, not dropped); without a
    /// date, the latest.
    pub fn position_for(&self, date: Option<(NaiveDate, DatePrecision)>) -> &Position {
        let latest = || self.positions.iter().max_by_key(|p| p.start);
        let found = match date {
            Some((d, precision)) => self.position_on(d, precision).or_else(|| {
                self.positions
                    .iter()
                    .min_by_key(|p| (p.distance(d), std::cmp::Reverse(p.start)))
            }),
            None => latest(),
        };
        found.unwrap_or(&self.positions[0])
    }

    /// Every position as `agency rank start to end`, for a message.
    pub fn tenures(&self) -> String {
        let all: Vec<String> = self.positions.iter().map(Position::tenure).collect();
        all.join("; ")
    }
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
    /// Groups the rows by official: the rows of one person are their positions, and any of
    /// their names, Chinese names and aliases finds the person.
    fn from_rows(rows: Vec<PositionRow>) -> Result<Self, String> {
        let mut officials: Vec<Official> = Vec::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        for row in rows {
            let agency = Agency::parse(&row.agency)
                .ok_or_else(|| format!("officials.csv: bad agency {:?}", row.agency))?;
            let rank = Rank::parse(&row.rank)
                .ok_or_else(|| format!("officials.csv: bad rank {:?}", row.rank))?;
            let position = Position {
                agency,
                rank,
                title: row.title,
                start: reference_date(&row.start, false)?,
                end: reference_date(&row.end, true)?,
                source_url: row.source_url,
                notes: row.notes,
            };
            if let (Some(s), Some(e)) = (position.start, position.end) {
                if e < s {
                    return Err(format!(
                        "officials.csv: {} ends ({e}) before it starts ({s})",
                        row.official
                    ));
                }
            }
            let index = if let Some(i) = officials.iter().position(|o| o.name == row.official) {
                officials[i].positions.push(position);
                i
            } else {
                officials.push(Official {
                    name: row.official.clone(),
                    name_zh: row.name_zh.clone(),
                    positions: vec![position],
                });
                officials.len() - 1
            };
            let aliases = row.aliases.split('|').filter(|a| !a.trim().is_empty());
            for name in [row.official.as_str(), row.name_zh.as_str()]
                .into_iter()
                .chain(aliases)
            {
                if name.is_empty() {
                    continue;
                }
                if let Some(&other) = by_key.get(&person_key(name)) {
                    if other != index {
                        return Err(format!(
                            "officials.csv: the name {name:?} is given to {} and {}",
                            officials[other].name, officials[index].name
                        ));
                    }
                }
                by_key.insert(person_key(name), index);
            }
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

    /// Every official, in the order of their first row.
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

    fn table(csv: &str) -> Result<OfficialTable, String> {
        read_bundled("test", csv).and_then(OfficialTable::from_rows)
    }

    const CHEN: &str = "official,name_zh,agency,rank,title,start,end\n\
        Chen Wenqing,陈文清,MSS,minister,Minister,2016-11-07,2022-10-30\n\
        Chen Wenqing,陈文清,CPLC,party_head,Secretary,2022-10-28,\n";

    #[test]
    fn the_position_held_on_a_date_and_the_later_one_at_a_handover() {
        let t = table(CHEN).unwrap();
        let chen = t.resolve("陈文清").unwrap();
        assert_eq!(chen.positions.len(), 2);
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let agency = |d| chen.position_on(d, DatePrecision::Day).map(|p| p.agency);
        assert_eq!(agency(day(2022, 10, 27)), Some(Agency::Mss));
        // 28-30 October: both positions cover the day; the later-starting one is taken.
        assert_eq!(agency(day(2022, 10, 28)), Some(Agency::Cplc));
        assert_eq!(agency(day(2023, 1, 5)), Some(Agency::Cplc));
        assert_eq!(agency(day(2016, 11, 6)), None);
        // Outside every position, the nearest in time.
        let before = chen.position_for(Some((day(2015, 1, 1), DatePrecision::Day)));
        assert_eq!(before.agency, Agency::Mss);
        // A month-precision date is inside a position that covers any day of that month.
        let november = chen.position_on(day(2016, 11, 1), DatePrecision::Month);
        assert_eq!(november.map(|p| p.agency), Some(Agency::Mss));
    }

    #[test]
    fn a_name_given_to_two_people_or_a_reversed_tenure_is_refused() {
        let clash = "official,name_zh,agency,rank,title,start,end\n\
            A B,甲,MPS,minister,M,,\n\
            C D,甲,MPS,vice_minister,V,,\n";
        assert!(table(clash).unwrap_err().contains("given to A B and C D"));
        let reversed = "official,name_zh,agency,rank,title,start,end\n\
            A B,甲,MPS,minister,M,2020-01-01,2019-01-01\n";
        assert!(table(reversed).unwrap_err().contains("ends"));
    }
}
