pub struct ShelfClient {
    client: sigcal_client::Client,
}

#[derive(sigcal_client::Request)]
#[request(response = (), method = ShelfClient::describe_shelf)]
struct DescribeShelfRequest {
    zone: Option<String>,
}

fn main() {}
