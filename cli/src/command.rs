//! The clap command tree, built from the service metadata (public so the start-up
//! benchmark builds the same tree).

use clap::{Arg, ArgAction, Command, value_parser};
use sigcal_client::meta::{ActionMeta, FieldMeta, ServiceMeta};

use crate::values::FlagValue;

/// What `sigcal --help` ends with: where configuration comes from and the exit codes.
/// The variables are the protocol crate's list, so the help cannot name a variable the
/// client does not read.
fn after_help() -> String {
    let variables = sigcal_protocol::config::VARS
        .chunks(3)
        .map(|names| names.join(", "))
        .collect::<Vec<_>>()
        .join(",\n  ");
    format!(
        "\
Configuration: flags, then the variables
  {variables},
then the profile files ~/.sigcal/config.json and ~/.sigcal/credential.json
(`sigcal configure` writes them).

Exit codes: 0 success, 2 usage error, 3 API error (RetCode or HTTP status),
4 network error or timeout, 5 configuration error, 6 undecodable answer,
7 `--query` names a place the answer lacks, 8 a wait reached a failure state,
9 a wait passed its maximum time."
    )
}

/// The command tree with every action of `detailed` (the service the command line
/// names): the other services are listed with their summary only, so start-up does
/// not build thousands of flags it will not use.
pub fn build(services: &[&'static ServiceMeta], detailed: Option<&'static ServiceMeta>) -> Command {
    let mut command = Command::new("sigcal")
        .about("Call the SigcalCloud API from a shell: `sigcal <service> <action> [flags]`.")
        .version(env!("CARGO_PKG_VERSION"))
        .after_help(after_help())
        .subcommand_required(true)
        .arg_required_else_help(true)
        .args(global_args());
    for service in services {
        let is_detailed = detailed.is_some_and(|d| std::ptr::eq(d, *service));
        command = command.subcommand(service_command(service, is_detailed));
    }
    command
        .subcommand(
            Command::new("configure")
                .about("Write a profile to ~/.sigcal/ (asks for the keys; the private key is not echoed), list the profiles, or remove one")
                .args_conflicts_with_subcommands(true)
                .arg(Arg::new("profile-name").long("name").default_value("default").help("The profile to write"))
                .subcommand(Command::new("list").about("List the profiles: name, region, zone, project, the public key's last characters and whether a token is stored (never a private key or a token)"))
                .subcommand(Command::new("remove").about("Remove a profile from both files").arg(Arg::new("name").required(true).help("The profile to remove"))),
        )
        .subcommand(api_command())
        .subcommand(
            Command::new("completions")
                .about("Print a shell completion script")
                .arg(Arg::new("shell").required(true).value_parser(value_parser!(clap_complete::Shell))),
        )
        .subcommand(
            Command::new("fake-server")
                .about("Serve a fake SigcalCloud API (checks signatures, validates parameters)")
                .arg(Arg::new("service").long("service").num_args(1..).action(ArgAction::Append).help("Serve only these services (module or API name; default: every one)"))
                .arg(Arg::new("listen").long("listen").default_value("127.0.0.1:0").value_parser(value_parser!(std::net::SocketAddr)).help("Address to listen on; port 0 picks a free one"))
                .arg(Arg::new("public-key").long("public-key").requires("private-key").help("The accepted public key"))
                .arg(Arg::new("private-key").long("private-key").requires("public-key").help("The accepted private key"))
                .arg(Arg::new("data").long("data").value_parser(value_parser!(std::path::PathBuf)).help("Images for UPHost's DescribePHostImage (JSON or YAML list)"))
                .arg(Arg::new("polls-until-ready").long("polls-until-ready").value_name("N").value_parser(value_parser!(u32)).help("Describes before a resource made or moved on through the fake (create, start, stop, delete) shows where it goes (default 2)"))
                .arg(Arg::new("max-resources-per-kind").long("max-resources-per-kind").value_name("N").value_parser(value_parser!(usize)).help("Resources of one kind the fake keeps before a create is refused with RetCode 7058 (default 10000)"))
                .arg(Arg::new("latency-ms").long("latency-ms").value_parser(value_parser!(u64)).help("Delay every answer"))
                .arg(Arg::new("fail-share").long("fail-share").value_parser(share).help("Share of requests answered with HTTP 503 (0 to 1)"))
                .arg(Arg::new("unavailable-share").long("unavailable-share").value_parser(share).help("Share of requests answered with RetCode 150, service unavailable (0 to 1)"))
                .arg(Arg::new("throttle-share").long("throttle-share").value_parser(share).help("Share of requests answered with RetCode 153, throttled (0 to 1)"))
                .arg(Arg::new("drop-share").long("drop-share").value_parser(share).help("Share of connections closed without an answer (0 to 1)"))
                .arg(Arg::new("fault-seed").long("fault-seed").value_name("N").value_parser(value_parser!(u64)).help("Seed of the fault draws: the same seed injects the same faults into the same requests (default: picked, and printed when a fault is on)"))
                .arg(Arg::new("script").long("script").value_parser(value_parser!(std::path::PathBuf)).help("Scripted answers per action: a fixed answer, a sequence, or an error (YAML; format in `sigcal_fake::Script`)")),
        )
}

/// `sigcal api <Action> …` ([`crate::api`] runs it).
fn api_command() -> Command {
    Command::new("api")
        .about("Call any action by name with wire parameters: `sigcal api DescribeUHostInstance Region=cn-bj2 UHostIds.0=uhost-1`")
        .arg(Arg::new("action").required(true).value_parser(action_name).help("The action, as the API names it (DescribeUHostInstance)"))
        .arg(Arg::new("params").num_args(0..).value_name("KEY=VALUE").help("Wire parameters: `Name=web`, a list's items `UHostIds.0=a`, a model's fields `Disks.0.Size=40`"))
        .arg(Arg::new("service").long("service").value_name("SERVICE").help("The service the action belongs to (module or API name); found from the action when it is known"))
        .arg(Arg::new("cli-input-json").long("cli-input-json").value_name("FILE").value_parser(value_parser!(std::path::PathBuf)).conflicts_with("cli-input-yaml").help("Read the parameters from a JSON document (`-` for stdin); KEY=VALUE pairs win over it"))
        .arg(Arg::new("cli-input-yaml").long("cli-input-yaml").value_name("FILE").value_parser(value_parser!(std::path::PathBuf)).help("Read the parameters from a YAML document (`-` for stdin)"))
        .arg(Arg::new("dry-run").long("dry-run").action(ArgAction::SetTrue).help("Print the signed parameters instead of sending (secrets as <redacted>)"))
        .arg(query_arg())
        .after_help("A known action is checked against its parameters before anything is sent; an unknown one is sent as given (a note on stderr says so) and the API decides. The configuration fills Region, Zone and ProjectId for a known action that takes them.")
}

/// An action name: a letter, then letters and digits.
pub(crate) fn action_name(text: &str) -> Result<String, String> {
    let mut chars = text.chars();
    let starts = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    if starts && chars.all(|c| c.is_ascii_alphanumeric()) {
        Ok(text.to_owned())
    } else {
        Err(format!(
            "`{text}` is not an action name (a letter, then letters and digits, as DescribeUHostInstance)"
        ))
    }
}

/// The paging flags of a paginated action ([`crate::paging`] reads them).
pub(crate) fn paging_args() -> [Arg; 5] {
    let paging = ["all", "max-items", "page-size", "starting-token"];
    [
        Arg::new("all")
            .long("all")
            .action(ArgAction::SetTrue)
            .help("Follow pagination and print every item"),
        Arg::new("max-items")
            .long("max-items")
            .value_name("N")
            .value_parser(positive)
            .help("Follow pagination and stop after N items; when more remain, a token to resume from is printed on stderr (NextToken)"),
        Arg::new("page-size")
            .long("page-size")
            .value_name("N")
            .value_parser(positive)
            .help("Follow pagination, asking for N items per request"),
        Arg::new("starting-token")
            .long("starting-token")
            .value_name("TOKEN")
            .help("Follow pagination from where an earlier run with --max-items stopped (the NextToken it printed)"),
        Arg::new("no-paginate")
            .long("no-paginate")
            .action(ArgAction::SetTrue)
            .conflicts_with_all(paging)
            .help("Send one request as given (Offset and Limit from their flags) and print the answer; the default without the flags above"),
    ]
}

/// A count of at least 1.
fn positive(text: &str) -> Result<u64, String> {
    match text.trim().parse::<u64>() {
        Ok(count) if count > 0 => Ok(count),
        _ => Err(format!("`{text}` is not a count of 1 or more")),
    }
}

/// A share of requests, from 0 to 1.
fn share(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(share) if (0.0..=1.0).contains(&share) => Ok(share),
        _ => Err(format!("`{text}` is not a share from 0 to 1")),
    }
}

