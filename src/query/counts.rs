//! Counts behind the paper's headline numbers, tables and figures.
//!
//! Two units are used and each function says which: a *meeting* is a distinct event; an
//! *interaction* is one event x Chinese official x foreign counterpart row.

use super::ranking::competition_ranks;
use crate::frame::{ints, strs, Column, Frame};
use crate::hash::{FastMap, FastSet};
use crate::model::{Agency, Dataset, Entity, EntityTable, Format, Rank, RegionScheme, Setting};
use chrono::Datelike;
use std::collections::{BTreeMap, BTreeSet};

fn is_state(entities: &EntityTable, code: &str) -> bool {
    entities.by_code(code).is_some_and(|e| !e.is_organisation())
}

/// Headline counts as (measure, value) rows. Units are in the measure names.
pub fn summary(ds: &Dataset, entities: &EntityTable) -> Frame {
    let by_event = ds.interactions_by_event();
    let bilateral: Vec<usize> = (0..ds.events.len())
        .filter(|&k| ds.events[k].format == Format::Bilateral)
        .collect();
    let count_bilateral = |setting| {
        bilateral
            .iter()
            .filter(|&&k| ds.events[k].setting == setting)
            .count()
    };
    let bilateral_parties: BTreeSet<&str> = bilateral
        .iter()
        .flat_map(|&k| by_event[k].iter().map(|i| i.counterpart.code.as_str()))
        .collect();
    let all_parties: BTreeSet<&str> = ds
        .interactions
        .iter()
        .map(|i| i.counterpart.code.as_str())
        .collect();
    let mut rows: Vec<(String, usize)> = vec![
        ("interactions".into(), ds.interactions.len()),
        ("events".into(), ds.events.len()),
        ("bilateral_meetings".into(), bilateral.len()),
        (
            "multilateral_meetings".into(),
            ds.events.len() - bilateral.len(),
        ),
        (
            "standalone_bilateral_meetings".into(),
            count_bilateral(Setting::Standalone),
        ),
        (
            "sideline_bilateral_meetings".into(),
            count_bilateral(Setting::Sideline),
        ),
        (
            "bilateral_countries".into(),
            bilateral_parties
                .iter()
                .filter(|c| is_state(entities, c))
                .count(),
        ),
        ("bilateral_counterparts".into(), bilateral_parties.len()),
        (
            "countries".into(),
            all_parties.iter().filter(|c| is_state(entities, c)).count(),
        ),
        ("counterparts".into(), all_parties.len()),
    ];
    for agency in Agency::ALL {
        let events: FastSet<usize> = ds
            .interactions
            .iter()
            .filter(|i| i.agency == *agency)
            .map(|i| i.event)
            .collect();
        let interactions = ds
            .interactions
            .iter()
            .filter(|i| i.agency == *agency)
            .count();
        rows.push((format!("meetings_{}", agency.as_str()), events.len()));
        rows.push((format!("interactions_{}", agency.as_str()), interactions));
    }
    Frame::default()
        .with("measure", strs(rows.iter().map(|(m, _)| m.as_str())))
        .with("value", ints(rows.iter().map(|(_, v)| *v as i64)))
}

/// Which interactions a count looks at.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only events of this format.
    pub format: Option<Format>,
    /// Only interactions of these agencies.
    pub agency: Option<Agency>,
    /// Only interactions at this rank.
    pub rank: Option<Rank>,
}

