#[derive(Default, sigcal_client::Decode)]
#[wire(items = shelf, total = total_count)]
struct ListShelvesResponse {
    total_count: Option<i64>,
    shelf: Option<String>,
}

fn main() {}