/// The whole tree, every service detailed (for completion scripts).
pub fn build_all(services: &[&'static ServiceMeta]) -> Command {
    let mut command = build(services, None);
    for service in services {
        command = command.mut_subcommand(service.module, |_| service_command(service, true));
    }
    command
}

/// A service's subcommand: its actions, or only its summary.
fn service_command(service: &'static ServiceMeta, detailed: bool) -> Command {
    let mut command = Command::new(service.module)
        .about(service.summary)
        .subcommand_required(true)
        .arg_required_else_help(true);
    if detailed {
        for action in service.actions {
            command = command.subcommand(action_command(service, action));
        }
        if let Some(wait) = crate::wait::command(service) {
            command = command.subcommand(wait);
        }
    }
    command
}

/// The service a command line names: its first argument that is not a flag or a
/// global flag's value.
pub fn requested_service(
    services: &[&'static ServiceMeta],
    args: &[std::ffi::OsString],
) -> Option<&'static ServiceMeta> {
    let globals = global_args();
    let takes_value: Vec<String> = globals
        .iter()
        .filter(|arg| arg.get_action().takes_values())
        .flat_map(|arg| {
            let long = arg.get_long().map(|long| format!("--{long}"));
            let short = arg.get_short().map(|short| format!("-{short}"));
            long.into_iter().chain(short)
        })
        .collect();
    let mut rest = args.iter().skip(1).filter_map(|a| a.to_str());
    while let Some(arg) = rest.next() {
        if takes_value.iter().any(|flag| flag == arg) {
            rest.next();
        } else if !arg.starts_with('-') {
            return service_named(services, arg);
        }
    }
    None
}

/// The compiled-in service called `name` (its module, `uphost`, or its wire name,
/// `UPHost`, in any case).
pub(crate) fn service_named(
    services: &[&'static ServiceMeta],
    name: &str,
) -> Option<&'static ServiceMeta> {
    services
        .iter()
        .copied()
        .find(|s| s.module == name || s.name.eq_ignore_ascii_case(name))
}

/// The services' modules, for messages.
pub(crate) fn service_list(services: &[&ServiceMeta]) -> String {
    services
        .iter()
        .map(|s| s.module)
        .collect::<Vec<_>>()
        .join(", ")
}

fn global_args() -> Vec<Arg> {
    vec![
        Arg::new("profile")
            .long("profile")
            .global(true)
            .help("Profile of ~/.sigcal/ to use"),
        Arg::new("base-url")
            .long("base-url")
            .global(true)
            .help("API endpoint"),
        Arg::new("region")
            .long("region")
            .global(true)
            .help("Region, for actions that take one"),
        Arg::new("zone")
            .long("zone")
            .global(true)
            .help("Zone, for actions that take one"),
        Arg::new("project-id")
            .long("project-id")
            .global(true)
            .help("Project, for actions that take one"),
        Arg::new("timeout")
            .long("timeout")
            .global(true)
            .value_parser(seconds)
            .value_name("SECS")
            .help("Seconds allowed per attempt"),
        Arg::new("max-attempts")
            .long("max-attempts")
            .global(true)
            .value_parser(value_parser!(u32))
            .help("Attempts for retryable failures (default 1)"),
        Arg::new("deadline")
            .long("deadline")
            .global(true)
            .value_parser(seconds)
            .value_name("SECS")
            .help("Seconds allowed for the whole call, every attempt and backoff included"),
        Arg::new("security-token")
            .long("security-token")
            .global(true)
            .value_name("TOKEN")
            .help(format!(
                "Security token of temporary credentials (stands in for {}; prefer the variable, a flag shows in the process list)",
                sigcal_protocol::config::SECURITY_TOKEN_VAR
            )),
        Arg::new("debug")
            .long("debug")
            .global(true)
            .action(ArgAction::SetTrue)
            .help("Print what the call does (attempts, retries, credentials, timings) to stderr; keys and tokens are never printed"),
        Arg::new("output")
            .long("output")
            .short('o')
            .global(true)
            .value_parser(FORMATS)
            .help("Output format: json (pretty on a terminal), yaml, text (tab-separated rows, for shell loops), or table"),
        Arg::new("color")
            .long("color")
            .global(true)
            .value_name("WHEN")
            .value_parser(COLOR_CHOICES)
            .help("Colour JSON output and the error and hint prefixes: auto (a terminal without NO_COLOR), always or never"),
    ]
}

/// A positive, finite number of seconds.
pub(crate) fn seconds(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(secs) if secs.is_finite() && secs > 0.0 && secs < 1e9 => Ok(secs),
        _ => Err(format!("`{text}` is not a positive number of seconds")),
    }
}

