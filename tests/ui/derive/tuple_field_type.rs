#[derive(sigcal_client::Request)]
#[request(action = "DescribeThing", response = ())]
struct DescribeThing {
    range: (i64, i64),
}

fn main() {}
