//! Fault injection: the generated client against a local server on 127.0.0.1 that misbehaves:
//! connections reset in the middle of a body, responses that stall, 503 storms longer than the
//! retry budget, throttling with and without `Retry-After`, bodies over the size limit, and an
//! idempotent operation retried after 500s, a refused connection and a TLS handshake with a server
//! that speaks plain HTTP. Each case checks the error variant, the attempts the
//! error reports and the requests the server saw.

use std::time::Duration;

use awsjson_runtime::transport::{TransportError, TransportErrorKind};
use awsjson_runtime::{Credentials, SdkError};
use partnercentral_selling_sdk::operation::create_opportunity::{
    CreateOpportunityError, CreateOpportunityInput,
};
use partnercentral_selling_sdk::operation::get_opportunity::GetOpportunityInput;
use partnercentral_selling_sdk::operation::list_opportunities::{
    ListOpportunitiesError, ListOpportunitiesInput,
};
use partnercentral_selling_sdk::Client;
use sdk_tests::capture::{CaptureSubscriber, Captured};
use sdk_tests::server::{CannedResponse, Interruption, TestServer};

/// A client for `server` with `max_attempts`, backoff capped at `max_backoff` and a 1 s
/// per-attempt timeout.
fn client(server: &TestServer, max_attempts: u32, max_backoff: Duration) -> Client {
    Client::new(
        Client::config_builder()
            .region("us-east-1")
            .endpoint_url(server.url())
            .credentials(Credentials::new("AKIDFAULTS", "faults/secret", None))
            .max_attempts(max_attempts)
            .backoff(Duration::from_millis(1), max_backoff)
            .attempt_timeout(Some(Duration::from_secs(1)))
            .build()
            .expect("config"),
    )
}

fn list_input() -> ListOpportunitiesInput {
    ListOpportunitiesInput::new("AWS")
}

/// The source of a transport failure, which says what kind of failure it was.
fn transport_source<E: std::fmt::Debug>(err: &SdkError<E>) -> &TransportError {
    let SdkError::Transport(failure) = err else {
        panic!("expected a transport error, got {err:?}")
    };
    failure
        .source
        .as_deref()
        .and_then(|s| s.downcast_ref::<TransportError>())
        .unwrap_or_else(|| panic!("no TransportError source in {err:?}"))
}

/// Runs `call` with a subscriber that records what the client logs.
async fn traced<F: std::future::Future>(call: F) -> (F::Output, Captured) {
    let (subscriber, captured) = CaptureSubscriber::new();
    let _guard = tracing::subscriber::set_default(subscriber);
    (call.await, captured)
}

/// `(delay_ms, server_asked_ms)` of each `retrying` event.
fn retry_delays(captured: &Captured) -> Vec<(u64, Option<u64>)> {
    captured
        .events("retrying")
        .iter()
        .map(|fields| {
            let get = |name: &str| {
                fields
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
            };
            let delay = get("delay_ms")
                .expect("delay_ms")
                .parse()
                .expect("a number");
            // Absent when the server asked for nothing (`None` records no value).
            let asked = get("server_asked_ms").map(|v| v.parse().expect("a number"));
            (delay, asked)
        })
        .collect()
}

