//! SigV4 known answers: the signer's `authorization` header must equal what an independent
//! implementation computes for the same request, credentials and time.
//!
//! The expected values come from Python's `botocore` 1.44.8 (`pip install botocore`):
//!
//! ```text
//! import datetime
//! from unittest import mock
//! from botocore.auth import SigV4Auth
//! from botocore.awsrequest import AWSRequest
//! from botocore.credentials import Credentials
//!
//! def sign(body, token=None, target="AWSPartnerCentralSelling.ListOpportunities"):
//!     creds = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token)
//!     req = AWSRequest(method="POST", url="https://partnercentral-selling.us-east-1.api.aws/",
//!                      data=body.encode("utf-8"),
//!                      headers={"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": target,
//!                               "Host": "partnercentral-selling.us-east-1.api.aws"})
//!     fixed = datetime.datetime(2015, 8, 30, 12, 36, 0, tzinfo=datetime.timezone.utc)
//!     with mock.patch("botocore.auth.get_current_datetime", return_value=fixed):
//!         SigV4Auth(creds, "partnercentral-selling", "us-east-1").add_auth(req)
//!     return req.headers["Authorization"], req.headers["X-Amz-Date"]
//! ```

use std::time::{Duration, SystemTime};

use awsjson_runtime::http::HttpRequest;
use awsjson_runtime::sign::sign_request;
use awsjson_runtime::Credentials;

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const SESSION_TOKEN: &str = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

/// 2015-08-30T12:36:00Z
fn fixed_time() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_440_938_160)
}

fn request(target: &str, body: &str) -> HttpRequest {
    HttpRequest {
        method: "POST".to_string(),
        uri: "https://partnercentral-selling.us-east-1.api.aws/".to_string(),
        headers: vec![
            (
                "host".to_string(),
                "partnercentral-selling.us-east-1.api.aws".to_string(),
            ),
            (
                "content-type".to_string(),
                "application/x-amz-json-1.0".to_string(),
            ),
            ("x-amz-target".to_string(), target.to_string()),
        ],
        body: body.as_bytes().to_vec(),
    }
}

fn signed(target: &str, body: &str, token: Option<&str>) -> HttpRequest {
    let mut request = request(target, body);
    let credentials = Credentials::new(ACCESS_KEY, SECRET_KEY, token.map(str::to_string));
    sign_request(
        &mut request,
        &credentials,
        "us-east-1",
        "partnercentral-selling",
        fixed_time(),
    )
    .expect("signs");
    request
}

#[test]
fn matches_botocore_without_a_session_token() {
    let r = signed(
        "AWSPartnerCentralSelling.ListOpportunities",
        r#"{"Catalog":"AWS"}"#,
        None,
    );
    assert_eq!(r.header("x-amz-date"), Some("20150830T123600Z"));
    assert_eq!(
        r.header("authorization"),
        Some("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/partnercentral-selling/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=042f3b82afc15d72ac360562020100f6e7ab38b9de146a32a5f96858c63f32d6")
    );
    assert_eq!(r.header("x-amz-security-token"), None);
}

#[test]
fn matches_botocore_with_a_session_token() {
    let r = signed(
        "AWSPartnerCentralSelling.ListOpportunities",
        r#"{"Catalog":"AWS"}"#,
        Some(SESSION_TOKEN),
    );
    assert_eq!(
        r.header("authorization"),
        Some("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/partnercentral-selling/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=464358222406473b90946026d3b3a961528171d575426a728342c97c57f33231")
    );
    assert_eq!(r.header("x-amz-security-token"), Some(SESSION_TOKEN));
}

#[test]
fn matches_botocore_with_a_non_ascii_body() {
    let r = signed(
        "AWSPartnerCentralSelling.CreateEngagementInvitation",
        r#"{"Message":"Grüße, 世界 — ✓"}"#,
        None,
    );
    assert_eq!(
        r.header("authorization"),
        Some("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/partnercentral-selling/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=4e9e9420abbe765fd188bbe64c8cb374abb60eddbcd09a4dac56399f39a76272")
    );
}

#[test]
fn a_different_body_gives_a_different_signature() {
    let a = signed("T.Op", r#"{"Catalog":"AWS"}"#, None);
    let b = signed("T.Op", r#"{"Catalog":"Sandbox"}"#, None);
    assert_ne!(a.header("authorization"), b.header("authorization"));
}
