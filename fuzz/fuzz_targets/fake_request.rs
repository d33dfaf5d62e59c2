//! Fuzz target: see `sigcal_fuzz::fake_request`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sigcal_fuzz::fake_request(data));
