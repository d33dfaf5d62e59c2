sigcal_macros::generate!("spec/uphost.yaml", runtime = "::sigcal_client");

fn main() {}
