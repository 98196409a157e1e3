//! Writing a dataset back out in the flat interactions layout, which `parse` reads again.

use crate::error::{Error, Result};
use crate::model::Dataset;
use std::path::Path;
use std::sync::Arc;

/// The flat layout's columns, in order.
pub const FLAT_COLUMNS: &[&str] = &[
    "event_id",
    "date",
    "date_precision",
    "format",
    "setting",
    "parent_event_id",
    "forum",
    "city",
    "host_country",
    "virtual",
    "title",
    "participants_stated",
    "notes",
    "official",
    "agency",
    "rank",
    "counterpart",
    "counterpart_name",
    "counterpart_official",
    "counterpart_title",
    "cochair",
    "region",
    "source_url",
];

/// Writes one row per interaction with its event's fields and its sources' URLs (`|`-joined).
pub fn write_flat_csv(ds: &Dataset, path: &Path) -> Result<()> {
    let mut urls: Vec<Vec<&str>> = vec![Vec::new(); ds.events.len()];
    for s in &ds.sources {
        urls[s.event].push(&s.url);
    }
    let file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
    let mut w = csv::Writer::from_writer(std::io::BufWriter::new(file));
    let io = |e: csv::Error| Error::io(path, e.into());
    w.write_record(FLAT_COLUMNS).map_err(io)?;
    let opt = |v: &Option<Arc<str>>| v.as_deref().unwrap_or_default().to_owned();
    for i in &ds.interactions {
        let e = &ds.events[i.event];
        let date = match e.precision {
            crate::model::DatePrecision::Day => e.date.format("%Y-%m-%d").to_string(),
            crate::model::DatePrecision::Month => e.date.format("%Y-%m").to_string(),
        };
        w.write_record([
            e.id.to_string(),
            date,
            e.precision.as_str().to_owned(),
            e.format.as_str().to_owned(),
            e.setting.as_str().to_owned(),
            opt(&e.parent),
            opt(&e.forum),
            opt(&e.city),
            opt(&e.host_country),
            e.is_virtual.map(|v| v.to_string()).unwrap_or_default(),
            opt(&e.title),
            e.participants_stated
                .map(|n| n.to_string())
                .unwrap_or_default(),
            opt(&e.notes),
            i.official.name.clone(),
            i.agency.as_str().to_owned(),
            i.rank.as_str().to_owned(),
            i.counterpart.code.clone(),
            i.counterpart.name.clone(),
            opt(&i.counterpart_official),
            opt(&i.counterpart_title),
            i.cochair.to_string(),
            i.counterpart.region.clone(),
            urls[i.event].join("|"),
        ])
        .map_err(io)?;
    }
    w.flush().map_err(|e| Error::io(path, e))
}
