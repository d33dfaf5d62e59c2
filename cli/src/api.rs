//! `sigcal api <Action> [--service S] Key=Value … [--cli-input-json FILE]`: any action
//! by name, signed and sent as every other call. An action the compiled-in spec knows
//! gets its checks (its parameters, their types, the required ones) and its retry rule;
//! one it does not know (newer than the spec) is sent as given, with a note on stderr.

use std::process::ExitCode;

use clap::ArgMatches;
use sigcal_client::credentials::ProvideCredentials as _;
use sigcal_client::meta::{ActionMeta, Element, FieldMeta, Scalar, ServiceMeta};
use sigcal_client::{CallOptions, Params, SERVICES};

use crate::report::Report;
use crate::{command, exit, input};

/// Where `sigcal api` finds the action: the service named, or every service.
#[derive(Clone, Copy)]
enum Found {
    Known(&'static ServiceMeta, &'static ActionMeta),
    Unknown(Option<&'static ServiceMeta>),
}

fn find(action: &str, service: Option<&'static ServiceMeta>) -> Result<Found, String> {
    if let Some(service) = service {
        return Ok(service
            .action(action)
            .map_or(Found::Unknown(Some(service)), |known| {
                Found::Known(service, known)
            }));
    }
    let owners: Vec<&'static ServiceMeta> = SERVICES
        .iter()
        .copied()
        .filter(|service| service.action(action).is_some())
        .collect();
    match owners.as_slice() {
        [] => Ok(Found::Unknown(None)),
        [service] => Ok(service
            .action(action)
            .map_or(Found::Unknown(Some(service)), |known| {
                Found::Known(service, known)
            })),
        many => Err(format!(
            "{action} is an action of {}: say which with --service",
            many.iter().map(|s| s.module).collect::<Vec<_>>().join(", ")
        )),
    }
}

pub(crate) async fn run(
    global: &ArgMatches,
    matches: &ArgMatches,
    mut report: Report<'_>,
) -> ExitCode {
    let Some(action_name) = matches.get_one::<String>("action") else {
        return ExitCode::from(exit::USAGE);
    };
    let service = match matches.get_one::<String>("service") {
        Some(name) => match command::service_named(SERVICES, name) {
            Some(service) => Some(service),
            None => {
                return report.message(
                    &format!(
                        "--service: no service `{name}`; known: {}",
                        command::service_list(SERVICES)
                    ),
                    exit::USAGE,
                );
            }
        },
        None => None,
    };
    let found = match find(action_name, service) {
        Ok(found) => found,
        Err(message) => return report.message(&message, exit::USAGE),
    };
    let mut problems = Vec::new();
    let mut pairs = Params::new();
    for pair in matches.get_many::<String>("params").into_iter().flatten() {
        match pair.split_once('=') {
            Some((key, value)) if !key.is_empty() => {
                if let Found::Known(service, action) = found
                    && let Err(problem) = check_key(service, action.params, key, value)
                {
                    problems.push(format!("{pair}: {problem}"));
                }
                pairs.insert(key, value);
            }
            _ => problems.push(format!("`{pair}` is not KEY=VALUE")),
        }
    }
    let params = match (found, document(matches)) {
        (_, None) => pairs,
        (_, Some(Err(mut read))) => {
            problems.append(&mut read);
            pairs
        }
        (Found::Known(service, action), Some(Ok((origin, document)))) => {
            match input::flatten(&origin, &document, service, action, |name| {
                pairs.has_param(name)
            }) {
                Ok(mut params) => {
                    for (key, value) in pairs.iter() {
                        params.insert(key, value);
                    }
                    params
                }
                Err(mut found) => {
                    problems.append(&mut found);
                    pairs
                }
            }
        }
        (Found::Unknown(_), Some(Ok((origin, document)))) => match loose(&document.value) {
            Ok(mut params) => {
                for (key, value) in pairs.iter() {
                    params.insert(key, value);
                }
                params
            }
            Err(problem) => {
                problems.push(format!("{origin}: {problem}"));
                pairs
            }
        },
    };
    if !problems.is_empty() {
        for problem in &problems {
            report.message(problem, exit::USAGE);
        }
        return ExitCode::from(exit::USAGE);
    }
    let client = match crate::client(global) {
        Ok(client) => client,
        Err(error) => return report.error(&error),
    };
    report.credentials = Some(client.config().credentials.source_name());
    let (action, retry_safe, options, params) = match found {
        Found::Known(service, action) => {
            let Ok(params) = crate::complete(&client, action, params, &report) else {
                return ExitCode::from(exit::USAGE);
            };
            let options = CallOptions::default().service(service.name);
            (action.name, action.retry_safe, options, params)
        }
        Found::Unknown(service) => {
            let whose = service.map_or_else(
                || "any compiled-in service".to_owned(),
                |s| s.name.to_owned(),
            );
            eprintln!(
                "sigcal: note: {action_name} is not an action of {whose} in this version's spec; sending it as given, unchecked and not retried"
            );
            let mut options = CallOptions::default();
            if let Some(service) = service {
                options = options.service(service.name);
            }
            (action_name.as_str(), false, options, params)
        }
    };
    if matches.get_flag("dry-run") {
        return match client.sign_raw(action, params).await {
            Ok(signed) => {
                let mut shown = signed.into_map();
                for (key, value) in shown.iter_mut() {
                    let secret = match found {
                        Found::Known(service, known) => service.is_secret_param(known, key),
                        Found::Unknown(_) => sigcal_protocol::secrets::is_secret_key(key),
                    };
                    if secret {
                        *value = sigcal_protocol::secrets::REDACTED.to_owned();
                    }
                }
                shown.remove(sigcal_client::protocol::SIGNATURE);
                report
                    .printer
                    .value(&serde_json::to_value(shown).unwrap_or_default());
                ExitCode::SUCCESS
            }
            Err(error) => report.error(&error),
        };
    }
    let answer = match client.send_raw(action, params, retry_safe, &options).await {
        Ok(answer) => answer.into_inner(),
        Err(error) => return report.error(&error),
    };
    let query = matches
        .try_get_one::<sigcal_protocol::path::Path>("query")
        .ok()
        .flatten();
    match query {
        None => {
            let mut shown = answer;
            if let serde_json::Value::Object(map) = &mut shown {
                for envelope in sigcal_client::protocol::RESPONSE_ENVELOPE {
                    map.remove(envelope);
                }
            }
            report.printer.value(&shown);
            ExitCode::SUCCESS
        }
        Some(path) => match crate::output::query(&answer, path) {
            Ok(part) => {
                report.printer.value(&part);
                ExitCode::SUCCESS
            }
            Err(message) => report.message(&format!("--query {path}: {message}"), exit::QUERY),
        },
    }
}

/// The document of `--cli-input-json` / `--cli-input-yaml`, read and parsed.
fn document(matches: &ArgMatches) -> Option<Result<(String, input::Located), Vec<String>>> {
    let path = |id: &str| matches.get_one::<std::path::PathBuf>(id);
    let (path, syntax) = match (path("cli-input-json"), path("cli-input-yaml")) {
        (Some(path), _) => (path, input::Syntax::Json),
        (None, Some(path)) => (path, input::Syntax::Yaml),
        (None, None) => return None,
    };
    Some(input::read(path).and_then(|(origin, text)| {
        input::parse(&origin, &text, syntax)
            .map(|document| (origin, document))
            .map_err(|problem| vec![problem])
    }))
}

/// A document for an action the spec does not know: flattened by the wire's rules
/// alone (lists by index, objects by field), unchecked.
fn loose(node: &input::Node) -> Result<Params, String> {
    fn walk(node: &input::Node, key: &str, params: &mut Params) {
        match node {
            input::Node::Null => {}
            input::Node::Bool(flag) => {
                params.insert(key, flag.to_string());
            }
            input::Node::Int(number) => {
                params.insert(key, number.to_string());
            }
            input::Node::Float(number) => {
                params.insert(key, sigcal_client::wire::format_float(*number));
            }
            input::Node::Text(text) => {
                params.insert(key, text);
            }
            input::Node::List(items) => {
                for (index, item) in items.iter().enumerate() {
                    walk(
                        &item.value,
                        &sigcal_protocol::keys::item(key, index),
                        params,
                    );
                }
            }
            input::Node::Map(entries) => {
                for (name, value) in entries {
                    let key = if key.is_empty() {
                        name.value.clone()
                    } else {
                        sigcal_protocol::keys::field(key, &name.value)
                    };
                    walk(&value.value, &key, params);
                }
            }
        }
    }
    let input::Node::Map(_) = node else {
        return Err("the input is an object of the action's parameters".to_owned());
    };
    let mut params = Params::new();
    walk(node, "", &mut params);
    Ok(params)
}

/// Whether `key` (`Disks.0.Size`) names a place in the request of `fields`, and `value`
/// fits its type.
fn check_key(
    service: &'static ServiceMeta,
    fields: &'static [FieldMeta],
    key: &str,
    value: &str,
) -> Result<(), String> {
    use sigcal_protocol::keys;
    let unknown = |part: &str, fields: &'static [FieldMeta], owner: &str| {
        let hint = sigcal_protocol::suggest::closest(part, fields.iter().map(|f| f.name))
            .map(|best| format!(" (did you mean `{best}`?)"))
            .unwrap_or_default();
        if owner.is_empty() {
            format!("unknown parameter `{part}`{hint}")
        } else {
            format!("unknown field `{part}` of `{owner}`{hint}")
        }
    };
    let field_named = |part: &str, fields: &'static [FieldMeta], owner: &str| {
        fields
            .iter()
            .find(|f| f.name == part)
            .map(|f| f.ty)
            .ok_or_else(|| unknown(part, fields, owner))
    };
    let mut parts = key.split(keys::SEPARATOR);
    let first = parts.next().unwrap_or_default();
    let mut ty = field_named(first, fields, "")?;
    let mut so_far = first.to_owned();
    for part in parts {
        (ty, so_far) = match (ty.item(), ty.element) {
            (Some(item), _) => match part.parse::<usize>() {
                Ok(index) => (item, keys::item(&so_far, index)),
                Err(_) => {
                    return Err(format!(
                        "`{so_far}` is a list: its items are `{so_far}.0`, `{so_far}.1`, …"
                    ));
                }
            },
            (None, Element::Named(name)) => match service.model(name) {
                Some(model) => (
                    field_named(part, model.fields, &so_far)?,
                    keys::field(&so_far, part),
                ),
                // A model the service does not describe: nothing to check below it.
                None => return Ok(()),
            },
            (None, Element::Scalar(_)) => {
                return Err(format!("`{so_far}` is a {ty} and has no parts"));
            }
        };
    }
    if ty.is_list() {
        return Err(format!(
            "`{key}` is a list: give its items as `{key}.0=…`, `{key}.1=…`"
        ));
    }
    let wanted = match ty.element {
        Element::Named(name) if service.model(name).is_some() => {
            return Err(format!(
                "`{key}` is an object ({name}): give its fields as `{key}.Field=…`"
            ));
        }
        Element::Scalar(Scalar::Int) if value.parse::<i64>().is_err() => "an integer",
        Element::Scalar(Scalar::Float) if !value.parse::<f64>().is_ok_and(f64::is_finite) => {
            "a number"
        }
        Element::Scalar(Scalar::Bool) if !matches!(value, "true" | "false") => "true or false",
        _ => return Ok(()),
    };
    Err(format!("`{value}` is not {wanted} ({ty})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_keys_are_checked_against_the_request() {
        let uhost = SERVICES
            .iter()
            .copied()
            .find(|s| s.name == "UHost")
            .unwrap_or_else(|| panic!("UHost"));
        let create = uhost
            .action("CreateUHostInstance")
            .unwrap_or_else(|| panic!("CreateUHostInstance"));
        let cases = [
            ("Name", "web", Ok(())),
            ("CPU", "2", Ok(())),
            ("CPU", "two", Err("`two` is not an integer")),
            (
                "Nmae",
                "x",
                Err("unknown parameter `Nmae` (did you mean `Name`?)"),
            ),
            ("Disks.0.Size", "40", Ok(())),
            (
                "Disks.1.Sise",
                "40",
                Err("unknown field `Sise` of `Disks.1`"),
            ),
            ("Disks.Size", "40", Err("`Disks` is a list")),
            ("Disks", "x", Err("`Disks` is a list")),
            ("Disks.0", "x", Err("`Disks.0` is an object")),
            ("Name.Sub", "x", Err("`Name` is a string and has no parts")),
        ];
        for (key, value, expected) in cases {
            let got = check_key(uhost, create.params, key, value);
            match expected {
                Ok(()) => assert_eq!(got, Ok(()), "{key}"),
                Err(part) => {
                    let message = got.err().unwrap_or_default();
                    assert!(message.contains(part), "{key}: {message}");
                }
            }
        }
        use crate::command::action_name;
        assert!(action_name("Describe-X").is_err());
        assert!(action_name("1Describe").is_err());
        assert!(action_name("").is_err());
        assert_eq!(action_name("DescribeX2"), Ok("DescribeX2".to_owned()));
    }
}
