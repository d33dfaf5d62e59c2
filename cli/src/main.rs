//! `sigcal`: the SigcalCloud API from a shell, as `sigcal <service> <action>`. The
//! command tree is built at run time from the generated metadata (only the named
//! service's actions get flags, so start-up stays fast with many services), so a new
//! spec entry is a new subcommand after `cargo codegen generate`.

mod command;
mod configure;
mod output;
mod params;
mod values;
mod wait;

use std::io::IsTerminal as _;
use std::process::ExitCode;

use sigcal_client::credentials::SECURITY_TOKEN_VAR;
use sigcal_client::meta::{ActionMeta, ServiceMeta};
use sigcal_client::{CallOptions, Client, ConfigBuilder, Error, SERVICES, protocol};
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

fn main() -> ExitCode {
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
        Some(("configure", sub)) => configure::run(sub),
        Some(("fake-server", sub)) => fake_server(sub).await,
        Some((name, sub)) => {
            let Some(service) = command::service_named(SERVICES, name) else {
                return ExitCode::from(exit::USAGE);
            };
            match sub.subcommand() {
                Some(("wait", wait_matches)) => wait_for(&matches, service, wait_matches).await,
                Some((action_name, action_matches)) => match service
                    .actions
                    .iter()
                    .find(|a| command::subcommand_name(a) == action_name)
                {
                    Some(action) => call(&matches, service, action, action_matches).await,
                    None => ExitCode::from(exit::USAGE),
                },
                None => ExitCode::from(exit::USAGE),
            }
        }
        None => ExitCode::from(exit::USAGE),
    }
}

async fn call(
    global: &clap::ArgMatches,
    service: &'static ServiceMeta,
    action: &'static ActionMeta,
    matches: &clap::ArgMatches,
) -> ExitCode {
    let mut params = match params::collect(service, action, matches) {
        Ok(params) => params,
        Err(message) => {
            eprintln!("sigcal: {message}");
            return ExitCode::from(exit::USAGE);
        }
    };
    let client = match client(global) {
        Ok(client) => client,
        Err(error) => return fail(&error),
    };
    let format = output::Format::from_matches(global);
    params = match complete(&client, action, params) {
        Ok(params) => params,
        Err(code) => return code,
    };
    if matches.get_flag("dry-run") {
        let signed = match client.sign_raw(action.name, params).await {
            Ok(signed) => signed,
            Err(error) => return fail(&error),
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
        if !matches.get_flag("show-signature") {
            shown.remove(protocol::SIGNATURE);
        }
        output::print_json(&serde_json::to_value(shown).unwrap_or_default(), format);
        return ExitCode::SUCCESS;
    }
    let options = CallOptions::default().service(service.name);
    let all = matches
        .try_get_one::<bool>("all")
        .ok()
        .flatten()
        .copied()
        .unwrap_or(false);
    let result = match (all, action.pagination) {
        (true, Some(pagination)) => {
            output::fetch_all(&client, action, pagination, params, options).await
        }
        _ => client
            .send_raw(action.name, params, action.retry_safe, &options)
            .await
            .map(|o| o.into_inner()),
    };
    let value = match result {
        Ok(value) => value,
        Err(error) => return fail(&error),
    };
    let printed = print_answer(action, &value, matches, format);
    let follow = action.then_wait.filter(|_| {
        matches
            .try_get_one::<bool>("wait")
            .ok()
            .flatten()
            .copied()
            .unwrap_or(false)
    });
    match (printed, follow) {
        (ExitCode::SUCCESS, Some(follow)) => {
            then_wait(&client, service, follow, &value, matches).await
        }
        (printed, _) => printed,
    }
}

/// The answer, or with `--query` the part of it asked for.
fn print_answer(
    action: &ActionMeta,
    value: &serde_json::Value,
    matches: &clap::ArgMatches,
    format: output::Format,
) -> ExitCode {
    let query = matches
        .try_get_one::<sigcal_protocol::path::Path>("query")
        .ok()
        .flatten();
    let Some(path) = query else {
        output::print_response(action, value, format);
        return ExitCode::SUCCESS;
    };
    match output::query(value, path) {
        Ok(part) => {
            output::print_json(&part, format);
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("sigcal: --query {path}: {message}");
            ExitCode::from(exit::QUERY)
        }
    }
}

/// `sigcal <service> wait <waiter> [inputs]`.
async fn wait_for(
    global: &clap::ArgMatches,
    service: &'static ServiceMeta,
    matches: &clap::ArgMatches,
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
        Err(message) => {
            eprintln!("sigcal: {message}");
            return ExitCode::from(exit::USAGE);
        }
    };
    let client = match client(global) {
        Ok(client) => client,
        Err(error) => return fail(&error),
    };
    let format = output::Format::from_matches(global);
    let options = wait::options(waiter, matches);
    match complete(&client, action, params) {
        Ok(params) => match wait::poll(&client, service, waiter, action, params, options).await {
            wait::Ended::Reached(Some(answer)) => print_answer(action, &answer, matches, format),
            wait::Ended::Reached(None) => ExitCode::SUCCESS,
            wait::Ended::Failed(error) => wait_failed(error),
            wait::Ended::Refused(error) => {
                eprintln!("sigcal: {error}");
                ExitCode::from(exit::USAGE)
            }
        },
        Err(code) => code,
    }
}

