//! Where signing credentials (and the default region) come from: static values, the environment,
//! the shared `~/.aws/credentials` / `~/.aws/config` profile files, or a chain of those. With the
//! `aws-config` feature, the full `aws-config` provider chain (SSO, IMDS, web identity, ...).

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::time::SystemTime;

/// A boxed, sendable future.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// AWS credentials. `Debug` never shows the secret key or the session token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expires_after: Option<SystemTime>,
}

impl Credentials {
    /// Credentials from their parts; an empty session token counts as none.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token: session_token.filter(|t| !t.is_empty()),
            expires_after: None,
        }
    }

    /// The same credentials, valid until `time`.
    pub fn with_expiry(mut self, time: SystemTime) -> Self {
        self.expires_after = Some(time);
        self
    }

    /// The access key id.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    /// When temporary credentials stop working.
    pub fn expires_after(&self) -> Option<SystemTime> {
        self.expires_after
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "** redacted **"),
            )
            .field("expires_after", &self.expires_after)
            .finish()
    }
}

/// Why credentials could not be found; the message says where it looked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsError {
    message: String,
}

impl CredentialsError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        CredentialsError {
            message: message.into(),
        }
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CredentialsError {}

/// A source of credentials, asked before every signed request (implementations cache if they
/// need to).
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// The credentials to sign with now.
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>>;
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(std::future::ready(Ok(self.clone())))
    }
}

fn non_empty_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` (empty
/// values count as unset).
#[derive(Debug, Clone, Copy, Default)]
pub struct EnvironmentCredentials;

impl EnvironmentCredentials {
    fn load() -> Result<Credentials, CredentialsError> {
        let id = non_empty_env("AWS_ACCESS_KEY_ID");
        let secret = non_empty_env("AWS_SECRET_ACCESS_KEY");
        match (id, secret) {
            (Some(id), Some(secret)) => Ok(Credentials::new(
                id,
                secret,
                non_empty_env("AWS_SESSION_TOKEN"),
            )),
            (None, None) => Err(CredentialsError::new(
                "environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set",
            )),
            (Some(_), None) => Err(CredentialsError::new(
                "environment: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
            )),
            (None, Some(_)) => Err(CredentialsError::new(
                "environment: AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not",
            )),
        }
    }
}

impl ProvideCredentials for EnvironmentCredentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(std::future::ready(Self::load()))
    }
}

/// Properties of every profile in one shared file, by profile name.
type ProfileSections = HashMap<String, HashMap<String, String>>;

/// Parses a shared credentials or config file the way the AWS CLI reads it: `[name]` sections
/// (`[profile name]` in the config file, except `[default]`), `key = value` lines, comments
/// starting with `#` or `;`, keys case-insensitive. Indented lines continue a sub-section and are
/// skipped (nothing here needs them).
fn parse_profile_file(text: &str, is_config: bool) -> ProfileSections {
    let mut sections: ProfileSections = HashMap::new();
    let mut current: Option<String> = None;
    for raw in text.lines() {
        if raw.starts_with([' ', '\t']) {
            continue;
        }
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(header) = line.strip_prefix('[') {
            let name = header.split(']').next().unwrap_or_default().trim();
            current = if is_config {
                if name == "default" {
                    Some(name.to_string())
                } else {
                    name.strip_prefix("profile")
                        .filter(|rest| rest.starts_with([' ', '\t']))
                        .map(|rest| rest.trim().to_string())
                }
            } else {
                Some(name.to_string())
            };
            if let Some(name) = &current {
                sections.entry(name.clone()).or_default();
            }
            continue;
        }
        let (Some(name), Some((key, value))) = (&current, line.split_once('=')) else {
            continue;
        };
        let value = value.trim();
        // A value may carry a trailing comment after whitespace.
        let value = value
            .split_once(" #")
            .or_else(|| value.split_once(" ;"))
            .map(|(v, _)| v.trim_end())
            .unwrap_or(value);
        sections
            .entry(name.clone())
            .or_default()
            .insert(key.trim().to_ascii_lowercase(), value.to_string());
    }
    sections
}

fn home_dir() -> Option<PathBuf> {
    non_empty_env("HOME")
        .or_else(|| non_empty_env("USERPROFILE"))
        .map(PathBuf::from)
}

