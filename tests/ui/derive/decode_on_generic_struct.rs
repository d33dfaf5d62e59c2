use sigcal_client::Decode;

#[derive(Default, Decode)]
struct Answer<T> {
    value: Option<T>,
}

/// With the mistake reported, the rest of the code still finds `Deserialize`: only the
/// derive's own error shows.
fn main() {
    fn decodes<T: sigcal_client::__private::serde::de::DeserializeOwned>() {}
    decodes::<Answer<i64>>();
}
