//! `sigcal <service> wait <waiter>`: poll until a state, from the waiter's metadata
//! (the acceptors the generated waiters are compiled from), through the runtime's one
//! wait loop.

use std::io::{IsTerminal as _, Write as _};
use std::time::Duration;

use clap::{Arg, Command};
use serde_json::Value;
use sigcal_client::meta::{AcceptorTest, ActionMeta, ServiceMeta, WaiterMeta};
use sigcal_client::waiter::{self, Poll, WaitError, WaitOptions};
use sigcal_client::{CallOptions, Client, Params};

use crate::command;

/// The `wait` subcommand of a service with waiters: one subcommand per waiter.
pub(crate) fn command(service: &'static ServiceMeta) -> Option<Command> {
    if service.waiters.is_empty() {
        return None;
    }
    let mut command = Command::new("wait")
        .about("Poll until a resource reaches a state (`sigcal <service> wait <waiter> --help`)")
        .subcommand_required(true)
        .arg_required_else_help(true);
    for waiter in service.waiters {
        let Some(action) = service.action(waiter.action) else {
            continue;
        };
        command = command.subcommand(waiter_command(service, waiter, action));
    }
    Some(command)
}

/// `UHostInstanceRunning` -> `uhost-instance-running`.
pub(crate) fn subcommand_name(waiter: &WaiterMeta) -> String {
    sigcal_protocol::names::snake_to_kebab(waiter.snake)
}

fn waiter_command(
    service: &'static ServiceMeta,
    waiter: &'static WaiterMeta,
    action: &'static ActionMeta,
) -> Command {
    let mut command = Command::new(subcommand_name(waiter))
        .about(waiter.summary)
        .after_help(format!(
            "Polls {} every {}–{} s for at most {} s; decides on the first that holds of:\n{}",
            waiter.action,
            waiter.min_delay.as_secs(),
            waiter.max_delay.as_secs(),
            waiter.max_wait.as_secs(),
            waiter
                .acceptors
                .iter()
                .map(|a| format!("  {}: {}", a.outcome.as_str(), a.description))
                .collect::<Vec<_>>()
                .join("\n")
        ));
    for field in action
        .params
        .iter()
        .filter(|f| waiter.inputs.contains(&f.name))
    {
        // What the wait names is required; the configuration fills Region and Zone.
        let named = !sigcal_protocol::config::fills(field.name);
        command = command.arg(command::param_arg(service, action, field).required(named));
    }
    command.args(wait_args()).arg(command::query_arg())
}

/// The flags that bound a wait; also on actions with `--wait`.
pub(crate) fn wait_args() -> [Arg; 3] {
    [
        Arg::new("max-wait")
            .long("max-wait")
            .value_name("SECS")
            .value_parser(command::seconds)
            .help("Seconds to wait in all (the waiter's default otherwise)"),
        Arg::new("min-delay")
            .long("min-delay")
            .value_name("SECS")
            .value_parser(poll_delay)
            .help(format!(
                "Shortest delay between polls (at least {} s)",
                waiter::MIN_POLL_DELAY.as_secs_f64()
            )),
        Arg::new("max-delay")
            .long("max-delay")
            .value_name("SECS")
            .value_parser(command::seconds)
            .help("Longest delay between polls (the delay doubles up to it, with jitter)"),
    ]
}

/// A delay between polls: seconds, no shorter than [`waiter::MIN_POLL_DELAY`].
fn poll_delay(text: &str) -> Result<f64, String> {
    let seconds = command::seconds(text)?;
    let floor = waiter::MIN_POLL_DELAY.as_secs_f64();
    if seconds < floor {
        return Err(format!(
            "`{text}` is shorter than the shortest delay between polls, {floor} s"
        ));
    }
    Ok(seconds)
}

/// The waiter's options, its defaults overridden by the flags.
pub(crate) fn options(waiter: &WaiterMeta, matches: &clap::ArgMatches) -> WaitOptions {
    let flag = |name: &str| {
        matches
            .try_get_one::<f64>(name)
            .ok()
            .flatten()
            .map(|secs| Duration::from_secs_f64(*secs))
    };
    let min_delay = flag("min-delay").unwrap_or(waiter.min_delay);
    WaitOptions {
        min_delay,
        max_delay: flag("max-delay").unwrap_or(waiter.max_delay).max(min_delay),
        max_wait: flag("max-wait").unwrap_or(waiter.max_wait),
    }
}