/// `--wait` after an action: the waiter that follows it, fed from its answer.
async fn then_wait(
    client: &Client,
    service: &'static ServiceMeta,
    follow: sigcal_client::meta::ThenWaitMeta,
    answer: &serde_json::Value,
    matches: &clap::ArgMatches,
) -> ExitCode {
    let Some(waiter) = service.waiter(follow.waiter) else {
        return ExitCode::from(exit::USAGE);
    };
    let Some(action) = service.action(waiter.action) else {
        return ExitCode::from(exit::USAGE);
    };
    let params = follow.params_from(answer, action);
    let options = wait::options(waiter, matches);
    match complete(client, action, params) {
        Ok(params) => match wait::poll(client, service, waiter, action, params, options).await {
            wait::Ended::Reached(_) => ExitCode::SUCCESS,
            wait::Ended::Failed(error) => wait_failed(error),
            wait::Ended::Refused(error) => {
                eprintln!("sigcal: --wait: the answer names nothing to wait on: {error}");
                ExitCode::from(exit::USAGE)
            }
        },
        Err(code) => code,
    }
}

/// The configuration's Region, Zone and ProjectId where `action` takes them, and a
/// usage error naming what is still missing.
fn complete(
    client: &Client,
    action: &ActionMeta,
    mut params: sigcal_client::Params,
) -> Result<sigcal_client::Params, ExitCode> {
    let takes = action
        .params
        .iter()
        .map(|p| p.name)
        .filter(|name| sigcal_protocol::config::fills(name));
    let required = action.params.iter().filter(|p| p.required).map(|p| p.name);
    match client.complete_raw(action.name, takes, required, &mut params) {
        Ok(()) => Ok(params),
        Err(error) => {
            eprintln!(
                "sigcal: {error}; pass the flags, or set them in the environment or a profile"
            );
            Err(ExitCode::from(exit::USAGE))
        }
    }
}

/// A wait that ended without its state: one line, and its exit code.
fn wait_failed(error: sigcal_client::waiter::WaitError<serde_json::Value>) -> ExitCode {
    use sigcal_client::waiter::WaitError;
    match error {
        WaitError::Failed { .. } => {
            eprintln!("sigcal: {error}");
            ExitCode::from(exit::WAIT_FAILED)
        }
        WaitError::TimedOut { .. } => {
            eprintln!("sigcal: {error}");
            ExitCode::from(exit::WAIT_TIMEOUT)
        }
        WaitError::Request { source, .. } => fail(&source),
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

/// One line on stderr, and the exit code of the error's kind.
fn fail(error: &Error) -> ExitCode {
    let code = match error {
        Error::Api { .. } | Error::Http { .. } => exit::API,
        Error::Timeout { .. }
        | Error::Connection { .. }
        | Error::Deadline { .. }
        | Error::Redirect { .. } => exit::NETWORK,
        Error::Config { .. } | Error::Credentials { .. } => exit::CONFIG,
        Error::InvalidRequest { .. } => exit::USAGE,
        Error::Decode { .. } | Error::ResponseTooLarge { .. } | Error::Paging { .. } => {
            exit::DECODE
        }
        _ => 1,
    };
    eprintln!("sigcal: {error}");
    ExitCode::from(code)
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
