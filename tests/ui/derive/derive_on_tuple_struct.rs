#[derive(sigcal_client::Request)]
#[request(action = "DescribeThing", response = ())]
struct DescribeThing(String);

fn main() {}
