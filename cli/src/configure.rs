//! `sigcal configure`: writes a profile into `~/.sigcal/config.json` and
//! `~/.sigcal/credential.json`, asking for the keys (and the security token of
//! temporary credentials) without echoing the private key or the token.

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{Value, json};

use crate::exit;

pub(crate) fn run(matches: &clap::ArgMatches) -> ExitCode {
    match configure(matches) {
        Ok(dir) => {
            eprintln!("profile written to {}", dir.display());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("sigcal: {message}");
            ExitCode::from(exit::CONFIG)
        }
    }
}

fn configure(matches: &clap::ArgMatches) -> Result<PathBuf, String> {
    let profile = matches
        .get_one::<String>("profile-name")
        .cloned()
        .unwrap_or_else(|| "default".into());
    let home = std::env::var_os("HOME").ok_or("HOME is not set")?;
    let dir = Path::new(&home).join(".sigcal");
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
    let mut entries: Vec<Value> = match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
            format!(
                "{} is not a JSON array: {e}; nothing was written",
                path.display()
            )
        })?,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(error) => {
            return Err(format!(
                "cannot read {}: {error}; nothing was written",
                path.display()
            ));
        }
    };
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
