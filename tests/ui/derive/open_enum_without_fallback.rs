use sigcal_client::OpenEnum;

#[derive(OpenEnum)]
enum ChargeType {
    Month,
    Year,
}

/// With the mistake reported, the rest of the code still finds what the derive gives:
/// only the derive's own error shows.
fn main() {
    fn wire_value<T: sigcal_client::WireValue>() {}
    wire_value::<ChargeType>();
    let _ = ChargeType::Month.as_str();
    let _ = ChargeType::from("Month").to_string();
}