/// How a wait ended, for the caller to print and turn into an exit code.
pub(crate) enum Ended {
    /// The state was reached; the last answer, if one was (not an error RetCode).
    Reached(Option<Value>),
    /// A failure state, the time limit or a failed poll.
    Failed(WaitError<Value>),
    /// Not started: the request names nothing to wait on (no ids), so it would wait on
    /// every resource of the account.
    Refused(sigcal_client::Error),
}

/// Polls `waiter` with `params` (inputs and config parameters complete) until it
/// decides; progress on stderr when stderr is a terminal.
pub(crate) async fn poll(
    client: &Client,
    service: &'static ServiceMeta,
    waiter: &'static WaiterMeta,
    action: &'static ActionMeta,
    params: Params,
    options: WaitOptions,
) -> Ended {
    if let Err(error) = waiter::check_inputs(waiter.name, action.name, waiter.inputs, &params) {
        return Ended::Refused(error);
    }
    let call = CallOptions::default().service(service.name);
    let mut progress = Progress::new(waiter);
    let result = waiter::poll_until(
        waiter.name,
        options,
        || client.send_raw(action.name, params.clone(), action.retry_safe, &call),
        |result| waiter.classify(result),
        |poll| progress.show(poll),
    )
    .await;
    progress.finish();
    match result {
        Ok(waited) => Ended::Reached(waited.answer.map(|answer| answer.into_inner())),
        Err(error) => Ended::Failed(error),
    }
}

/// One line on stderr, rewritten every poll: elapsed time, polls, and the values at the
/// waiter's first path (the states).
struct Progress {
    waiter: &'static WaiterMeta,
    shown: bool,
    terminal: bool,
}

impl Progress {
    fn new(waiter: &'static WaiterMeta) -> Progress {
        Progress {
            waiter,
            shown: false,
            terminal: std::io::stderr().is_terminal(),
        }
    }

    fn show(&mut self, poll: &Poll<'_, Value>) {
        if !self.terminal {
            return;
        }
        let line = progress_line(self.waiter, poll);
        let mut stderr = std::io::stderr().lock();
        // `\r` and "erase to the end of the line": the line is rewritten in place.
        let _ = write!(stderr, "\r\x1b[K{line}");
        let _ = stderr.flush();
        self.shown = true;
    }

    fn finish(&mut self) {
        if self.shown {
            eprintln!();
        }
    }
}

/// `UHostInstanceRunning: 12s, poll 4, UHostSet[].State: Initializing, Running`.
pub(crate) fn progress_line(waiter: &WaiterMeta, poll: &Poll<'_, Value>) -> String {
    let seen = match poll.result {
        Ok(answer) => states(waiter, answer),
        Err(error) => match error.ret_code() {
            Some(code) => format!("RetCode {code}"),
            None => "no answer".to_owned(),
        },
    };
    format!(
        "{}: {}s, poll {}, {seen}",
        waiter.name,
        poll.elapsed.as_secs(),
        poll.number
    )
}

/// The distinct values at the waiter's first path, in order.
fn states(waiter: &WaiterMeta, answer: &Value) -> String {
    let Some(path) = waiter.acceptors.iter().find_map(|a| match a.test {
        AcceptorTest::Path { path, .. } => Some(path),
        AcceptorTest::RetCode(_) => None,
    }) else {
        return "answered".to_owned();
    };
    let mut values: Vec<String> = Vec::new();
    for value in sigcal_client::meta::values_at(answer, path) {
        // What the server says goes to a terminal: its control characters (an escape
        // sequence, a carriage return) are shown escaped, never acted on.
        let text = printable(
            &value
                .as_str()
                .map_or_else(|| value.to_string(), str::to_owned),
        );
        if !values.contains(&text) {
            values.push(text);
        }
    }
    if values.is_empty() {
        format!("{path}: none")
    } else {
        format!("{path}: {}", values.join(", "))
    }
}

/// `text` with every control character escaped (`\u{1b}`, `\r`).
fn printable(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            shown.extend(c.escape_default());
        } else {
            shown.push(c);
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    #[test]
    fn server_text_cannot_drive_the_terminal() {
        use super::printable;
        assert_eq!(printable("Running"), "Running");
        assert_eq!(printable("运行中"), "运行中");
        assert_eq!(
            printable("Run\x1b[2J\rning\u{9b}"),
            "Run\\u{1b}[2J\\rning\\u{9b}"
        );
    }
}
