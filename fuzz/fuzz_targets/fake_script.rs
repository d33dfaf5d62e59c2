//! Fuzz target: see `sigcal_fuzz::fake_script`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sigcal_fuzz::fake_script(data));
