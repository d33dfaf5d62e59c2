//! Fuzz target: see `sigcal_fuzz::answer_decode`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sigcal_fuzz::answer_decode(data));
