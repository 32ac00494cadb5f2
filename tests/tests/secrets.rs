//! Secrets stay out of logs: no `Debug`, `Display` or `tracing` output of an input, output, error
//! or configuration holds a `@sensitive` value, the secret access key or the session token. A real
//! call goes through the client with every `tracing` level recorded (the runtime's spans and
//! events, the signer's canonical requests among them). That every generated type redacts each
//! `@sensitive` member is checked for all shapes of the model in `wire_properties.rs`.

use std::time::Duration;

use awsjson_runtime::credentials::ProfileCredentials;
use awsjson_runtime::{Credentials, MockTransport};
use partnercentral_selling_sdk::operation::create_opportunity::CreateOpportunityInput;
use partnercentral_selling_sdk::operation::get_opportunity::GetOpportunityInput;
use partnercentral_selling_sdk::types::{Account, Contact, Customer};
use partnercentral_selling_sdk::Client;
use sdk_tests::capture::CaptureSubscriber;
use sdk_tests::server::{CannedResponse, TestServer};

const ACCESS_KEY: &str = "AKIDSECRETSTEST";
const SECRET_KEY: &str = "SECRETKEY/never-in-any-output";
const SESSION_TOKEN: &str = "SESSIONTOKEN-never-in-any-output";

/// `@sensitive` values sent in the request (`Account.CompanyName`, `Account.WebsiteUrl`,
/// `Contact.Email`, `Contact.Phone`) and received in the response (`Contact.FirstName`,
/// `Account.Duns`).
const SENT: [&str; 4] = [
    "SENSITIVE-company-name",
    "https://sensitive-website.example",
    "sensitive-email@example.com",
    "+1-555-0100-SENSITIVE",
];
const RECEIVED: [&str; 2] = ["SENSITIVE-first-name", "SENSITIVE-duns-123"];

fn assert_no_secret(what: &str, text: &str) {
    for secret in [SECRET_KEY, SESSION_TOKEN]
        .iter()
        .chain(SENT.iter())
        .chain(RECEIVED.iter())
    {
        assert!(
            !text.contains(secret),
            "{what} shows the secret `{secret}`:\n{text}"
        );
    }
}

fn customer() -> Customer {
    Customer {
        account: Some(Account {
            company_name: SENT[0].to_string(),
            website_url: Some(SENT[1].to_string()),
            ..Default::default()
        }),
        contacts: Some(vec![Contact {
            email: Some(SENT[2].to_string()),
            phone: Some(SENT[3].to_string()),
            ..Default::default()
        }]),
    }
}

