//! Fuzz target: see `sigcal_fuzz::profile_and_env`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sigcal_fuzz::profile_and_env(data));
