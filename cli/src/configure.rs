//! `sigcal configure`: writes a profile into `~/.sigcal/config.json` and
//! `~/.sigcal/credential.json`, asking for the keys (and the security token of
//! temporary credentials) without echoing the private key or the token.

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{Value, json};

use crate::exit;
use crate::output::Printer;

pub(crate) fn run(matches: &clap::ArgMatches, printer: Printer) -> ExitCode {
    let done = match matches.subcommand() {
        Some(("list", _)) => list(printer),
        Some(("remove", sub)) => {
            let name = sub.get_one::<String>("name").cloned().unwrap_or_default();
            remove(&name)
        }
        _ => configure(matches).map(|dir| {
            eprintln!("profile written to {}", dir.display());
        }),
    };
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("sigcal: {message}");
            ExitCode::from(exit::CONFIG)
        }
    }
}

/// `~/.sigcal`.
fn profile_dir() -> Result<PathBuf, String> {
    let home = std::env::var_os("HOME").ok_or("HOME is not set")?;
    Ok(Path::new(&home).join(".sigcal"))
}

/// The entries of a profile file (none when it does not exist).
fn entries(path: &Path) -> Result<Vec<Value>, String> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
            // serde_json's message names line and column, never the text read.
            format!("{} is not a JSON array: {e}", path.display())
        }),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(error) => Err(format!("cannot read {}: {error}", path.display())),
    }
}

fn profile_of(entry: &Value) -> Option<&str> {
    entry.get("profile").and_then(Value::as_str)
}

