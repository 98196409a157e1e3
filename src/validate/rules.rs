//! Rules that look across records: links between events, counts of parties, sources, dates.

use super::origin::Origin;
use super::problem::{Problem, Severity};
use crate::hash::FastSet;
use crate::model::{Dataset, DatePrecision, Format, Setting};
use chrono::{Datelike, NaiveDate};

/// Options for the cross-record rules.
#[derive(Debug, Clone)]
pub struct Rules {
    /// Every event must cite a source (true for the bundled ledger).
    pub require_sources: bool,
    /// The study window; dates outside it are warned about.
    pub window: (NaiveDate, NaiveDate),
    /// What the window is, for the warning's "expected" text.
    pub window_label: &'static str,
}

/// The paper's study window, first and last day: June 2022 to May 2025. A user's file is checked
/// against it, and the Python package's `PAPER_WINDOW` is read from here, so the dates live once.
pub fn paper_window() -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(2022, 6, 1).unwrap_or_default(),
        NaiveDate::from_ymd_opt(2025, 5, 31).unwrap_or_default(),
    )
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            require_sources: false,
            window: paper_window(),
            window_label: "the paper's window",
        }
    }
}

impl Rules {
    /// The bundled ledger's rules: every event sourced, and dates checked against the ledger's own
    /// scope (the pre-GSI baseline to the latest readouts), not the paper's window, which the ledger
    /// deliberately outgrows.
    pub fn ledger() -> Self {
        Rules {
            require_sources: true,
            window: (
                NaiveDate::from_ymd_opt(2018, 1, 1).unwrap_or_default(),
                NaiveDate::from_ymd_opt(2026, 12, 31).unwrap_or_default(),
            ),
            window_label: "the ledger's scope",
        }
    }
}

/// Applies every cross-record rule and returns the problems found: those of events, then those
/// of interactions. The two halves only read the dataset, so they run on two cores.
pub fn check(ds: &Dataset, origin: &Origin, rules: &Rules) -> Vec<Problem> {
    std::thread::scope(|scope| {
        let interactions = scope.spawn(|| interaction_problems(ds, origin));
        let mut problems = event_problems(ds, origin, rules);
        let later = interactions
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        problems.extend(later);
        problems
    })
}

/// Parties, parents, sources and dates of each event.
fn event_problems(ds: &Dataset, origin: &Origin, rules: &Rules) -> Vec<Problem> {
    let mut problems = Vec::new();
    // Ids, to look up parents; only built when some event has one.
    let mut ids: FastSet<&str> = FastSet::default();
    if ds.events.iter().any(|e| e.parent.is_some()) {
        ids = ds.events.iter().map(|e| &*e.id).collect();
    }
    let parties = crate::model::parties_per_event(ds.events.len(), &ds.interactions);
    // The full lists are only needed to name the parties of a broken event.
    let mut by_event = None;
    let mut sourced = vec![false; ds.events.len()];
    for s in &ds.sources {
        sourced[s.event] = true;
    }
    let (start, end) = rules.window;
    let month_start = NaiveDate::from_ymd_opt(start.year(), start.month(), 1).unwrap_or(start);
    for (k, e) in ds.events.iter().enumerate() {
        // Built only for a problem: most records have none, and a place clones a file name.
        let place = || origin.events.get(k);
        if parties[k] == 0 {
            problems.push(place().problem(
                "counterpart",
                "no_participants",
                Severity::Error,
                &e.id,
                "at least one interaction row naming a foreign participant",
            ));
        }
        if e.format == Format::Bilateral && parties[k] > 1 {
            let by_event = by_event.get_or_insert_with(|| ds.interactions_by_event());
            let mut parties: Vec<&str> = by_event[k]
                .iter()
                .map(|i| i.counterpart.code.as_str())
                .collect();
            parties.sort_unstable();
            parties.dedup();
            problems.push(place().problem(
                "format",
                "bilateral_many_parties",
                Severity::Error,
                "bilateral",
                format!(
                    "one foreign party for a bilateral event; event {} has {}: {}",
                    e.id,
                    parties.len(),
                    parties.join(", ")
                ),
            ));
        }
        match (&e.parent, e.setting) {
            (Some(p), _) if !ids.contains(&**p) => problems.push(place().problem(
                "parent_event_id",
                "parent_missing",
                Severity::Error,
                p,
                "the event_id of an event in the same data",
            )),
            (Some(p), _) if p == &e.id => {
                problems.push(place().problem(
                    "parent_event_id",
                    "parent_is_self",
                    Severity::Error,
                    p,
                    "another event's id",
                ));
            }
            (None, Setting::Sideline) => problems.push(place().problem(
                "parent_event_id",
                "sideline_without_parent",
                Severity::Warning,
                "",
                "the id of the multilateral event this sideline meeting was held alongside",
            )),
            _ => {}
        }
        if rules.require_sources && !sourced[k] {
            problems.push(place().problem(
                "source_url",
                "missing_source",
                Severity::Error,
                &e.id,
                "at least one source URL for the event",
            ));
        }
        let before = if e.precision == DatePrecision::Month {
            e.date < month_start
        } else {
            e.date < start
        };
        if before || e.date > end {
            problems.push(place().problem(
                "date",
                "outside_window",
                Severity::Warning,
                &e.date.to_string(),
                format!("a date from {start} to {end} ({})", rules.window_label),
            ));
        }
    }
    problems
}

