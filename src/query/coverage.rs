//! How dense the record is, period by period: events, events per month, interactions and
//! sources per event, so that a thin stretch of the record is not read as a quiet one.

use crate::frame::{ints, Column, Frame};
use crate::model::Dataset;
use chrono::{Datelike, NaiveDate};

/// The length of the periods a table is cut into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    /// Calendar years.
    Year,
    /// Calendar quarters.
    Quarter,
    /// Calendar months.
    Month,
}

impl Frequency {
    /// Reads `year`, `quarter` or `month`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "year" => Some(Frequency::Year),
            "quarter" => Some(Frequency::Quarter),
            "month" => Some(Frequency::Month),
            _ => None,
        }
    }

    /// The accepted spellings, for an error message.
    pub fn expected() -> String {
        "one of year, quarter, month".into()
    }

    /// Months in one period.
    pub(crate) fn months(self) -> i64 {
        match self {
            Frequency::Year => 12,
            Frequency::Quarter => 3,
            Frequency::Month => 1,
        }
    }

    /// The period a month (counted from year 0) falls in, as the month that begins it.
    fn period_start(self, month: i64) -> i64 {
        month - month.rem_euclid(self.months())
    }

    /// The month (counted from year 0) that begins the period holding `date`.
    pub(crate) fn start_of(self, date: NaiveDate) -> i64 {
        self.period_start(month_number(date))
    }

    /// `2024`, `2024-Q3` or `2024-09` for the period beginning in month `start`.
    pub(crate) fn label(self, start: i64) -> String {
        let (year, month0) = (start.div_euclid(12), start.rem_euclid(12));
        match self {
            Frequency::Year => format!("{year}"),
            Frequency::Quarter => format!("{year}-Q{}", month0 / 3 + 1),
            Frequency::Month => format!("{year}-{:02}", month0 + 1),
        }
    }
}

/// Months counted from January of year 0, so periods are plain integer ranges.
fn month_number(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 12 + i64::from(date.month0())
}

/// The first day of a month counted from year 0.
pub(crate) fn first_day(month: i64) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(
        month.div_euclid(12) as i32,
        month.rem_euclid(12) as u32 + 1,
        1,
    )
}

/// Per period, from the period of the first event to that of the last (empty periods
/// included, as rows of zero): `period`, `start`, `end` (the period's calendar bounds),
/// `months` (months of the period inside the record's span, first event's month to last
/// event's month), `events`, `events_per_month` (events / months), `interactions`, `sources`
/// and `sources_per_event` (null for a period without events).
pub fn coverage(ds: &Dataset, freq: Frequency) -> Frame {
    let months: Vec<i64> = ds.events.iter().map(|e| month_number(e.date)).collect();
    let (Some(&first), Some(&last)) = (months.iter().min(), months.iter().max()) else {
        return frame(freq, &[], &[], 0, 0);
    };
    let (lo, hi) = (freq.period_start(first), freq.period_start(last));
    let periods = ((hi - lo) / freq.months() + 1) as usize;
    let slot = |month: i64| ((freq.period_start(month) - lo) / freq.months()) as usize;
    let mut counts = vec![Counts::default(); periods];
    for &m in &months {
        counts[slot(m)].events += 1;
    }
    for i in &ds.interactions {
        counts[slot(months[i.event])].interactions += 1;
    }
    for s in &ds.sources {
        counts[slot(months[s.event])].sources += 1;
    }
    let starts: Vec<i64> = (0..periods as i64)
        .map(|k| lo + k * freq.months())
        .collect();
    frame(freq, &starts, &counts, first, last)
}

#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    events: i64,
    interactions: i64,
    sources: i64,
}

fn ratio(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

fn frame(freq: Frequency, starts: &[i64], counts: &[Counts], first: i64, last: i64) -> Frame {
    let covered: Vec<i64> = starts
        .iter()
        .map(|&s| (s + freq.months() - 1).min(last) - s.max(first) + 1)
        .collect();
    let end = |s: i64| first_day(s + freq.months()).and_then(|d| d.pred_opt());
    Frame::default()
        .with(
            "period",
            Column::Str(starts.iter().map(|&s| Some(freq.label(s))).collect()),
        )
        .with(
            "start",
            Column::Date(starts.iter().map(|&s| first_day(s)).collect()),
        )
        .with(
            "end",
            Column::Date(starts.iter().map(|&s| end(s)).collect()),
        )
        .with("months", ints(covered.iter().copied()))
        .with("events", ints(counts.iter().map(|c| c.events)))
        .with(
            "events_per_month",
            Column::Float(
                counts
                    .iter()
                    .zip(&covered)
                    .map(|(c, &m)| ratio(c.events, m))
                    .collect(),
            ),
        )
        .with("interactions", ints(counts.iter().map(|c| c.interactions)))
        .with("sources", ints(counts.iter().map(|c| c.sources)))
        .with(
            "sources_per_event",
            Column::Float(counts.iter().map(|c| ratio(c.sources, c.events)).collect()),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_labelled_and_bounded() {
        let m = month_number(NaiveDate::from_ymd_opt(2022, 8, 15).unwrap());
        assert_eq!(
            Frequency::Quarter.label(Frequency::Quarter.period_start(m)),
            "2022-Q3"
        );
        assert_eq!(
            Frequency::Year.label(Frequency::Year.period_start(m)),
            "2022"
        );
        assert_eq!(Frequency::Month.label(m), "2022-08");
        assert_eq!(
            first_day(Frequency::Quarter.period_start(m)),
            NaiveDate::from_ymd_opt(2022, 7, 1)
        );
    }
}
