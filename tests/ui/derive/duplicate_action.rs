#[derive(sigcal_client::Request)]
#[request(action = "DescribeThing", action = "DescribeOther", response = ())]
struct DescribeThing {
    zone: Option<String>,
}

fn main() {}
