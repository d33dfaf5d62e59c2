//! The profile files `~/.sigcal/config.json` and `~/.sigcal/credential.json` (JSON
//! arrays of profiles, the scheme of the official UCloud CLI and Go SDK), and the
//! credentials of one profile.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};

/// One entry of `config.json`.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ProfileConfig {
    pub(crate) profile: String,
    #[serde(default)]
    pub(crate) active: bool,
    #[serde(default)]
    pub(crate) project_id: Option<String>,
    #[serde(default)]
    pub(crate) region: Option<String>,
    #[serde(default)]
    pub(crate) zone: Option<String>,
    #[serde(default)]
    pub(crate) base_url: Option<String>,
    #[serde(default)]
    pub(crate) timeout_sec: Option<u64>,
}

/// One entry of `credential.json`. No `Debug`: it holds the keys.
#[derive(Deserialize)]
struct ProfileCredential {
    profile: String,
    #[serde(default)]
    public_key: String,
    #[serde(default)]
    private_key: String,
    #[serde(default)]
    security_token: Option<String>,
}

/// Both files of one directory, read, and the profile chosen from them.
pub(crate) struct ProfileFiles {
    pub(crate) dir: PathBuf,
    /// The chosen profile's name.
    pub(crate) name: String,
    /// The chosen profile's entry of `config.json`.
    pub(crate) config: Option<ProfileConfig>,
    credential: Option<ProfileCredential>,
}

impl ProfileFiles {
    /// `~/.sigcal`, or `None` without a home directory.
    pub(crate) fn default_dir() -> Option<PathBuf> {
        std::env::var_os("HOME").map(|home| Path::new(&home).join(".sigcal"))
    }

    /// Reads `dir`; `wanted` names the profile (default: the active one, else the
    /// first). A profile asked for by name that neither file holds is an error.
    pub(crate) fn read(dir: &Path, wanted: Option<&str>) -> Result<ProfileFiles, String> {
        let configs: Vec<ProfileConfig> = read_profile_file(&dir.join("config.json"))?;
        let mut credentials: Vec<ProfileCredential> =
            read_profile_file(&dir.join("credential.json"))?;
        let config = match wanted {
            Some(name) => configs.iter().find(|c| c.profile == name),
            None => configs.iter().find(|c| c.active).or(configs.first()),
        }
        .cloned();
        let name = wanted
            .map(str::to_owned)
            .or_else(|| config.as_ref().map(|c| c.profile.clone()))
            .unwrap_or_else(|| "default".to_owned());
        let credential = credentials
            .iter()
            .position(|c| c.profile == name)
            .map(|at| credentials.swap_remove(at));
        if wanted.is_some() && config.is_none() && credential.is_none() {
            return Err(format!("profile `{name}` is not in {}", dir.display()));
        }
        Ok(ProfileFiles {
            dir: dir.to_owned(),
            name,
            config,
            credential,
        })
    }

    /// The chosen profile's credentials: both keys, and the token if there is one.
    pub(crate) fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let source = format!("profile `{}`", self.name);
        let file = self.dir.join("credential.json");
        let Some(found) = &self.credential else {
            return Err(CredentialsError::not_configured(
                source,
                format!("no entry in {}", file.display()),
            ));
        };
        let token = found.security_token.clone().filter(|t| !t.is_empty());
        if found.public_key.is_empty() || found.private_key.is_empty() {
            let what = if token.is_some() {
                "has a security token but not both keys"
            } else {
                "lacks the public or the private key"
            };
            return Err(CredentialsError::invalid(
                source,
                format!("the entry in {} {what}", file.display()),
            ));
        }
        let credentials = Credentials::new(found.public_key.clone(), found.private_key.clone());
        Ok(match token {
            Some(token) => credentials.with_security_token(token),
            None => credentials,
        })
    }
}

fn read_profile_file<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>, String> {
    match std::fs::read(path) {
        // serde_json's message names line and column, never the values read.
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|error| {
            format!(
                "{} is not a JSON array of profiles: {error}",
                path.display()
            )
        }),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(error) => Err(format!("cannot read {}: {error}", path.display())),
    }
}

/// The credentials of one profile of the profile files, read each time it is asked.
#[derive(Debug, Clone, Default)]
pub struct ProfileProvider {
    dir: Option<PathBuf>,
    profile: Option<String>,
}

impl ProfileProvider {
    /// The active profile of `~/.sigcal` (or `$SIGCAL_PROFILE`).
    pub fn new() -> ProfileProvider {
        ProfileProvider::default()
    }

    /// Reads the files from `dir` instead of `~/.sigcal`.
    pub fn dir(mut self, dir: impl Into<PathBuf>) -> ProfileProvider {
        self.dir = Some(dir.into());
        self
    }

    /// Uses the profile named `profile`.
    pub fn profile(mut self, profile: impl Into<String>) -> ProfileProvider {
        self.profile = Some(profile.into());
        self
    }

    fn load(&self) -> Result<Credentials, CredentialsError> {
        let Some(dir) = self.dir.clone().or_else(ProfileFiles::default_dir) else {
            return Err(CredentialsError::not_configured(
                "profile",
                "no home directory to find ~/.sigcal in",
            ));
        };
        let wanted = self.profile.clone().or_else(|| {
            std::env::var(sigcal_protocol::config::PROFILE_VAR)
                .ok()
                .filter(|p| !p.is_empty())
        });
        let files = ProfileFiles::read(&dir, wanted.as_deref())
            .map_err(|message| CredentialsError::invalid("profile", message))?;
        files.credentials()
    }
}

impl ProvideCredentials for ProfileProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async move { self.load() })
    }

    fn source_name(&self) -> &str {
        "profile"
    }
}
