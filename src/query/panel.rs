//! Panels for regressions: zero-filled counts per period x state (or per period x Chinese
//! official or agency x state) with the bundled covariates, a dense count matrix, and the
//! official-counterpart network.
//!
//! Every count of "meetings" counts distinct events; a month-precision event is dated to the
//! first of its month, so it always falls in that month and in the quarter and year holding it.

use super::coverage::{first_day, Frequency};
use crate::error::{Error, Result};
use crate::frame::{ints, strs, Column, Frame};
use crate::hash::{FastMap, FastSet};
use crate::model::{
    vocabulary, Agency, Dataset, Entity, EntityTable, Format, Interaction, OfficialTable,
    SideTables,
};
use chrono::NaiveDate;
use std::collections::BTreeMap;

vocabulary!(
    /// What a panel row is about, besides its period.
    PanelUnit {
        /// One foreign state (or entity).
        Country => "country" | "state",
        /// One Chinese official (or agency) and one foreign state.
        Dyad => "dyad",
    }
);

vocabulary!(
    /// Which entities a panel lists, met or not.
    Universe {
        /// Every entity of kind `state` except China.
        States => "states",
        /// Every entity with a Gleditsch-Ward code except China.
        Gw => "gw" | "gleditschward",
        /// Every entity except China: states, territories and organisations.
        All => "all",
    }
);

vocabulary!(
    /// The Chinese side of a dyad.
    DyadSide {
        /// One official.
        Official => "official",
        /// One agency (MPS, MSS, CPLC).
        Agency => "agency",
    }
);

vocabulary!(
    /// What a matrix's rows or columns stand for.
    Axis {
        /// The foreign counterpart's code.
        Counterpart => "counterpart" | "country",
        /// The Chinese official.
        Official => "official",
        /// The Chinese agency.
        Agency => "agency",
        /// The counterpart's region (cisd scheme).
        Region => "region",
        /// Calendar months, every one from the first to the last in the data.
        Month => "month",
        /// Calendar quarters, likewise.
        Quarter => "quarter",
        /// Calendar years, likewise.
        Year => "year",
    }
);

vocabulary!(
    /// What a matrix cell counts.
    Measure {
        /// Distinct events.
        Meetings => "meetings",
        /// Interaction rows.
        Interactions => "interactions",
    }
);

/// Consecutive periods: the first begins in month `first` (counted from year 0).
#[derive(Debug, Clone, Copy)]
struct Periods {
    freq: Frequency,
    first: i64,
    count: usize,
}

impl Periods {
    /// Index of the period holding `day`, if it is one of these.
    fn index(self, day: NaiveDate) -> Option<usize> {
        let k = (self.freq.start_of(day) - self.first) / self.freq.months();
        usize::try_from(k).ok().filter(|&k| k < self.count)
    }

    /// The month that begins period `k`.
    fn start(self, k: usize) -> i64 {
        self.first + k as i64 * self.freq.months()
    }

    fn first_day(self, k: usize) -> NaiveDate {
        first_day(self.start(k)).expect("periods come from valid dates")
    }

    fn last_day(self, k: usize) -> NaiveDate {
        first_day(self.start(k + 1))
            .and_then(|d| d.pred_opt())
            .expect("periods come from valid dates")
    }

    fn year(self, k: usize) -> i32 {
        self.start(k).div_euclid(12) as i32
    }
}

/// What panel to build.
#[derive(Debug, Clone, Copy)]
pub struct PanelSpec {
    /// Country or dyad rows.
    pub unit: PanelUnit,
    /// For dyads: official or agency.
    pub by: DyadSide,
    /// Period length.
    pub freq: Frequency,
    /// The first period is the one holding this day; default: the earliest event's.
    pub start: Option<NaiveDate>,
    /// The last period is the one holding this day; default: the latest event's.
    pub end: Option<NaiveDate>,
    /// Which entities are listed.
    pub universe: Universe,
}

