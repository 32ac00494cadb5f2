//! The model's smoke tests (`smithy.test#smokeTests`, generated into the SDK's `smoke_tests`
//! module): against a local server that answers as the service would, and, opt-in, against the
//! real service.

use awsjson_runtime::Credentials;
use partnercentral_selling_sdk::smoke_tests::{run, SMOKE_TESTS};
use partnercentral_selling_sdk::Client;
use sdk_tests::server::{CannedResponse, TestServer};

#[tokio::test]
async fn smoke_tests_against_a_local_server() {
    assert!(!SMOKE_TESTS.is_empty(), "the model has smoke tests");
    for test in SMOKE_TESTS {
        let answer = match (test.expects_failure, test.expected_error) {
            (true, code) => CannedResponse::json(
                400,
                &format!(
                    r#"{{"__type": "{}", "message": "canned failure"}}"#,
                    code.unwrap_or("SmokeFailure")
                ),
            ),
            (false, _) => CannedResponse::json(200, "{}"),
        };
        let server = TestServer::start(vec![answer.with_header("x-amzn-requestid", "smoke")]);
        let client = Client::new(
            Client::config_builder()
                .region(test.region.unwrap_or("us-east-1"))
                .endpoint_url(server.url())
                .credentials(Credentials::new("AKIDSMOKE", "secret", None))
                .max_attempts(1)
                .build()
                .expect("config"),
        );
        run(test.id, &client)
            .await
            .unwrap_or_else(|e| panic!("smoke test {}: {e}", test.id));
        let requests = server.requests();
        assert_eq!(requests.len(), 1, "{}", test.id);
        let target = format!("AWSPartnerCentralSelling.{}", test.operation);
        assert_eq!(requests[0].header("x-amz-target"), Some(target.as_str()));
    }
    // The smoke test really checks the outcome: a success where a failure is expected fails it.
    let failing = SMOKE_TESTS
        .iter()
        .find(|t| t.expects_failure)
        .expect("a failure case");
    let server = TestServer::start(vec![CannedResponse::json(200, "{}")]);
    let client = Client::new(
        Client::config_builder()
            .region("us-east-1")
            .endpoint_url(server.url())
            .credentials(Credentials::new("AKIDSMOKE", "secret", None))
            .build()
            .expect("config"),
    );
    assert!(run(failing.id, &client).await.is_err());
}

/// Opt-in: `SDK_LIVE_SMOKE_TESTS=1 cargo test -p sdk-tests --test smoke -- --ignored` with AWS
/// credentials in the environment or a profile.
#[tokio::test]
#[ignore = "live: calls the real service; set SDK_LIVE_SMOKE_TESTS=1 and AWS credentials, then run with --ignored"]
async fn smoke_tests_against_the_service() {
    if std::env::var("SDK_LIVE_SMOKE_TESTS").as_deref() != Ok("1") {
        eprintln!("SKIPPED: SDK_LIVE_SMOKE_TESTS is not 1");
        return;
    }
    for test in SMOKE_TESTS {
        let client = Client::new(
            Client::config_builder()
                .region(test.region.unwrap_or("us-east-1"))
                .build()
                .expect("region and credentials from the environment"),
        );
        run(test.id, &client)
            .await
            .unwrap_or_else(|e| panic!("live smoke test {}: {e}", test.id));
    }
}
