//! Fuzz target: see `sigcal_fuzz::page_import`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sigcal_fuzz::page_import(data));
