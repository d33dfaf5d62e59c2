//! What `sigcal`'s start-up costs as the API grows: building the command tree and
//! answering `sigcal --help`, `sigcal <service> --help` and a parsed action call, with
//! the two services compiled in today and with 80 services (copies of UHost and UPHost
//! under other names: 2,400 actions, more than the whole published API's 1,827).
//! Process start itself does not depend on the number of services (the metadata is
//! static data); `bench/cli_startup.sh` times the real binary.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs,
    reason = "benchmark harness"
)]

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use sigcal_cli::command;
use sigcal_client::meta::ServiceMeta;
use std::hint::black_box;

/// `count` services, alternating copies of UHost (40 actions) and UPHost (20).
fn services(count: usize) -> Vec<&'static ServiceMeta> {
    let originals = [
        &sigcal_client::uhost::SERVICE,
        &sigcal_client::uphost::SERVICE,
    ];
    if count <= originals.len() {
        return originals[..count].to_vec();
    }
    (0..count)
        .map(|index| {
            let original = originals[index % 2];
            let module: &'static str =
                Box::leak(format!("{}{index:02}", original.module).into_boxed_str());
            let copy: &'static ServiceMeta = Box::leak(Box::new(ServiceMeta {
                module,
                ..*original
            }));
            copy
        })
        .collect()
}

fn args(line: &str) -> Vec<std::ffi::OsString> {
    line.split(' ').map(Into::into).collect()
}

/// What `main` does before running anything: find the named service, build the tree,
/// parse (a `--help` ends parsing with the rendered help, as an `Err`).
fn start(services: &[&'static ServiceMeta], line: &[std::ffi::OsString]) -> String {
    let detailed = command::requested_service(services, line);
    match command::build(services, detailed).try_get_matches_from(line) {
        Ok(matches) => format!("{:?}", matches.subcommand_name()),
        Err(error) => error.render().to_string(),
    }
}

fn startup(c: &mut Criterion) {
    let mut group = c.benchmark_group("startup");
    for count in [2usize, 80] {
        let services = services(count);
        let service = services[0].module;
        for (name, line) in [
            ("sigcal --help", "sigcal --help".to_owned()),
            (
                "sigcal <service> --help",
                format!("sigcal {service} --help"),
            ),
            (
                "sigcal <service> <action> --dry-run",
                format!(
                    "sigcal {service} describe-uhost-instance --region cn-bj2 --limit 5 --dry-run"
                ),
            ),
        ] {
            let line = args(&line);
            assert!(!start(&services, &line).is_empty());
            group.bench_with_input(BenchmarkId::new(name, count), &line, |b, line| {
                b.iter(|| start(black_box(&services), black_box(line)));
            });
        }
    }
    group.finish();
}

criterion_group!(benches, startup);
criterion_main!(benches);