/// `DescribePHostImage` -> `describe-phost-image`.
pub(crate) fn subcommand_name(action: &ActionMeta) -> String {
    sigcal_protocol::names::snake_to_kebab(action.method)
}

/// Flags of the tool itself on every action subcommand (the global ones included): a
/// parameter whose flag would be one of these gets `--param-` in front instead.
const TOOL_FLAGS: [&str; 25] = [
    "dry-run",
    "show-signature",
    "query",
    "wait",
    "max-wait",
    "min-delay",
    "max-delay",
    "cli-input-json",
    "cli-input-yaml",
    "generate-cli-skeleton",
    "help",
    "profile",
    "base-url",
    "region",
    "zone",
    "project-id",
    "timeout",
    "max-attempts",
    "deadline",
    "security-token",
    "debug",
    "output",
    "color",
    "version",
    "all",
];

/// The paging flags ([`paging_args`]), which only paginated actions have: only
/// there does a parameter's flag step aside for them (`PageSize` elsewhere keeps
/// `--page-size`).
const PAGING_FLAGS: [&str; 4] = ["max-items", "page-size", "starting-token", "no-paginate"];

/// The `--help` heading of an action's parameters, apart from the tool's own options
/// (clap's "Options").
const PARAMETERS_HEADING: &str = "Parameters of the action";

