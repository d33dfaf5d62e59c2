#[derive(sigcal_client::Request)]
#[request(action = "DescribeThing")]
struct DescribeThing {
    zone: Option<String>,
}

fn main() {}
