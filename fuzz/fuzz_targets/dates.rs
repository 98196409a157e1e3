#![no_main]

use _core::parse::dates::parse_date;
use libfuzzer_sys::fuzz_target;

// Date cells arrive as text from every reader, so the parser must refuse anything, never panic.
fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = parse_date(text);
    }
});
