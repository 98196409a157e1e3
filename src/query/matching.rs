//! Pairing the events of two datasets: two ledger versions, two coders' files, or the bundled
//! ledger against the authors' file.
//!
//! An event of `a` and one of `b` can pair when their dates are at most `days` apart, a Chinese
//! official is on both, and they share a counterpart. Every dataset `cisd` loads names an
//! official on each interaction, so the agency never has to stand in for a missing official.
//! Pairs are one-to-one and chosen best first: the smaller date gap, then more shared
//! officials, then more shared counterparts, then `a`'s event id, then `b`'s.

use crate::frame::{ints, strs, Column, Frame};
use crate::model::{Dataset, DatePrecision, Event};
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// What one event offers to a comparison.
struct Profile<'a> {
    event: &'a Event,
    /// The days the event may have been on: one day, or its whole month.
    from: NaiveDate,
    to: NaiveDate,
    officials: BTreeSet<&'a str>,
    counterparts: BTreeSet<&'a str>,
}

fn profiles(ds: &Dataset) -> Vec<Profile<'_>> {
    let mut out: Vec<Profile> = ds
        .events
        .iter()
        .map(|event| {
            let to = match event.precision {
                DatePrecision::Day => event.date,
                DatePrecision::Month => event
                    .date
                    .checked_add_months(chrono::Months::new(1))
                    .and_then(|d| d.pred_opt())
                    .unwrap_or(event.date),
            };
            Profile {
                event,
                from: event.date,
                to,
                officials: BTreeSet::new(),
                counterparts: BTreeSet::new(),
            }
        })
        .collect();
    for i in &ds.interactions {
        out[i.event].officials.insert(&i.official.name);
        out[i.event].counterparts.insert(&i.counterpart.code);
    }
    out
}

/// Days between two events' possible dates: 0 when they can be the same day (a month-dated
/// event can be any day of its month).
fn gap(a: &Profile, b: &Profile) -> i64 {
    if a.to < b.from {
        (b.from - a.to).num_days()
    } else if b.to < a.from {
        (a.from - b.to).num_days()
    } else {
        0
    }
}

/// The events of two datasets paired, and those left over.
#[derive(Debug, Clone, PartialEq)]
pub struct Matched {
    /// One row per pair.
    pub pairs: Frame,
    /// `a`'s events without a partner.
    pub only_a: Frame,
    /// `b`'s events without a partner.
    pub only_b: Frame,
    /// Counts and recall, one row.
    pub summary: Frame,
}

