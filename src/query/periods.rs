//! Two periods compared: counts, rates per month, their ratio with an exact interval, and the
//! states met only in the later one.

use super::rates::rate_ratio;
use crate::error::{Error, Result};
use crate::frame::{ints, opt_strs, strs, Column, Frame};
use crate::hash::FastSet;
use crate::model::{Dataset, DatePrecision, Event};
use chrono::{Datelike, Months, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};

/// An inclusive range of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
}

/// Which end of a period a date written as a month stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// A month is its first day.
    Start,
    /// A month is its last day.
    End,
}

fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).expect("every month has a first day")
}

fn last_of_month(date: NaiveDate) -> NaiveDate {
    first_of_month(date) + Months::new(1) - chrono::Days::new(1)
}

/// Reads `YYYY-MM-DD`, or `YYYY-MM` as the month's first or last day depending on `bound`.
pub fn parse_bound(text: &str, bound: Bound) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    match bytes.len() {
        10 => NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(),
        7 if bytes[4] == b'-' && bytes.iter().all(|b| b.is_ascii_digit() || *b == b'-') => {
            let first = NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d").ok()?;
            Some(match bound {
                Bound::Start => first,
                Bound::End => last_of_month(first),
            })
        }
        _ => None,
    }
}

impl Period {
    /// A period from two user-written dates; `name` is the argument named in errors.
    pub fn parse(name: &str, start: &str, end: &str) -> Result<Self> {
        let read = |text: &str, bound, which| {
            parse_bound(text, bound).ok_or_else(|| {
                Error::InvalidArgument(format!(
                    "{name} {which} {text:?}: expected a date YYYY-MM-DD or a month YYYY-MM"
                ))
            })
        };
        let period = Period {
            start: read(start, Bound::Start, "start")?,
            end: read(end, Bound::End, "end")?,
        };
        if period.start > period.end {
            return Err(Error::InvalidArgument(format!(
                "{name} starts ({}) after it ends ({})",
                period.start, period.end
            )));
        }
        Ok(period)
    }

    /// Length in calendar months: whole months count 1 and a partial month the share of its
    /// days inside the period, so January-December is exactly 12 and 21-30 April is 1/3.
    pub fn months(&self) -> f64 {
        let mut total = 0.0;
        let mut month = first_of_month(self.start);
        while month <= self.end {
            let last = last_of_month(month);
            let inside = (last.min(self.end) - month.max(self.start)).num_days() + 1;
            let length = (last - month).num_days() + 1;
            total += inside as f64 / length as f64;
            month = last + chrono::Days::new(1);
        }
        total
    }

    /// Whether an event falls in the period. An event known only to the month falls in it when
    /// the whole month does: a month that straddles the period's edge could be either side.
    pub fn contains(&self, event: &Event) -> bool {
        match event.precision {
            DatePrecision::Day => self.start <= event.date && event.date <= self.end,
            DatePrecision::Month => {
                self.start <= first_of_month(event.date) && last_of_month(event.date) <= self.end
            }
        }
    }

    fn overlaps(self, other: Period) -> bool {
        self.start <= other.end && other.start <= self.end
    }
}

/// How the rows of a comparison are split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    /// By the counterpart's region (cisd scheme).
    Region,
    /// By the Chinese official's agency.
    Agency,
}

impl Grouping {
    /// Reads `region` or `agency`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "region" => Some(Grouping::Region),
            "agency" => Some(Grouping::Agency),
            _ => None,
        }
    }
}

/// What one period holds for one group.
#[derive(Default)]
struct Tally<'a> {
    meetings: FastSet<usize>,
    bilateral: FastSet<usize>,
    countries: BTreeSet<&'a str>,
    interactions: u64,
}

fn tally(ds: &Dataset, period: Period, grouping: Option<Grouping>) -> BTreeMap<&str, Tally<'_>> {
    let mut groups: BTreeMap<&str, Tally> = BTreeMap::new();
    for i in &ds.interactions {
        let event = &ds.events[i.event];
        if !period.contains(event) {
            continue;
        }
        let key = match grouping {
            None => "",
            Some(Grouping::Region) => i.counterpart.region.as_str(),
            Some(Grouping::Agency) => i.agency.as_str(),
        };
        let t = groups.entry(key).or_default();
        t.meetings.insert(i.event);
        if event.format == crate::model::Format::Bilateral {
            t.bilateral.insert(i.event);
        }
        if !i.counterpart.is_organisation() {
            t.countries.insert(i.counterpart.code.as_str());
        }
        t.interactions += 1;
    }
    groups
}

/// The measures compared, in row order.
const MEASURES: [&str; 5] = [
    "meetings",
    "bilateral_meetings",
    "multilateral_meetings",
    "countries",
    "interactions",
];

fn count(t: Option<&Tally>, measure: &str) -> u64 {
    t.map_or(0, |t| match measure {
        "meetings" => t.meetings.len() as u64,
        "bilateral_meetings" => t.bilateral.len() as u64,
        "multilateral_meetings" => (t.meetings.len() - t.bilateral.len()) as u64,
        "countries" => t.countries.len() as u64,
        _ => t.interactions,
    })
}