/// Meetings (distinct events) per counterpart, with competition ranks, most first; ties are
/// ordered by name. `top` keeps ranks up to and including it, so ties at the cut stay in.
pub fn meetings_by_country(ds: &Dataset, selection: &Selection, top: Option<i64>) -> Frame {
    // Counterparts are rows of the bundled entities table, one row per code, so an address
    // tells them apart without hashing the code's text on every interaction.
    let mut slot_of: FastMap<*const Entity, usize> = FastMap::default();
    let mut slots: Vec<(&Entity, Vec<usize>)> = Vec::new();
    for i in &ds.interactions {
        let event = &ds.events[i.event];
        let keep = selection.format.is_none_or(|f| event.format == f)
            && selection.agency.is_none_or(|a| i.agency == a)
            && selection.rank.is_none_or(|r| i.rank == r);
        if keep {
            let slot = *slot_of
                .entry(std::ptr::from_ref(i.counterpart))
                .or_insert_with(|| {
                    slots.push((i.counterpart, Vec::new()));
                    slots.len() - 1
                });
            let events = &mut slots[slot].1;
            // An event's rows are usually consecutive, so most repeats stop here; the rest
            // are removed below.
            if events.last() != Some(&i.event) {
                events.push(i.event);
            }
        }
    }
    let mut rows: Vec<(&str, &str, i64)> = slots
        .into_iter()
        .map(|(counterpart, mut events)| {
            // Events are numbered in file order, so the list is nearly sorted already.
            events.sort_unstable();
            events.dedup();
            let meetings = events.len() as i64;
            (
                counterpart.code.as_str(),
                counterpart.name.as_str(),
                meetings,
            )
        })
        .collect();
    rows.sort_by(|a, b| b.2.cmp(&a.2).then(a.1.cmp(b.1)));
    let counts: Vec<i64> = rows.iter().map(|r| r.2).collect();
    let ranks = competition_ranks(&counts);
    let keep = ranks
        .iter()
        .take_while(|&&r| top.is_none_or(|t| r <= t))
        .count();
    Frame::default()
        .with("rank", ints(ranks[..keep].iter().copied()))
        .with("counterpart", strs(rows[..keep].iter().map(|r| r.0)))
        .with("name", strs(rows[..keep].iter().map(|r| r.1)))
        .with("meetings", ints(counts[..keep].iter().copied()))
}

/// Meetings (distinct events) per Chinese official and calendar year.
pub fn meetings_by_official_year(ds: &Dataset) -> Frame {
    let mut groups: BTreeMap<(Agency, &str, i32), FastSet<usize>> = BTreeMap::new();
    for i in &ds.interactions {
        let year = ds.events[i.event].date.year();
        groups
            .entry((i.agency, i.official.name.as_str(), year))
            .or_default()
            .insert(i.event);
    }
    Frame::default()
        .with("official", strs(groups.keys().map(|k| k.1)))
        .with("agency", strs(groups.keys().map(|k| k.0.as_str())))
        .with("year", ints(groups.keys().map(|k| i64::from(k.2))))
        .with("meetings", ints(groups.values().map(|s| s.len() as i64)))
}

/// Meetings (distinct events) and interactions per month of `year`, twelve rows; with a forum,
/// also those linked to it (the event's own forum or its parent's) and their share.
pub fn meetings_by_month(ds: &Dataset, year: i32, forum: Option<&str>) -> Frame {
    // Only events with a forum can pass one on to their sideline meetings.
    let parents: FastMap<&str, Option<&str>> = ds
        .events
        .iter()
        .filter(|e| e.forum.is_some())
        .map(|e| (&*e.id, e.forum.as_deref()))
        .collect();
    let linked = |k: usize| {
        let e = &ds.events[k];
        forum.is_some_and(|f| {
            e.forum.as_deref() == Some(f)
                || e.parent
                    .as_deref()
                    .and_then(|p| parents.get(p).copied().flatten())
                    == Some(f)
        })
    };
    let mut meetings = [0i64; 12];
    let mut interactions = [0i64; 12];
    let mut forum_meetings = [0i64; 12];
    let mut forum_interactions = [0i64; 12];
    for (k, e) in ds.events.iter().enumerate() {
        if e.date.year() == year {
            let m = e.date.month0() as usize;
            meetings[m] += 1;
            forum_meetings[m] += i64::from(linked(k));
        }
    }
    for i in &ds.interactions {
        let e = &ds.events[i.event];
        if e.date.year() == year {
            let m = e.date.month0() as usize;
            interactions[m] += 1;
            forum_interactions[m] += i64::from(linked(i.event));
        }
    }
    let mut frame = Frame::default()
        .with("month", ints(1..=12))
        .with("meetings", ints(meetings))
        .with("interactions", ints(interactions));
    if forum.is_some() {
        // A month without meetings has no share rather than a share of zero.
        let share = |part: [i64; 12], whole: [i64; 12]| {
            Column::Float(
                part.iter()
                    .zip(whole)
                    .map(|(&p, w)| (w > 0).then(|| p as f64 / w as f64))
                    .collect(),
            )
        };
        frame = frame
            .with("forum_meetings", ints(forum_meetings))
            .with("forum_interactions", ints(forum_interactions))
            .with("forum_share_of_meetings", share(forum_meetings, meetings))
            .with(
                "forum_share_of_interactions",
                share(forum_interactions, interactions),
            );
    }
    frame
}

