#[derive(sigcal_client::Request)]
#[request(action = "DescribeThing", response = ())]
struct DescribeThing {
    #[wire(rename = "Image-Id")]
    image_id: Option<String>,
}

fn main() {}
