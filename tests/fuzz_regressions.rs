//! Replays the fuzz seeds and every input a fuzz target once crashed on, so that a fixed crash
//! stays fixed under plain `cargo test`, without nightly or cargo-fuzz (see `fuzz/`).

use _core::parse::{dates::parse_date, read_flat_bytes, Options};
use std::panic::catch_unwind;
use std::path::{Path, PathBuf};

/// Makes the call the fuzz target of that name makes; true when the input was accepted (a
/// dataset, or a date).
fn replay(target: &str, bytes: &[u8]) -> bool {
    match target {
        "csv" | "tsv" | "xlsx" | "json" => matches!(
            read_flat_bytes(&format!("fuzz.{target}"), bytes, &Options::default()),
            Ok((Some(_), _))
        ),
        "dates" => std::str::from_utf8(bytes).is_ok_and(|t| parse_date(t).is_some()),
        other => panic!("no fuzz target is named {other:?}"),
    }
}

/// A folder's entries, sorted, without hidden files; none when it is absent, as
/// `fuzz/regressions` is until a target first finds something.
fn entries(dir: &Path) -> Vec<PathBuf> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = read
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    paths.sort();
    paths
}

/// `(target, file)` for every file under `fuzz/<kind>/<target>/`.
fn inputs(kind: &str) -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(kind);
    let mut found = Vec::new();
    for dir in entries(&root) {
        let target = dir.file_name().unwrap().to_string_lossy().into_owned();
        for file in entries(&dir) {
            found.push((target.clone(), file));
        }
    }
    found
}

/// Runs every input and names each one that panicked, or (when `must_accept`) was refused, so a
/// failure lists every bad file at once.
fn failures(kind: &str, must_accept: bool) -> Vec<String> {
    let mut failed = Vec::new();
    for (target, path) in inputs(kind) {
        let bytes = std::fs::read(&path).unwrap();
        match catch_unwind(|| replay(&target, &bytes)) {
            Err(_) => failed.push(format!("{}: panicked", path.display())),
            Ok(false) if must_accept => failed.push(format!("{}: refused", path.display())),
            Ok(_) => {}
        }
    }
    failed
}

#[test]
fn seeds_are_valid_inputs() {
    assert!(!inputs("seeds").is_empty(), "fuzz/seeds is missing");
    let failed = failures("seeds", true);
    assert!(failed.is_empty(), "{failed:#?}");
}

#[test]
fn crashing_inputs_no_longer_panic() {
    let failed = failures("regressions", false);
    assert!(failed.is_empty(), "{failed:#?}");
}
