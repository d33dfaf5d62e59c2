#[derive(sigcal_client::Request)]
#[request(action = "DescribeThing", response = (), retries = 3)]
struct DescribeThing {
    zone: Option<String>,
}

fn main() {}