/// `--query`'s value: a path in the protocol crate's syntax.
fn query_path(text: &str) -> Result<sigcal_protocol::path::Path, String> {
    sigcal_protocol::path::Path::parse(text).map_err(|error| error.to_string())
}

/// `image_id` -> `image-id`; `dry_run` -> `param-dry-run` (see [`TOOL_FLAGS`] and
/// [`PAGING_FLAGS`]).
pub(crate) fn flag_name(action: &ActionMeta, field: &FieldMeta) -> String {
    let flag = sigcal_protocol::names::snake_to_kebab(field.rust_name);
    let paging = action.pagination.is_some() && PAGING_FLAGS.contains(&flag.as_str());
    if TOOL_FLAGS.contains(&flag.as_str()) || paging {
        format!("param-{flag}")
    } else {
        flag
    }
}

/// The flags that take the request from a document instead, or print one.
fn input_args() -> [Arg; 3] {
    [
        Arg::new("cli-input-json")
            .long("cli-input-json")
            .value_name("FILE")
            .value_parser(value_parser!(std::path::PathBuf))
            .conflicts_with("cli-input-yaml")
            .help("Read the request from a JSON document (`-` for stdin): wire names, nested models as objects, lists as arrays; flags given beside it win"),
        Arg::new("cli-input-yaml")
            .long("cli-input-yaml")
            .value_name("FILE")
            .value_parser(value_parser!(std::path::PathBuf))
            .help("Read the request from a YAML document (`-` for stdin), as --cli-input-json"),
        Arg::new("generate-cli-skeleton")
            .long("generate-cli-skeleton")
            .value_name("FORM")
            .num_args(0..=1)
            .default_missing_value(SKELETON_JSON)
            .value_parser(SKELETON_FORMS)
            .help("Print the action's input document to fill in (`input`: JSON, `yaml-input`: commented YAML), required parameters first, and send nothing"),
    ]
}

