//! The floor for reading a CSV file on this machine (benchmarks/README.md): how long one pass
//! over the file takes when nothing is kept, so that the benchmarks can say what fraction of it
//! `cisd.load` reaches.
//!
//!     cargo run --release --example scan -- FILE [bytes|csv]
//!
//! `bytes` (the default) is the plain single-pass scan: read the file in 1 MiB blocks and count
//! records and fields, respecting quotes. `csv` reads every record with the csv crate into one
//! reused `StringRecord` (UTF-8 checked), which is what cisd's parsing thread does before any
//! cell is looked at. Prints one JSON line: seconds, records, fields.

use std::fs::File;
use std::io::Read;
use std::time::Instant;

fn bytes(mut file: File) -> std::io::Result<(u64, u64)> {
    let mut block = vec![0u8; 1 << 20];
    let (mut records, mut fields, mut quoted) = (0u64, 0u64, false);
    loop {
        let n = file.read(&mut block)?;
        if n == 0 {
            return Ok((records, fields));
        }
        for &b in &block[..n] {
            match b {
                b'"' => quoted = !quoted,
                b',' if !quoted => fields += 1,
                b'\n' if !quoted => {
                    records += 1;
                    fields += 1;
                }
                _ => {}
            }
        }
    }
}

fn records(file: File) -> csv::Result<(u64, u64)> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(file);
    let mut record = csv::StringRecord::new();
    let (mut records, mut fields) = (0u64, 0u64);
    while reader.read_record(&mut record)? {
        records += 1;
        fields += record.len() as u64;
    }
    Ok((records, fields))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: scan FILE [bytes|csv]")?;
    let mode = args.next().unwrap_or_else(|| "bytes".to_owned());
    let file = File::open(path)?;
    let started = Instant::now();
    let (records, fields) = match mode.as_str() {
        "bytes" => bytes(file)?,
        "csv" => records(file)?,
        other => return Err(format!("unknown mode {other:?}: bytes or csv").into()),
    };
    let seconds = started.elapsed().as_secs_f64();
    println!(r#"{{"seconds": {seconds}, "records": {records}, "fields": {fields}}}"#);
    Ok(())
}