/// The periods from the one holding `start` to the one holding `end` (default: the first and
/// last event's).
fn periods(
    ds: &Dataset,
    freq: Frequency,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> Result<Periods> {
    let dates = ds.events.iter().map(|e| e.date);
    let (Some(start), Some(end)) = (start.or(dates.clone().min()), end.or(dates.max())) else {
        return Ok(Periods {
            freq,
            first: 0,
            count: 0,
        });
    };
    if start > end {
        return Err(Error::InvalidArgument(format!(
            "start={start} is after end={end}"
        )));
    }
    let first = freq.start_of(start);
    let count = (freq.start_of(end) - first) / freq.months() + 1;
    Ok(Periods {
        freq,
        first,
        count: count as usize,
    })
}

/// The entities of a universe, by code. China is never a counterpart of its own officials.
fn universe(entities: &EntityTable, universe: Universe) -> Vec<&Entity> {
    let mut list: Vec<&Entity> = entities
        .all()
        .iter()
        .filter(|e| e.code != "CHN")
        .filter(|e| match universe {
            Universe::States => e.kind == "state",
            Universe::Gw => e.gw_code.is_some(),
            Universe::All => true,
        })
        .collect();
    list.sort_by(|a, b| a.code.cmp(&b.code));
    list
}

/// Membership flags: (column, forum, role). The table lists members without accession dates,
/// so a flag holds in every period.
const MEMBERSHIPS: [(&str, &str, &str); 6] = [
    ("lmc_member", "LMC", "member"),
    ("sco_member", "SCO", "member"),
    ("sco_observer", "SCO", "observer"),
    ("sco_dialogue_partner", "SCO", "dialogue_partner"),
    ("eapcco_member", "EAPCCO", "member"),
    ("cc5_member", "C+C5", "member"),
];

/// Attendance flags: (column, forum); true when the entity attended the forum's meeting in
/// the calendar year of the period.
const ATTENDANCE: [(&str, &str); 2] =
    [("pic_participant", "PIC"), ("gpscfl_participant", "GPSCFL")];

/// Distinct-event and row counts per panel cell.
struct Counts {
    meetings: Vec<i64>,
    bilateral: Vec<i64>,
    multilateral: Vec<i64>,
    ministerial: Vec<i64>,
    vm_am: Vec<i64>,
    interactions: Vec<i64>,
}

impl Counts {
    fn new(cells: usize) -> Self {
        Self {
            meetings: vec![0; cells],
            bilateral: vec![0; cells],
            multilateral: vec![0; cells],
            ministerial: vec![0; cells],
            vm_am: vec![0; cells],
            interactions: vec![0; cells],
        }
    }

    /// Adds the interactions, each placed in its cell (or none).
    fn fill<'a>(
        &mut self,
        ds: &Dataset,
        interactions: impl Iterator<Item = (usize, &'a Interaction)>,
    ) {
        let mut met: FastSet<(usize, usize)> = FastSet::default();
        let mut ministerial: FastSet<(usize, usize)> = FastSet::default();
        let mut vm_am: FastSet<(usize, usize)> = FastSet::default();
        for (cell, i) in interactions {
            self.interactions[cell] += 1;
            if met.insert((cell, i.event)) {
                self.meetings[cell] += 1;
                match ds.events[i.event].format {
                    Format::Bilateral => self.bilateral[cell] += 1,
                    Format::Multilateral => self.multilateral[cell] += 1,
                }
            }
            let (set, count) = if i.rank.is_ministerial() {
                (&mut ministerial, &mut self.ministerial)
            } else {
                (&mut vm_am, &mut self.vm_am)
            };
            if set.insert((cell, i.event)) {
                count[cell] += 1;
            }
        }
    }
}

/// The panel: one row per period x (official or agency, for dyads) x entity of the universe,
/// zero-filled, ordered by period, then official (officials-table order) or agency, then code.
pub fn panel(
    ds: &Dataset,
    entities: &EntityTable,
    officials: &OfficialTable,
    side: &SideTables,
    spec: &PanelSpec,
) -> Result<Frame> {
    let periods = periods(ds, spec.freq, spec.start, spec.end)?;
    let listed = universe(entities, spec.universe);
    let position: FastMap<&str, usize> = listed
        .iter()
        .enumerate()
        .map(|(k, e)| (e.code.as_str(), k))
        .collect();
    let groups: Vec<&str> = match (spec.unit, spec.by) {
        (PanelUnit::Country, _) => vec![""],
        (PanelUnit::Dyad, DyadSide::Agency) => Agency::ALL.iter().map(|a| a.as_str()).collect(),
        (PanelUnit::Dyad, DyadSide::Official) => {
            let mut names: Vec<&str> = Vec::new();
            for o in officials.all() {
                if !names.contains(&o.name.as_str()) {
                    names.push(&o.name);
                }
            }
            names
        }
    };
    let group_of: FastMap<&str, usize> = groups.iter().enumerate().map(|(k, g)| (*g, k)).collect();
    let (n_groups, n_listed) = (groups.len(), listed.len());
    let cells = periods.count * n_groups * n_listed;
    let mut counts = Counts::new(cells);
    counts.fill(
        ds,
        ds.interactions.iter().filter_map(|i| {
            let period = periods.index(ds.events[i.event].date)?;
            let entity = *position.get(i.counterpart.code.as_str())?;
            let group = match (spec.unit, spec.by) {
                (PanelUnit::Country, _) => 0,
                (PanelUnit::Dyad, DyadSide::Agency) => group_of[i.agency.as_str()],
                (PanelUnit::Dyad, DyadSide::Official) => *group_of.get(i.official.name.as_str())?,
            };
            Some(((period * n_groups + group) * n_listed + entity, i))
        }),
    );
    let period_of = |cell: usize| cell / (n_groups * n_listed);
    let entity_of = |cell: usize| listed[cell % n_listed];
    let mut frame = Frame::default().with(
        "period",
        Column::Date(
            (0..cells)
                .map(|c| Some(periods.first_day(period_of(c))))
                .collect(),
        ),
    );
    if spec.unit == PanelUnit::Dyad {
        let name = match spec.by {
            DyadSide::Official => "official",
            DyadSide::Agency => "agency",
        };
        frame = frame.with(
            name,
            strs((0..cells).map(|c| groups[c / n_listed % n_groups])),
        );
    }
    let code = |v: Option<u32>| v.map(i64::from);
    let text = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    let per_cell = |f: &dyn Fn(&Entity) -> Option<String>| {
        Column::Str((0..cells).map(|c| f(entity_of(c))).collect())
    };
    frame = frame
        .with("counterpart", per_cell(&|e| text(&e.code)))
        .with("name", per_cell(&|e| text(&e.name)))
        .with("iso2", per_cell(&|e| text(&e.iso2)))
        .with(
            "cow_code",
            Column::Int((0..cells).map(|c| code(entity_of(c).cow_code)).collect()),
        )
        .with(
            "gw_code",
            Column::Int((0..cells).map(|c| code(entity_of(c).gw_code)).collect()),
        )
        .with("region", per_cell(&|e| text(&e.region)))
        .with("meetings", ints(counts.meetings))
        .with("bilateral_meetings", ints(counts.bilateral))
        .with("multilateral_meetings", ints(counts.multilateral))
        .with("ministerial_meetings", ints(counts.ministerial))
        .with("vm_am_meetings", ints(counts.vm_am))
        .with("interactions", ints(counts.interactions));
    let flag = |f: &dyn Fn(&Entity, usize) -> bool| {
        Column::Bool(
            (0..cells)
                .map(|c| Some(f(entity_of(c), period_of(c))))
                .collect(),
        )
    };
    frame = frame.with(
        "gsi_supporter",
        flag(&|e, p| side.gsi_supporter(&e.code, periods.last_day(p))),
    );
    for (column, forum, role) in MEMBERSHIPS {
        frame = frame.with(column, flag(&|e, _| side.has_role(forum, role, &e.code)));
    }
    for (column, forum) in ATTENDANCE {
        frame = frame.with(
            column,
            flag(&|e, p| side.attended(forum, &e.code, periods.year(p))),
        );
    }
    Ok(frame)
}

/// A dense count matrix, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    /// Row labels.
    pub rows: Vec<String>,
    /// Column labels.
    pub columns: Vec<String>,
    /// `rows.len() * columns.len()` counts, row by row.
    pub values: Vec<i64>,
}

