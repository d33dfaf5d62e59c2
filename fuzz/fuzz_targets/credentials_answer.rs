//! Fuzz target: see `sigcal_fuzz::credentials_answer`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sigcal_fuzz::credentials_answer(data));
