//! How good the record is: sources per event, and the share of events that an official source,
//! both sides, or only mirror copies vouch for; overall, by period or by region.

use super::periods::Period;
use crate::frame::{ints, strs, Column, Frame};
use crate::model::{vocabulary, Dataset, Event, SourceKind, SourceSide};
use std::collections::BTreeMap;

vocabulary!(
    /// How the rows of the quality table are split.
    QualityGrouping {
        /// Before the window, inside it, after it.
        Period => "period",
        /// By the counterpart's region (cisd scheme).
        Region => "region",
    }
);

/// The period rows, in time order.
const PERIODS: [&str; 3] = ["before", "window", "after"];

/// What one event's sources show.
#[derive(Debug, Clone, Copy, Default)]
struct Evidence {
    sources: i64,
    /// Sources whose kind, or side, the file leaves empty.
    no_kind: i64,
    no_side: i64,
    official: bool,
    mirrors: i64,
    chinese: bool,
    partner: bool,
}

impl Evidence {
    fn mirror_only(&self) -> bool {
        self.sources > 0 && self.mirrors == self.sources
    }
}

/// The sums over one group's events.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    events: i64,
    sources: i64,
    no_kind: i64,
    no_side: i64,
    official: i64,
    mirror_only: i64,
    both_sides: i64,
    partner: i64,
}

impl Tally {
    fn add(&mut self, e: &Evidence) {
        self.events += 1;
        self.sources += e.sources;
        self.no_kind += e.no_kind;
        self.no_side += e.no_side;
        self.official += i64::from(e.official);
        self.mirror_only += i64::from(e.mirror_only());
        self.both_sides += i64::from(e.chinese && e.partner);
        self.partner += i64::from(e.partner);
    }

    /// A share of the group's events; null without events, or when some source lacks the
    /// field it rests on (an unknown kind could be the official source that is missing).
    fn share(&self, count: i64, unknown: i64) -> Option<f64> {
        (self.events > 0 && unknown == 0).then(|| count as f64 / self.events as f64)
    }

    /// Why shares are null, in words; none when every source has a kind and a side.
    fn note(&self) -> Option<String> {
        let missing = |n: i64, field: &str, shares: &str| {
            (n > 0).then(|| {
                format!(
                    "{n} of {} sources have no {field} (the file has no {field} column or leaves it empty), so {shares} are null",
                    self.sources
                )
            })
        };
        let notes: Vec<String> = [
            missing(self.no_kind, "kind", "share_official and share_mirror_only"),
            missing(
                self.no_side,
                "side",
                "share_both_sides and share_partner_side",
            ),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!notes.is_empty()).then(|| notes.join("; "))
    }
}

fn evidence(ds: &Dataset) -> Vec<Evidence> {
    let mut per_event = vec![Evidence::default(); ds.events.len()];
    for s in &ds.sources {
        let e = &mut per_event[s.event];
        e.sources += 1;
        match s.kind {
            None => e.no_kind += 1,
            Some(SourceKind::Official) => e.official = true,
            Some(SourceKind::Mirror) => e.mirrors += 1,
            Some(_) => {}
        }
        match s.side {
            None => e.no_side += 1,
            Some(SourceSide::Chinese) => e.chinese = true,
            Some(SourceSide::Partner) => e.partner = true,
            Some(SourceSide::Third) => {}
        }
    }
    per_event
}

/// Where an event falls against the window: inside it when `Period::contains` says so (a
/// month-dated event only when its whole month is inside), otherwise before or after by its
/// date (the first of its month), so a month straddling the start counts before.
fn period_of(event: &Event, window: Period) -> &'static str {
    if window.contains(event) {
        PERIODS[1]
    } else if event.date < window.start {
        PERIODS[0]
    } else {
        PERIODS[2]
    }
}

