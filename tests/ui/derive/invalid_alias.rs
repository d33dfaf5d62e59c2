use sigcal_client::Decode;

#[derive(Default, Decode)]
struct Answer {
    #[wire(alias = "UHost-Id")]
    host_id: Option<String>,
}

fn main() {}
