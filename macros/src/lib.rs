//! Derive macros for sigcal.
