use std::collections::HashMap;

#[derive(sigcal_client::Request)]
#[request(action = "DescribeThing", response = ())]
struct DescribeThing {
    tags: HashMap<String, String>,
}

fn main() {}
