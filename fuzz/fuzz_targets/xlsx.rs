#![no_main]

use _core::parse::{read_flat_bytes, Options};
use libfuzzer_sys::fuzz_target;

// The extension picks the reader; errors and problems are the right answer to most inputs,
// so only a panic, a hang or runaway memory counts as a finding.
//
// calamine panics on some malformed workbooks, and cisd's reader catches those and reports the
// file as unreadable (parse/spreadsheet.rs). libFuzzer's panic hook would abort at the panic,
// before that net, so the target replaces it: a panic that escapes cisd still aborts, in
// libfuzzer-sys's own wrapper, and is saved as a finding.
fuzz_target!(
    init: std::panic::set_hook(Box::new(|_| {})),
    |data: &[u8]| {
        let _ = read_flat_bytes("fuzz.xlsx", data, &Options::default());
    }
);