#[tokio::test]
async fn a_connection_reset_mid_body_is_retried_then_reported_as_a_transport_error() {
    let reset = || {
        CannedResponse::interrupted_json(
            200,
            r#"{"OpportunitySummaries": [{"Id": "O1"#,
            4000,
            Interruption::Reset,
        )
    };
    // Reset twice, then a good answer: the call succeeds on the third attempt.
    let server = TestServer::start(vec![
        reset(),
        reset(),
        CannedResponse::json(200, r#"{"OpportunitySummaries": []}"#),
    ]);
    let output = client(&server, 3, Duration::from_millis(5))
        .send(list_input())
        .await
        .expect("the third attempt succeeds");
    assert!(output.opportunity_summaries.is_empty());
    assert_eq!(server.requests().len(), 3);

    // Reset every time: the budget of 3 attempts ends with the last reset.
    let server = TestServer::start(vec![reset(), reset(), reset(), reset()]);
    let err = client(&server, 3, Duration::from_millis(5))
        .send(list_input())
        .await
        .expect_err("every attempt is reset");
    assert_eq!(transport_source(&err).kind(), TransportErrorKind::Io);
    assert_eq!(err.attempts(), 3);
    assert_eq!(err.status(), Some(200), "the head arrived before the reset");
    assert_eq!(server.requests().len(), 3);
    assert_eq!(server.remaining(), 1);
    let text = err.to_string();
    assert!(
        text.starts_with("transport error: ListOpportunities: the response body broke off (HTTP 200, after 3 attempts)"),
        "{text}"
    );
}

#[tokio::test]
async fn a_stalled_body_times_out_each_attempt_and_retries_as_configured() {
    // The head and part of the body arrive, then nothing: the 1 s attempt timeout fires.
    let stall = || {
        CannedResponse::interrupted_json(
            200,
            r#"{"Id": "O1", "Catalog": "#,
            500,
            Interruption::Stall(Duration::from_secs(30)),
        )
    };
    let server = TestServer::start(vec![stall(), stall(), stall()]);
    let err = client(&server, 2, Duration::from_millis(5))
        .send(GetOpportunityInput::new("AWS", "O1"))
        .await
        .expect_err("every attempt stalls");
    assert!(matches!(err, SdkError::Timeout(_)), "{err:?}");
    assert_eq!(err.attempts(), 2);
    assert_eq!(server.requests().len(), 2, "max_attempts is 2");
    assert_eq!(server.remaining(), 1);
    let text = err.to_string();
    assert!(
        text.starts_with(
            "timeout: GetOpportunity: no complete response within 1s (after 2 attempts)"
        ),
        "{text}"
    );
}

#[tokio::test]
async fn a_503_storm_longer_than_the_budget_ends_with_the_last_error_and_the_attempt_count() {
    let storm: Vec<CannedResponse> = (1..=6)
        .map(|n| {
            CannedResponse::json(
                503,
                &format!(r#"{{"__type": "ServiceUnavailable", "message": "storm {n}"}}"#),
            )
            .with_header("x-amzn-requestid", &format!("req-{n}"))
        })
        .collect();
    let server = TestServer::start(storm);
    let (result, captured) =
        traced(client(&server, 4, Duration::from_millis(5)).send(list_input())).await;
    let err = result.expect_err("the storm outlasts 4 attempts");
    assert_eq!(server.requests().len(), 4);
    assert_eq!(server.remaining(), 2);
    assert_eq!(err.attempts(), 4);
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.request_id(), Some("req-4"), "the last response's error");
    let Some(ListOpportunitiesError::Unhandled(unhandled)) = err.service_error() else {
        panic!("expected an unhandled service error, got {err:?}")
    };
    assert_eq!(unhandled.code.as_deref(), Some("ServiceUnavailable"));
    assert_eq!(unhandled.message.as_deref(), Some("storm 4"));
    assert!(err.to_string().contains("after 4 attempts"), "{err}");
    // Three retries, each after a jittered backoff within its cap (1, 2, then 4 ms, capped at
    // 5 ms); no server asked for a delay.
    let delays = retry_delays(&captured);
    assert_eq!(delays.len(), 3, "{delays:?}");
    for (retry, (delay, asked)) in delays.iter().enumerate() {
        assert!(*delay <= 1 << retry, "{delays:?}");
        assert_eq!(*asked, None);
    }
}

#[tokio::test]
async fn throttling_codes_are_retried_and_retry_after_sets_the_delay_up_to_max_backoff() {
    let throttled = |code: &str| {
        CannedResponse::json(
            400,
            &format!(r#"{{"__type": "{code}", "message": "slow"}}"#),
        )
    };
    let server = TestServer::start(vec![
        // A throttling code on a 400: retried, with the delay the server asks for.
        throttled("ThrottlingException").with_header("x-amz-retry-after", "120"),
        // Retry-After in seconds, more than max_backoff (300 ms) allows: capped.
        throttled("TooManyRequestsException").with_header("retry-after", "2"),
        // No hint: jittered backoff.
        CannedResponse::json(429, r#"{"message": "slow"}"#),
        CannedResponse::json(200, r#"{"Id": "O1", "Catalog": "AWS"}"#),
    ]);
    let (result, captured) = traced(
        client(&server, 4, Duration::from_millis(300)).send(GetOpportunityInput::new("AWS", "O1")),
    )
    .await;
    let output = result.expect("the fourth attempt succeeds");
    assert_eq!(output.id, "O1");
    assert_eq!(server.requests().len(), 4);
    let delays = retry_delays(&captured);
    assert_eq!(delays.len(), 3, "{delays:?}");
    assert_eq!(delays[0], (120, Some(120)));
    assert_eq!(delays[1], (300, Some(2000)));
    assert_eq!(delays[2].1, None);
    assert!(delays[2].0 <= 4, "{delays:?}");

    // A Retry-After on an error that is not retried changes nothing.
    let server = TestServer::start(vec![CannedResponse::json(
        400,
        r#"{"__type": "ValidationException", "Message": "no", "Reason": "REQUEST_VALIDATION_FAILED"}"#,
    )
    .with_header("retry-after", "1")]);
    let (result, captured) = traced(
        client(&server, 4, Duration::from_millis(300)).send(GetOpportunityInput::new("AWS", "O1")),
    )
    .await;
    let err = result.expect_err("a validation error");
    assert_eq!((err.attempts(), server.requests().len()), (1, 1));
    assert!(retry_delays(&captured).is_empty());
}

#[tokio::test]
async fn a_response_over_the_size_limit_fails_naming_the_operation_status_and_limit() {
    let big = format!(
        r#"{{"OpportunitySummaries": [], "NextToken": "{}"}}"#,
        "x".repeat(5000)
    );
    let over_limit = |server: &TestServer| {
        Client::new(
            Client::config_builder()
                .region("us-east-1")
                .endpoint_url(server.url())
                .credentials(Credentials::new("AKIDFAULTS", "faults/secret", None))
                .max_response_bytes(4096)
                .build()
                .expect("config"),
        )
    };
    // The default transport refuses it from its Content-Length, before reading the body.
    let by_length = CannedResponse::json(200, &big).with_header("x-amzn-requestid", "req-big");
    let server = TestServer::start(vec![by_length.clone(), by_length]);
    let err = over_limit(&server)
        .send(list_input())
        .await
        .expect_err("too large");
    assert_eq!(transport_source(&err).kind(), TransportErrorKind::TooLarge);
    assert_eq!((err.attempts(), err.status()), (1, Some(200)));
    assert_eq!(
        server.requests().len(),
        1,
        "a response too large is not retried"
    );
    assert_eq!(
        err.to_string(),
        format!(
            "transport error: ListOpportunities: the response body is larger than the limit of \
             4096 bytes (see `max_response_bytes`) (HTTP 200): response too large: Content-Length \
             is {} bytes",
            big.len()
        )
    );

    // The limit is the client's, whatever the transport: the mock returns the whole body.
    let mock = awsjson_runtime::MockTransport::new();
    mock.push_json(500, &big);
    let client = Client::new(
        Client::config_builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDFAULTS", "faults/secret", None))
            .transport(mock.clone())
            .use_fips(false)
            .use_dual_stack(false)
            .max_response_bytes(4096)
            .build()
            .expect("config"),
    );
    let err = client.send(list_input()).await.expect_err("too large");
    assert_eq!(transport_source(&err).kind(), TransportErrorKind::TooLarge);
    assert_eq!(
        (err.attempts(), err.status(), mock.requests().len()),
        (1, Some(500), 1)
    );
    assert!(
        err.to_string().contains(
            "ListOpportunities: the response body is larger than the limit of 4096 bytes"
        ),
        "{err}"
    );
}

#[tokio::test]
async fn an_idempotent_operation_sends_the_same_client_token_in_every_attempt() {
    let internal = || {
        CannedResponse::json(
            500,
            r#"{"__type": "InternalServerException", "message": "try again"}"#,
        )
    };
    // Token filled in by the client: one UUID v4 for all three attempts.
    let server = TestServer::start(vec![
        internal(),
        internal(),
        CannedResponse::json(200, r#"{"Id": "O-new"}"#),
    ]);
    let output = client(&server, 3, Duration::from_millis(5))
        .send(CreateOpportunityInput::new("AWS"))
        .await
        .expect("the third attempt succeeds");
    assert_eq!(output.id, "O-new");
    let tokens: Vec<String> = server
        .requests()
        .iter()
        .map(|r| {
            r.body_json()["ClientToken"]
                .as_str()
                .expect("a ClientToken")
                .to_string()
        })
        .collect();
    assert_eq!(tokens.len(), 3);
    assert!(tokens.iter().all(|t| t == &tokens[0]), "{tokens:?}");
    let uuid = uuid::Uuid::parse_str(&tokens[0]).expect("a UUID");
    assert_eq!(uuid.get_version_num(), 4);

    // The caller's own token, through a budget that runs out: the same token each time, and the
    // last error is the typed InternalServerException.
    let server = TestServer::start(vec![internal(), internal()]);
    let mut input = CreateOpportunityInput::new("AWS");
    input.client_token = Some("caller-token-1".to_string());
    let err = client(&server, 2, Duration::from_millis(5))
        .send(input)
        .await
        .expect_err("both attempts fail");
    assert!(
        matches!(
            err.service_error(),
            Some(CreateOpportunityError::InternalServerException(_))
        ),
        "{err:?}"
    );
    assert_eq!(err.attempts(), 2);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.body_json()["ClientToken"], "caller-token-1");
    }
}

/// A client whose endpoint is `url`, one attempt, so the transport's own verdict is what comes back.
fn single_attempt_client(url: &str) -> Client {
    Client::new(
        Client::config_builder()
            .region("us-east-1")
            .endpoint_url(url)
            .credentials(Credentials::new("AKIDFAULTS", "faults/secret", None))
            .max_attempts(1)
            .attempt_timeout(Some(Duration::from_secs(5)))
            .build()
            .expect("config"),
    )
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error() {
    // A port that was just free: bind, note it, close the listener.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("an ephemeral port")
        .port();
    let err = single_attempt_client(&format!("http://127.0.0.1:{port}"))
        .send(list_input())
        .await
        .expect_err("nothing listens");
    assert_eq!(transport_source(&err).kind(), TransportErrorKind::Connect);
    assert_eq!(err.attempts(), 1);
    assert_eq!(err.status(), None);
}

#[tokio::test]
async fn a_tls_handshake_with_a_plain_http_server_is_a_connect_error() {
    // The server answers in plain HTTP; the client expects TLS and must fail before sending.
    let server = TestServer::start(vec![CannedResponse::json(200, "{}")]);
    let url = server.url().replacen("http://", "https://", 1);
    let err = single_attempt_client(&url)
        .send(list_input())
        .await
        .expect_err("no TLS on the other side");
    assert_eq!(transport_source(&err).kind(), TransportErrorKind::Connect);
    assert!(
        server.requests().is_empty(),
        "no request was read by the server"
    );
}