#[tokio::test]
async fn a_traced_call_never_shows_secrets_or_sensitive_values() {
    let response_body = format!(
        r#"{{"Id": "O-1", "Catalog": "AWS", "Customer": {{"Account": {{"CompanyName": "{}", "Duns": "{}"}},
            "Contacts": [{{"FirstName": "{}"}}]}}}}"#,
        SENT[0], RECEIVED[1], RECEIVED[0]
    );
    let server = TestServer::start(vec![
        CannedResponse::json(200, r#"{"Id": "O-1"}"#),
        // A retried error first, so the retry path is traced too.
        CannedResponse::json(
            500,
            r#"{"__type": "InternalServerException", "message": "x"}"#,
        ),
        CannedResponse::json(200, &response_body),
        CannedResponse::json(
            400,
            r#"{"__type": "ValidationException", "Message": "bad", "Reason": "REQUEST_VALIDATION_FAILED"}"#,
        ),
    ]);
    let builder = Client::config_builder()
        .region("us-east-1")
        .endpoint_url(server.url())
        .credentials(Credentials::new(
            ACCESS_KEY,
            SECRET_KEY,
            Some(SESSION_TOKEN.to_string()),
        ))
        .backoff(Duration::from_millis(1), Duration::from_millis(2));
    assert_no_secret("ConfigBuilder Debug", &format!("{builder:?}"));
    let config = builder.build().expect("config");
    assert_no_secret("Config Debug", &format!("{config:?}"));
    let client = Client::new(config);
    assert_no_secret("Client Debug", &format!("{client:?}"));

    let (subscriber, captured) = CaptureSubscriber::new();
    let _guard = tracing::subscriber::set_default(subscriber);

    let mut input = CreateOpportunityInput::new("AWS");
    input.customer = Some(customer());
    assert_no_secret("input Debug", &format!("{input:?}"));
    let fluent = client
        .create_opportunity()
        .catalog("AWS")
        .customer(customer());
    assert_no_secret("builder Debug", &format!("{fluent:?}"));
    let created = client.send(input).await.expect("created");
    assert_no_secret("output Debug", &format!("{created:?}"));

    let got = client
        .send(GetOpportunityInput::new("AWS", "O-1"))
        .await
        .expect("the retry succeeds");
    // The values did arrive (so redaction, not absence, keeps them out of the Debug output).
    let account = got.customer.as_ref().and_then(|c| c.account.as_ref());
    assert_eq!(
        account.and_then(|a| a.duns.as_deref()),
        Some(RECEIVED[1]),
        "the response was decoded"
    );
    assert_no_secret("output Debug", &format!("{got:?}"));
    assert_no_secret("output Debug (pretty)", &format!("{got:#?}"));

    let err = client
        .send(GetOpportunityInput::new("AWS", "O-2"))
        .await
        .expect_err("a validation error");
    assert_no_secret("error Display", &err.to_string());
    assert_no_secret("error Debug", &format!("{err:?}"));

    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    // The secrets were in play: the session token went out as a header and the sensitive values
    // in the body, so their absence from the logs below means something.
    assert_eq!(
        requests[0].header("x-amz-security-token"),
        Some(SESSION_TOKEN)
    );
    assert!(requests[0].body_text().contains(SENT[2]));

    let lines = captured.lines();
    let joined = lines.join("\n");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("span aws_call:") && l.contains("operation=CreateOpportunity")),
        "the call span was recorded:\n{joined}"
    );
    // The signer's TRACE event (the canonical request and the string to sign, for debugging a
    // `SignatureDoesNotMatch`) was recorded for every attempt, and the session token it signed is
    // there as its length only.
    let signing: Vec<&String> = lines
        .iter()
        .filter(|l| l.starts_with("event TRACE awsjson_runtime::sign:"))
        .collect();
    assert_eq!(signing.len(), 4, "one signing event per attempt:\n{joined}");
    for line in signing {
        assert!(
            line.contains(&format!(
                "x-amz-security-token:<redacted, {} bytes>",
                SESSION_TOKEN.len()
            )) && line.contains("AWS4-HMAC-SHA256\n"),
            "the canonical request and string to sign, the token redacted:\n{line}"
        );
    }
    assert!(
        lines.iter().any(|l| l.contains("message=retrying")),
        "the retry was recorded:\n{joined}"
    );
    assert_no_secret("tracing output", &joined);
}

#[tokio::test]
async fn credential_and_configuration_errors_never_show_secrets() {
    // A profile whose secret sits on a malformed line: the error names the line, not its text.
    let dir = std::env::temp_dir().join(format!("sdk-secrets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("credentials");
    std::fs::write(
        &file,
        format!(
            "[default]\naws_access_key_id = {ACCESS_KEY}\naws_secret_access_key {SECRET_KEY}\naws_session_token = {SESSION_TOKEN}\n"
        ),
    )
    .expect("write the profile");
    let mock = MockTransport::new();
    let client = Client::new(
        Client::config_builder()
            .region("us-east-1")
            .credentials(ProfileCredentials::with_files(None, Some(file), None))
            .transport(mock.clone())
            .use_fips(false)
            .use_dual_stack(false)
            .build()
            .expect("config"),
    );
    let (subscriber, captured) = CaptureSubscriber::new();
    let err = {
        let _guard = tracing::subscriber::set_default(subscriber);
        client
            .send(GetOpportunityInput::new("AWS", "O-1"))
            .await
            .expect_err("the profile is malformed")
    };
    std::fs::remove_dir_all(&dir).expect("clean up");
    assert!(
        matches!(err, awsjson_runtime::SdkError::Credentials(_)),
        "{err:?}"
    );
    assert!(mock.requests().is_empty(), "nothing was sent");
    let mut chain = err.to_string();
    let mut source = std::error::Error::source(&err);
    while let Some(s) = source {
        chain.push_str(&format!("\n{s}"));
        source = s.source();
    }
    assert!(chain.contains("line 3"), "{chain}");
    assert_no_secret("credentials error", &chain);
    assert_no_secret("credentials error Debug", &format!("{err:?}"));
    assert_no_secret("tracing output", &captured.lines().join("\n"));

    let credentials = Credentials::new(ACCESS_KEY, SECRET_KEY, Some(SESSION_TOKEN.to_string()));
    assert_no_secret("Credentials Debug", &format!("{credentials:?}"));
    assert_no_secret("Credentials Debug (pretty)", &format!("{credentials:#?}"));
}