/// Bilateral meetings per region of the counterpart, with the share of all bilateral meetings
/// and that denominator repeated on each row, most first.
pub fn bilateral_by_region(ds: &Dataset, entities: &EntityTable, scheme: RegionScheme) -> Frame {
    let mut counted: FastSet<(usize, &str)> = FastSet::default();
    let mut regions: BTreeMap<&str, i64> = BTreeMap::new();
    let mut region_of: FastMap<&str, &str> = FastMap::default();
    for i in &ds.interactions {
        if ds.events[i.event].format != Format::Bilateral
            || !counted.insert((i.event, i.counterpart.code.as_str()))
        {
            continue;
        }
        let region = region_of
            .entry(i.counterpart.code.as_str())
            .or_insert_with(|| {
                entities
                    .by_code(i.counterpart.code.as_str())
                    .map_or(i.counterpart.region.as_str(), |e| e.region_in(scheme))
            });
        *regions.entry(region).or_default() += 1;
    }
    let total: i64 = regions.values().sum();
    let mut rows: Vec<(&str, i64)> = regions.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    Frame::default()
        .with("region", strs(rows.iter().map(|r| r.0)))
        .with("meetings", ints(rows.iter().map(|r| r.1)))
        .with(
            "share",
            Column::Float(
                rows.iter()
                    .map(|r| Some(r.1 as f64 / total as f64))
                    .collect(),
            ),
        )
        .with("denominator", ints(rows.iter().map(|_| total)))
}

/// For each counterpart: meetings with ministerial officials (ministers, CPLC head), with MPS
/// vice or assistant ministers, and the level class of the paper's maps.
pub fn country_levels(ds: &Dataset, include_multilateral: bool) -> Frame {
    // Per counterpart: name, region, ministerial events, VM/AM events.
    type Levels<'a> = (&'a str, &'a str, FastSet<usize>, FastSet<usize>);
    let mut levels: BTreeMap<&str, Levels> = BTreeMap::new();
    for i in &ds.interactions {
        if !include_multilateral && ds.events[i.event].format != Format::Bilateral {
            continue;
        }
        let entry = levels
            .entry(i.counterpart.code.as_str())
            .or_insert_with(|| {
                (
                    i.counterpart.name.as_str(),
                    i.counterpart.region.as_str(),
                    FastSet::default(),
                    FastSet::default(),
                )
            });
        if i.rank.is_ministerial() {
            entry.2.insert(i.event);
        } else {
            entry.3.insert(i.event);
        }
    }
    let class = |m: usize, v: usize| match (m > 0, v > 0) {
        (true, true) => "both",
        (true, false) => "ministerial only",
        _ => "VM/AM only",
    };
    Frame::default()
        .with("counterpart", strs(levels.keys().copied()))
        .with("name", strs(levels.values().map(|v| v.0)))
        .with("region", strs(levels.values().map(|v| v.1)))
        .with(
            "ministerial_meetings",
            ints(levels.values().map(|v| v.2.len() as i64)),
        )
        .with(
            "vm_am_meetings",
            ints(levels.values().map(|v| v.3.len() as i64)),
        )
        .with(
            "level",
            strs(levels.values().map(|v| class(v.2.len(), v.3.len()))),
        )
}
