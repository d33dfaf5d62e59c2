//! Every shell snippet of the top-level README, run against the fake server, so the
//! next drift between the README and `sigcal` fails here, naming the README's line.
//!
//! Each ```` ```sh ```` block runs as one bash script (`set -euo pipefail`), in a
//! directory of its own, with `sigcal` first on `PATH`, an empty HOME shared by the
//! blocks in their order, and the endpoint (`SIGCAL_BASE_URL`) pointing at the fake.
//! No key is in the environment: the README's own `sigcal configure` writes the profile
//! the later commands use, reading its answers from stdin. Two kinds of line are not
//! run as written: `cargo ...` (the build and this very test), and a block that starts
//! `sigcal fake-server`, which never returns: it is started, its first line checked,
//! and stopped.
//!
//! snapbox runs the scripts (rather than trycmd's own format): the README's snippets
//! use pipes, redirections and stdin, which trycmd's `$ command` transcripts cannot
//! express, and its blocks stay plain `sh` a reader can paste; snapbox still gives the
//! timeout and the failure report with both streams.

mod support;

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use snapbox::cmd::{Command, cargo_bin};
use support::{PRIVATE_KEY, PUBLIC_KEY, Server};

/// The README, read where the test was built from.
const README: &str = include_str!("../../README.md");

/// The longest one block may take (the waits of the README poll the fake a few times).
const BLOCK_TIMEOUT: Duration = Duration::from_secs(120);

/// A fenced `sh` block of the README: its text and the line of its opening fence.
#[derive(Debug)]
struct Snippet {
    fence_line: usize,
    text: String,
}

/// Every ```` ```sh ```` block of `markdown`, in order.
fn shell_snippets(markdown: &str) -> Vec<Snippet> {
    let mut snippets = Vec::new();
    let mut open: Option<Snippet> = None;
    for (index, line) in markdown.lines().enumerate() {
        match (&mut open, line.trim_end()) {
            (None, "```sh") => {
                open = Some(Snippet {
                    fence_line: index + 1,
                    text: String::new(),
                });
            }
            (Some(_), "```") => snippets.extend(open.take()),
            (Some(snippet), line) => {
                snippet.text.push_str(line);
                snippet.text.push('\n');
            }
            (None, _) => {}
        }
    }
    assert!(open.is_none(), "README.md: an `sh` block is never closed");
    snippets
}

/// The block as a script: `cargo` lines become comments (the line numbers stay), and a
/// failing line reports its README line and command.
fn script(snippet: &Snippet) -> String {
    let body: Vec<String> = snippet
        .text
        .lines()
        .map(|line| {
            if line.trim_start().starts_with("cargo ") {
                format!("# not run here: {line}")
            } else {
                line.to_owned()
            }
        })
        .collect();
    // The prelude is one line, so the block's first line is the script's line 2 and the
    // README's line `fence_line + 1`.
    format!(
        "set -euo pipefail; trap 'code=$?; echo \"README.md:$(( {} + LINENO - 1 )): \\`$BASH_COMMAND\\` failed (exit $code)\" >&2' ERR\n{}\n",
        snippet.fence_line,
        body.join("\n")
    )
}

/// The answers `sigcal configure` reads from stdin: keys, no token, region, zone, project.
fn configure_answers() -> String {
    format!("{PUBLIC_KEY}\n{PRIVATE_KEY}\n\ncn-bj2\ncn-bj2-05\norg-readme\n")
}

/// `PATH` with the `sigcal` under test first.
fn path_with_sigcal() -> String {
    let binary = cargo_bin!("sigcal");
    let dir = binary.parent().expect("the binary is in a directory");
    format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

fn run_block(snippet: &Snippet, server: &Server, home: &Path) {
    let dir = home.join(format!("block-{}", snippet.fence_line));
    std::fs::create_dir_all(&dir).expect("a directory for the block");
    let output = Command::new("bash")
        .arg("-c")
        .arg(script(snippet))
        .env_clear()
        .env("PATH", path_with_sigcal())
        .env("HOME", home)
        .env("SIGCAL_BASE_URL", &server.url)
        .current_dir(&dir)
        .stdin(configure_answers())
        .timeout(BLOCK_TIMEOUT)
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stdout.contains(PRIVATE_KEY) && !stderr.contains(PRIVATE_KEY),
        "README.md:{}: the block printed the private key",
        snippet.fence_line
    );
    assert!(
        output.status.success(),
        "README.md:{}: the `sh` block fails against the fake ({})\n--- stderr\n{stderr}\n--- stdout\n{stdout}",
        snippet.fence_line,
        output.status
    );
}

/// `sigcal fake-server ...` as the README writes it: started, its first line checked,
/// stopped.
fn run_server_block(snippet: &Snippet) {
    let line = snippet.text.trim();
    let command = line.split('#').next().unwrap_or(line).trim();
    let args: Vec<&str> = command.split_whitespace().skip(1).collect();
    let mut child = std::process::Command::new(cargo_bin!("sigcal"))
        .args(&args)
        .env_clear()
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("sigcal starts");
    let mut first = String::new();
    let read = BufReader::new(child.stdout.take().expect("piped"))
        .read_line(&mut first)
        .map(|_| ());
    let _ = child.kill();
    let _ = child.wait();
    read.expect("the server's first line");
    assert!(
        first.starts_with("listening on http://127.0.0.1:"),
        "README.md:{}: `{command}` printed {first:?}, not what the README says",
        snippet.fence_line
    );
}

#[test]
fn every_shell_snippet_of_the_readme_runs_against_the_fake() {
    let snippets = shell_snippets(README);
    assert!(
        snippets.len() >= 5,
        "README.md has {} `sh` blocks: the reader lost them",
        snippets.len()
    );
    let server = Server::start();
    let home = support::home("readme");
    // The profile the README removes at the end of an operator's day.
    Command::new(cargo_bin!("sigcal"))
        .args(["configure", "--name", "old-profile"])
        .env_clear()
        .env("HOME", &home)
        .stdin(configure_answers())
        .assert()
        .success();
    for snippet in &snippets {
        if snippet.text.trim_start().starts_with("sigcal fake-server") {
            run_server_block(snippet);
        } else {
            run_block(snippet, &server, &home);
        }
    }
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn a_drifted_snippet_fails_naming_its_readme_line() {
    let readme = "text\n\n```sh\nsigcal --zone cn-bj2-05 uhost describe-uhost-instance\nsigcal uhost no-such-action\n```\n";
    let snippets = shell_snippets(readme);
    let [snippet] = snippets.as_slice() else {
        panic!("one block: {snippets:?}");
    };
    let server = Server::start();
    let home = support::home("readme-drift");
    let output = Command::new("bash")
        .arg("-c")
        .arg(script(snippet))
        .env_clear()
        .env("PATH", path_with_sigcal())
        .env("HOME", &home)
        .env("SIGCAL_BASE_URL", &server.url)
        .env("SIGCAL_PUBLIC_KEY", PUBLIC_KEY)
        .env("SIGCAL_PRIVATE_KEY", PRIVATE_KEY)
        .env("SIGCAL_REGION", "cn-bj2")
        .current_dir(&home)
        .timeout(BLOCK_TIMEOUT)
        .output()
        .expect("bash runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("README.md:5: `sigcal uhost no-such-action` failed (exit 2)"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&home);
}
