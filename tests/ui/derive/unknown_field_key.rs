#[derive(sigcal_client::Request)]
#[request(action = "DescribeThing", response = ())]
struct DescribeThing {
    #[wire(renmae = "Zone")]
    zone: Option<String>,
}

fn main() {}