/// `--generate-cli-skeleton`'s JSON form (the default).
pub(crate) const SKELETON_JSON: &str = "input";
/// `--generate-cli-skeleton`'s commented YAML form.
pub(crate) const SKELETON_YAML: &str = "yaml-input";
/// The `--generate-cli-skeleton` forms ([`crate::skeleton`] writes them).
const SKELETON_FORMS: [&str; 2] = [SKELETON_JSON, SKELETON_YAML];

/// The `--output` values.
const FORMATS: [&str; 4] = ["json", "yaml", "text", "table"];

/// The `--color` values.
const COLOR_CHOICES: [&str; 3] = ["auto", "always", "never"];

/// The flags after which the action's own required flags may be absent: the
/// document gives them, or nothing is sent.
const INSTEAD_OF_FLAGS: [&str; 3] = ["cli-input-json", "cli-input-yaml", "generate-cli-skeleton"];

fn action_command(service: &'static ServiceMeta, action: &'static ActionMeta) -> Command {
    let mut command = Command::new(subcommand_name(action)).about(action.summary);
    for field in action
        .params
        .iter()
        .filter(|f| !sigcal_protocol::config::fills(f.name))
    {
        let mut arg = param_arg(service, action, field);
        if field.required {
            arg = arg.required_unless_present_any(INSTEAD_OF_FLAGS);
        }
        command = command.arg(arg);
    }
    command = command.args(input_args());
    command = command
        .arg(
            Arg::new("dry-run")
                .long("dry-run")
                .action(ArgAction::SetTrue)
                .help("Print the signed parameters instead of sending; secrets (passwords, tokens) are shown as <redacted>, the private key never"),
        )
        .arg(
            Arg::new("show-signature")
                .long("show-signature")
                .action(ArgAction::SetTrue)
                .requires("dry-run")
                .help("With --dry-run, print the Signature too (whoever has it can replay the request)"),
        );
    command = command.arg(query_arg());
    if let Some(follow) = action.then_wait {
        command = command
            .arg(
                Arg::new("wait")
                    .long("wait")
                    .action(ArgAction::SetTrue)
                    .help(format!("Then wait for {} (as `sigcal {} wait`) on what the answer names; the answer is printed first, the exit code tells how the wait ended", follow.waiter, service.module)),
            )
            .args(crate::wait::wait_args().map(|arg| arg.requires("wait")));
    }
    if action.pagination.is_some() {
        command = command.args(paging_args());
    }
    let required: Vec<&str> = action
        .params
        .iter()
        .filter(|f| f.required && sigcal_protocol::config::fills(f.name))
        .map(|f| f.name)
        .collect();
    let mut after = Vec::new();
    if !required.is_empty() {
        after.push(format!(
            "Requires {} (flag, environment or profile).",
            required.join(", ")
        ));
    }
    if let Some(sdks) = action.from_sdk {
        after.push(format!(
            "No reference page documents this action; its parameters are those of the official SDKs ({sdks})."
        ));
    }
    if !after.is_empty() {
        command = command.after_help(after.join("\n\n"));
    }
    command
}

/// `--query PATH`.
pub(crate) fn query_arg() -> Arg {
    Arg::new("query")
        .long("query")
        .value_name("PATH")
        .value_parser(query_path)
        .help("Print only this part of the answer: fields by wire name, `Name[]` for every item of a list (`UHostSet[].State`)")
}

pub(crate) fn param_arg(
    service: &'static ServiceMeta,
    action: &ActionMeta,
    field: &'static FieldMeta,
) -> Arg {
    let value = FlagValue::of(service, field);
    let mut help = format!("{} [{}]", field.description, field.ty);
    let mut arg = Arg::new(field.name)
        .long(flag_name(action, field))
        .help_heading(PARAMETERS_HEADING);
    arg = value.configure(arg);
    if let FlagValue::Model(model) = value {
        let fields: Vec<&str> = model.fields.iter().map(|f| f.name).collect();
        help.push_str(&format!(
            "; as Field=value pairs separated by commas, fields: {} (nested: Sub.Field=value; a value with a comma goes in --cli-input-json)",
            fields.join(", ")
        ));
    }
    if field.ty.is_list() {
        help.push_str("; repeat the flag for several values");
        arg = arg.action(ArgAction::Append);
    }
    arg.help(help)
}
