//! Client configuration: explicit settings, then `SIGCAL_*` environment variables, then
//! the profile files `~/.sigcal/config.json` and `~/.sigcal/credential.json` (the scheme
//! of the official UCloud CLI and Go SDK, under sigcal's own names).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::credentials::profile::ProfileFiles;
use crate::credentials::{
    Credentials, CredentialsError, CredentialsErrorKind, SharedCredentialsProvider,
    SystemTimeSource, TimeSource, environment,
};
use crate::error::Error;
use crate::interceptor::{Interceptor, SharedInterceptor};
use crate::retry::RetryBudget;

/// The endpoint used when nothing else is configured.
pub const DEFAULT_BASE_URL: &str = "https://api.sigcalcloud.com/";
/// The total timeout of one attempt when nothing else is configured.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

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
    /// Where the credentials that sign requests come from: a fixed key pair, or a
    /// provider the client asks through its cache.
    pub credentials: SharedCredentialsProvider,
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
    /// Time allowed for a whole call, every attempt and backoff included; `None` for no
    /// limit beyond the attempts' own timeouts.
    pub deadline: Option<Duration>,
    /// The client's budget for retries ([`RetryBudget::default`]).
    pub retry_budget: RetryBudget,
    /// Text sent after sigcal's own in the `User-Agent` header (`myapp/1.2`).
    pub user_agent_suffix: Option<String>,
    /// Hooks run for every call, in the order they were added.
    pub interceptors: Vec<SharedInterceptor>,
    /// The clock that decides when credentials expire.
    pub time_source: Arc<dyn TimeSource>,
}

impl Config {
    /// The `User-Agent` the client sends: sigcal's, then the configured suffix.
    pub fn user_agent(&self) -> String {
        match &self.user_agent_suffix {
            Some(suffix) => format!("{} {suffix}", crate::USER_AGENT),
            None => crate::USER_AGENT.to_owned(),
        }
    }
}

impl Config {
    /// Starts a configuration from a key pair, with every default.
    pub fn builder(credentials: Credentials) -> ConfigBuilder {
        ConfigBuilder::default().credentials(credentials)
    }

    /// Reads the configuration from `SIGCAL_*` variables and the profile files in
    /// `~/.sigcal/`, environment first.
    pub fn from_env() -> Result<Config, Error> {
        ConfigBuilder::default()
            .load_env()
            .load_profile_files()
            .build()
    }

    /// [`Config::from_env`], with the instance metadata service as the last source of
    /// credentials ([`crate::credentials::DefaultCredentialsChain`]): when neither the
    /// environment nor the profile files hold any, the role credentials of the host are
    /// used, with the host's region, zone and project and the internal endpoint where
    /// the environment and the profile leave them unset. The error names every source
    /// tried and why each gave nothing.
    pub async fn from_default_chain() -> Result<Config, Error> {
        Config::from_default_chain_with(crate::credentials::InstanceMetadata::new()).await
    }

    /// [`Config::from_default_chain`] with the metadata service `metadata` (another
    /// address, a version, a role).
    pub async fn from_default_chain_with(
        metadata: crate::credentials::InstanceMetadata,
    ) -> Result<Config, Error> {
        let from_files = ConfigBuilder::default().load_env().load_profile_files();
        let mut tried = match from_files.clone().build() {
            Ok(config) => return Ok(config),
            Err(Error::Config { message }) if message.starts_with(NO_CREDENTIALS) => message,
            Err(error) => return Err(error),
        };
        match metadata.config_builder().await {
            Ok(host) => from_files.fill_unset_from(host).build(),
            Err(Error::Credentials { source }) => {
                tried.push_str(&format!("; {source}"));
                Err(Error::Config { message: tried })
            }
            Err(error) => Err(error),
        }
    }
}

