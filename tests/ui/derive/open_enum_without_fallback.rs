use sigcal_client::OpenEnum;

#[derive(OpenEnum)]
enum ChargeType {
    Month,
    Year,
}

fn main() {}
