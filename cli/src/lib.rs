//! `sigcal`: the SigcalCloud API from a shell, as `sigcal <service> <action>`. The
//! command tree is built at run time from the generated metadata (only the named
//! service's actions get flags, so start-up stays fast with many services), so a new
//! spec entry is a new subcommand after `cargo codegen generate`.

mod api;
pub mod command;
mod configure;
mod input;
mod output;
mod paging;
mod params;
mod render;
mod report;
mod skeleton;
mod values;
mod wait;

use std::io::IsTerminal as _;
use std::process::ExitCode;

use sigcal_client::credentials::ProvideCredentials as _;
use sigcal_client::credentials::SECURITY_TOKEN_VAR;
use sigcal_client::meta::{ActionMeta, ServiceMeta};
use sigcal_client::{CallOptions, Client, ConfigBuilder, Error, SERVICES, protocol};

use report::Report;
use sigcal_protocol::secrets;

/// Exit codes, documented in `sigcal --help`.
mod exit {
    /// A flag or argument is wrong (clap's own code).
    pub(crate) const USAGE: u8 = 2;
    /// The API answered with an error (RetCode or HTTP status).
    pub(crate) const API: u8 = 3;
    /// The API could not be reached, timed out, missed the deadline, or redirected.
    pub(crate) const NETWORK: u8 = 4;
    /// Configuration or local files are wrong.
    pub(crate) const CONFIG: u8 = 5;
    /// The answer could not be decoded.
    pub(crate) const DECODE: u8 = 6;
    /// `--query` named a place the answer does not have.
    pub(crate) const QUERY: u8 = 7;
    /// A wait reached a failure state.
    pub(crate) const WAIT_FAILED: u8 = 8;
    /// A wait passed its maximum time.
    pub(crate) const WAIT_TIMEOUT: u8 = 9;
}