/// How the error for a configuration without credentials starts.
const NO_CREDENTIALS: &str = "no credentials";

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
    credentials: Option<SharedCredentialsProvider>,
    /// Why the environment or the profile gave unusable credentials; reported by
    /// `build` unless explicit credentials win.
    credentials_problems: Vec<CredentialsError>,
    /// Why each source read gave nothing, for the error when none did.
    credentials_tried: Vec<String>,
    /// Settings from the environment that cannot be used (a timeout that is not a
    /// number of seconds); reported by `build`.
    problems: Vec<String>,
    deadline: Option<Duration>,
    retry_budget: Option<RetryBudget>,
    user_agent_suffix: Option<String>,
    interceptors: Vec<SharedInterceptor>,
    time_source: Option<Arc<dyn TimeSource>>,
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
    /// Signs with this key pair (or temporary credentials); wins over the environment
    /// and the profile files.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.settings.credentials = Some(credentials.into());
        self
    }

    /// Loads credentials from `provider` ([`crate::credentials::DefaultCredentialsChain`],
    /// the instance metadata service, STS `AssumeRole`, or one of your own), through the
    /// client's cache; wins over the environment and the profile files.
    pub fn credentials_provider(mut self, provider: impl Into<SharedCredentialsProvider>) -> Self {
        self.settings.credentials = Some(provider.into());
        self
    }

    /// Time allowed for a whole call: every attempt and every backoff between them (no
    /// limit by default, beyond each attempt's [`ConfigBuilder::timeout`]).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.settings.deadline = Some(deadline);
        self
    }

    /// The client's retry budget (default [`RetryBudget::default`]; turn it off with
    /// [`RetryBudget::unlimited`]).
    pub fn retry_budget(mut self, budget: RetryBudget) -> Self {
        self.settings.retry_budget = Some(budget);
        self
    }

    /// Text sent after `sigcal/<version>` in the `User-Agent` header, such as
    /// `myapp/1.2`; printable ASCII only.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.settings.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Adds a hook run for every call ([`Interceptor`]); hooks run in the order added.
    pub fn interceptor(mut self, interceptor: impl Interceptor + 'static) -> Self {
        self.settings
            .interceptors
            .push(SharedInterceptor::new(interceptor));
        self
    }

    /// The clock that decides when credentials expire (tests move one of their own).
    pub fn time_source(mut self, clock: Arc<dyn TimeSource>) -> Self {
        self.settings.time_source = Some(clock);
        self
    }

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
        if s.credentials.is_none() {
            match environment::from_vars(&var) {
                Ok(credentials) => {
                    s.credentials = Some(SharedCredentialsProvider::fixed(
                        credentials,
                        environment::SOURCE,
                    ));
                }
                Err(error) if error.kind() == CredentialsErrorKind::NotConfigured => {
                    s.credentials_tried.push(error.to_string());
                }
                Err(error) => s.credentials_problems.push(error),
            }
        }
        use sigcal_protocol::config as vars;
        fill(&mut s.base_url, var(vars::BASE_URL_VAR));
        fill(&mut s.region, var(vars::REGION_VAR));
        fill(&mut s.zone, var(vars::ZONE_VAR));
        fill(&mut s.project_id, var(vars::PROJECT_ID_VAR));
        fill(&mut s.profile, var(vars::PROFILE_VAR));
        if s.timeout.is_none()
            && let Some(value) = var(vars::TIMEOUT_VAR)
        {
            match timeout_seconds(&value) {
                Some(timeout) => s.timeout = Some(timeout),
                None => s.problems.push(format!(
                    "{} is `{}`, not a number of seconds above 0 (such as 30 or 2.5)",
                    vars::TIMEOUT_VAR,
                    value.escape_debug()
                )),
            }
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
        if let Some(problem) = s.problems.into_iter().next() {
            return Err(Error::Config { message: problem });
        }
        let credentials = match (s.credentials, s.credentials_problems.into_iter().next()) {
            (Some(credentials), _) => credentials,
            (None, Some(problem)) => return Err(Error::Credentials { source: problem }),
            (None, None) => {
                let mut tried = s.credentials_tried;
                if tried.is_empty() {
                    tried.push("no source was read".to_owned());
                }
                return Err(Error::Config {
                    message: format!(
                        "{NO_CREDENTIALS} ({}): set SIGCAL_PUBLIC_KEY and SIGCAL_PRIVATE_KEY, run `sigcal configure`, or pass Credentials",
                        tried.join("; ")
                    ),
                });
            }
        };
        if let Some(fixed) = credentials.as_static() {
            fixed
                .check_complete("configuration")
                .map_err(|source| Error::Credentials { source })?;
        }
        if let Some(suffix) = &s.user_agent_suffix
            && (suffix.is_empty() || !suffix.bytes().all(|b| b.is_ascii_graphic() || b == b' '))
        {
            return Err(Error::Config {
                message: "the User-Agent suffix must be non-empty printable ASCII".into(),
            });
        }
        let base_url = s.base_url.unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(Error::Config {
                message: format!("base URL `{base_url}` is not an http(s) URL"),
            });
        }
        if let Err(error) = reqwest::Url::parse(&base_url) {
            return Err(Error::Config {
                message: format!("base URL `{base_url}` cannot be used: {error}"),
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
            deadline: s.deadline,
            retry_budget: s.retry_budget.unwrap_or_default(),
            user_agent_suffix: s.user_agent_suffix,
            interceptors: s.interceptors,
            time_source: s.time_source.unwrap_or_else(|| Arc::new(SystemTimeSource)),
        })
    }

    /// Takes from `other` each setting this builder leaves unset.
    fn fill_unset_from(mut self, other: ConfigBuilder) -> ConfigBuilder {
        let (s, o) = (&mut self.settings, other.settings);
        if s.credentials.is_none() {
            s.credentials = o.credentials;
        }
        fill(&mut s.base_url, o.base_url);
        fill(&mut s.region, o.region);
        fill(&mut s.zone, o.zone);
        fill(&mut s.project_id, o.project_id);
        self
    }

    fn load_profiles(&mut self) -> Result<(), Error> {
        let Some(dir) = self
            .settings
            .profile_dir
            .clone()
            .or_else(ProfileFiles::default_dir)
        else {
            return Ok(());
        };
        let files = ProfileFiles::read(&dir, self.settings.profile.as_deref())
            .map_err(|message| Error::Config { message })?;
        let s = &mut self.settings;
        if let Some(config) = &files.config {
            let given = |value: &Option<String>| value.clone().filter(|v| !v.is_empty());
            fill(&mut s.base_url, given(&config.base_url));
            fill(&mut s.region, given(&config.region));
            fill(&mut s.zone, given(&config.zone));
            fill(&mut s.project_id, given(&config.project_id));
            if s.timeout.is_none() {
                s.timeout = config
                    .timeout_sec
                    .filter(|t| *t > 0)
                    .map(Duration::from_secs);
            }
        }
        if s.credentials.is_none() && s.credentials_problems.is_empty() {
            match files.credentials() {
                Ok(credentials) => {
                    s.credentials = Some(SharedCredentialsProvider::fixed(
                        credentials,
                        format!("profile `{}`", files.name),
                    ));
                }
                Err(error) if error.kind() == CredentialsErrorKind::NotConfigured => {
                    s.credentials_tried.push(error.to_string());
                }
                Err(error) => s.credentials_problems.push(error),
            }
        }
        Ok(())
    }
}