/// One row per group: `group`, `events`, `sources`, `sources_per_event`, and the shares of the
/// group's events with an official source (`share_official`), with a source from each side,
/// Chinese and partner (`share_both_sides`), with mirror copies only (`share_mirror_only`) and
/// with a partner-side source (`share_partner_side`); `note` says why shares are null.
///
/// Without `by` the one group is `all`. By period the groups are `before`, `window` and
/// `after` against `window`, all three always present. By region an event counts once in
/// every region of its counterparts, so a multilateral touching two regions is in both rows
/// and the rows need not add up to the total.
pub fn quality(ds: &Dataset, by: Option<QualityGrouping>, window: Period) -> Frame {
    let per_event = evidence(ds);
    let mut groups: BTreeMap<&str, Tally> = BTreeMap::new();
    match by {
        None => {
            let all = groups.entry("all").or_default();
            for e in &per_event {
                all.add(e);
            }
        }
        Some(QualityGrouping::Period) => {
            for (event, e) in ds.events.iter().zip(&per_event) {
                groups.entry(period_of(event, window)).or_default().add(e);
            }
        }
        Some(QualityGrouping::Region) => {
            let mut regions: Vec<Vec<&str>> = vec![Vec::new(); ds.events.len()];
            for i in &ds.interactions {
                let seen = &mut regions[i.event];
                if !seen.contains(&i.counterpart.region.as_str()) {
                    seen.push(i.counterpart.region.as_str());
                }
            }
            for (names, e) in regions.iter().zip(&per_event) {
                for name in names {
                    groups.entry(name).or_default().add(e);
                }
            }
        }
    }
    let rows: Vec<(&str, Tally)> = if by == Some(QualityGrouping::Period) {
        let tally = |p: &str| groups.get(p).copied().unwrap_or_default();
        PERIODS.iter().map(|&p| (p, tally(p))).collect()
    } else {
        groups.into_iter().collect()
    };
    frame(&rows)
}

