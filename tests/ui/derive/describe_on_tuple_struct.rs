use sigcal_client::Describe;

/// Field names are the wire names `Describe` reports, so a tuple struct has none.
#[derive(Describe)]
struct Disk(i64, String);

/// A `Describe` that mistypes a key is told so.
#[derive(Describe)]
struct Host {
    #[wire(renmae = "HostId")]
    id: String,
}

fn main() {}
