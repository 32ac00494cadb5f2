//! Where signing credentials (and the default region) come from: static values, the environment,
//! the shared `~/.aws/credentials` / `~/.aws/config` profile files, or the default chain of those.
//! With the `aws-config` feature, `AwsConfigCredentials` wraps the full `aws-config` chain
//! (SSO, assume-role, `credential_process`, web identity, ECS and EC2 instance metadata).
//!
//! The shared files are read the way the AWS CLI and SDKs read them:
//!
//! - `[name]` starts a profile in the credentials file; the config file uses `[profile name]`,
//!   except for `[default]` (`[profile default]` is accepted too and wins over `[default]`). Other
//!   config sections (`[sso-session x]`, `[services x]`, a bare `[name]`) are not profiles.
//! - `key = value` lines; keys are case-insensitive, profile names are case-sensitive, spaces and
//!   tabs around keys and values are ignored, and a profile that appears twice is merged (later
//!   keys win).
//! - Lines starting with `#` or `;` are comments; in a value, `#` or `;` starts a comment only
//!   after a space or tab (`key = value ; comment`); after a section header, anywhere.
//! - A line indented deeper than the property line above it continues that property
//!   (sub-properties such as `s3 =` followed by `  max_concurrent_requests = 10`); any other
//!   line is a property of its own, so uniformly indented properties are fine.
//! - For one profile, the credentials file wins over the config file: the first file whose
//!   profile has `aws_access_key_id` supplies the key, the secret and the session token.
//!
//! A file that cannot be parsed (a property before any section, a line without `=`, a header
//! without `]`) is an error naming the file and line, as it is for the AWS CLI.

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

/// A boxed, sendable future, as [`ProvideCredentials`] returns.
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

    /// The access key id (`AKIA...` or `ASIA...`).
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

    /// When temporary credentials stop working, if known.
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

/// Why credentials (or a region) could not be found; the message says where it looked.
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

    /// The message, as `Display` shows it.
    pub fn message(&self) -> &str {
        &self.message
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

/// Static credentials provide themselves.
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(std::future::ready(Ok(self.clone())))
    }
}

/// Reads one environment variable; empty (or non-UTF-8) values count as unset. Everything that
/// reads the environment goes through one of these so tests can pass a fake one.
type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// What one source of credentials found, short of credentials.
#[derive(Debug)]
enum Miss {
    /// Nothing there; the text says where it looked. The chain goes on.
    NotFound(String),
    /// Something there but broken (half a key pair, a file that does not parse). The chain stops:
    /// going on would silently sign as someone else.
    Invalid(CredentialsError),
}

impl Miss {
    fn into_error(self) -> CredentialsError {
        match self {
            Miss::NotFound(message) => CredentialsError::new(message),
            Miss::Invalid(error) => error,
        }
    }
}

/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` (empty
/// values count as unset), read on every call.
///
/// An access key id without a secret key is an error; a secret key without an access key id counts
/// as no credentials (as in the AWS CLI).
#[derive(Debug, Clone, Copy, Default)]
pub struct EnvironmentCredentials;

impl EnvironmentCredentials {
    /// The provider.
    pub fn new() -> Self {
        EnvironmentCredentials
    }

    fn lookup(env: Env<'_>) -> Result<Credentials, Miss> {
        match (env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY")) {
            (Some(id), Some(secret)) => Ok(Credentials::new(id, secret, env("AWS_SESSION_TOKEN"))),
            (Some(_), None) => Err(Miss::Invalid(CredentialsError::new(
                "environment: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
            ))),
            (None, Some(_)) => Err(Miss::NotFound(
                "environment: AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not".into(),
            )),
            (None, None) => Err(Miss::NotFound(
                "environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set".into(),
            )),
        }
    }
}

impl ProvideCredentials for EnvironmentCredentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let result = Self::lookup(&process_env).map_err(Miss::into_error);
        Box::pin(std::future::ready(result))
    }
}

// ---------------------------------------------------------------------------------------------
// Shared profile files

/// Spaces and tabs: the only whitespace the shared-file format knows.
const WHITESPACE: &[char] = &[' ', '\t'];
const COMMENT: &[char] = &['#', ';'];

/// Which shared file a text comes from: they name profile sections differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Credentials,
    Config,
}

impl FileKind {
    fn label(self) -> &'static str {
        match self {
            FileKind::Credentials => "shared credentials file",
            FileKind::Config => "shared config file",
        }
    }
}

/// Properties of one profile: lowercase key -> value.
type Properties = HashMap<String, String>;

/// One parsed shared file.
#[derive(Debug, Default)]
struct ProfileFile {
    /// Profiles by name.
    profiles: HashMap<String, Properties>,
    /// Config-file sections `[name]` without the `profile` prefix (for a hint in errors).
    unprefixed: Vec<String>,
}

/// Where the properties of the current section go.
enum Target {
    /// Before the first section header.
    Nowhere,
    /// A profile.
    Profile(String),
    /// `[default]` in the config file: used only when there is no `[profile default]`.
    UnprefixedDefault,
    /// A section that is not a profile (`[sso-session x]`, `[services x]`, a bare `[x]` in the
    /// config file): parsed, then dropped.
    Other,
}

/// Cuts a trailing comment. In a property value a comment must follow a space or tab (so
/// `a=b#c` keeps `b#c`); in a section header it may start anywhere after the `[`.
fn strip_comment(line: &str, needs_whitespace: bool) -> &str {
    let mut previous_was_space = false;
    for (index, c) in line.char_indices() {
        if COMMENT.contains(&c) && (previous_was_space || !needs_whitespace) {
            return line[..index].trim_matches(WHITESPACE);
        }
        previous_was_space = WHITESPACE.contains(&c);
    }
    line.trim_matches(WHITESPACE)
}

