#[derive(sigcal_client::Request)]
#[request(action = "DescribeThing", response = ())]
enum DescribeThing {
    A,
}

fn main() {}
