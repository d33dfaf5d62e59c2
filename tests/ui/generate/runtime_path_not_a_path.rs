sigcal_macros::generate!("spec/uphost.yaml", runtime_path = "vendor sigcal");

fn main() {}