fn section_target(name: &str, kind: FileKind, file: &mut ProfileFile) -> Target {
    if name.is_empty() {
        return Target::Other;
    }
    match kind {
        FileKind::Credentials => Target::Profile(name.to_string()),
        FileKind::Config => {
            if name == "default" {
                return Target::UnprefixedDefault;
            }
            match name.split_once(WHITESPACE) {
                Some(("profile", rest)) if !rest.trim_matches(WHITESPACE).is_empty() => {
                    Target::Profile(rest.trim_matches(WHITESPACE).to_string())
                }
                Some(_) => Target::Other,
                None => {
                    file.unprefixed.push(name.to_string());
                    Target::Other
                }
            }
        }
    }
}

/// The property map the current section writes to (`None` before the first header).
fn section_properties<'a>(
    target: &Target,
    file: &'a mut ProfileFile,
    unprefixed_default: &'a mut Option<Properties>,
    other: &'a mut Properties,
) -> Option<&'a mut Properties> {
    match target {
        Target::Nowhere => None,
        Target::Profile(name) => Some(file.profiles.entry(name.clone()).or_default()),
        Target::UnprefixedDefault => Some(unprefixed_default.get_or_insert_with(Properties::new)),
        Target::Other => Some(other),
    }
}

/// Parses a shared credentials or config file (rules in the module docs). `Err` is
/// `line N: what is wrong`.
fn parse_profile_file(text: &str, kind: FileKind) -> Result<ProfileFile, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut file = ProfileFile::default();
    let mut unprefixed_default: Option<Properties> = None;
    // Properties of sections that are not profiles, checked for syntax and then dropped.
    let mut other = Properties::new();
    let mut target = Target::Nowhere;
    // The last property of the current section and its line's indentation: lines indented
    // deeper continue it.
    let mut open_property: Option<(String, usize)> = None;

    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let line = raw.trim_matches(WHITESPACE);
        if line.is_empty() || line.starts_with(COMMENT) {
            continue;
        }
        let indent = raw.len() - raw.trim_start_matches(WHITESPACE).len();
        if let Some((key, _)) = open_property.as_ref().filter(|(_, open)| indent > *open) {
            let properties =
                section_properties(&target, &mut file, &mut unprefixed_default, &mut other);
            if let Some(value) = properties.and_then(|p| p.get_mut(key)) {
                value.push('\n');
                value.push_str(line);
            }
            continue;
        }
        if line.starts_with('[') {
            let name = strip_comment(line, false)
                .strip_prefix('[')
                .and_then(|h| h.strip_suffix(']'))
                .ok_or_else(|| format!("line {number}: a section header must end with `]`"))?;
            target = section_target(name.trim_matches(WHITESPACE), kind, &mut file);
            if let Target::Profile(name) = &target {
                file.profiles.entry(name.clone()).or_default();
            }
            open_property = None;
            continue;
        }
        let Some(properties) =
            section_properties(&target, &mut file, &mut unprefixed_default, &mut other)
        else {
            return Err(format!(
                "line {number}: a property before the first `[section]` header"
            ));
        };
        let (key, value) = strip_comment(line, true)
            .split_once('=')
            .ok_or_else(|| format!("line {number}: expected `name = value`"))?;
        let key = key.trim_matches(WHITESPACE).to_ascii_lowercase();
        if key.is_empty() {
            return Err(format!("line {number}: a property without a name"));
        }
        properties.insert(key.clone(), value.trim_matches(WHITESPACE).to_string());
        open_property = Some((key, indent));
    }
    if let Some(default) = unprefixed_default {
        file.profiles
            .entry("default".to_string())
            .or_insert(default);
    }
    Ok(file)
}