/// The labels of one matrix axis and where an interaction falls on it.
enum Labels<'a> {
    /// Values that occur in the data, sorted.
    Text(
        fn(&'a Interaction) -> &'a str,
        Vec<&'a str>,
        FastMap<&'a str, usize>,
    ),
    /// Every period from the first event's to the last event's.
    Time(Periods),
}

impl<'a> Labels<'a> {
    fn new(ds: &'a Dataset, axis: Axis) -> Self {
        let text: fn(&'a Interaction) -> &'a str = match axis {
            Axis::Counterpart => |i| i.counterpart.code.as_str(),
            Axis::Official => |i| i.official.name.as_str(),
            Axis::Agency => |i| i.agency.as_str(),
            Axis::Region => |i| i.counterpart.region.as_str(),
            Axis::Month | Axis::Quarter | Axis::Year => {
                let freq = match axis {
                    Axis::Month => Frequency::Month,
                    Axis::Quarter => Frequency::Quarter,
                    _ => Frequency::Year,
                };
                let periods =
                    periods(ds, freq, None, None).expect("the data's own dates are in order");
                return Labels::Time(periods);
            }
        };
        let mut values: Vec<&str> = ds
            .interactions
            .iter()
            .map(text)
            .collect::<FastSet<_>>()
            .into_iter()
            .collect();
        values.sort_unstable();
        let index = values.iter().enumerate().map(|(k, v)| (*v, k)).collect();
        Labels::Text(text, values, index)
    }

    fn len(&self) -> usize {
        match self {
            Labels::Text(_, values, _) => values.len(),
            Labels::Time(periods) => periods.count,
        }
    }

    fn position(&self, ds: &Dataset, i: &'a Interaction) -> usize {
        match self {
            Labels::Text(text, _, index) => index[text(i)],
            Labels::Time(periods) => periods
                .index(ds.events[i.event].date)
                .expect("every event is within the data's own periods"),
        }
    }

    fn names(&self) -> Vec<String> {
        match self {
            Labels::Text(_, values, _) => values.iter().map(|v| (*v).to_owned()).collect(),
            Labels::Time(periods) => (0..periods.count)
                .map(|k| periods.freq.label(periods.start(k)))
                .collect(),
        }
    }
}

/// Counts of `value` per `index` x `columns` cell. Categorical axes list the values in the data,
/// sorted; time axes list every period from the first event's to the last event's.
pub fn matrix(ds: &Dataset, index: Axis, columns: Axis, value: Measure) -> Result<Matrix> {
    if index == columns {
        return Err(Error::InvalidArgument(format!(
            "index and columns are both {:?}; choose two different axes ({})",
            index.as_str(),
            Axis::expected()
        )));
    }
    let rows = Labels::new(ds, index);
    let cols = Labels::new(ds, columns);
    let width = cols.len();
    let mut values = vec![0i64; rows.len() * width];
    let mut seen: FastSet<(usize, usize)> = FastSet::default();
    for i in &ds.interactions {
        let cell = rows.position(ds, i) * width + cols.position(ds, i);
        if value == Measure::Interactions || seen.insert((cell, i.event)) {
            values[cell] += 1;
        }
    }
    Ok(Matrix {
        rows: rows.names(),
        columns: cols.names(),
        values,
    })
}

/// One edge per Chinese official x counterpart who met: distinct events, the first and last
/// meeting's dates, bilateral meetings, and the official's agency at the last meeting (an
/// official can move between organs). Ordered by official, then counterpart.
pub fn network(ds: &Dataset) -> Frame {
    struct Edge<'a> {
        name: &'a str,
        agency: (NaiveDate, Agency),
        events: FastSet<usize>,
        bilateral: i64,
        first: NaiveDate,
        last: NaiveDate,
    }
    let mut edges: BTreeMap<(&str, &str), Edge> = BTreeMap::new();
    for i in &ds.interactions {
        let event = &ds.events[i.event];
        let edge = edges
            .entry((i.official.name.as_str(), i.counterpart.code.as_str()))
            .or_insert_with(|| Edge {
                name: &i.counterpart.name,
                agency: (event.date, i.agency),
                events: FastSet::default(),
                bilateral: 0,
                first: event.date,
                last: event.date,
            });
        if edge.events.insert(i.event) && event.format == Format::Bilateral {
            edge.bilateral += 1;
        }
        edge.first = edge.first.min(event.date);
        edge.last = edge.last.max(event.date);
        if event.date >= edge.agency.0 {
            edge.agency = (event.date, i.agency);
        }
    }
    let dates =
        |f: fn(&Edge) -> NaiveDate| Column::Date(edges.values().map(|e| Some(f(e))).collect());
    Frame::default()
        .with("official", strs(edges.keys().map(|k| k.0)))
        .with("agency", strs(edges.values().map(|e| e.agency.1.as_str())))
        .with("counterpart", strs(edges.keys().map(|k| k.1)))
        .with("name", strs(edges.values().map(|e| e.name)))
        .with(
            "meetings",
            ints(edges.values().map(|e| e.events.len() as i64)),
        )
        .with("first", dates(|e| e.first))
        .with("last", dates(|e| e.last))
        .with(
            "bilateral_meetings",
            ints(edges.values().map(|e| e.bilateral)),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_hold_their_days() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let ds = Dataset::default();
        let q = periods(
            &ds,
            Frequency::Quarter,
            Some(day(2024, 8, 15)),
            Some(day(2025, 1, 1)),
        )
        .unwrap();
        assert_eq!(q.count, 3);
        assert_eq!(q.index(day(2024, 12, 31)), Some(1));
        assert_eq!(q.index(day(2025, 1, 1)), Some(2));
        assert_eq!(q.index(day(2024, 6, 30)), None);
        assert_eq!(
            (q.first_day(0), q.last_day(0)),
            (day(2024, 7, 1), day(2024, 9, 30))
        );
        assert_eq!(q.year(2), 2025);
        let m = periods(&ds, Frequency::Month, Some(day(2024, 2, 3)), None).unwrap();
        assert_eq!(m.count, 0); // no end and no events: nothing to cover
        let m = periods(
            &ds,
            Frequency::Month,
            Some(day(2024, 2, 3)),
            Some(day(2024, 2, 3)),
        )
        .unwrap();
        assert_eq!(m.last_day(0), day(2024, 2, 29));
        assert!(periods(
            &ds,
            Frequency::Year,
            Some(day(2025, 1, 1)),
            Some(day(2024, 1, 1))
        )
        .is_err());
    }
}
