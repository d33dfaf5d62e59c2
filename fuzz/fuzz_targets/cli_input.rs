//! Fuzz target: see `sigcal_fuzz::cli_input`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sigcal_fuzz::cli_input(data));