/// Reads and parses one shared file; `Ok(None)` when it does not exist.
fn read_profile_file(path: &Path, kind: FileKind) -> Result<Option<ProfileFile>, CredentialsError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(CredentialsError::new(format!(
                "cannot read the {} {}: {e}",
                kind.label(),
                path.display()
            )))
        }
    };
    parse_profile_file(&text, kind).map(Some).map_err(|e| {
        CredentialsError::new(format!(
            "cannot parse the {} {}: {e}",
            kind.label(),
            path.display()
        ))
    })
}

/// Why [`home_dir`] found nothing.
const NO_HOME: &str = if cfg!(windows) {
    "HOME, USERPROFILE and HOMEDRIVE/HOMEPATH are not set"
} else {
    "HOME is not set"
};

/// `HOME`, else (on Windows) `USERPROFILE`, else `HOMEDRIVE` + `HOMEPATH`.
fn home_dir(env: Env<'_>) -> Option<PathBuf> {
    if let Some(home) = env("HOME") {
        return Some(PathBuf::from(home));
    }
    if cfg!(windows) {
        if let Some(profile) = env("USERPROFILE") {
            return Some(PathBuf::from(profile));
        }
        if let (Some(drive), Some(path)) = (env("HOMEDRIVE"), env("HOMEPATH")) {
            return Some(PathBuf::from(format!("{drive}{path}")));
        }
    }
    None
}

/// `var` (with a leading `~` expanded) if set, else `~/.aws/<default_name>`; `None` when that
/// needs a home directory and there is none.
fn shared_file_path(env: Env<'_>, var: &str, default_name: &str) -> Option<PathBuf> {
    match env(var) {
        Some(path) => {
            let rest = if path == "~" {
                Some("")
            } else {
                path.strip_prefix("~/")
                    .or_else(|| path.strip_prefix("~\\").filter(|_| cfg!(windows)))
            };
            match (rest, home_dir(env)) {
                (Some(rest), Some(home)) => Some(home.join(rest)),
                _ => Some(PathBuf::from(path)),
            }
        }
        None => home_dir(env).map(|home| home.join(".aws").join(default_name)),
    }
}

fn credentials_file_path(env: Env<'_>) -> Option<PathBuf> {
    shared_file_path(env, "AWS_SHARED_CREDENTIALS_FILE", "credentials")
}

fn config_file_path(env: Env<'_>) -> Option<PathBuf> {
    shared_file_path(env, "AWS_CONFIG_FILE", "config")
}

/// The profile given, else `AWS_PROFILE`, else `default`.
fn selected_profile(profile: Option<&str>, env: Env<'_>) -> String {
    profile
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .or_else(|| env("AWS_PROFILE"))
        .unwrap_or_else(|| "default".to_string())
}

/// Keys of profiles that get credentials some other way than a static key pair.
const OTHER_SOURCES: &[&str] = &[
    "role_arn",
    "credential_process",
    "sso_session",
    "sso_start_url",
    "web_identity_token_file",
    "login_session",
];

/// The key pair of one profile; `None` when it has no `aws_access_key_id`.
fn profile_credentials(properties: &Properties) -> Option<Result<Credentials, &'static str>> {
    let get = |key: &str| properties.get(key).filter(|v| !v.is_empty()).cloned();
    let id = get("aws_access_key_id")?;
    Some(match get("aws_secret_access_key") {
        Some(secret) => Ok(Credentials::new(id, secret, get("aws_session_token"))),
        None => Err("aws_access_key_id is set but aws_secret_access_key is not"),
    })
}

/// How long credentials read from the shared files are reused before the files are read again.
const PROFILE_REFRESH: Duration = Duration::from_secs(5 * 60);
/// Credentials that expire are fetched again this long before they do.
const EXPIRY_BUFFER: Duration = Duration::from_secs(5 * 60);

/// The last credentials a provider returned, and when to stop reusing them.
#[derive(Default)]
struct CredentialsCache(Mutex<Option<(Credentials, Instant)>>);

