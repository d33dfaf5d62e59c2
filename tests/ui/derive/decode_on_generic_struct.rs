use sigcal_client::Decode;

#[derive(Default, Decode)]
struct Answer<T> {
    value: Option<T>,
}

fn main() {}
