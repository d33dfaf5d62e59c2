//! Fuzz target: see `sigcal_fuzz::spec_load`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sigcal_fuzz::spec_load(data));
