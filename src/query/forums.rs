//! Forums: their events, the meetings held on their sidelines, and who came back.

use crate::error::{Error, Result};
use crate::frame::{ints, opt_strs, strs, Column, Frame};
use crate::hash::FastMap;
use crate::model::names::not_one_of;
use crate::model::{Dataset, Interaction};
use std::collections::{BTreeMap, BTreeSet};

fn unique<'a>(items: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if !out.iter().any(|o| o == item) {
            out.push(item.to_owned());
        }
    }
    out
}

/// The forum codes CODEBOOK.md lists: accepted by [`forum_events`] even when a dataset has
/// no event of them (a filtered dataset, or a user's file), which then gives an empty table.
pub const KNOWN_FORUMS: &[&str] = &[
    "GPSCFL", "PIC", "CEA", "CCA", "SCO", "RATS", "LMC", "UNCOPS", "AMMTC", "IMHRSI",
];

/// Checks that `forum` is a forum code of the dataset or of [`KNOWN_FORUMS`].
pub fn check_forum(ds: &Dataset, forum: &str) -> Result<()> {
    let mut valid: Vec<&str> = KNOWN_FORUMS.to_vec();
    for e in &ds.events {
        if let Some(f) = e.forum.as_deref() {
            if !valid.contains(&f) {
                valid.push(f);
            }
        }
    }
    if valid.contains(&forum) {
        return Ok(());
    }
    Err(Error::InvalidArgument(not_one_of("forum", forum, &valid)))
}

/// Checks that `parent` is an event of the dataset; the valid values listed are the events
/// that have sideline meetings.
pub fn check_parent(ds: &Dataset, parent: &str) -> Result<()> {
    if ds.events.iter().any(|e| &*e.id == parent) {
        return Ok(());
    }
    let mut parents: Vec<&str> = ds
        .events
        .iter()
        .filter_map(|e| e.parent.as_deref())
        .collect();
    parents.sort_unstable();
    parents.dedup();
    Err(Error::InvalidArgument(not_one_of(
        "parent event",
        parent,
        &parents,
    )))
}

/// One row per event of a forum (e.g. `PIC`), oldest first, with its named participants and
/// co-chairs; the unit is the event.
pub fn forum_events(ds: &Dataset, forum: &str) -> Frame {
    let by_event = ds.interactions_by_event();
    let mut chosen: Vec<usize> = (0..ds.events.len())
        .filter(|&k| ds.events[k].forum.as_deref() == Some(forum))
        .collect();
    chosen.sort_by_key(|&k| ds.events[k].date);
    let events: Vec<_> = chosen.iter().map(|&k| &ds.events[k]).collect();
    let names = |k: usize, cochair_only: bool| {
        unique(
            by_event[k]
                .iter()
                .filter(|i| !cochair_only || i.cochair)
                .map(|i| i.counterpart.name.as_str()),
        )
    };
    Frame::default()
        .with("event_id", strs(events.iter().map(|e| &*e.id)))
        .with(
            "date",
            Column::Date(events.iter().map(|e| Some(e.date)).collect()),
        )
        .with(
            "date_precision",
            strs(events.iter().map(|e| e.precision.as_str())),
        )
        .with("city", opt_strs(events.iter().map(|e| e.city.as_deref())))
        .with(
            "virtual",
            Column::Bool(events.iter().map(|e| e.is_virtual).collect()),
        )
        .with("format", strs(events.iter().map(|e| e.format.as_str())))
        .with(
            "participants",
            Column::StrList(chosen.iter().map(|&k| names(k, false)).collect()),
        )
        .with(
            "cochairs",
            Column::StrList(chosen.iter().map(|&k| names(k, true)).collect()),
        )
        .with(
            "participants_stated",
            Column::Int(
                events
                    .iter()
                    .map(|e| e.participants_stated.map(i64::from))
                    .collect(),
            ),
        )
}

/// One row per sideline event (of `parent`, or of any parent), oldest first, with its Chinese
/// officials, counterparts and whether a ministerial official took part; the unit is the event.
pub fn sideline_meetings(ds: &Dataset, parent: Option<&str>) -> Frame {
    let by_event = ds.interactions_by_event();
    let forum_of: FastMap<&str, Option<&str>> = ds
        .events
        .iter()
        .map(|e| (&*e.id, e.forum.as_deref()))
        .collect();
    let mut chosen: Vec<usize> = (0..ds.events.len())
        .filter(|&k| {
            let e = &ds.events[k];
            e.parent.is_some() && parent.is_none_or(|p| e.parent.as_deref() == Some(p))
        })
        .collect();
    chosen.sort_by_key(|&k| (ds.events[k].date, ds.events[k].id.clone()));
    let events: Vec<_> = chosen.iter().map(|&k| &ds.events[k]).collect();
    let names_per_event = |name: fn(&Interaction) -> &str| {
        Column::StrList(
            chosen
                .iter()
                .map(|&k| unique(by_event[k].iter().map(|i| name(i))))
                .collect(),
        )
    };
    Frame::default()
        .with("event_id", strs(events.iter().map(|e| &*e.id)))
        .with(
            "date",
            Column::Date(events.iter().map(|e| Some(e.date)).collect()),
        )
        .with(
            "date_precision",
            strs(events.iter().map(|e| e.precision.as_str())),
        )
        .with(
            "parent_event_id",
            opt_strs(events.iter().map(|e| e.parent.as_deref())),
        )
        .with(
            "parent_forum",
            opt_strs(events.iter().map(|e| {
                e.parent
                    .as_deref()
                    .and_then(|p| forum_of.get(p).copied().flatten())
            })),
        )
        .with("format", strs(events.iter().map(|e| e.format.as_str())))
        .with("officials", names_per_event(|i| i.official.name.as_str()))
        .with(
            "counterparts",
            names_per_event(|i| i.counterpart.name.as_str()),
        )
        .with(
            "ministerial",
            Column::Bool(
                chosen
                    .iter()
                    .map(|&k| Some(by_event[k].iter().any(|i| i.rank.is_ministerial())))
                    .collect(),
            ),
        )
}

/// Who took part in a forum in `first` and `second` year: `returning`, `new` (second only) or
/// `did not return` (first only). Input rows are (code, name, year).
pub fn participation_change(rows: &[(String, String, i64)], first: i64, second: i64) -> Frame {
    let mut seen: BTreeMap<&str, (&str, BTreeSet<i64>)> = BTreeMap::new();
    for (code, name, year) in rows {
        seen.entry(code)
            .or_insert_with(|| (name, BTreeSet::new()))
            .1
            .insert(*year);
    }
    let mut out: Vec<(&str, &str, &str)> = seen
        .iter()
        .filter_map(|(code, (name, years))| {
            let status = match (years.contains(&first), years.contains(&second)) {
                (true, true) => "returning",
                (false, true) => "new",
                (true, false) => "did not return",
                (false, false) => return None,
            };
            Some((*code, *name, status))
        })
        .collect();
    out.sort_by(|a, b| a.2.cmp(b.2).then(a.1.cmp(b.1)));
    Frame::default()
        .with("counterpart", strs(out.iter().map(|r| r.0)))
        .with("name", strs(out.iter().map(|r| r.1)))
        .with("status", strs(out.iter().map(|r| r.2)))
        .with("first_year", ints(out.iter().map(|_| first)))
        .with("second_year", ints(out.iter().map(|_| second)))
}