/// `sigcal configure list`: one row per profile of either file. The public key shows
/// its last four characters, the private key and the token only whether they are set.
fn list(printer: Printer) -> Result<(), String> {
    let dir = profile_dir()?;
    let configs = entries(&dir.join("config.json"))?;
    let credentials = entries(&dir.join("credential.json"))?;
    let mut names: Vec<&str> = configs
        .iter()
        .chain(&credentials)
        .filter_map(profile_of)
        .collect();
    names.dedup();
    let mut seen = Vec::new();
    names.retain(|name| {
        let first = !seen.contains(name);
        seen.push(*name);
        first
    });
    let rows: Vec<Value> = names
        .iter()
        .map(|name| {
            let config = configs.iter().find(|e| profile_of(e) == Some(name));
            let credential = credentials.iter().find(|e| profile_of(e) == Some(name));
            let text = |entry: Option<&Value>, key: &str| {
                entry
                    .and_then(|e| e.get(key))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            let set = |key: &str| !text(credential, key).is_empty();
            json!({
                "Profile": name,
                "Active": config.and_then(|c| c.get("active")).and_then(Value::as_bool).unwrap_or(false),
                "Region": text(config, "region"),
                "Zone": text(config, "zone"),
                "ProjectId": text(config, "project_id"),
                "PublicKey": masked(&text(credential, "public_key")),
                "PrivateKey": if set("private_key") { "set" } else { "" },
                "SecurityToken": if set("security_token") { "set" } else { "" },
            })
        })
        .collect();
    printer.value(&Value::Array(rows));
    Ok(())
}

/// `****abcd`: enough of a public key to tell two apart, no more.
fn masked(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    match chars.len() {
        0 => String::new(),
        n if n <= 8 => "*".repeat(n),
        n => {
            let tail: String = chars.iter().skip(n - 4).collect();
            format!("{}{tail}", "*".repeat(n - 4))
        }
    }
}

/// `sigcal configure remove NAME`: the profile's entries out of both files; a name
/// neither file holds is an error, and nothing is written.
fn remove(name: &str) -> Result<(), String> {
    let dir = profile_dir()?;
    let mut found = false;
    let mut files = Vec::new();
    for (file, secret) in [("config.json", false), ("credential.json", true)] {
        let path = dir.join(file);
        let mut kept = entries(&path)?;
        let before = kept.len();
        kept.retain(|entry| profile_of(entry) != Some(name));
        if kept.len() != before {
            found = true;
            files.push((path, kept, secret));
        }
    }
    if !found {
        return Err(format!("no profile `{name}` in {}", dir.display()));
    }
    for (path, kept, secret) in files {
        let text = serde_json::to_string_pretty(&kept).map_err(|e| e.to_string())?;
        replace(&path, text.as_bytes(), secret)?;
    }
    eprintln!("profile `{name}` removed from {}", dir.display());
    Ok(())
}

fn configure(matches: &clap::ArgMatches) -> Result<PathBuf, String> {
    let profile = matches
        .get_one::<String>("profile-name")
        .cloned()
        .unwrap_or_else(|| "default".into());
    let dir = profile_dir()?;
    let interactive = std::io::stdin().is_terminal();
    let mut lines = std::io::stdin().lock().lines();
    let mut ask = |prompt: &str, secret: bool| -> Result<String, String> {
        if interactive && secret {
            return rpassword::prompt_password(prompt)
                .map_err(|e| format!("cannot read the answer: {e}"));
        }
        if interactive {
            eprint!("{prompt}");
            let _ = std::io::stderr().flush();
        }
        match lines.next() {
            Some(Ok(line)) => Ok(line.trim().to_owned()),
            Some(Err(e)) => Err(format!("cannot read the answer: {e}")),
            None => Ok(String::new()),
        }
    };
    let public_key = ask("Public key: ", false)?;
    let private_key = ask("Private key (not echoed): ", true)?;
    let security_token = ask(
        "Security token of temporary credentials (not echoed, empty for none): ",
        true,
    )?;
    let region = ask("Default region (empty for none): ", false)?;
    let zone = ask("Default zone (empty for none): ", false)?;
    let project_id = ask("Default project id (empty for none): ", false)?;
    if public_key.is_empty() || private_key.is_empty() {
        return Err("both keys are needed".into());
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    upsert(
        &dir.join("config.json"),
        &profile,
        json!({"profile": profile, "active": true, "region": region, "zone": zone, "project_id": project_id}),
        false,
    )?;
    upsert(
        &dir.join("credential.json"),
        &profile,
        credential_entry(&profile, public_key, private_key, security_token),
        true,
    )?;
    Ok(dir)
}

/// The profile's entry of `credential.json`; a token only when one was given.
fn credential_entry(
    profile: &str,
    public_key: String,
    private_key: String,
    security_token: String,
) -> Value {
    let mut entry =
        json!({"profile": profile, "public_key": public_key, "private_key": private_key});
    if !security_token.is_empty()
        && let Some(map) = entry.as_object_mut()
    {
        map.insert("security_token".into(), Value::String(security_token));
    }
    entry
}

/// Replaces or appends the profile's entry in a JSON array file. The other profiles
/// are kept: a file that exists but cannot be read or parsed is an error and nothing is
/// written. The new file is written beside the old one and renamed over it, so a failure
/// midway leaves the old file whole; a file holding secrets is created readable by its
/// owner alone, never readable by others for a moment.
fn upsert(path: &Path, profile: &str, entry: Value, secret: bool) -> Result<(), String> {
    let mut entries = entries(path).map_err(|message| format!("{message}; nothing was written"))?;
    if entry.get("active").is_some() {
        for other in &mut entries {
            if let Some(map) = other.as_object_mut() {
                map.insert("active".into(), json!(false));
            }
        }
    }
    entries.retain(|e| e.get("profile").and_then(Value::as_str) != Some(profile));
    entries.push(entry);
    let text = serde_json::to_string_pretty(&entries).map_err(|e| e.to_string())?;
    replace(path, text.as_bytes(), secret)
}

/// Writes `bytes` to a new file beside `path` (mode 0600 for secrets, from its
/// creation) and renames it over `path`.
fn replace(path: &Path, bytes: &[u8], secret: bool) -> Result<(), String> {
    use std::io::Write as _;
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let staged = path.with_file_name(format!(".{file_name}.{}.new", std::process::id()));
    let written = (|| {
        let mut file = create(&staged, secret)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&staged, path)
    })();
    written.map_err(|error| {
        let _ = std::fs::remove_file(&staged);
        format!("cannot write {}: {error}", path.display())
    })
}

#[cfg(unix)]
fn create(path: &Path, secret: bool) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt as _;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(if secret { 0o600 } else { 0o644 })
        .open(path)
}

#[cfg(not(unix))]
fn create(path: &Path, _secret: bool) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}