impl CredentialsCache {
    fn get(&self) -> Option<Credentials> {
        let cached = self.0.lock().unwrap_or_else(|e| e.into_inner());
        match &*cached {
            Some((credentials, refresh_at)) if Instant::now() < *refresh_at => {
                Some(credentials.clone())
            }
            _ => None,
        }
    }

    /// Keeps `credentials` for `ttl`, or until [`EXPIRY_BUFFER`] before they expire.
    fn put(&self, credentials: &Credentials, ttl: Duration) {
        let ttl = match credentials.expires_after() {
            Some(expiry) => expiry
                .duration_since(SystemTime::now())
                .unwrap_or_default()
                .saturating_sub(EXPIRY_BUFFER)
                .min(ttl),
            None => ttl,
        };
        let mut cached = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *cached = (!ttl.is_zero()).then(|| (credentials.clone(), Instant::now() + ttl));
    }
}

impl fmt::Debug for CredentialsCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CredentialsCache")
    }
}

/// Credentials from a profile of the shared files: `~/.aws/credentials` and `~/.aws/config`, or
/// the files `AWS_SHARED_CREDENTIALS_FILE` / `AWS_CONFIG_FILE` name (home is `HOME`, or
/// `USERPROFILE` on Windows). The profile is the one given, else `AWS_PROFILE`, else `default`;
/// the credentials file wins over the config file. See the [module docs](self) for the format.
///
/// Only static key pairs (`aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`) are
/// read; profiles using `role_arn`, SSO or `credential_process` need `AwsConfigCredentials`
/// (feature `aws-config`). Found credentials are reused for five minutes before the files are
/// read again; failures are not cached.
#[derive(Debug, Clone, Default)]
pub struct ProfileCredentials {
    profile: Option<String>,
    /// Explicit `(credentials file, config file)`; `None` resolves them from the environment.
    files: Option<(Option<PathBuf>, Option<PathBuf>)>,
    cache: Arc<CredentialsCache>,
}

impl ProfileCredentials {
    /// Reads `profile` (else `AWS_PROFILE`, else `default`) from the usual files.
    pub fn new(profile: Option<String>) -> Self {
        ProfileCredentials {
            profile,
            files: None,
            cache: Arc::default(),
        }
    }

    /// Reads `profile` (else `AWS_PROFILE`, else `default`) from exactly these files, ignoring
    /// `AWS_SHARED_CREDENTIALS_FILE`, `AWS_CONFIG_FILE` and the home directory; `None` skips that
    /// file.
    pub fn with_files(
        profile: Option<String>,
        credentials_file: Option<PathBuf>,
        config_file: Option<PathBuf>,
    ) -> Self {
        ProfileCredentials {
            profile,
            files: Some((credentials_file, config_file)),
            cache: Arc::default(),
        }
    }

    fn lookup(&self, env: Env<'_>) -> Result<Credentials, Miss> {
        if let Some(credentials) = self.cache.get() {
            return Ok(credentials);
        }
        let credentials = self.read(env)?;
        self.cache.put(&credentials, PROFILE_REFRESH);
        Ok(credentials)
    }

    fn read(&self, env: Env<'_>) -> Result<Credentials, Miss> {
        let profile = selected_profile(self.profile.as_deref(), env);
        let (credentials_file, config_file) = match &self.files {
            Some((credentials, config)) => (credentials.clone(), config.clone()),
            None => (credentials_file_path(env), config_file_path(env)),
        };
        let mut looked = Vec::new();
        for (path, kind) in [
            (credentials_file, FileKind::Credentials),
            (config_file, FileKind::Config),
        ] {
            let Some(path) = path else {
                if self.files.is_none() {
                    looked.push(format!(
                        "the {} (no home directory: {NO_HOME})",
                        kind.label()
                    ));
                }
                continue;
            };
            let shown = path.display();
            let Some(mut file) = read_profile_file(&path, kind).map_err(Miss::Invalid)? else {
                looked.push(format!("{shown} (not found)"));
                continue;
            };
            let Some(properties) = file.profiles.remove(&profile) else {
                looked.push(if file.unprefixed.contains(&profile) {
                    format!(
                        "{shown} (has `[{profile}]`, but the config file needs `[profile {profile}]`)"
                    )
                } else {
                    format!("{shown} (no profile `{profile}`)")
                });
                continue;
            };
            match profile_credentials(&properties) {
                Some(Ok(credentials)) => return Ok(credentials),
                Some(Err(problem)) => {
                    return Err(Miss::Invalid(CredentialsError::new(format!(
                        "profile `{profile}` in {shown}: {problem}"
                    ))))
                }
                None => {
                    let other = OTHER_SOURCES.iter().find(|k| properties.contains_key(**k));
                    looked.push(match other {
                        Some(key) => format!(
                            "{shown} (profile `{profile}` uses `{key}`, which needs the \
                             `aws-config` feature's AwsConfigCredentials)"
                        ),
                        None => format!("{shown} (profile `{profile}` has no aws_access_key_id)"),
                    });
                }
            }
        }
        if looked.is_empty() {
            looked.push("no files".to_string());
        }
        Err(Miss::NotFound(format!(
            "profile `{profile}`: no credentials in {}",
            looked.join(", ")
        )))
    }
}

