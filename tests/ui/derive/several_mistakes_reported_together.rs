#[derive(sigcal_client::Request)]
#[request(retries = 3)]
struct DescribeThing {
    #[wire(renmae = "Zone")]
    zone: Option<String>,
    range: (i64, i64),
}

fn main() {}
