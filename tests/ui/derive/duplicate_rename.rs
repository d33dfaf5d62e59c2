#[derive(sigcal_client::Request)]
#[request(action = "DescribeThing", response = ())]
struct DescribeThing {
    #[wire(rename = "Zone", rename = "Region")]
    zone: Option<String>,
}

fn main() {}
