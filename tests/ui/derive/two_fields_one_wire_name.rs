#[derive(sigcal_client::Request)]
#[request(action = "DescribeThing", response = ())]
struct DescribeThing {
    zone: Option<String>,
    #[wire(rename = "Zone")]
    other_zone: Option<String>,
}

fn main() {}