fn fill(slot: &mut Option<String>, value: Option<String>) {
    if slot.is_none() {
        *slot = value;
    }
}

/// A timeout given as seconds in text (`30`, `2.5`); `None` for anything else, zero,
/// or a length no clock can count to.
fn timeout_seconds(text: &str) -> Option<Duration> {
    let seconds = text.trim().parse::<f64>().ok()?;
    Duration::try_from_secs_f64(seconds)
        .ok()
        .filter(|timeout| !timeout.is_zero())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_from_the_environment_are_read_or_refused() {
        for (text, seconds) in [("30", 30.0), (" 2.5 ", 2.5), ("1e3", 1000.0)] {
            assert_eq!(
                timeout_seconds(text),
                Some(Duration::from_secs_f64(seconds))
            );
        }
        for text in ["1e20", "inf", "NaN", "-1", "0", "1e-300", "", "thirty"] {
            assert_eq!(timeout_seconds(text), None, "{text}");
        }
        let error = ConfigBuilder::default()
            .credentials(Credentials::new("pub", "pri"))
            .load_env_from(|name| (name == "SIGCAL_TIMEOUT_SECONDS").then(|| "1e20".to_owned()))
            .build()
            .unwrap_err();
        assert!(
            error
                .to_string()
                .contains("SIGCAL_TIMEOUT_SECONDS is `1e20`"),
            "{error}"
        );
    }
}