fn shared_file(env: &str, default_name: &str) -> Option<PathBuf> {
    non_empty_env(env)
        .map(PathBuf::from)
        .or_else(|| home_dir().map(|h| h.join(".aws").join(default_name)))
}

fn selected_profile(profile: Option<&str>) -> String {
    profile
        .map(str::to_string)
        .or_else(|| non_empty_env("AWS_PROFILE"))
        .unwrap_or_else(|| "default".to_string())
}

/// Credentials from a profile of the shared files (`~/.aws/credentials`, `~/.aws/config`, or
/// `AWS_SHARED_CREDENTIALS_FILE` / `AWS_CONFIG_FILE`). The profile is the one given, else
/// `AWS_PROFILE`, else `default`; the credentials file wins over the config file.
#[derive(Debug, Clone, Default)]
pub struct ProfileCredentials {
    profile: Option<String>,
    files: Option<(Option<PathBuf>, Option<PathBuf>)>,
}

impl ProfileCredentials {
    /// Reads `profile` (or `AWS_PROFILE`, or `default`) from the usual files.
    pub fn new(profile: Option<String>) -> Self {
        ProfileCredentials {
            profile,
            files: None,
        }
    }

    /// Reads `profile` from these files instead of the usual ones.
    pub fn with_files(
        profile: Option<String>,
        credentials_file: Option<PathBuf>,
        config_file: Option<PathBuf>,
    ) -> Self {
        ProfileCredentials {
            profile,
            files: Some((credentials_file, config_file)),
        }
    }

    fn paths(&self) -> (Option<PathBuf>, Option<PathBuf>) {
        match &self.files {
            Some(files) => files.clone(),
            None => (
                shared_file("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
                shared_file("AWS_CONFIG_FILE", "config"),
            ),
        }
    }

    fn load(&self) -> Result<Credentials, CredentialsError> {
        let profile = selected_profile(self.profile.as_deref());
        let (credentials_file, config_file) = self.paths();
        let mut looked = Vec::new();
        for (path, is_config) in [(credentials_file, false), (config_file, true)] {
            let Some(path) = path else { continue };
            looked.push(path.display().to_string());
            let Some(properties) = read_profile(&path, is_config, &profile) else {
                continue;
            };
            let id = properties
                .get("aws_access_key_id")
                .filter(|v| !v.is_empty());
            let secret = properties
                .get("aws_secret_access_key")
                .filter(|v| !v.is_empty());
            if let (Some(id), Some(secret)) = (id, secret) {
                return Ok(Credentials::new(
                    id.clone(),
                    secret.clone(),
                    properties.get("aws_session_token").cloned(),
                ));
            }
        }
        Err(CredentialsError::new(format!(
            "profile `{profile}`: no aws_access_key_id/aws_secret_access_key in {}",
            if looked.is_empty() {
                "any shared file (no home directory)".to_string()
            } else {
                looked.join(" or ")
            }
        )))
    }
}

fn read_profile(path: &Path, is_config: bool, profile: &str) -> Option<HashMap<String, String>> {
    let text = std::fs::read_to_string(path).ok()?;
    parse_profile_file(&text, is_config).remove(profile)
}

impl ProvideCredentials for ProfileCredentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(std::future::ready(self.load()))
    }
}

/// The default chain: the environment, then the shared profile files.
#[derive(Debug, Clone, Default)]
pub struct DefaultCredentialsChain {
    profile: ProfileCredentials,
}

impl DefaultCredentialsChain {
    /// The chain, reading `profile` (or `AWS_PROFILE`, or `default`) from the shared files.
    pub fn new(profile: Option<String>) -> Self {
        DefaultCredentialsChain {
            profile: ProfileCredentials::new(profile),
        }
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let result = EnvironmentCredentials::load().or_else(|env_error| {
            self.profile.load().map_err(|profile_error| {
                CredentialsError::new(format!(
                    "no AWS credentials found: {env_error}; {profile_error}"
                ))
            })
        });
        Box::pin(std::future::ready(result))
    }
}

/// The region from `AWS_REGION`, then `AWS_DEFAULT_REGION`, then `region` of the profile (given,
/// else `AWS_PROFILE`, else `default`) in the shared config file.
pub fn region_from_environment(profile: Option<&str>) -> Option<String> {
    non_empty_env("AWS_REGION")
        .or_else(|| non_empty_env("AWS_DEFAULT_REGION"))
        .or_else(|| {
            let path = shared_file("AWS_CONFIG_FILE", "config")?;
            read_profile(&path, true, &selected_profile(profile))?
                .remove("region")
                .filter(|r| !r.is_empty())
        })
}

