//! Fuzz attachment extraction: arbitrary bytes under each file type the extractor reads
//! must never panic, hang or exceed the limits. The first byte picks the file name.
//! Run: `cargo fuzz run extract_attachment -O --sanitizer none -- -max_total_time=600`
#![no_main]

use libfuzzer_sys::fuzz_target;
use sendguard_extract::{Limits, extract};

const NAMES: [&str; 10] = [
    "a.csv", "a.xlsx", "a.docx", "a.pptx", "a.zip", "a.txt", "a.xls", "a.ods", "a.tsv", "a.html",
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else { return };
    let name = NAMES[usize::from(selector) % NAMES.len()];
    let limits = Limits {
        max_bytes_per_file: 8 * 1024 * 1024,
        max_total_bytes: 32 * 1024 * 1024,
        ..Limits::default()
    };
    let _ = extract(name, bytes, &limits);
});