impl ProvideCredentials for ProfileCredentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let result = self.lookup(&process_env).map_err(Miss::into_error);
        Box::pin(std::future::ready(result))
    }
}

/// The default chain: [`EnvironmentCredentials`], then [`ProfileCredentials`]. A source that is
/// present but broken (an access key id without a secret) stops the chain with its error;
/// otherwise the error lists what each source tried.
#[derive(Debug, Clone, Default)]
pub struct DefaultCredentialsChain {
    profile: ProfileCredentials,
}

impl DefaultCredentialsChain {
    /// The chain, reading `profile` (else `AWS_PROFILE`, else `default`) from the shared files.
    pub fn new(profile: Option<String>) -> Self {
        DefaultCredentialsChain {
            profile: ProfileCredentials::new(profile),
        }
    }

    /// The chain with this profile provider (for example one from
    /// [`ProfileCredentials::with_files`]).
    pub fn with_profile(profile: ProfileCredentials) -> Self {
        DefaultCredentialsChain { profile }
    }

    fn lookup(&self, env: Env<'_>) -> Result<Credentials, CredentialsError> {
        let from_env = match EnvironmentCredentials::lookup(env) {
            Ok(credentials) => return Ok(credentials),
            Err(Miss::Invalid(e)) => return Err(e),
            Err(Miss::NotFound(tried)) => tried,
        };
        match self.profile.lookup(env) {
            Ok(credentials) => Ok(credentials),
            Err(Miss::Invalid(e)) => Err(e),
            Err(Miss::NotFound(tried)) => Err(CredentialsError::new(format!(
                "no AWS credentials found: {from_env}; {tried} (SSO, assume-role, web identity \
                 and instance metadata need the `aws-config` feature's AwsConfigCredentials)"
            ))),
        }
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(std::future::ready(self.lookup(&process_env)))
    }
}

/// The region from `AWS_REGION`, then `AWS_DEFAULT_REGION`, then `region` of the profile (given,
/// else `AWS_PROFILE`, else `default`) in the shared config file (`AWS_CONFIG_FILE`, else
/// `~/.aws/config`). A config file that is missing or does not parse counts as no region.
pub fn region_from_environment(profile: Option<&str>) -> Option<String> {
    region_lookup(profile, &process_env)
}

fn region_lookup(profile: Option<&str>, env: Env<'_>) -> Option<String> {
    env("AWS_REGION")
        .or_else(|| env("AWS_DEFAULT_REGION"))
        .or_else(|| {
            let path = config_file_path(env)?;
            let mut file = read_profile_file(&path, FileKind::Config).ok()??;
            file.profiles
                .remove(&selected_profile(profile, env))?
                .remove("region")
                .filter(|region| !region.is_empty())
        })
}

#[cfg(feature = "aws-config")]
mod aws_config_chain {
    use super::*;
    use aws_credential_types::provider::{ProvideCredentials as _, SharedCredentialsProvider};

    /// Credentials that do not say when they expire are fetched again after this long.
    const REFRESH: Duration = Duration::from_secs(15 * 60);

    /// The full `aws-config` default credentials chain (environment, profiles with SSO,
    /// assume-role and `credential_process`, web identity, ECS and EC2 instance metadata), for
    /// users who need more than this crate's own providers. Credentials are reused until five
    /// minutes before they expire (fifteen minutes when they do not say).
    #[derive(Debug, Clone)]
    pub struct AwsConfigCredentials {
        provider: Option<SharedCredentialsProvider>,
        pub(super) cache: Arc<CredentialsCache>,
    }

