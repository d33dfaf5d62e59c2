//! Prints a synthetic spec of N actions (for `bench/compile_time.sh`).

fn main() {
    let actions = std::env::args()
        .nth(1)
        .and_then(|n| n.parse::<usize>().ok());
    match actions {
        Some(actions) => print!("{}", sigcal_tests::synthetic::spec(actions)),
        None => {
            eprintln!("usage: synthetic-spec N");
            std::process::exit(2);
        }
    }
}
