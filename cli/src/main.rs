//! The `sigcal` binary: everything is in the library, so benchmarks reach the same
//! command tree.

fn main() -> std::process::ExitCode {
    sigcal_cli::main()
}