    impl AwsConfigCredentials {
        /// Loads the default chain with `aws_config::load_defaults(BehaviorVersion::latest())`.
        /// Call it inside a tokio runtime.
        pub async fn load() -> Self {
            let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
            Self::from_sdk_config(&config)
        }

        /// The credentials provider of an already loaded `aws-config` configuration.
        pub fn from_sdk_config(config: &aws_config::SdkConfig) -> Self {
            AwsConfigCredentials {
                provider: config.credentials_provider(),
                cache: Arc::default(),
            }
        }
    }

    impl ProvideCredentials for AwsConfigCredentials {
        fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
            Box::pin(async move {
                if let Some(credentials) = self.cache.get() {
                    return Ok(credentials);
                }
                let provider = self.provider.as_ref().ok_or_else(|| {
                    CredentialsError::new(
                        "aws-config: the configuration has no credentials provider",
                    )
                })?;
                let found = provider.provide_credentials().await.map_err(|e| {
                    CredentialsError::new(format!("aws-config: {}", error_chain(&e)))
                })?;
                let mut credentials = Credentials::new(
                    found.access_key_id(),
                    found.secret_access_key(),
                    found.session_token().map(str::to_string),
                );
                if let Some(expiry) = found.expiry() {
                    credentials = credentials.with_expiry(expiry);
                }
                self.cache.put(&credentials, REFRESH);
                Ok(credentials)
            })
        }
    }

    /// An error and its sources, `: `-separated (the `aws-config` errors put the useful part in
    /// the source).
    fn error_chain(error: &dyn std::error::Error) -> String {
        let mut text = error.to_string();
        let mut source = error.source();
        while let Some(e) = source {
            text.push_str(": ");
            text.push_str(&e.to_string());
            source = e.source();
        }
        text
    }
}

