use sigcal_client::OpenEnum;

#[derive(OpenEnum)]
enum ChargeType {
    Month,
    #[wire(rename = "Month")]
    Monthly,
    Unknown(String),
}

fn main() {}