/// The full `aws-config` default credentials chain (environment, profiles with SSO and
/// `credential_process`, web identity, ECS and IMDS), for users who need more than this crate's
/// own providers.
#[cfg(feature = "aws-config")]
#[derive(Debug, Clone)]
pub struct AwsConfigCredentials {
    provider: aws_credential_types::provider::SharedCredentialsProvider,
}

#[cfg(feature = "aws-config")]
impl AwsConfigCredentials {
    /// Loads the default chain (`aws_config::load_defaults`).
    pub async fn load() -> Result<Self, CredentialsError> {
        let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        let provider = config.credentials_provider().ok_or_else(|| {
            CredentialsError::new("aws-config: the default chain has no credentials provider")
        })?;
        Ok(AwsConfigCredentials { provider })
    }
}

#[cfg(feature = "aws-config")]
impl ProvideCredentials for AwsConfigCredentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        use aws_credential_types::provider::ProvideCredentials as _;
        Box::pin(async move {
            let c = self
                .provider
                .provide_credentials()
                .await
                .map_err(|e| CredentialsError::new(format!("aws-config: {e}")))?;
            let mut credentials = Credentials::new(
                c.access_key_id(),
                c.secret_access_key(),
                c.session_token().map(str::to_string),
            );
            if let Some(expiry) = c.expiry() {
                credentials = credentials.with_expiry(expiry);
            }
            Ok(credentials)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_file(name: &str, text: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("awsjson-creds-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write");
        path
    }

    fn block_on<T>(f: BoxFuture<'_, T>) -> T {
        // The providers here are ready futures; poll once with a no-op waker.
        let waker = std::task::Waker::noop();
        let mut cx = std::task::Context::from_waker(waker);
        let mut f = f;
        match f.as_mut().poll(&mut cx) {
            std::task::Poll::Ready(v) => v,
            std::task::Poll::Pending => panic!("provider future was not ready"),
        }
    }

    #[test]
    fn debug_redacts_secrets() {
        let c = Credentials::new("AKID", "very-secret", Some("session-secret".to_string()));
        let debug = format!("{c:?}");
        assert!(debug.contains("AKID"));
        assert!(
            !debug.contains("very-secret") && !debug.contains("session-secret"),
            "{debug}"
        );
        assert_eq!(
            Credentials::new("a", "b", Some(String::new())).session_token(),
            None
        );
    }

    #[test]
    fn profiles_from_both_files() {
        let credentials = temp_file(
            "credentials",
            "# comment\n[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = secret1 ; trailing\n\n[work]\nAWS_ACCESS_KEY_ID=AKIDWORK\naws_secret_access_key=secret2\naws_session_token = token2\n",
        );
        let config = temp_file(
            "config",
            "[default]\nregion = eu-west-1\n[profile other]\naws_access_key_id = AKIDOTHER\naws_secret_access_key = secret3\ns3 =\n  max_concurrent_requests = 10\n[profilebroken]\naws_access_key_id = NOPE\n",
        );
        let load = |profile: &str| {
            block_on(
                ProfileCredentials::with_files(
                    Some(profile.to_string()),
                    Some(credentials.clone()),
                    Some(config.clone()),
                )
                .provide_credentials(),
            )
        };
        let default = load("default").expect("default profile");
        assert_eq!(
            (default.access_key_id(), default.secret_access_key()),
            ("AKIDDEFAULT", "secret1")
        );
        let work = load("work").expect("work profile");
        assert_eq!(work.session_token(), Some("token2"));
        assert_eq!(
            load("other").expect("config profile").access_key_id(),
            "AKIDOTHER"
        );
        let err = load("profilebroken").expect_err("not a profile section");
        assert!(err.to_string().contains("profile `profilebroken`"), "{err}");
        assert!(err.to_string().contains("credentials"), "{err}");
        let sections = parse_profile_file(&std::fs::read_to_string(&config).unwrap(), true);
        assert_eq!(sections["default"]["region"], "eu-west-1");
        assert!(!sections["other"].contains_key("max_concurrent_requests"));
    }
}
