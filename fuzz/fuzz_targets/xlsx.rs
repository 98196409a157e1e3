#![no_main]

use _core::parse::{read_flat_bytes, Options};
use libfuzzer_sys::fuzz_target;

// The extension picks the reader; errors and problems are the right answer to most inputs,
// so only a panic, a hang or runaway memory counts as a finding.
fuzz_target!(|data: &[u8]| {
    let _ = read_flat_bytes("fuzz.xlsx", data, &Options::default());
});
