//! Tests of the sigcal workspace live in `tests/tests/`.