/// Runs `sigcal` with the process's arguments; what the binary's `main` does.
pub fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let detailed = command::requested_service(SERVICES, &args);
    let matches = command::build(SERVICES, detailed).get_matches_from(&args);
    if matches
        .try_get_one::<bool>("debug")
        .ok()
        .flatten()
        .copied()
        .unwrap_or(false)
    {
        debug_to_stderr();
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("sigcal: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(matches))
}

async fn run(matches: clap::ArgMatches) -> ExitCode {
    let report = Report {
        printer: output::Printer::from_matches(&matches),
        credentials: None,
    };
    match matches.subcommand() {
        Some(("completions", sub)) => {
            let shell = sub
                .get_one::<clap_complete::Shell>("shell")
                .copied()
                .unwrap_or(clap_complete::Shell::Bash);
            let mut command = command::build_all(SERVICES);
            clap_complete::generate(shell, &mut command, "sigcal", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Some(("configure", sub)) => configure::run(sub, report.printer),
        Some(("fake-server", sub)) => fake_server(sub).await,
        Some(("api", sub)) => api::run(&matches, sub, report).await,
        Some((name, sub)) => {
            let Some(service) = command::service_named(SERVICES, name) else {
                return ExitCode::from(exit::USAGE);
            };
            match sub.subcommand() {
                Some(("wait", wait_matches)) => {
                    wait_for(&matches, service, wait_matches, report).await
                }
                Some((action_name, action_matches)) => match service
                    .actions
                    .iter()
                    .find(|a| command::subcommand_name(a) == action_name)
                {
                    Some(action) => call(&matches, service, action, action_matches, report).await,
                    None => ExitCode::from(exit::USAGE),
                },
                None => ExitCode::from(exit::USAGE),
            }
        }
        None => ExitCode::from(exit::USAGE),
    }
}

/// `sigcal <service> <action> [flags]`.
async fn call(
    global: &clap::ArgMatches,
    service: &'static ServiceMeta,
    action: &'static ActionMeta,
    matches: &clap::ArgMatches,
    mut report: Report<'_>,
) -> ExitCode {
    if let Some(form) = matches
        .try_get_one::<String>("generate-cli-skeleton")
        .ok()
        .flatten()
    {
        print!(
            "{}",
            skeleton::render(service, action, skeleton::Form::from_flag(form))
        );
        return ExitCode::SUCCESS;
    }
    let flags = match params::collect(service, action, matches) {
        Ok(params) => params,
        Err(message) => return report.message(&message, exit::USAGE),
    };
    let params = match input::from_matches(service, action, matches, flags) {
        Ok(params) => params,
        Err(problems) => return input_problems(&report, &problems),
    };
    let client = match client(global) {
        Ok(client) => client,
        Err(error) => return report.error(&error),
    };
    report.credentials = Some(client.config().credentials.source_name());
    let Ok(params) = complete(&client, action, params, &report) else {
        return ExitCode::from(exit::USAGE);
    };
    let query = matches
        .try_get_one::<sigcal_protocol::path::Path>("query")
        .ok()
        .flatten();
    let plan = paging::Plan::from_matches(
        action,
        action.pagination,
        &params,
        query.map(ToString::to_string).as_deref(),
        matches,
    );
    let plan = match plan {
        Ok(plan) => plan,
        Err(message) => return report.message(&message, exit::USAGE),
    };
    if flag(matches, "dry-run") {
        return dry_run(&client, service, action, params, matches, &report).await;
    }
    let options = CallOptions::default().service(service.name);
    let paged = plan
        .as_ref()
        .and(action.pagination)
        .map(|pagination| pagination.items);
    let result = match (plan, action.pagination) {
        (Some(plan), Some(pagination)) => {
            plan.fetch(&client, action, pagination, params, options)
                .await
        }
        _ => client
            .send_raw(action.name, params, action.retry_safe, &options)
            .await
            .map(|o| (o.into_inner(), None)),
    };
    let (value, next_token) = match result {
        Ok(answer) => answer,
        Err(error) => return report.error(&error),
    };
    // Paged, the items of every page are printed as one list; a query reads them as the
    // one answer that holds them all (`ImageSet[].ImageId` as on a single page).
    let printed = match (paged, query) {
        (Some(items), Some(_)) => {
            let merged = serde_json::json!({ items: value });
            print_answer(action, &merged, query, &report)
        }
        _ => print_answer(action, &value, query, &report),
    };
    if let Some(token) = next_token {
        if report.printer.is_json() {
            eprintln!("{}", serde_json::json!({ "NextToken": token }));
        } else {
            eprintln!("NextToken: {token}");
        }
    }
    let follow = action.then_wait.filter(|_| flag(matches, "wait"));
    match (printed, follow) {
        (ExitCode::SUCCESS, Some(follow)) => {
            then_wait(&client, service, follow, &value, matches, &report).await
        }
        (printed, _) => printed,
    }
}

/// Whether the boolean flag `id` is set (false when the command has no such flag).
fn flag(matches: &clap::ArgMatches, id: &str) -> bool {
    matches.try_get_one::<bool>(id).ok().flatten() == Some(&true)
}

/// Each problem of an input document on its own line; exit 2, nothing sent.
fn input_problems(report: &Report<'_>, problems: &[String]) -> ExitCode {
    for problem in problems {
        report.message(problem, exit::USAGE);
    }
    ExitCode::from(exit::USAGE)
}

/// `--dry-run`: the signed parameters, secrets redacted, the Signature only when asked.
async fn dry_run(
    client: &Client,
    service: &'static ServiceMeta,
    action: &'static ActionMeta,
    params: sigcal_client::Params,
    matches: &clap::ArgMatches,
    report: &Report<'_>,
) -> ExitCode {
    let signed = match client.sign_raw(action.name, params).await {
        Ok(signed) => signed,
        Err(error) => return report.error(&error),
    };
    let mut shown = signed.into_map();
    // Secrets (the token, passwords, keys given as parameters) are shown as sent,
    // not what they are; the Signature only when asked for, since whoever has it
    // can replay the request.
    for (key, value) in shown.iter_mut() {
        if service.is_secret_param(action, key) {
            *value = secrets::REDACTED.to_owned();
        }
    }
    if !flag(matches, "show-signature") {
        shown.remove(protocol::SIGNATURE);
    }
    report
        .printer
        .value(&serde_json::to_value(shown).unwrap_or_default());
    ExitCode::SUCCESS
}

/// The answer, or with `--query` the part of it asked for.
fn print_answer(
    action: &ActionMeta,
    value: &serde_json::Value,
    query: Option<&sigcal_protocol::path::Path>,
    report: &Report<'_>,
) -> ExitCode {
    let Some(path) = query else {
        report.printer.response(action, value);
        return ExitCode::SUCCESS;
    };
    match output::query(value, path) {
        Ok(part) => {
            report.printer.value(&part);
            ExitCode::SUCCESS
        }
        Err(message) => report.message(&format!("--query {path}: {message}"), exit::QUERY),
    }
}

/// `sigcal <service> wait <waiter> [inputs]`.
async fn wait_for(
    global: &clap::ArgMatches,
    service: &'static ServiceMeta,
    matches: &clap::ArgMatches,
    mut report: Report<'_>,
) -> ExitCode {
    let Some((name, matches)) = matches.subcommand() else {
        return ExitCode::from(exit::USAGE);
    };
    let Some(waiter) = service
        .waiters
        .iter()
        .find(|w| wait::subcommand_name(w) == name)
    else {
        return ExitCode::from(exit::USAGE);
    };
    let Some(action) = service.action(waiter.action) else {
        return ExitCode::from(exit::USAGE);
    };
    let params = match params::collect(service, action, matches) {
        Ok(params) => params,
        Err(message) => return report.message(&message, exit::USAGE),
    };
    let client = match client(global) {
        Ok(client) => client,
        Err(error) => return report.error(&error),
    };
    report.credentials = Some(client.config().credentials.source_name());
    let options = wait::options(waiter, matches);
    let query = matches
        .try_get_one::<sigcal_protocol::path::Path>("query")
        .ok()
        .flatten();
    match complete(&client, action, params, &report) {
        Ok(params) => match wait::poll(&client, service, waiter, action, params, options).await {
            wait::Ended::Reached(Some(answer)) => print_answer(action, &answer, query, &report),
            wait::Ended::Reached(None) => ExitCode::SUCCESS,
            wait::Ended::Failed(error) => wait_failed(error, &report),
            wait::Ended::Refused(error) => report.message(&error.to_string(), exit::USAGE),
        },
        Err(()) => ExitCode::from(exit::USAGE),
    }
}

/// `--wait` after an action: the waiter that follows it, fed from its answer.
async fn then_wait(
    client: &Client,
    service: &'static ServiceMeta,
    follow: sigcal_client::meta::ThenWaitMeta,
    answer: &serde_json::Value,
    matches: &clap::ArgMatches,
    report: &Report<'_>,
) -> ExitCode {
    let Some(waiter) = service.waiter(follow.waiter) else {
        return ExitCode::from(exit::USAGE);
    };
    let Some(action) = service.action(waiter.action) else {
        return ExitCode::from(exit::USAGE);
    };
    let params = follow.params_from(answer, action);
    let options = wait::options(waiter, matches);
    match complete(client, action, params, report) {
        Ok(params) => match wait::poll(client, service, waiter, action, params, options).await {
            wait::Ended::Reached(_) => ExitCode::SUCCESS,
            wait::Ended::Failed(error) => wait_failed(error, report),
            wait::Ended::Refused(error) => report.message(
                &format!("--wait: the answer names nothing to wait on: {error}"),
                exit::USAGE,
            ),
        },
        Err(()) => ExitCode::from(exit::USAGE),
    }
}

/// The configuration's Region, Zone and ProjectId where `action` takes them, and a
/// usage error naming what is still missing (reported here).
fn complete(
    client: &Client,
    action: &ActionMeta,
    mut params: sigcal_client::Params,
    report: &Report<'_>,
) -> Result<sigcal_client::Params, ()> {
    let takes = action
        .params
        .iter()
        .map(|p| p.name)
        .filter(|name| sigcal_protocol::config::fills(name));
    let required = action.params.iter().filter(|p| p.required).map(|p| p.name);
    match client.complete_raw(action.name, takes, required, &mut params) {
        Ok(()) => Ok(params),
        Err(error) => {
            report.message(
                &format!("{error}; pass the flags, or set them in the environment or a profile"),
                exit::USAGE,
            );
            Err(())
        }
    }
}

/// A wait that ended without its state: one line, and its exit code.
fn wait_failed(
    error: sigcal_client::waiter::WaitError<serde_json::Value>,
    report: &Report<'_>,
) -> ExitCode {
    use sigcal_client::waiter::WaitError;
    match error {
        WaitError::Failed { .. } => report.message(&error.to_string(), exit::WAIT_FAILED),
        WaitError::TimedOut { .. } => report.message(&error.to_string(), exit::WAIT_TIMEOUT),
        WaitError::Request { source, .. } => report.error(&source),
        _ => ExitCode::FAILURE,
    }
}

fn client(global: &clap::ArgMatches) -> Result<Client, Error> {
    let mut builder = ConfigBuilder::default();
    for (flag, set) in [
        (
            "base-url",
            ConfigBuilder::base_url as fn(ConfigBuilder, String) -> ConfigBuilder,
        ),
        ("region", ConfigBuilder::region),
        ("zone", ConfigBuilder::zone),
        ("project-id", ConfigBuilder::project_id),
        ("profile", ConfigBuilder::profile),
    ] {
        if let Some(value) = global.get_one::<String>(flag) {
            builder = set(builder, value.clone());
        }
    }
    if let Some(seconds) = global.get_one::<f64>("timeout") {
        builder = builder.timeout(std::time::Duration::from_secs_f64(*seconds));
    }
    if let Some(attempts) = global.get_one::<u32>("max-attempts") {
        builder = builder.max_attempts(*attempts);
    }
    if let Some(seconds) = global.get_one::<f64>("deadline") {
        builder = builder.deadline(std::time::Duration::from_secs_f64(*seconds));
    }
    // The flag stands in for the variable, so a token pairs with the keys wherever
    // the variables would put it.
    let token = global.get_one::<String>("security-token").cloned();
    let builder = builder.load_env_from(|name| {
        if name == SECURITY_TOKEN_VAR && token.is_some() {
            return token.clone();
        }
        std::env::var(name).ok().filter(|v| !v.is_empty())
    });
    Client::new(builder.load_profile_files().build()?)
}

/// `--debug`: the client's spans and events on stderr. The client never records a key,
/// a token or a signature in them, so nothing secret reaches the terminal.
fn debug_to_stderr() {
    use tracing_subscriber::filter::{LevelFilter, Targets};
    use tracing_subscriber::layer::SubscriberExt as _;
    use tracing_subscriber::util::SubscriberInitExt as _;
    let only_ours = Targets::new()
        .with_target("sigcal_client", LevelFilter::DEBUG)
        .with_target("sigcal", LevelFilter::DEBUG);
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_target(false);
    // Fails only if a subscriber is already set, which nothing else here does.
    let _ = tracing_subscriber::registry()
        .with(layer)
        .with(only_ours)
        .try_init();
}

async fn fake_server(matches: &clap::ArgMatches) -> ExitCode {
    let mut builder = sigcal_fake::FakeServer::builder();
    if let Some(names) = matches.get_many::<String>("service") {
        let mut services = Vec::new();
        for name in names {
            match command::service_named(SERVICES, name) {
                Some(service) => services.push(service),
                None => {
                    eprintln!(
                        "sigcal: no service `{name}`; known: {}",
                        command::service_list(SERVICES)
                    );
                    return ExitCode::from(exit::USAGE);
                }
            }
        }
        builder = builder.services(services);
    }
    if let Some(listen) = matches.get_one::<std::net::SocketAddr>("listen") {
        builder = builder.listen(*listen);
    }
    if let Some(max) = matches.get_one::<usize>("max-resources-per-kind") {
        builder = builder.max_resources_per_kind(*max);
    }
    if let Some(polls) = matches.get_one::<u32>("polls-until-ready") {
        builder = builder.polls_until_ready(*polls);
    }
    if let (Some(public), Some(private)) = (
        matches.get_one::<String>("public-key"),
        matches.get_one::<String>("private-key"),
    ) {
        builder = builder.keys(public.clone(), private.clone());
    }
    if let Some(path) = matches.get_one::<std::path::PathBuf>("data") {
        match sigcal_fake::load_images(path) {
            Ok(images) => builder = builder.images(images),
            Err(message) => {
                eprintln!("sigcal: {message}");
                return ExitCode::from(exit::CONFIG);
            }
        }
    }
    let mut faults = sigcal_fake::Faults::default();
    if let Some(ms) = matches.get_one::<u64>("latency-ms") {
        faults.latency = std::time::Duration::from_millis(*ms);
        faults.latency_share = 1.0;
    }
    let share = |flag: &str| matches.get_one::<f64>(flag).copied().unwrap_or(0.0);
    faults.http_503_share = share("fail-share");
    faults.retcode_150_share = share("unavailable-share");
    faults.retcode_153_share = share("throttle-share");
    faults.drop_share = share("drop-share");
    faults.seed = matches.get_one::<u64>("fault-seed").copied();
    let injects = faults.any();
    builder = builder.faults(faults);
    if let Some(path) = matches.get_one::<std::path::PathBuf>("script") {
        let origin = path.display().to_string();
        let script = std::fs::read_to_string(path)
            .map_err(|error| sigcal_fake::ScriptError::from_message(format!("{origin}: {error}")))
            .and_then(|text| sigcal_fake::Script::from_yaml(&origin, &text));
        match script {
            Ok(script) => builder = builder.scripted(script),
            Err(error) => {
                for problem in error.problems() {
                    eprintln!("sigcal: {problem}");
                }
                return ExitCode::from(exit::CONFIG);
            }
        }
    }
    match builder.start().await {
        Ok(server) => {
            println!("listening on http://{}", server.address());
            if injects {
                eprintln!(
                    "fault seed: {} (--fault-seed repeats these faults)",
                    server.fault_seed()
                );
            }
            if std::io::stderr().is_terminal() {
                eprintln!("public key: {}", server.credentials().public_key());
            }
            tokio::select! {
                () = server.wait() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
            ExitCode::SUCCESS
        }
        Err(error) if error.kind() == std::io::ErrorKind::InvalidInput => {
            // The script does not fit the served services: one line per problem.
            for problem in error.to_string().lines() {
                eprintln!("sigcal: {problem}");
            }
            ExitCode::from(exit::CONFIG)
        }
        Err(error) => {
            eprintln!("sigcal: cannot listen: {error}");
            ExitCode::from(exit::CONFIG)
        }
    }
}