/// Repeated interactions, and officials outside their tenure on the event's date.
fn interaction_problems(ds: &Dataset, origin: &Origin) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut repeats = repeated_interactions(ds).into_iter().peekable();
    for (n, i) in ds.interactions.iter().enumerate() {
        let place = || origin.interactions.get(n);
        if let Some((_, first)) = repeats.next_if(|&(r, _)| r == n) {
            problems.push(place().problem(
                "counterpart",
                "duplicate_interaction",
                Severity::Error,
                i.counterpart.code.as_str(),
                format!(
                    "one row per event, official and counterpart (same as line {} for event {})",
                    origin.interactions.line(first),
                    ds.events[i.event].id
                ),
            ));
        }
        let event = &ds.events[i.event];
        let o = i.official;
        if o.position_on(event.date, event.precision).is_none() {
            problems.push(place().problem(
                "official",
                "outside_tenure",
                Severity::Warning,
                o.name.as_str(),
                format!(
                    "an official in a recorded position on {} (positions: {})",
                    event.date,
                    o.tenures()
                ),
            ));
        }
    }
    problems
}

/// Each interaction that repeats an earlier one's event, official and counterpart, paired with
/// the earlier one's index, in file order. Rows are grouped by event with a counting sort: a
/// few bytes per row, where a hash map of keys would cost more than the rows themselves.
/// Officials and counterparts are rows of the bundled tables, one per name and per code, so
/// they are compared by address rather than by text.
fn repeated_interactions(ds: &Dataset) -> Vec<(usize, usize)> {
    let mut start = vec![0usize; ds.events.len() + 1];
    for i in &ds.interactions {
        start[i.event + 1] += 1;
    }
    for k in 1..start.len() {
        start[k] += start[k - 1];
    }
    let mut next = start.clone();
    let mut order = vec![0usize; ds.interactions.len()];
    for (n, i) in ds.interactions.iter().enumerate() {
        order[next[i.event]] = n;
        next[i.event] += 1;
    }
    let mut found = Vec::new();
    let mut keyed: Vec<(usize, usize, usize)> = Vec::new();
    for bounds in start.windows(2) {
        keyed.clear();
        keyed.extend(order[bounds[0]..bounds[1]].iter().map(|&n| {
            let i = &ds.interactions[n];
            let official = std::ptr::from_ref(i.official).addr();
            (official, std::ptr::from_ref(i.counterpart).addr(), n)
        }));
        // Equal keys end up side by side, the earliest row first.
        keyed.sort_unstable();
        let mut first = None;
        for pair in keyed.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if (a.0, a.1) == (b.0, b.1) {
                let earliest = *first.get_or_insert(a.2);
                found.push((b.2, earliest));
            } else {
                first = None;
            }
        }
    }
    found.sort_unstable();
    found
}
