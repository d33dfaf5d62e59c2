//! Client configuration: explicit settings, then `SIGCAL_*` environment variables, then
//! the profile files `~/.sigcal/config.json` and `~/.sigcal/credential.json` (the scheme
//! of the official UCloud CLI and Go SDK, under sigcal's own names).

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::error::Error;

/// The endpoint used when nothing else is configured.
pub const DEFAULT_BASE_URL: &str = "https://api.sigcalcloud.com/";
/// The total timeout of one attempt when nothing else is configured.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// A key pair. The private key never appears in `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    public_key: String,
    private_key: String,
}

impl Credentials {
    /// A key pair from the console.
    pub fn new(public_key: impl Into<String>, private_key: impl Into<String>) -> Credentials {
        Credentials {
            public_key: public_key.into(),
            private_key: private_key.into(),
        }
    }

    /// The public key, sent as `PublicKey`.
    pub fn public_key(&self) -> &str {
        &self.public_key
    }

    /// The private key; only the signer should read it.
    pub fn private_key(&self) -> &str {
        &self.private_key
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("public_key", &self.public_key)
            .field("private_key", &"<redacted>")
            .finish()
    }
}

/// Retry behaviour: off (one attempt) unless `max_attempts` is raised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 disables retries.
    pub max_attempts: u32,
    /// Delay before the first retry; doubled each time, with full jitter.
    pub base_delay: Duration,
    /// Upper bound of one delay.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 1,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(5),
        }
    }
}

/// Everything a [`crate::Client`] needs.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Config {
    /// The key pair that signs requests.
    pub credentials: Credentials,
    /// The API endpoint.
    pub base_url: String,
    /// Default `Region` for actions that take one.
    pub region: Option<String>,
    /// Default `Zone` for actions that take one.
    pub zone: Option<String>,
    /// Default `ProjectId` for actions that take one.
    pub project_id: Option<String>,
    /// Total time allowed for one attempt.
    pub timeout: Duration,
    /// Time allowed to establish a connection.
    pub connect_timeout: Duration,
    /// Retries; off by default.
    pub retry: RetryPolicy,
    /// Largest response body accepted, in bytes.
    pub max_response_bytes: usize,
}

impl Config {
    /// Starts a configuration from a key pair, with every default.
    pub fn builder(credentials: Credentials) -> ConfigBuilder {
        ConfigBuilder {
            settings: Settings {
                credentials: Some(credentials),
                ..Settings::default()
            },
        }
    }

    /// Reads the configuration from `SIGCAL_*` variables and the profile files in
    /// `~/.sigcal/`, environment first.
    pub fn from_env() -> Result<Config, Error> {
        ConfigBuilder::default()
            .load_env()
            .load_profile_files()
            .build()
    }
}

/// Builds a [`Config`]; explicit settings win over the environment, which wins over
/// the profile files.
///
/// Nothing is read that was not asked for: the environment only through
/// [`ConfigBuilder::load_env`], the profile files only through
/// [`ConfigBuilder::load_profile_files`], [`ConfigBuilder::profile`] or
/// [`ConfigBuilder::profile_dir`] ([`Config::from_env`] does both).
#[derive(Debug, Clone, Default)]
pub struct ConfigBuilder {
    settings: Settings,
}

#[derive(Debug, Clone, Default)]
struct Settings {
    credentials: Option<Credentials>,
    base_url: Option<String>,
    region: Option<String>,
    zone: Option<String>,
    project_id: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    max_response_bytes: Option<usize>,
    profile: Option<String>,
    profile_dir: Option<PathBuf>,
    read_profiles: bool,
}

