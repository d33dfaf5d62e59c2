sigcal_client::__call_type!();

#[derive(sigcal_client::Request)]
#[request(response = (), builder = Call, method = describe_shelf)]
struct DescribeShelfRequest {
    zone: Option<String>,
}

fn main() {}
