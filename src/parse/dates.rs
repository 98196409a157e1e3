//! Reading dates in the forms real spreadsheets use.

use crate::model::DatePrecision;
use chrono::{Duration, NaiveDate};

/// What a date cell may look like, for error messages.
pub const EXPECTED_DATE: &str =
    "a date such as 2023-09-13, 2023-09, 13 September 2023, September 13, 2023, or an Excel serial";

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// What a bad date cell should have been: when it names a day its month does not have ("31
/// Sept 2023", "2023-02-30"), says so; otherwise lists the accepted forms.
pub fn expected_date(text: &str) -> String {
    let t = text.trim();
    let iso = || {
        let mut parts = t.split(['-', '/']);
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?))
    };
    let Some((year, month, day)) = iso().or_else(|| english_parts(t)) else {
        return EXPECTED_DATE.to_owned();
    };
    let first = NaiveDate::from_ymd_opt(year, month, 1);
    match first {
        Some(first) if NaiveDate::from_ymd_opt(year, month, day).is_none() => {
            let days = (first + chrono::Months::new(1) - first).num_days();
            format!(
                "a day that exists: day {day} is out of range for {} {year}, which has {days} days",
                first.format("%B")
            )
        }
        _ => EXPECTED_DATE.to_owned(),
    }
}

/// Month number from an English month name or its abbreviation ("Sept." included).
fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&w) || (w == "sept" && *m == "september"))
        .map(|i| i as u32 + 1)
}

/// Parses a date cell; month-only forms give the first of the month with `Month` precision.
pub fn parse_date(text: &str) -> Option<(NaiveDate, DatePrecision)> {
    let t = text.trim();
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Some((d, DatePrecision::Day));
    }
    // Spreadsheets often hand over a datetime at midnight.
    if let Some(day) = t
        .strip_suffix("T00:00:00")
        .or_else(|| t.strip_suffix(" 00:00:00"))
    {
        if let Ok(d) = NaiveDate::parse_from_str(day, "%Y-%m-%d") {
            return Some((d, DatePrecision::Day));
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y/%m/%d") {
        return Some((d, DatePrecision::Day));
    }
    if let Some(d) = year_month(t) {
        return Some((d, DatePrecision::Month));
    }
    if let Some(d) = excel_serial(t) {
        return Some((d, DatePrecision::Day));
    }
    english(t)
}

fn year_month(t: &str) -> Option<NaiveDate> {
    let (y, m) = t.split_once(['-', '/'])?;
    if y.len() != 4 || m.is_empty() || m.len() > 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)
}

/// Excel's day count from 1899-12-30 (which absorbs its 1900 leap-year bug for modern dates).
fn excel_serial(t: &str) -> Option<NaiveDate> {
    let serial: f64 = t.parse().ok()?;
    if !(1.0..=2_958_465.0).contains(&serial) || serial.fract() != 0.0 {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(Duration::days(serial as i64))
}

/// "13 September 2023", "September 13, 2023", "13 Sept. 2023", "September 2023".
fn english(t: &str) -> Option<(NaiveDate, DatePrecision)> {
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [_, _, _] => {
            let (year, month, day) = english_parts(t)?;
            NaiveDate::from_ymd_opt(year, month, day).map(|d| (d, DatePrecision::Day))
        }
        [a, b] => {
            let month = month_number(a)?;
            NaiveDate::from_ymd_opt(b.parse().ok()?, month, 1).map(|d| (d, DatePrecision::Month))
        }
        _ => None,
    }
}

/// (year, month, day) of "13 September 2023" or "September 13, 2023", the day unchecked.
fn english_parts(t: &str) -> Option<(i32, u32, u32)> {
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let number = |w: &str| -> Option<u32> {
        w.trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .parse()
            .ok()
    };
    let [a, b, c] = words.as_slice() else {
        return None;
    };
    let year: i32 = c.parse().ok()?;
    let (day, month) = match month_number(a) {
        Some(m) => (number(b)?, m),
        None => (number(a)?, month_number(b)?),
    };
    Some((year, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<(NaiveDate, DatePrecision)> {
        NaiveDate::from_ymd_opt(y, m, d).map(|x| (x, DatePrecision::Day))
    }

    #[test]
    fn reads_common_forms() {
        assert_eq!(parse_date("2023-09-13"), day(2023, 9, 13));
        assert_eq!(parse_date("13 September 2023"), day(2023, 9, 13));
        assert_eq!(parse_date("September 13, 2023"), day(2023, 9, 13));
        assert_eq!(parse_date("13 Sept. 2023"), day(2023, 9, 13));
        assert_eq!(parse_date("2023-09-13 00:00:00"), day(2023, 9, 13));
        // 45182 days after 1899-12-30 is 2023-09-13.
        assert_eq!(parse_date("45182"), day(2023, 9, 13));
        assert_eq!(
            parse_date("2024-11"),
            Some((
                NaiveDate::from_ymd_opt(2024, 11, 1).unwrap(),
                DatePrecision::Month
            ))
        );
        assert_eq!(
            parse_date("November 2022"),
            Some((
                NaiveDate::from_ymd_opt(2022, 11, 1).unwrap(),
                DatePrecision::Month
            ))
        );
    }

    #[test]
    fn a_day_the_month_lacks_is_named() {
        assert_eq!(
            expected_date("31 Sept 2023"),
            "a day that exists: day 31 is out of range for September 2023, which has 30 days"
        );
        assert!(expected_date("2024-02-30").contains("February 2024, which has 29 days"));
        assert_eq!(expected_date("soon"), EXPECTED_DATE);
        assert_eq!(expected_date("2023-13-01"), EXPECTED_DATE);
    }

    #[test]
    fn rejects_nonsense() {
        for bad in [
            "",
            "2023-13-01",
            "31 February 2024",
            "soon",
            "45182.5",
            "Ma 2023",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
