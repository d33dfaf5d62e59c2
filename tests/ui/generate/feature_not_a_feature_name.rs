sigcal_macros::generate!("spec/uphost.yaml", metadata_feature = "a b");

fn main() {}
