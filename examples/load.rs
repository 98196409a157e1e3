//! What `cisd.load(p)` plus Table 2 (bilateral and all) do in the core, without Python: the
//! program to profile (benchmarks/README.md), e.g. under `valgrind --tool=callgrind`.
//!
//!     cargo run --release --example load -- FILE

use _core::arrow::record_batch;
use _core::model::Format;
use _core::parse::{into_loaded, read_flat, Options};
use _core::query::counts::{meetings_by_country, Selection};
use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path: PathBuf = std::env::args().nth(1).ok_or("usage: load FILE")?.into();
    let started = Instant::now();
    let loaded = into_loaded(read_flat(&path, &Options::default())?)?;
    let read = started.elapsed().as_secs_f64();
    let bilateral = Selection {
        format: Some(Format::Bilateral),
        ..Selection::default()
    };
    let mut counterparts = 0;
    for selection in [bilateral, Selection::default()] {
        let table = record_batch(&meetings_by_country(&loaded.dataset, &selection, None))?;
        counterparts += table.num_rows();
    }
    let total = started.elapsed().as_secs_f64();
    println!(
        r#"{{"load_seconds": {read}, "seconds": {total}, "interactions": {}, "counterparts": {counterparts}}}"#,
        loaded.dataset.interactions.len()
    );
    Ok(())
}
