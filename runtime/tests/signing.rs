//! SigV4 signing against known answers from an independent implementation, and the credential
//! providers (static credentials, shared profile files) through the public API.
//!
//! The expected `authorization` values were computed with Python's `botocore` 1.44.8
//! (`python3 -m venv venv && venv/bin/pip install botocore`), and cross-checked against a
//! from-scratch SigV4 written with `hashlib`/`hmac` in the same script. Re-run it with
//! `venv/bin/python kat.py`; it prints one `authorization` value per case:
//!
//! ```text
//! import datetime, hashlib, hmac
//! from unittest import mock
//! from botocore.auth import SigV4Auth
//! from botocore.awsrequest import AWSRequest
//! from botocore.credentials import Credentials
//!
//! AKID, SECRET = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
//! TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQDexample+session/token=="
//! HOST = "partnercentral-selling.us-east-1.api.aws"
//! WHEN = datetime.datetime(2015, 8, 30, 12, 36, 0)  # naive UTC, as botocore's get_current_datetime
//!
//! def botocore_sign(body, target, token=None, extra=()):
//!     headers = {"host": HOST, "content-type": "application/x-amz-json-1.0", "x-amz-target": target}
//!     headers.update(dict(extra))
//!     req = AWSRequest(method="POST", url=f"https://{HOST}/", data=body.encode("utf-8"), headers=headers)
//!     with mock.patch("botocore.auth.get_current_datetime", return_value=WHEN):
//!         SigV4Auth(Credentials(AKID, SECRET, token), "partnercentral-selling", "us-east-1").add_auth(req)
//!     return req.headers["Authorization"]
//!
//! def manual_sign(body, target, token=None):
//!     amz_date, day = WHEN.strftime("%Y%m%dT%H%M%SZ"), WHEN.strftime("%Y%m%d")
//!     h = {"host": HOST, "content-type": "application/x-amz-json-1.0", "x-amz-target": target, "x-amz-date": amz_date}
//!     if token:
//!         h["x-amz-security-token"] = token
//!     names = sorted(h)
//!     canonical = "\n".join(["POST", "/", ""] + [f"{n}:{h[n].strip()}" for n in names] + ["", ";".join(names),
//!                           hashlib.sha256(body.encode("utf-8")).hexdigest()])
//!     scope = f"{day}/us-east-1/partnercentral-selling/aws4_request"
//!     sts = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
//!     k = ("AWS4" + SECRET).encode()
//!     for part in (day, "us-east-1", "partnercentral-selling", "aws4_request"):
//!         k = hmac.new(k, part.encode(), hashlib.sha256).digest()
//!     sig = hmac.new(k, sts.encode(), hashlib.sha256).hexdigest()
//!     return f"AWS4-HMAC-SHA256 Credential={AKID}/{scope}, SignedHeaders={';'.join(names)}, Signature={sig}"
//!
//! LIST = "AWSPartnerCentralSelling.ListOpportunities"
//! CASES = {
//!     "no_token": ('{"Catalog":"AWS"}', LIST, None, ()),
//!     "token": ('{"Catalog":"AWS"}', LIST, TOKEN, ()),
//!     "non_ascii": ('{"Catalog":"AWS","Title":"Café – 東京 ✓ 🚀"}', LIST, None, ()),
//!     "user_agent": ('{"Catalog":"Sandbox"}', LIST, None, (("user-agent", "awsjson-runtime/0.1"),)),
//! }
//! for name, (body, target, token, extra) in CASES.items():
//!     got = botocore_sign(body, target, token, extra)
//!     assert got == manual_sign(body, target, token), name
//!     print(name, got, sep="\n  ")
//! ```

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use awsjson_runtime::credentials::{
    Credentials, CredentialsError, ProfileCredentials, ProvideCredentials,
};
use awsjson_runtime::http::HttpRequest;
use awsjson_runtime::sign::sign_request;

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const SESSION_TOKEN: &str =
    "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQDexample+session/token==";
const HOST: &str = "partnercentral-selling.us-east-1.api.aws";
const LIST: &str = "AWSPartnerCentralSelling.ListOpportunities";
const SCOPE: &str = "AKIDEXAMPLE/20150830/us-east-1/partnercentral-selling/aws4_request";

/// 2015-08-30T12:36:00Z.
fn fixed_time() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_440_938_160)
}

fn request(target: &str, body: &str) -> HttpRequest {
    HttpRequest {
        method: "POST".to_string(),
        uri: format!("https://{HOST}/"),
        headers: vec![
            ("host".to_string(), HOST.to_string()),
            (
                "content-type".to_string(),
                "application/x-amz-json-1.0".to_string(),
            ),
            ("x-amz-target".to_string(), target.to_string()),
        ],
        body: body.as_bytes().to_vec(),
    }
}