/// Counts in two periods, their rates per month and the rate ratio (after / before) with an
/// exact 95% interval (see `rates`), one row per measure, or per group and measure.
///
/// Meetings are distinct events, countries distinct states (organisations left out),
/// interactions rows. In a group a meeting counts when any of its interactions is in the group,
/// so a multilateral counts once in every region it touches and group rows need not add up to
/// the total. Distinct states do not grow in proportion to time, so the `countries` row has a
/// ratio but no interval; it lists the states met after and not before in `new_countries`.
pub fn compare_periods(
    ds: &Dataset,
    before: Period,
    after: Period,
    grouping: Option<Grouping>,
) -> Result<Frame> {
    if before.overlaps(after) {
        return Err(Error::InvalidArgument(format!(
            "the periods overlap (before {} to {}, after {} to {}): an event in both would be \
             compared with itself",
            before.start, before.end, after.start, after.end
        )));
    }
    let (before_months, after_months) = (before.months(), after.months());
    let tallies = (tally(ds, before, grouping), tally(ds, after, grouping));
    let mut groups: BTreeSet<&str> = tallies.0.keys().chain(tallies.1.keys()).copied().collect();
    if grouping.is_none() {
        groups.insert("");
    }
    let mut rows = Rows::default();
    for group in groups {
        let (b, a) = (tallies.0.get(group), tallies.1.get(group));
        for measure in MEASURES {
            let (nb, na) = (count(b, measure), count(a, measure));
            let interval = rate_ratio(nb, before_months, na, after_months);
            let is_countries = measure == "countries";
            rows.measure.push(measure);
            rows.group.push(grouping.map(|_| group));
            rows.before.push((nb, before_months));
            rows.after.push((na, after_months));
            rows.ratio.push(interval.map(|r| r.ratio));
            rows.low
                .push(interval.filter(|_| !is_countries).map(|r| r.low));
            rows.high
                .push(interval.filter(|_| !is_countries).map(|r| r.high));
            rows.new_countries.push(if is_countries {
                let seen = b.map(|t| &t.countries);
                a.map(|t| {
                    t.countries
                        .iter()
                        .filter(|c| seen.is_none_or(|s| !s.contains(*c)))
                        .map(|c| (*c).to_owned())
                        .collect()
                })
                .unwrap_or_default()
            } else {
                Vec::new()
            });
        }
    }
    Ok(rows.frame())
}

#[derive(Default)]
struct Rows<'a> {
    measure: Vec<&'a str>,
    group: Vec<Option<&'a str>>,
    before: Vec<(u64, f64)>,
    after: Vec<(u64, f64)>,
    ratio: Vec<Option<f64>>,
    low: Vec<Option<f64>>,
    high: Vec<Option<f64>>,
    new_countries: Vec<Vec<String>>,
}

impl Rows<'_> {
    fn frame(self) -> Frame {
        let counts = |v: &[(u64, f64)]| ints(v.iter().map(|(n, _)| *n as i64));
        let months = |v: &[(u64, f64)]| Column::Float(v.iter().map(|(_, m)| Some(*m)).collect());
        let rate =
            |v: &[(u64, f64)]| Column::Float(v.iter().map(|(n, m)| Some(*n as f64 / m)).collect());
        Frame::default()
            .with("measure", strs(self.measure))
            .with("group", opt_strs(self.group))
            .with("before_count", counts(&self.before))
            .with("before_months", months(&self.before))
            .with("before_rate", rate(&self.before))
            .with("after_count", counts(&self.after))
            .with("after_months", months(&self.after))
            .with("after_rate", rate(&self.after))
            .with("rate_ratio", Column::Float(self.ratio))
            .with("ci_low", Column::Float(self.low))
            .with("ci_high", Column::Float(self.high))
            .with("new_countries", Column::StrList(self.new_countries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn months_count_partial_months_by_their_days() {
        let p = |a, b| Period::parse("p", a, b).unwrap().months();
        assert!((p("2018-01", "2022-05") - 53.0).abs() < 1e-12);
        assert!((p("2022-04-21", "2022-04-30") - 1.0 / 3.0).abs() < 1e-12);
        // February 2024 has 29 days: 15 of them, then the whole of March.
        assert!((p("2024-02-15", "2024-03-31") - (1.0 + 15.0 / 29.0)).abs() < 1e-12);
    }

    #[test]
    fn bounds_read_months_as_first_or_last_day() {
        assert_eq!(parse_bound("2024-02", Bound::End), Some(day(2024, 2, 29)));
        assert_eq!(parse_bound("2024-02", Bound::Start), Some(day(2024, 2, 1)));
        assert_eq!(parse_bound("2024-2", Bound::Start), None);
        assert_eq!(parse_bound("2024-13", Bound::Start), None);
        assert!(Period::parse("after", "2024-05", "2024-04").is_err());
    }
}
