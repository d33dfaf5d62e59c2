sigcal_macros::generate!(
    "spec/uphost.yaml",
    runtime_path = "::sigcal_client",
    runtime_path = "::other",
);

fn main() {}