impl ConfigBuilder {
    /// The API endpoint (default `https://api.sigcalcloud.com/`).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.settings.base_url = Some(base_url.into());
        self
    }

    /// Default `Region`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.settings.region = Some(region.into());
        self
    }

    /// Default `Zone`.
    pub fn zone(mut self, zone: impl Into<String>) -> Self {
        self.settings.zone = Some(zone.into());
        self
    }

    /// Default `ProjectId`.
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.settings.project_id = Some(project_id.into());
        self
    }

    /// Total time allowed for one attempt (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.settings.timeout = Some(timeout);
        self
    }

    /// Time allowed to connect (default: the total timeout).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.settings.connect_timeout = Some(timeout);
        self
    }

    /// Attempts in all for retryable failures (default 1: no retries).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        let mut retry = self.settings.retry.take().unwrap_or_default();
        retry.max_attempts = attempts.max(1);
        self.settings.retry = Some(retry);
        self
    }

    /// The whole retry policy.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.settings.retry = Some(retry);
        self
    }

    /// Largest accepted response body (default 16 MiB).
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.settings.max_response_bytes = Some(bytes);
        self
    }

    /// Reads the profile to use from the profile files (default: the active one);
    /// implies [`ConfigBuilder::load_profile_files`].
    pub fn profile(mut self, profile: impl Into<String>) -> Self {
        self.settings.profile = Some(profile.into());
        self.settings.read_profiles = true;
        self
    }

    /// Reads the profile files from `dir` instead of `~/.sigcal`; implies
    /// [`ConfigBuilder::load_profile_files`].
    pub fn profile_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.settings.profile_dir = Some(dir.into());
        self.settings.read_profiles = true;
        self
    }

    /// Fills what is still unset at [`ConfigBuilder::build`] from the profile files
    /// (`~/.sigcal/config.json` and `credential.json`, as `sigcal configure` writes them).
    pub fn load_profile_files(mut self) -> Self {
        self.settings.read_profiles = true;
        self
    }

    /// Fills every setting not made explicitly from the `SIGCAL_*` variables.
    pub fn load_env(self) -> Self {
        self.load_env_from(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    }

    /// Like [`ConfigBuilder::load_env`], with a custom variable lookup (for tests).
    pub fn load_env_from(mut self, var: impl Fn(&str) -> Option<String>) -> Self {
        let s = &mut self.settings;
        if s.credentials.is_none()
            && let (Some(public), Some(private)) =
                (var("SIGCAL_PUBLIC_KEY"), var("SIGCAL_PRIVATE_KEY"))
        {
            s.credentials = Some(Credentials::new(public, private));
        }
        fill(&mut s.base_url, var("SIGCAL_BASE_URL"));
        fill(&mut s.region, var("SIGCAL_REGION"));
        fill(&mut s.zone, var("SIGCAL_ZONE"));
        fill(&mut s.project_id, var("SIGCAL_PROJECT_ID"));
        fill(&mut s.profile, var("SIGCAL_PROFILE"));
        if s.timeout.is_none() {
            s.timeout = var("SIGCAL_TIMEOUT_SECONDS")
                .and_then(|v| v.trim().parse::<f64>().ok())
                .filter(|secs| secs.is_finite() && *secs > 0.0)
                .map(Duration::from_secs_f64);
        }
        self
    }

    /// Checks and assembles the configuration, reading the profile files for whatever
    /// is still unset when they were asked for.
    pub fn build(mut self) -> Result<Config, Error> {
        if self.settings.read_profiles {
            self.load_profiles()?;
        }
        let s = self.settings;
        let credentials = s.credentials.ok_or_else(|| Error::Config {
            message: "no credentials: set SIGCAL_PUBLIC_KEY and SIGCAL_PRIVATE_KEY, run `sigcal configure`, or pass Credentials".into(),
        })?;
        if credentials.public_key.is_empty() || credentials.private_key.is_empty() {
            return Err(Error::Config {
                message: "the public and the private key must both be non-empty".into(),
            });
        }
        let base_url = s.base_url.unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(Error::Config {
                message: format!("base URL `{base_url}` is not an http(s) URL"),
            });
        }
        let timeout = s.timeout.unwrap_or(DEFAULT_TIMEOUT);
        Ok(Config {
            credentials,
            base_url,
            region: s.region,
            zone: s.zone,
            project_id: s.project_id,
            timeout,
            connect_timeout: s.connect_timeout.unwrap_or(timeout),
            retry: s.retry.unwrap_or_default(),
            max_response_bytes: s.max_response_bytes.unwrap_or(16 * 1024 * 1024),
        })
    }

    fn load_profiles(&mut self) -> Result<(), Error> {
        let dir = match self.settings.profile_dir.clone() {
            Some(dir) => dir,
            None => match std::env::var_os("HOME") {
                Some(home) => Path::new(&home).join(".sigcal"),
                None => return Ok(()),
            },
        };
        let configs: Vec<ProfileConfig> = read_profile_file(&dir.join("config.json"))?;
        let credentials: Vec<ProfileCredential> = read_profile_file(&dir.join("credential.json"))?;
        let wanted = self.settings.profile.clone();
        let config = match &wanted {
            Some(name) => configs.iter().find(|c| &c.profile == name),
            None => configs.iter().find(|c| c.active).or(configs.first()),
        };
        let name = wanted
            .or_else(|| config.map(|c| c.profile.clone()))
            .unwrap_or_else(|| "default".to_owned());
        if self.settings.profile.is_some()
            && config.is_none()
            && credentials.iter().all(|c| c.profile != name)
        {
            return Err(Error::Config {
                message: format!("profile `{name}` is not in {}", dir.display()),
            });
        }
        let s = &mut self.settings;
        if let Some(config) = config {
            fill(
                &mut s.base_url,
                config.base_url.clone().filter(|v| !v.is_empty()),
            );
            fill(
                &mut s.region,
                config.region.clone().filter(|v| !v.is_empty()),
            );
            fill(&mut s.zone, config.zone.clone().filter(|v| !v.is_empty()));
            fill(
                &mut s.project_id,
                config.project_id.clone().filter(|v| !v.is_empty()),
            );
            if s.timeout.is_none() {
                s.timeout = config
                    .timeout_sec
                    .filter(|t| *t > 0)
                    .map(Duration::from_secs);
            }
        }
        if s.credentials.is_none()
            && let Some(found) = credentials.iter().find(|c| c.profile == name)
        {
            s.credentials = Some(Credentials::new(
                found.public_key.clone(),
                found.private_key.clone(),
            ));
        }
        Ok(())
    }
}

fn fill(slot: &mut Option<String>, value: Option<String>) {
    if slot.is_none() {
        *slot = value;
    }
}

/// One entry of `config.json`.
#[derive(Debug, Deserialize)]
struct ProfileConfig {
    profile: String,
    #[serde(default)]
    active: bool,
    #[serde(default)]
    project_id: Option<String>,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    zone: Option<String>,
    #[serde(default)]
    base_url: Option<String>,
    #[serde(default)]
    timeout_sec: Option<u64>,
}

/// One entry of `credential.json`.
#[derive(Deserialize)]
struct ProfileCredential {
    profile: String,
    public_key: String,
    private_key: String,
}

fn read_profile_file<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>, Error> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|error| Error::Config {
            // serde_json's message names line and column, never the values read.
            message: format!(
                "{} is not a JSON array of profiles: {error}",
                path.display()
            ),
        }),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(error) => Err(Error::Config {
            message: format!("cannot read {}: {error}", path.display()),
        }),
    }
}
