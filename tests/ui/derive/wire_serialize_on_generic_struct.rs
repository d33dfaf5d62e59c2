use sigcal_client::WireSerialize;

#[derive(WireSerialize)]
struct Answer<T> {
    value: Option<T>,
}

fn main() {}
