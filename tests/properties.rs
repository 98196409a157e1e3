//! Properties that must hold for any valid dataset: the flat CSV round trip, filters that
//! commute, per-counterpart counts that add up, and competition ranks that match the counts.
//!
//! Datasets are generated as flat CSV text with real officials and counterparts from the
//! bundled reference tables and dates inside the paper's window, so that they pass validation.

use _core::export::write_flat_csv;
use _core::frame::Column;
use _core::model::{Agency, Dataset, EntityTable, Format, OfficialTable, Setting};
use _core::parse::{read_flat_bytes, Options};
use _core::query::counts::{meetings_by_country, Selection};
use _core::query::Filter;
use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use std::collections::HashSet;
use std::fmt::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Days from 2022-06-01 to 2025-05-31, the paper's window.
const WINDOW_DAYS: u64 = 1095;

fn window_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 6, 1).unwrap()
}

fn officials() -> Vec<String> {
    let table = OfficialTable::bundled().unwrap();
    table.all().iter().map(|o| o.name.clone()).collect()
}

/// A handful of counterpart codes is enough to make ties and shared events common.
fn counterparts() -> Vec<String> {
    let table = EntityTable::bundled().unwrap();
    table
        .all()
        .iter()
        .take(12)
        .map(|e| e.code.clone())
        .collect()
}

/// One generated event: a day offset in the window, and (official, counterpart) index pairs.
#[derive(Debug, Clone)]
struct GenEvent {
    day: u64,
    pairs: Vec<(usize, usize)>,
}

fn events_strategy() -> impl Strategy<Value = Vec<GenEvent>> {
    let n_officials = officials().len();
    let n_counterparts = counterparts().len();
    let event = (
        0..=WINDOW_DAYS,
        prop::collection::btree_set((0..n_officials, 0..n_counterparts), 1..5),
    )
        .prop_map(|(day, pairs)| GenEvent {
            day,
            pairs: pairs.into_iter().collect(),
        });
    prop::collection::vec(event, 1..12)
}

/// The flat CSV for generated events; format and setting are left for the reader to derive.
fn flat_csv(events: &[GenEvent]) -> String {
    let (officials, counterparts) = (officials(), counterparts());
    let mut text = String::from("event_id,date,official,counterpart\n");
    for (k, e) in events.iter().enumerate() {
        let date = window_start() + Days::new(e.day);
        for &(o, c) in &e.pairs {
            writeln!(text, "E{k},{date},{},{}", officials[o], counterparts[c]).unwrap();
        }
    }
    text
}

fn load(events: &[GenEvent]) -> Dataset {
    let (dataset, problems) =
        read_flat_bytes("gen.csv", flat_csv(events).as_bytes(), &Options::default()).unwrap();
    let errors: Vec<_> = problems.iter().filter(|p| p.is_error()).collect();
    assert!(
        errors.is_empty(),
        "generated data must be valid: {errors:?}"
    );
    dataset.unwrap()
}

fn ints(frame: &_core::frame::Frame, name: &str) -> Vec<i64> {
    match frame.column(name) {
        Some(Column::Int(v)) => v.iter().map(|x| x.unwrap()).collect(),
        other => panic!("{name}: {other:?}"),
    }
}

/// Filters over the axes a generated dataset varies on; each axis is present or not.
fn filter_strategy() -> impl Strategy<Value = Filter> {
    let officials = officials();
    let counterparts = counterparts();
    let day = 0..=WINDOW_DAYS;
    (
        prop::option::of(day.clone()),
        prop::option::of(day),
        prop::option::of(prop::sample::subsequence(
            Agency::ALL.to_vec(),
            0..=Agency::ALL.len(),
        )),
        prop::option::of(prop::sample::subsequence(officials.clone(), 0..=3)),
        prop::option::of(prop::sample::subsequence(counterparts.clone(), 0..=4)),
        prop::option::of(prop::sample::select(vec![
            Format::Bilateral,
            Format::Multilateral,
        ])),
        prop::option::of(prop::sample::select(vec![
            Setting::Standalone,
            Setting::Sideline,
        ])),
    )
        .prop_map(
            |(start, end, agencies, officials, counterparts, format, setting)| Filter {
                start: start.map(|d| window_start() + Days::new(d)),
                end: end.map(|d| window_start() + Days::new(d)),
                agencies,
                officials,
                counterparts,
                regions: None,
                format,
                setting,
                day_precise_only: false,
            },
        )
}

fn same(a: &Dataset, b: &Dataset) -> bool {
    a.events == b.events && a.interactions == b.interactions && a.sources == b.sources
}

static FILES: AtomicUsize = AtomicUsize::new(0);

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn flat_csv_round_trips(events in events_strategy()) {
        let ds = load(&events);
        let pairs: usize = events.iter().map(|e| e.pairs.len()).sum();
        prop_assert_eq!(ds.events.len(), events.len());
        prop_assert_eq!(ds.interactions.len(), pairs);
        let path = std::env::temp_dir().join(format!(
            "cisd-prop-{}-{}.csv",
            std::process::id(),
            FILES.fetch_add(1, Ordering::Relaxed)
        ));
        write_flat_csv(&ds, &path).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        let (again, problems) = read_flat_bytes("again.csv", &bytes, &Options::default()).unwrap();
        prop_assert!(problems.iter().all(|p| !p.is_error()), "{:?}", problems);
        let again = again.unwrap();
        prop_assert_eq!(&again.events, &ds.events);
        prop_assert_eq!(&again.interactions, &ds.interactions);
    }

    #[test]
    fn filters_commute(events in events_strategy(), a in filter_strategy(), b in filter_strategy()) {
        let ds = load(&events);
        let ab = b.apply(&a.apply(&ds));
        let ba = a.apply(&b.apply(&ds));
        prop_assert!(same(&ab, &ba), "{:?}\n{:?}", ab, ba);
        // Applying a filter twice changes nothing more.
        let aa = a.apply(&a.apply(&ds));
        prop_assert!(same(&aa, &a.apply(&ds)));
    }

    #[test]
    fn meetings_per_counterpart_add_up_and_ranks_follow_counts(events in events_strategy()) {
        let ds = load(&events);
        let frame = meetings_by_country(&ds, &Selection::default(), None);
        let meetings = ints(&frame, "meetings");
        let ranks = ints(&frame, "rank");
        // A meeting is a distinct event, so the counts add up to distinct (event, counterpart)
        // pairs, counted here from the generator rather than the dataset.
        let expected: usize = events
            .iter()
            .map(|e| e.pairs.iter().map(|p| p.1).collect::<HashSet<_>>().len())
            .sum();
        prop_assert_eq!(meetings.iter().sum::<i64>(), expected as i64);
        for (i, &count) in meetings.iter().enumerate() {
            let larger = meetings.iter().filter(|&&m| m > count).count() as i64;
            prop_assert_eq!(ranks[i], 1 + larger);
        }
        prop_assert!(meetings.windows(2).all(|w| w[0] >= w[1]));
    }
}
