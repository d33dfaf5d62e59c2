use sigcal_client::WireSerialize;

#[derive(WireSerialize)]
struct Answer<T> {
    value: Option<T>,
}

/// With the mistake reported, the rest of the code still finds `Serialize`: only the
/// derive's own error shows.
fn main() {
    fn serializes<T: sigcal_client::__private::serde::Serialize>() {}
    serializes::<Answer<i64>>();
}