#[cfg(feature = "aws-config")]
pub use aws_config_chain::AwsConfigCredentials;

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| vars.get(name).filter(|v| !v.is_empty()).cloned()
    }

    /// A fresh directory under the system temp dir, removed on drop.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(name: &str) -> Self {
            let dir = std::env::temp_dir()
                .join(format!("awsjson-credentials-{}-{name}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).expect("create temp dir");
            TempDir(dir)
        }

        fn file(&self, name: &str, text: &str) -> PathBuf {
            let path = self.0.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("create dir");
            }
            std::fs::write(&path, text).expect("write temp file");
            path
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn parse(text: &str, kind: FileKind) -> HashMap<String, Properties> {
        parse_profile_file(text, kind).expect("parses").profiles
    }

    #[test]
    fn comments_whitespace_and_key_case() {
        let p = parse(
            "\u{feff}# full-line comment\n; another\n[default] ; header comment\n\
             AWS_Access_Key_ID\t=\tAKID   \naws_secret_access_key=se#cret ; inline\n\
             aws_session_token = tok # inline\n   \n[ spaced ]\nregion=eu-west-1\r\n",
            FileKind::Credentials,
        );
        assert_eq!(p["default"]["aws_access_key_id"], "AKID");
        assert_eq!(p["default"]["aws_secret_access_key"], "se#cret");
        assert_eq!(p["default"]["aws_session_token"], "tok");
        assert_eq!(p["spaced"]["region"], "eu-west-1");
    }

    #[test]
    fn config_sections() {
        let p = parse(
            "[default]\nregion = us-west-2\n[profile work]\nregion = eu-central-1\n\
             [profile\tTabbed ]\nregion = ap-south-1\n[plain]\nregion = nope\n\
             [profilex]\nregion = nope\n[sso-session corp]\nsso_region = us-east-1\n\
             [services dev]\ns3 =\n  endpoint_url = http://localhost\n",
            FileKind::Config,
        );
        let mut names: Vec<_> = p.keys().cloned().collect();
        names.sort();
        assert_eq!(names, ["Tabbed", "default", "work"]);
        assert_eq!(p["work"]["region"], "eu-central-1");
    }

    #[test]
    fn prefixed_default_wins_over_plain_default() {
        let text = "[profile default]\nregion = a\n[default]\nregion = b\noutput = json\n";
        let p = parse(text, FileKind::Config);
        assert_eq!(p["default"]["region"], "a");
        assert!(!p["default"].contains_key("output"));
        // In the credentials file `profile default` is just a (different) name.
        let p = parse(text, FileKind::Credentials);
        assert_eq!(p["default"]["region"], "b");
        assert_eq!(p["profile default"]["region"], "a");
    }

    #[test]
    fn continuation_lines_and_merging() {
        let p = parse(
            "[default]\ns3 =\n  max_concurrent_requests = 10\n  region = not-this\nregion = us-east-1\n\
             [other]\n  indented = uniformly indented\n  second = also a property\n    deeper = more\n\
             [default]\noutput = json\nregion = eu-west-3\n",
            FileKind::Credentials,
        );
        assert_eq!(
            p["default"]["s3"],
            "\nmax_concurrent_requests = 10\nregion = not-this"
        );
        assert_eq!(p["default"]["region"], "eu-west-3");
        assert_eq!(p["default"]["output"], "json");
        assert_eq!(p["other"]["indented"], "uniformly indented");
        assert_eq!(p["other"]["second"], "also a property\ndeeper = more");
    }

    #[test]
    fn syntax_errors_name_the_line() {
        for (text, message) in [
            (
                "region = x\n",
                "line 1: a property before the first `[section]` header",
            ),
            (
                "[default]\n\nnot a property\n",
                "line 3: expected `name = value`",
            ),
            ("[default\n", "line 1: a section header must end with `]`"),
            ("[default]\n = x\n", "line 2: a property without a name"),
        ] {
            assert_eq!(
                parse_profile_file(text, FileKind::Config).unwrap_err(),
                message
            );
        }
    }

    #[test]
    fn environment_credentials() {
        let found = EnvironmentCredentials::lookup(&env_of(&[
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "secret"),
            ("AWS_SESSION_TOKEN", ""),
        ]))
        .expect("found");
        assert_eq!(found, Credentials::new("AKID", "secret", None));
        assert!(matches!(
            EnvironmentCredentials::lookup(&env_of(&[("AWS_ACCESS_KEY_ID", "AKID")])),
            Err(Miss::Invalid(_))
        ));
        assert!(matches!(
            EnvironmentCredentials::lookup(&env_of(&[
                ("AWS_ACCESS_KEY_ID", ""),
                ("AWS_SECRET_ACCESS_KEY", "secret")
            ])),
            Err(Miss::NotFound(_))
        ));
    }

    #[test]
    fn chain_prefers_the_environment_then_the_profile() {
        let dir = TempDir::new("chain");
        let credentials = dir.file(
            "credentials",
            "[default]\naws_access_key_id = FILE\naws_secret_access_key = s\n",
        );
        let chain = || {
            DefaultCredentialsChain::with_profile(ProfileCredentials::with_files(
                None,
                Some(credentials.clone()),
                None,
            ))
        };
        let env = env_of(&[("AWS_ACCESS_KEY_ID", "ENV"), ("AWS_SECRET_ACCESS_KEY", "s")]);
        assert_eq!(chain().lookup(&env).unwrap().access_key_id(), "ENV");
        assert_eq!(
            chain().lookup(&env_of(&[])).unwrap().access_key_id(),
            "FILE"
        );

        // A broken environment stops the chain.
        let err = chain()
            .lookup(&env_of(&[("AWS_ACCESS_KEY_ID", "ENV")]))
            .unwrap_err();
        assert!(
            err.message().contains("AWS_SECRET_ACCESS_KEY is not"),
            "{err}"
        );

        // Nothing anywhere: the error lists both sources.
        let err = chain()
            .lookup(&env_of(&[("AWS_PROFILE", "missing")]))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set"),
            "{err}"
        );
        assert!(err.contains("profile `missing`"), "{err}");
        assert!(err.contains(&credentials.display().to_string()), "{err}");
    }

    #[test]
    fn file_locations_from_the_environment() {
        let env = env_of(&[("HOME", "/home/me")]);
        assert_eq!(
            credentials_file_path(&env),
            Some(PathBuf::from("/home/me/.aws/credentials"))
        );
        assert_eq!(
            config_file_path(&env),
            Some(PathBuf::from("/home/me/.aws/config"))
        );
        let env = env_of(&[
            ("HOME", "/home/me"),
            ("AWS_SHARED_CREDENTIALS_FILE", "~/creds"),
            ("AWS_CONFIG_FILE", "/etc/aws/config"),
        ]);
        assert_eq!(
            credentials_file_path(&env),
            Some(PathBuf::from("/home/me/creds"))
        );
        assert_eq!(
            config_file_path(&env),
            Some(PathBuf::from("/etc/aws/config"))
        );
        if !cfg!(windows) {
            assert_eq!(
                credentials_file_path(&env_of(&[("USERPROFILE", "x")])),
                None
            );
        }
        assert_eq!(selected_profile(None, &env_of(&[])), "default");
        assert_eq!(
            selected_profile(None, &env_of(&[("AWS_PROFILE", "work")])),
            "work"
        );
        assert_eq!(
            selected_profile(Some("given"), &env_of(&[("AWS_PROFILE", "work")])),
            "given"
        );
    }

    #[test]
    fn profile_from_the_environment_files() {
        let dir = TempDir::new("env-files");
        let credentials = dir.file(
            "c",
            "[work]\naws_access_key_id = AKIDWORK\naws_secret_access_key = s\n",
        );
        let env = env_of(&[
            ("AWS_SHARED_CREDENTIALS_FILE", credentials.to_str().unwrap()),
            ("AWS_CONFIG_FILE", dir.0.join("absent").to_str().unwrap()),
            ("AWS_PROFILE", "work"),
        ]);
        let found = ProfileCredentials::new(None).lookup(&env).expect("found");
        assert_eq!(found.access_key_id(), "AKIDWORK");
    }

    #[test]
    fn region_lookup_order() {
        let dir = TempDir::new("region");
        let config = dir.file(
            "config",
            "[default]\nregion = eu-west-1\n[profile work]\nregion = ap-southeast-2\n[profile none]\nregion =\n",
        );
        let config = config.to_str().unwrap();
        let region = |vars: &[(&str, &str)], profile: Option<&str>| {
            let mut vars = vars.to_vec();
            vars.push(("AWS_CONFIG_FILE", config));
            region_lookup(profile, &env_of(&vars))
        };
        assert_eq!(region(&[], None).as_deref(), Some("eu-west-1"));
        assert_eq!(region(&[], Some("work")).as_deref(), Some("ap-southeast-2"));
        assert_eq!(
            region(&[("AWS_PROFILE", "work")], None).as_deref(),
            Some("ap-southeast-2")
        );
        assert_eq!(region(&[], Some("none")), None);
        assert_eq!(region(&[], Some("missing")), None);
        assert_eq!(
            region(&[("AWS_DEFAULT_REGION", "us-west-1")], Some("work")).as_deref(),
            Some("us-west-1")
        );
        assert_eq!(
            region(
                &[
                    ("AWS_DEFAULT_REGION", "us-west-1"),
                    ("AWS_REGION", "us-east-2")
                ],
                None
            )
            .as_deref(),
            Some("us-east-2")
        );
        assert_eq!(region_lookup(None, &env_of(&[])), None);
    }

    #[cfg(feature = "aws-config")]
    #[test]
    fn aws_config_credentials_are_converted() {
        use aws_credential_types::provider::SharedCredentialsProvider;
        let block_on = |f: BoxFuture<'_, Result<Credentials, CredentialsError>>| {
            tokio::runtime::Builder::new_current_thread()
                .build()
                .expect("runtime")
                .block_on(f)
        };
        let expiry = SystemTime::now() + Duration::from_secs(3600);
        let config = aws_config::SdkConfig::builder()
            .credentials_provider(SharedCredentialsProvider::new(
                aws_credential_types::Credentials::new(
                    "AKID",
                    "secret",
                    Some("token".to_string()),
                    Some(expiry),
                    "test",
                ),
            ))
            .build();
        let provider = AwsConfigCredentials::from_sdk_config(&config);
        let expected =
            Credentials::new("AKID", "secret", Some("token".to_string())).with_expiry(expiry);
        assert_eq!(
            block_on(provider.provide_credentials()),
            Ok(expected.clone())
        );
        // Served from the cache the second time.
        assert_eq!(provider.cache.get(), Some(expected));
        let empty =
            AwsConfigCredentials::from_sdk_config(&aws_config::SdkConfig::builder().build());
        assert!(block_on(empty.provide_credentials()).is_err());
    }

    #[test]
    fn cache_respects_expiry() {
        let cache = CredentialsCache::default();
        let c = Credentials::new("a", "b", None);
        cache.put(&c, Duration::from_secs(60));
        assert_eq!(cache.get(), Some(c.clone()));
        // Expires within the buffer: not kept.
        let soon = c
            .clone()
            .with_expiry(SystemTime::now() + Duration::from_secs(60));
        cache.put(&soon, Duration::from_secs(60));
        assert_eq!(cache.get(), None);
        let later = c.with_expiry(SystemTime::now() + Duration::from_secs(3600));
        cache.put(&later, Duration::from_secs(60));
        assert_eq!(cache.get(), Some(later));
    }
}
