#[derive(sigcal_client::Request)]
#[request(response = ())]
struct DescribeThing {
    zone: Option<String>,
}

fn main() {}
