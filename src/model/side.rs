//! The bundled side tables a panel joins as covariates: GSI support, forum membership and
//! forum participation.

use super::reference::read_bundled;
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

const GSI_CSV: &str = include_str!("../../python/cisd/data/gsi_support.csv");
const MEMBERS_CSV: &str = include_str!("../../python/cisd/data/forum_members.csv");
const PARTICIPATION_CSV: &str = include_str!("../../python/cisd/data/forum_participation.csv");

#[derive(Deserialize)]
struct GsiRow {
    code: String,
    expressed: String,
}

#[derive(Deserialize)]
struct MemberRow {
    forum: String,
    member_code: String,
    role: String,
    year: i32,
}

#[derive(Deserialize)]
struct ParticipationRow {
    forum: String,
    counterpart: String,
    year: i32,
}

/// The first day of a date given as `YYYY-MM-DD`, `YYYY-MM` or `YYYY`: a statement dated only
/// to its month counts for every day of that month (as `ds.reproduce()` reads it).
fn earliest_day(text: &str) -> Option<NaiveDate> {
    let padded = match text.len() {
        4 => format!("{text}-01-01"),
        7 => format!("{text}-01"),
        _ => text.to_owned(),
    };
    NaiveDate::parse_from_str(&padded, "%Y-%m-%d").ok()
}

/// The side tables, indexed for lookups by counterpart code.
#[derive(Debug, Default)]
pub struct SideTables {
    /// Earliest dated expression of GSI support per code.
    gsi_since: HashMap<String, NaiveDate>,
    /// (forum, role, code) of every membership row, whatever its year.
    roles: HashSet<(String, String, String)>,
    /// (forum, code, year) of every attendance: PIC dialogues (in the membership table, one
    /// row per dialogue year) and GPSCFL conferences (in the participation table).
    attended: HashSet<(String, String, i32)>,
}

impl SideTables {
    /// The tables bundled with the package.
    pub fn bundled() -> Result<&'static SideTables, String> {
        static TABLES: OnceLock<Result<SideTables, String>> = OnceLock::new();
        TABLES
            .get_or_init(|| Self::from_texts(GSI_CSV, MEMBERS_CSV, PARTICIPATION_CSV))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Reads the three tables from CSV texts with the bundled files' headers.
    pub fn from_texts(gsi: &str, members: &str, participation: &str) -> Result<SideTables, String> {
        let mut tables = SideTables::default();
        for row in read_bundled::<GsiRow>("gsi_support.csv", gsi)? {
            // An undated expression cannot be placed before or after a period's end.
            let Some(day) = earliest_day(&row.expressed) else {
                continue;
            };
            let since = tables.gsi_since.entry(row.code).or_insert(day);
            *since = (*since).min(day);
        }
        for row in read_bundled::<MemberRow>("forum_members.csv", members)? {
            tables
                .attended
                .insert((row.forum.clone(), row.member_code.clone(), row.year));
            tables.roles.insert((row.forum, row.role, row.member_code));
        }
        for row in read_bundled::<ParticipationRow>("forum_participation.csv", participation)? {
            tables
                .attended
                .insert((row.forum, row.counterpart, row.year));
        }
        Ok(tables)
    }

    /// Whether `code` had expressed support for the GSI on or before `day`.
    pub fn gsi_supporter(&self, code: &str, day: NaiveDate) -> bool {
        self.gsi_since.get(code).is_some_and(|&since| since <= day)
    }

    /// Whether `code` is listed in `forum` with `role` (the table has no accession dates).
    pub fn has_role(&self, forum: &str, role: &str, code: &str) -> bool {
        self.roles
            .contains(&(forum.to_owned(), role.to_owned(), code.to_owned()))
    }

    /// Whether `code` took part in `forum`'s meeting of `year`.
    pub fn attended(&self, forum: &str, code: &str, year: i32) -> bool {
        self.attended
            .contains(&(forum.to_owned(), code.to_owned(), year))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_by_date_and_year() {
        let t = SideTables::from_texts(
            "code,expressed\nCUB,2022-05-19\nCUB,2023-01-02\nXYZ,\nMON,2023-07\nYR,2024\n",
            "forum,member_code,role,year\nSCO,MNG,observer,2024\nPIC,COK,participant,2023\n",
            "forum,counterpart,year\nGPSCFL,KHM,2022\n",
        )
        .unwrap();
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert!(!t.gsi_supporter("CUB", day(2022, 5, 18)));
        assert!(t.gsi_supporter("CUB", day(2022, 5, 19)));
        assert!(!t.gsi_supporter("XYZ", day(2030, 1, 1)));
        assert!(!t.gsi_supporter("MON", day(2023, 6, 30)));
        assert!(t.gsi_supporter("MON", day(2023, 7, 31)));
        assert!(!t.gsi_supporter("YR", day(2023, 12, 31)));
        assert!(t.gsi_supporter("YR", day(2024, 3, 31)));
        assert!(t.has_role("SCO", "observer", "MNG"));
        assert!(!t.has_role("SCO", "member", "MNG"));
        assert!(t.attended("PIC", "COK", 2023));
        assert!(!t.attended("PIC", "COK", 2022));
        assert!(t.attended("GPSCFL", "KHM", 2022));
    }

    #[test]
    fn bundled_tables_read() {
        assert!(SideTables::bundled().is_ok());
    }
}