/// Pairs the events of `a` and `b` (see the module documentation for the rule).
pub fn match_events(a: &Dataset, b: &Dataset, days: u32) -> Matched {
    let days = i64::from(days);
    let pa = profiles(a);
    let mut pb: Vec<(usize, Profile)> = profiles(b).into_iter().enumerate().collect();
    pb.sort_by_key(|(_, p)| p.from);
    // (gap, -shared officials, -shared counterparts, a's id, b's id, a index, b index)
    let mut candidates = Vec::new();
    for (ka, x) in pa.iter().enumerate() {
        // A month-dated event starts at most 30 days before its last possible day.
        let earliest = x.from - chrono::Duration::days(days + 31);
        let first = pb.partition_point(|(_, p)| p.from < earliest);
        for (kb, y) in &pb[first..] {
            if (y.from - x.to).num_days() > days {
                break;
            }
            let d = gap(x, y);
            let officials = x.officials.intersection(&y.officials).count();
            let counterparts = x.counterparts.intersection(&y.counterparts).count();
            if d <= days && officials > 0 && counterparts > 0 {
                candidates.push((
                    d,
                    std::cmp::Reverse(officials),
                    std::cmp::Reverse(counterparts),
                    &*x.event.id,
                    &*y.event.id,
                    ka,
                    *kb,
                ));
            }
        }
    }
    candidates.sort_unstable();
    let pb: Vec<Profile> = {
        let mut v = pb;
        v.sort_by_key(|(k, _)| *k);
        v.into_iter().map(|(_, p)| p).collect()
    };
    let (mut used_a, mut used_b) = (vec![false; pa.len()], vec![false; pb.len()]);
    let mut pairs: Vec<(usize, usize, i64)> = Vec::new();
    for (d, _, _, _, _, ka, kb) in candidates {
        if !used_a[ka] && !used_b[kb] {
            used_a[ka] = true;
            used_b[kb] = true;
            pairs.push((ka, kb, d));
        }
    }
    pairs.sort_by(|x, y| {
        let (ex, ey) = (pa[x.0].event, pa[y.0].event);
        (ex.date, &ex.id).cmp(&(ey.date, &ey.id))
    });
    let lists = |f: &dyn Fn(&Profile, &Profile) -> Vec<String>| {
        Column::StrList(pairs.iter().map(|&(x, y, _)| f(&pa[x], &pb[y])).collect())
    };
    let common = |x: &BTreeSet<&str>, y: &BTreeSet<&str>| -> Vec<String> {
        x.intersection(y).map(|s| (*s).to_owned()).collect()
    };
    let only = |x: &BTreeSet<&str>, y: &BTreeSet<&str>| -> Vec<String> {
        x.difference(y).map(|s| (*s).to_owned()).collect()
    };
    let dates = |side: &dyn Fn(usize) -> NaiveDate| {
        Column::Date(
            pairs
                .iter()
                .enumerate()
                .map(|(k, _)| Some(side(k)))
                .collect(),
        )
    };
    let pair_frame = Frame::default()
        .with("event_id_a", strs(pairs.iter().map(|p| &*pa[p.0].event.id)))
        .with("event_id_b", strs(pairs.iter().map(|p| &*pb[p.1].event.id)))
        .with("date_a", dates(&|k| pa[pairs[k].0].event.date))
        .with("date_b", dates(&|k| pb[pairs[k].1].event.date))
        .with("days_apart", ints(pairs.iter().map(|p| p.2)))
        .with(
            "same_format",
            Column::Bool(
                pairs
                    .iter()
                    .map(|p| Some(pa[p.0].event.format == pb[p.1].event.format))
                    .collect(),
            ),
        )
        .with(
            "shared_officials",
            lists(&|x, y| common(&x.officials, &y.officials)),
        )
        .with(
            "officials_only_a",
            lists(&|x, y| only(&x.officials, &y.officials)),
        )
        .with(
            "officials_only_b",
            lists(&|x, y| only(&y.officials, &x.officials)),
        )
        .with(
            "shared_counterparts",
            lists(&|x, y| common(&x.counterparts, &y.counterparts)),
        )
        .with(
            "counterparts_only_a",
            lists(&|x, y| only(&x.counterparts, &y.counterparts)),
        )
        .with(
            "counterparts_only_b",
            lists(&|x, y| only(&y.counterparts, &x.counterparts)),
        );
    let matched = pairs.len() as i64;
    let recall = |n: usize| Column::Float(vec![(n > 0).then(|| matched as f64 / n as f64)]);
    let summary = Frame::default()
        .with("events_a", ints([pa.len() as i64]))
        .with("events_b", ints([pb.len() as i64]))
        .with("pairs", ints([matched]))
        .with(
            "same_day",
            ints([pairs.iter().filter(|p| p.2 == 0).count() as i64]),
        )
        .with("only_a", ints([pa.len() as i64 - matched]))
        .with("only_b", ints([pb.len() as i64 - matched]))
        .with("share_of_a_found_in_b", recall(pa.len()))
        .with("share_of_b_found_in_a", recall(pb.len()));
    Matched {
        pairs: pair_frame,
        only_a: unmatched(&pa, &used_a),
        only_b: unmatched(&pb, &used_b),
        summary,
    }
}

/// The events left without a partner, oldest first.
fn unmatched(profiles: &[Profile], used: &[bool]) -> Frame {
    let mut left: Vec<&Profile> = profiles
        .iter()
        .zip(used)
        .filter(|(_, &u)| !u)
        .map(|(p, _)| p)
        .collect();
    left.sort_by(|x, y| (x.event.date, &x.event.id).cmp(&(y.event.date, &y.event.id)));
    let names = |set: &dyn Fn(&Profile) -> Vec<String>| {
        Column::StrList(left.iter().map(|p| set(p)).collect())
    };
    let listed = |s: &BTreeSet<&str>| s.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
    Frame::default()
        .with("event_id", strs(left.iter().map(|p| &*p.event.id)))
        .with(
            "date",
            Column::Date(left.iter().map(|p| Some(p.event.date)).collect()),
        )
        .with(
            "date_precision",
            strs(left.iter().map(|p| p.event.precision.as_str())),
        )
        .with("format", strs(left.iter().map(|p| p.event.format.as_str())))
        .with("officials", names(&|p| listed(&p.officials)))
        .with("counterparts", names(&|p| listed(&p.counterparts)))
}
