#[derive(Clone, sigcal_client::Request)]
#[request(response = (), pages)]
struct ListShelvesRequest {
    start: Option<i64>,
    limit: Option<i64>,
}

fn main() {}
