#[derive(Default, sigcal_client::WireModel)]
#[wire(items = disks, total = count)]
struct Shelf {
    count: Option<i64>,
    disks: Vec<String>,
}

fn main() {}