fn sign(request: &mut HttpRequest, token: Option<&str>) {
    let credentials = Credentials::new(ACCESS_KEY, SECRET_KEY, token.map(str::to_string));
    sign_request(
        request,
        &credentials,
        "us-east-1",
        "partnercentral-selling",
        fixed_time(),
    )
    .expect("signs");
}

fn signed(target: &str, body: &str, token: Option<&str>) -> HttpRequest {
    let mut request = request(target, body);
    sign(&mut request, token);
    request
}

fn count(request: &HttpRequest, name: &str) -> usize {
    request.headers.iter().filter(|(n, _)| n == name).count()
}

#[test]
fn matches_botocore_without_a_session_token() {
    let r = signed(LIST, r#"{"Catalog":"AWS"}"#, None);
    assert_eq!(r.header("x-amz-date"), Some("20150830T123600Z"));
    assert_eq!(
        r.header("authorization").unwrap(),
        format!(
            "AWS4-HMAC-SHA256 Credential={SCOPE}, \
             SignedHeaders=content-type;host;x-amz-date;x-amz-target, \
             Signature=042f3b82afc15d72ac360562020100f6e7ab38b9de146a32a5f96858c63f32d6"
        )
    );
    assert_eq!(r.header("x-amz-security-token"), None);
    // The original headers and body are untouched.
    assert_eq!(r.header("x-amz-target"), Some(LIST));
    assert_eq!(r.body, br#"{"Catalog":"AWS"}"#);
    assert_eq!(r.headers.len(), 5);
}

#[test]
fn matches_botocore_with_a_session_token() {
    let r = signed(LIST, r#"{"Catalog":"AWS"}"#, Some(SESSION_TOKEN));
    assert_eq!(r.header("x-amz-date"), Some("20150830T123600Z"));
    assert_eq!(r.header("x-amz-security-token"), Some(SESSION_TOKEN));
    assert_eq!(
        r.header("authorization").unwrap(),
        format!(
            "AWS4-HMAC-SHA256 Credential={SCOPE}, \
             SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, \
             Signature=c9854a25df089cb11853e8d05fd791e8b4c87187e8a081bffcb5917ec19e2dca"
        )
    );
}

#[test]
fn matches_botocore_with_a_non_ascii_body() {
    let r = signed(
        LIST,
        r#"{"Catalog":"AWS","Title":"Café – 東京 ✓ 🚀"}"#,
        None,
    );
    assert_eq!(
        r.header("authorization").unwrap(),
        format!(
            "AWS4-HMAC-SHA256 Credential={SCOPE}, \
             SignedHeaders=content-type;host;x-amz-date;x-amz-target, \
             Signature=516e69b18d30f862781de68e3658435cbd2f0dfd32848409f340e1c455afff01"
        )
    );
}

#[test]
fn matches_botocore_leaving_user_agent_unsigned() {
    let mut r = request(LIST, r#"{"Catalog":"Sandbox"}"#);
    r.headers
        .push(("user-agent".to_string(), "awsjson-runtime/0.1".to_string()));
    sign(&mut r, None);
    assert_eq!(
        r.header("authorization").unwrap(),
        format!(
            "AWS4-HMAC-SHA256 Credential={SCOPE}, \
             SignedHeaders=content-type;host;x-amz-date;x-amz-target, \
             Signature=de39eb10ed6282f30b8d25e02d44adf036e8bdd8fd30c810d38811e11f3b69c9"
        )
    );
    assert_eq!(r.header("user-agent"), Some("awsjson-runtime/0.1"));
}

#[test]
fn signing_again_replaces_the_signature() {
    let mut r = signed(LIST, r#"{"Catalog":"AWS"}"#, Some(SESSION_TOKEN));
    let first = r.header("authorization").unwrap().to_string();
    // A retry signs the same request again, this time with non-temporary credentials.
    sign(&mut r, None);
    for name in ["authorization", "x-amz-date"] {
        assert_eq!(count(&r, name), 1, "{name}");
    }
    assert_eq!(count(&r, "x-amz-security-token"), 0);
    let expected = signed(LIST, r#"{"Catalog":"AWS"}"#, None);
    assert_eq!(r.header("authorization"), expected.header("authorization"));
    assert_ne!(r.header("authorization"), Some(first.as_str()));
}

#[test]
fn every_part_of_the_request_is_covered() {
    let base = signed(LIST, r#"{"Catalog":"AWS"}"#, None);
    let auth = |r: &HttpRequest| r.header("authorization").unwrap().to_string();
    let body = signed(LIST, r#"{"Catalog":"Sandbox"}"#, None);
    let target = signed(
        "AWSPartnerCentralSelling.GetOpportunity",
        r#"{"Catalog":"AWS"}"#,
        None,
    );
    assert_ne!(auth(&base), auth(&body));
    assert_ne!(auth(&base), auth(&target));
    let mut later = request(LIST, r#"{"Catalog":"AWS"}"#);
    sign_request(
        &mut later,
        &Credentials::new(ACCESS_KEY, SECRET_KEY, None),
        "us-east-1",
        "partnercentral-selling",
        fixed_time() + Duration::from_secs(1),
    )
    .unwrap();
    assert_eq!(later.header("x-amz-date"), Some("20150830T123601Z"));
    assert_ne!(auth(&base), auth(&later));
}

#[test]
fn an_unparseable_uri_is_a_signing_error() {
    let mut r = request(LIST, "{}");
    r.uri = "not a uri".to_string();
    let credentials = Credentials::new(ACCESS_KEY, SECRET_KEY, None);
    let err =
        sign_request(&mut r, &credentials, "us-east-1", "svc", fixed_time()).expect_err("bad uri");
    assert!(err.to_string().contains("URI"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Credentials

fn block_on<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
        .block_on(future)
}

#[test]
fn debug_never_shows_the_secret_or_the_token() {
    let credentials = Credentials::new(ACCESS_KEY, SECRET_KEY, Some(SESSION_TOKEN.to_string()))
        .with_expiry(fixed_time());
    for debug in [format!("{credentials:?}"), format!("{credentials:#?}")] {
        assert!(debug.contains(ACCESS_KEY), "{debug}");
        assert!(!debug.contains(SECRET_KEY), "{debug}");
        assert!(!debug.contains(SESSION_TOKEN), "{debug}");
        assert!(!debug.contains("wJalr"), "{debug}");
    }
}

#[test]
fn credentials_accessors_and_static_provider() {
    let credentials = Credentials::new("id", "secret", Some("token".to_string()));
    assert_eq!(credentials.access_key_id(), "id");
    assert_eq!(credentials.secret_access_key(), "secret");
    assert_eq!(credentials.session_token(), Some("token"));
    assert_eq!(credentials.expires_after(), None);
    let expiring = credentials.clone().with_expiry(fixed_time());
    assert_eq!(expiring.expires_after(), Some(fixed_time()));
    assert_ne!(expiring, credentials);
    assert_eq!(
        Credentials::new("id", "secret", Some(String::new())).session_token(),
        None
    );
    let provided = block_on(credentials.provide_credentials()).expect("static");
    assert_eq!(provided, credentials);
    let err = CredentialsError::new("nothing here");
    assert_eq!(err.to_string(), "nothing here");
}

/// A fresh directory under the system temp dir, removed on drop. Tests never touch `~/.aws`:
/// every profile test names its files explicitly.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "awsjson-signing-test-{}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text).expect("write temp file");
        path
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn from_files(
    profile: &str,
    credentials: Option<&PathBuf>,
    config: Option<&PathBuf>,
) -> Result<Credentials, CredentialsError> {
    let provider = ProfileCredentials::with_files(
        Some(profile.to_string()),
        credentials.cloned(),
        config.cloned(),
    );
    block_on(provider.provide_credentials())
}

const CREDENTIALS_FILE: &str = "\
# Written by `aws configure`, then edited by hand.
[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = secretdefault

; a temporary session
[work]
AWS_ACCESS_KEY_ID=AKIDWORK
Aws_Secret_Access_Key=secretwork   # inline comment
aws_session_token = tokenwork
region = ignored-here

[both]
aws_access_key_id = AKIDBOTH_CREDENTIALS
aws_secret_access_key = fromcredentials

[region-only]
region = eu-west-1
";

const CONFIG_FILE: &str = "\
[default]
region = us-west-2
aws_access_key_id = AKIDCONFIGDEFAULT
aws_secret_access_key = notused

[profile both]
aws_access_key_id = AKIDBOTH_CONFIG
aws_secret_access_key = fromconfig

[profile region-only]
aws_access_key_id = AKIDREGIONONLY
aws_secret_access_key = fromconfig
s3 =
\taws_session_token = a-sub-property-not-a-token

[profile config-only]
  aws_access_key_id = AKIDCONFIGONLY
  aws_secret_access_key = configsecret
s3 =
  max_concurrent_requests = 10

[unprefixed]
aws_access_key_id = AKIDUNPREFIXED
aws_secret_access_key = x

[profile assume]
role_arn = arn:aws:iam::123456789012:role/Admin
source_profile = default

[profile half]
aws_access_key_id = AKIDHALF
";

#[test]
fn profiles_from_the_credentials_and_config_files() {
    let dir = TempDir::new("profiles");
    let credentials = dir.file("credentials", CREDENTIALS_FILE);
    let config = dir.file("config", CONFIG_FILE);
    let load = |profile: &str| from_files(profile, Some(&credentials), Some(&config));

    let default = load("default").expect("default");
    assert_eq!(
        default,
        Credentials::new("AKIDDEFAULT", "secretdefault", None)
    );

    // Keys are case-insensitive; values lose whitespace and inline comments.
    let work = load("work").expect("work");
    assert_eq!(
        work,
        Credentials::new("AKIDWORK", "secretwork", Some("tokenwork".to_string()))
    );

    // The credentials file wins over the config file for the same profile.
    assert_eq!(
        load("both").unwrap().access_key_id(),
        "AKIDBOTH_CREDENTIALS"
    );
    // ... but a credentials-file profile without keys falls through to the config file. The
    // indented line there belongs to `s3 =` rather than setting a token.
    let region_only = load("region-only").expect("from config");
    assert_eq!(region_only.access_key_id(), "AKIDREGIONONLY");
    assert_eq!(region_only.session_token(), None);

    // `[profile name]` in the config file; indented first properties still count.
    assert_eq!(
        load("config-only").unwrap(),
        Credentials::new("AKIDCONFIGONLY", "configsecret", None)
    );

    // Profile names are case-sensitive.
    assert!(load("Work").is_err());
}

#[test]
fn config_file_alone_uses_default_and_prefixed_sections() {
    let dir = TempDir::new("config-only");
    let config = dir.file("config", CONFIG_FILE);
    let absent = dir.path("no-credentials-file");
    let default = from_files("default", Some(&absent), Some(&config)).expect("[default]");
    assert_eq!(default.access_key_id(), "AKIDCONFIGDEFAULT");

    let err = from_files("unprefixed", Some(&absent), Some(&config))
        .expect_err("a bare [name] is not a config-file profile")
        .to_string();
    assert!(err.contains("[profile unprefixed]"), "{err}");
}

#[test]
fn errors_name_the_profile_and_the_files() {
    let dir = TempDir::new("errors");
    let credentials = dir.file("credentials", CREDENTIALS_FILE);
    let config = dir.file("config", CONFIG_FILE);
    let missing_credentials = dir.path("missing-credentials");
    let missing_config = dir.path("missing-config");

    let err = from_files("nobody", Some(&credentials), Some(&config))
        .unwrap_err()
        .to_string();
    assert!(err.contains("profile `nobody`"), "{err}");
    assert!(err.contains(&credentials.display().to_string()), "{err}");
    assert!(err.contains(&config.display().to_string()), "{err}");

    let err = from_files("default", Some(&missing_credentials), Some(&missing_config))
        .unwrap_err()
        .to_string();
    assert!(err.contains("profile `default`"), "{err}");
    assert!(
        err.contains(&format!("{} (not found)", missing_credentials.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!("{} (not found)", missing_config.display())),
        "{err}"
    );

    // A profile that needs a richer provider says so.
    let err = from_files("assume", Some(&missing_credentials), Some(&config))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("role_arn") && err.contains("aws-config"),
        "{err}"
    );

    // Half a key pair is an error, not a reason to look elsewhere.
    let err = from_files("half", Some(&credentials), Some(&config))
        .unwrap_err()
        .to_string();
    assert!(err.contains("aws_secret_access_key"), "{err}");
}

#[test]
fn a_malformed_file_is_an_error_naming_file_and_line() {
    let dir = TempDir::new("malformed");
    let credentials = dir.file(
        "credentials",
        "[default]\naws_access_key_id = A\naws_secret_access_key\n",
    );
    let err = from_files("default", Some(&credentials), None)
        .unwrap_err()
        .to_string();
    assert!(err.contains(&credentials.display().to_string()), "{err}");
    assert!(err.contains("line 3"), "{err}");
}

#[test]
fn a_skipped_file_is_not_read() {
    let dir = TempDir::new("skipped");
    let config = dir.file("config", CONFIG_FILE);
    let found = from_files("both", None, Some(&config)).expect("config file only");
    assert_eq!(found.access_key_id(), "AKIDBOTH_CONFIG");
    let err = from_files("both", None, None).unwrap_err().to_string();
    assert!(err.contains("profile `both`"), "{err}");
}