fn frame(rows: &[(&str, Tally)]) -> Frame {
    let share =
        |f: fn(&Tally) -> Option<f64>| Column::Float(rows.iter().map(|(_, t)| f(t)).collect());
    Frame::default()
        .with("group", strs(rows.iter().map(|r| r.0)))
        .with("events", ints(rows.iter().map(|r| r.1.events)))
        .with("sources", ints(rows.iter().map(|r| r.1.sources)))
        .with(
            "sources_per_event",
            share(|t| (t.events > 0).then(|| t.sources as f64 / t.events as f64)),
        )
        .with("share_official", share(|t| t.share(t.official, t.no_kind)))
        .with(
            "share_both_sides",
            share(|t| t.share(t.both_sides, t.no_side)),
        )
        .with(
            "share_mirror_only",
            share(|t| t.share(t.mirror_only, t.no_kind)),
        )
        .with(
            "share_partner_side",
            share(|t| t.share(t.partner, t.no_side)),
        )
        .with(
            "note",
            Column::Str(rows.iter().map(|r| r.1.note()).collect()),
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        DatePrecision, EntityTable, Format, Interaction, OfficialTable, Setting, Source,
    };
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn window() -> Period {
        Period {
            start: day(2022, 6, 1),
            end: day(2025, 5, 31),
        }
    }

    fn event(id: &str, date: NaiveDate, precision: DatePrecision) -> Event {
        Event {
            id: id.into(),
            date,
            precision,
            format: Format::Bilateral,
            setting: Setting::Standalone,
            parent: None,
            forum: None,
            city: None,
            host_country: None,
            is_virtual: None,
            title: None,
            participants_stated: None,
            notes: None,
        }
    }

    fn met(event: usize, code: &str) -> Interaction {
        let official = OfficialTable::bundled()
            .unwrap()
            .resolve("Wang Xiaohong")
            .unwrap();
        let position = official.position_for(None);
        Interaction {
            event,
            official,
            agency: position.agency,
            rank: position.rank,
            counterpart: EntityTable::bundled().unwrap().by_code(code).unwrap(),
            counterpart_official: None,
            counterpart_title: None,
            cochair: false,
        }
    }

    fn source(event: usize, kind: Option<SourceKind>, side: Option<SourceSide>) -> Source {
        Source {
            event,
            url: format!("http://example.org/{event}").into(),
            publisher: None,
            published: None,
            language: None,
            kind,
            side,
        }
    }

    /// E1 (2021, Vietnam): Xinhua and a mirror of it. E2 (2023, Cambodia and Kazakhstan): a
    /// partner ministry and Xinhua. E3 (February 2024, month only, Kazakhstan): one mirror. E4
    /// (September 2025, Cambodia): a Thai outlet and a Chinese ministry.
    fn fixture() -> Dataset {
        use SourceKind::{Independent, Mirror, Official, StateMedia};
        use SourceSide::{Chinese, Partner, Third};
        let s = |e, k, d| source(e, Some(k), Some(d));
        Dataset {
            events: vec![
                event("E1", day(2021, 3, 10), DatePrecision::Day),
                event("E2", day(2023, 5, 2), DatePrecision::Day),
                event("E3", day(2024, 2, 1), DatePrecision::Month),
                event("E4", day(2025, 9, 1), DatePrecision::Day),
            ],
            interactions: vec![
                met(0, "VNM"),
                met(1, "KHM"),
                met(1, "KAZ"),
                met(2, "KAZ"),
                met(3, "KHM"),
            ],
            sources: vec![
                s(0, StateMedia, Chinese),
                s(0, Mirror, Chinese),
                s(1, Official, Partner),
                s(1, StateMedia, Chinese),
                s(2, Mirror, Chinese),
                s(3, Independent, Third),
                s(3, Official, Chinese),
            ],
        }
    }

    fn floats(frame: &Frame, name: &str) -> Vec<Option<f64>> {
        match frame.column(name) {
            Some(Column::Float(v)) => v.clone(),
            other => panic!("{name}: {other:?}"),
        }
    }

    fn texts(frame: &Frame, name: &str) -> Vec<Option<String>> {
        match frame.column(name) {
            Some(Column::Str(v)) => v.clone(),
            other => panic!("{name}: {other:?}"),
        }
    }

    #[test]
    fn shares_are_over_events() {
        let q = quality(&fixture(), None, window());
        assert_eq!(texts(&q, "group"), [Some("all".to_owned())]);
        assert_eq!(q.column("events"), Some(&ints([4])));
        assert_eq!(q.column("sources"), Some(&ints([7])));
        assert_eq!(floats(&q, "sources_per_event"), [Some(1.75)]);
        assert_eq!(floats(&q, "share_official"), [Some(0.5)]); // E2, E4
        assert_eq!(floats(&q, "share_both_sides"), [Some(0.25)]); // E2
        assert_eq!(floats(&q, "share_mirror_only"), [Some(0.25)]); // E3
        assert_eq!(floats(&q, "share_partner_side"), [Some(0.25)]); // E2
        assert_eq!(texts(&q, "note"), [None]);
    }

    #[test]
    fn periods_are_before_inside_and_after_the_window() {
        let q = quality(&fixture(), Some(QualityGrouping::Period), window());
        let groups: Vec<_> = PERIODS.iter().map(|p| Some((*p).to_owned())).collect();
        assert_eq!(texts(&q, "group"), groups);
        assert_eq!(q.column("events"), Some(&ints([1, 2, 1])));
        assert_eq!(q.column("sources"), Some(&ints([2, 3, 2])));
        assert_eq!(
            floats(&q, "share_official"),
            [Some(0.0), Some(0.5), Some(1.0)]
        );
        assert_eq!(
            floats(&q, "share_mirror_only"),
            [Some(0.0), Some(0.5), Some(0.0)]
        );
        // E3's month straddles a window opening on 15 February: it counts before.
        let late = Period {
            start: day(2024, 2, 15),
            end: day(2025, 5, 31),
        };
        let q = quality(&fixture(), Some(QualityGrouping::Period), late);
        assert_eq!(q.column("events"), Some(&ints([3, 0, 1])));
        assert_eq!(floats(&q, "sources_per_event")[1], None);
    }

    #[test]
    fn an_event_counts_in_every_region_it_touches() {
        let q = quality(&fixture(), Some(QualityGrouping::Region), window());
        assert_eq!(
            texts(&q, "group"),
            [
                Some("Central Asia".to_owned()),
                Some("Southeast Asia".to_owned())
            ]
        );
        assert_eq!(q.column("events"), Some(&ints([2, 3]))); // E2, E3 | E1, E2, E4
        assert_eq!(q.column("sources"), Some(&ints([3, 6])));
        assert_eq!(floats(&q, "share_official"), [Some(0.5), Some(2.0 / 3.0)]);
        assert_eq!(floats(&q, "share_both_sides"), [Some(0.5), Some(1.0 / 3.0)]);
    }

    #[test]
    fn sources_without_kind_or_side_leave_their_shares_null() {
        let mut ds = fixture();
        ds.sources[5].kind = None;
        let q = quality(&ds, None, window());
        assert_eq!(floats(&q, "share_official"), [None]);
        assert_eq!(floats(&q, "share_mirror_only"), [None]);
        assert_eq!(floats(&q, "share_both_sides"), [Some(0.25)]);
        let note = texts(&q, "note")[0].clone().unwrap();
        assert!(note.starts_with("1 of 7 sources have no kind"), "{note}");
        assert!(!note.contains("side"), "{note}");
        for s in &mut ds.sources {
            s.side = None;
        }
        let q = quality(&ds, None, window());
        assert_eq!(floats(&q, "share_partner_side"), [None]);
        assert_eq!(floats(&q, "sources_per_event"), [Some(1.75)]);
        assert!(texts(&q, "note")[0]
            .clone()
            .unwrap()
            .contains("7 of 7 sources have no side"));
    }
}
