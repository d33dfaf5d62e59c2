#[derive(Default, sigcal_client::Decode)]
#[wire(items = shelves)]
struct ListShelvesResponse {
    total_count: Option<i64>,
    shelves: Vec<String>,
}

fn main() {}
