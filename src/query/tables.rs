//! The canonical tables of a dataset, and the problems table, as frames.

use crate::frame::{opt_strs, strs, Column, Frame};
use crate::model::{Dataset, SourceKind, SourceSide};
use crate::validate::Problem;

/// One row per event.
pub fn events(ds: &Dataset) -> Frame {
    let e = &ds.events;
    Frame::default()
        .with("event_id", strs(e.iter().map(|e| &*e.id)))
        .with(
            "date",
            Column::Date(e.iter().map(|e| Some(e.date)).collect()),
        )
        .with(
            "date_precision",
            strs(e.iter().map(|e| e.precision.as_str())),
        )
        .with("format", strs(e.iter().map(|e| e.format.as_str())))
        .with("setting", strs(e.iter().map(|e| e.setting.as_str())))
        .with(
            "parent_event_id",
            opt_strs(e.iter().map(|e| e.parent.as_deref())),
        )
        .with("forum", opt_strs(e.iter().map(|e| e.forum.as_deref())))
        .with("city", opt_strs(e.iter().map(|e| e.city.as_deref())))
        .with(
            "host_country",
            opt_strs(e.iter().map(|e| e.host_country.as_deref())),
        )
        .with(
            "virtual",
            Column::Bool(e.iter().map(|e| e.is_virtual).collect()),
        )
        .with("title", opt_strs(e.iter().map(|e| e.title.as_deref())))
        .with(
            "participants_stated",
            Column::Int(
                e.iter()
                    .map(|e| e.participants_stated.map(i64::from))
                    .collect(),
            ),
        )
        .with("notes", opt_strs(e.iter().map(|e| e.notes.as_deref())))
}

/// One row per event x Chinese official x foreign counterpart, with the event's date, format
/// and setting repeated so the table stands alone.
pub fn interactions(ds: &Dataset) -> Frame {
    let i = &ds.interactions;
    let event = |x: &crate::model::Interaction| &ds.events[x.event];
    Frame::default()
        .with("event_id", strs(i.iter().map(|x| &*event(x).id)))
        .with(
            "date",
            Column::Date(i.iter().map(|x| Some(event(x).date)).collect()),
        )
        .with(
            "date_precision",
            strs(i.iter().map(|x| event(x).precision.as_str())),
        )
        .with("format", strs(i.iter().map(|x| event(x).format.as_str())))
        .with("setting", strs(i.iter().map(|x| event(x).setting.as_str())))
        .with(
            "parent_event_id",
            opt_strs(i.iter().map(|x| event(x).parent.as_deref())),
        )
        .with("official", strs(i.iter().map(|x| x.official.name.as_str())))
        .with("agency", strs(i.iter().map(|x| x.agency.as_str())))
        .with("rank", strs(i.iter().map(|x| x.rank.as_str())))
        .with(
            "counterpart",
            strs(i.iter().map(|x| x.counterpart.code.as_str())),
        )
        .with(
            "counterpart_name",
            strs(i.iter().map(|x| x.counterpart.name.as_str())),
        )
        .with(
            "counterpart_official",
            opt_strs(i.iter().map(|x| x.counterpart_official.as_deref())),
        )
        .with(
            "counterpart_title",
            opt_strs(i.iter().map(|x| x.counterpart_title.as_deref())),
        )
        .with(
            "cochair",
            Column::Bool(i.iter().map(|x| Some(x.cochair)).collect()),
        )
        .with(
            "region",
            strs(i.iter().map(|x| x.counterpart.region.as_str())),
        )
}

/// One row per source page.
pub fn sources(ds: &Dataset) -> Frame {
    let s = &ds.sources;
    Frame::default()
        .with("event_id", strs(s.iter().map(|s| &*ds.events[s.event].id)))
        .with("url", strs(s.iter().map(|s| &*s.url)))
        .with(
            "publisher",
            opt_strs(s.iter().map(|s| s.publisher.as_deref())),
        )
        .with(
            "published",
            Column::Date(s.iter().map(|s| s.published).collect()),
        )
        .with(
            "language",
            opt_strs(s.iter().map(|s| s.language.as_deref())),
        )
        .with(
            "kind",
            opt_strs(s.iter().map(|s| s.kind.map(SourceKind::as_str))),
        )
        .with(
            "side",
            opt_strs(s.iter().map(|s| s.side.map(SourceSide::as_str))),
        )
}

/// One row per problem.
pub fn problems(problems: &[Problem]) -> Frame {
    let p = problems;
    Frame::default()
        .with("file", strs(p.iter().map(|p| p.file.as_str())))
        .with(
            "line",
            Column::Int(p.iter().map(|p| Some(p.line as i64)).collect()),
        )
        .with("column", strs(p.iter().map(|p| p.column.as_str())))
        .with("value", strs(p.iter().map(|p| p.value.as_str())))
        .with("expected", strs(p.iter().map(|p| p.expected.as_str())))
        .with("severity", strs(p.iter().map(|p| p.severity.as_str())))
        .with(
            "suggestion",
            opt_strs(p.iter().map(|p| p.suggestion.as_deref())),
        )
        .with("rule", strs(p.iter().map(|p| p.rule)))
}
