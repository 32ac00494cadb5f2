//! Real calls from the generated client to a local HTTP server on 127.0.0.1: the exact requests
//! of the three seed operations (method, path, headers, SigV4 `Authorization`, JSON body),
//! idempotency tokens, retries, timeouts and the mapping of every error response.

use std::time::Duration;

use awsjson_runtime::{Credentials, SdkError};
use partnercentral_selling_sdk::operation::create_engagement_context::CreateEngagementContextInput;
use partnercentral_selling_sdk::operation::create_engagement_invitation::{
    CreateEngagementInvitationError, CreateEngagementInvitationInput,
};
use partnercentral_selling_sdk::operation::list_opportunities::{
    ListOpportunitiesError, ListOpportunitiesInput,
};
use partnercentral_selling_sdk::operation::start_engagement_by_accepting_invitation_task::{
    StartEngagementByAcceptingInvitationTaskError, StartEngagementByAcceptingInvitationTaskInput,
};
use partnercentral_selling_sdk::types::{
    AccountReceiver, EngagementContextPayload, EngagementContextType, Invitation, Payload,
    Receiver, TaskStatus, ValidationExceptionReason,
};
use partnercentral_selling_sdk::Client;
use sdk_tests::server::{CannedResponse, RecordedRequest, TestServer};
use serde_json::json;

const ACCESS_KEY: &str = "AKIDLOCALTEST";
const SECRET_KEY: &str = "local/test/secret/key";

fn client_for(server: &TestServer, max_attempts: u32, session_token: Option<&str>) -> Client {
    let config = Client::config_builder()
        .region("us-east-1")
        .endpoint_url(server.url())
        .credentials(Credentials::new(
            ACCESS_KEY,
            SECRET_KEY,
            session_token.map(str::to_string),
        ))
        .max_attempts(max_attempts)
        .backoff(Duration::from_millis(1), Duration::from_millis(5))
        .attempt_timeout(Some(Duration::from_secs(2)))
        .build()
        .expect("config");
    Client::new(config)
}

fn ok_json(body: &str) -> CannedResponse {
    CannedResponse::json(200, body).with_header("x-amzn-requestid", "req-ok")
}

fn error_json(status: u16, body: &str) -> CannedResponse {
    CannedResponse::json(status, body).with_header("x-amzn-requestid", "req-err")
}

/// Checks everything but the body of an awsJson1_0 request for `operation`.
fn assert_awsjson_request(request: &RecordedRequest, operation: &str) {
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/");
    assert_eq!(
        request.header("content-type"),
        Some("application/x-amz-json-1.0")
    );
    let target = format!("AWSPartnerCentralSelling.{operation}");
    assert_eq!(request.header("x-amz-target"), Some(target.as_str()));
    let date = request.header("x-amz-date").expect("x-amz-date");
    assert!(
        date.len() == 16 && date.as_bytes()[8] == b'T' && date.ends_with('Z'),
        "x-amz-date `{date}`"
    );
    let authorization = request.header("authorization").expect("authorization");
    let scope = format!(
        "AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/{}/us-east-1/partnercentral-selling/aws4_request, SignedHeaders=",
        &date[..8]
    );
    assert!(authorization.starts_with(&scope), "{authorization}");
    let (signed, signature) = authorization[scope.len()..]
        .split_once(", Signature=")
        .expect("signature part");
    let signed: Vec<&str> = signed.split(';').collect();
    for header in ["content-type", "host", "x-amz-date", "x-amz-target"] {
        assert!(signed.contains(&header), "{header} not signed: {signed:?}");
    }
    assert_eq!(signature.len(), 64);
    assert!(signature
        .bytes()
        .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    assert!(!authorization.contains(SECRET_KEY));
}

fn body(request: &RecordedRequest) -> serde_json::Value {
    serde_json::from_slice(&request.body).expect("request body is JSON")
}

fn accept_input(token: Option<&str>) -> StartEngagementByAcceptingInvitationTaskInput {
    let mut input = StartEngagementByAcceptingInvitationTaskInput::new("AWS", "engi-1234567890abc");
    input.client_token = token.map(str::to_string);
    input
}

#[tokio::test]
async fn start_engagement_by_accepting_invitation_task_is_sent_exactly() {
    let server = TestServer::start(vec![ok_json(
        r#"{"TaskId": "task-1", "TaskStatus": "IN_PROGRESS", "StartTime": "2025-01-02T03:04:05Z"}"#,
    )]);
    let client = client_for(&server, 3, None);
    let output = client
        .send(accept_input(Some("my-token")))
        .await
        .expect("call succeeds");
    assert_eq!(output.task_id.as_deref(), Some("task-1"));
    assert_eq!(output.task_status, Some(TaskStatus::InProgress));
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_awsjson_request(&requests[0], "StartEngagementByAcceptingInvitationTask");
    assert_eq!(
        body(&requests[0]),
        json!({"Catalog": "AWS", "Identifier": "engi-1234567890abc", "ClientToken": "my-token"})
    );
    assert!(requests[0].header("x-amz-security-token").is_none());
}

#[tokio::test]
async fn an_empty_client_token_becomes_a_uuid_v4_and_session_tokens_are_sent() {
    let server = TestServer::start(vec![ok_json("{}"), ok_json("{}")]);
    let client = client_for(&server, 3, Some("session-token-value"));
    for _ in 0..2 {
        client
            .send(accept_input(None))
            .await
            .expect("call succeeds");
    }
    let requests = server.requests();
    let tokens: Vec<String> = requests
        .iter()
        .map(|r| body(r)["ClientToken"].as_str().expect("token").to_string())
        .collect();
    for token in &tokens {
        let uuid = uuid::Uuid::parse_str(token).expect("a UUID");
        assert_eq!(uuid.get_version_num(), 4, "{token}");
    }
    assert_ne!(tokens[0], tokens[1], "each call gets its own token");
    assert_eq!(
        requests[0].header("x-amz-security-token"),
        Some("session-token-value")
    );
    let authorization = requests[0].header("authorization").expect("authorization");
    assert!(
        authorization.contains("x-amz-security-token"),
        "{authorization}"
    );
}

#[tokio::test]
async fn create_engagement_invitation_is_sent_exactly() {
    let server = TestServer::start(vec![ok_json(r#"{"Id": "engi-1", "Arn": "arn:aws:x"}"#)]);
    let client = client_for(&server, 3, None);
    let input = CreateEngagementInvitationInput {
        catalog: "Sandbox".to_string(),
        engagement_identifier: "eng-123".to_string(),
        client_token: Some("token-2".to_string()),
        invitation: Invitation {
            message: "Please join".to_string(),
            receiver: Receiver::Account(AccountReceiver {
                alias: Some("Partner".to_string()),
                aws_account_id: "123456789012".to_string(),
            }),
            payload: Payload::Unknown {
                name: "FuturePayload".to_string(),
                value: json!({"Kept": true}),
            },
        },
    };
    let output = client.send(input).await.expect("call succeeds");
    assert_eq!(
        (output.id.as_str(), output.arn.as_str()),
        ("engi-1", "arn:aws:x")
    );
    let requests = server.requests();
    assert_awsjson_request(&requests[0], "CreateEngagementInvitation");
    assert_eq!(
        body(&requests[0]),
        json!({
            "Catalog": "Sandbox",
            "ClientToken": "token-2",
            "EngagementIdentifier": "eng-123",
            "Invitation": {
                "Message": "Please join",
                "Receiver": {"Account": {"Alias": "Partner", "AwsAccountId": "123456789012"}},
                "Payload": {"FuturePayload": {"Kept": true}}
            }
        })
    );
}

#[tokio::test]
async fn create_engagement_context_is_sent_exactly() {
    let server = TestServer::start(vec![ok_json(
        r#"{"EngagementId": "eng-1", "ContextId": "ctx-1", "EngagementLastModifiedAt": "2025-05-06T07:08:09.123Z"}"#,
    )]);
    let client = client_for(&server, 3, None);
    let output = client
        .send(CreateEngagementContextInput {
            catalog: "AWS".to_string(),
            engagement_identifier: "eng-1".to_string(),
            r#type: EngagementContextType::CustomerProject,
            payload: EngagementContextPayload::CustomerProject(Default::default()),
            client_token: None,
        })
        .await
        .expect("call succeeds");
    assert_eq!(output.context_id.as_deref(), Some("ctx-1"));
    assert_eq!(
        output.engagement_last_modified_at.map(|t| t.millisecond()),
        Some(123)
    );
    let requests = server.requests();
    assert_awsjson_request(&requests[0], "CreateEngagementContext");
    let sent = body(&requests[0]);
    let token = sent["ClientToken"]
        .as_str()
        .expect("token filled")
        .to_string();
    assert_eq!(
        sent,
        json!({
            "Catalog": "AWS",
            "EngagementIdentifier": "eng-1",
            "ClientToken": token,
            "Type": "CustomerProject",
            "Payload": {"CustomerProject": {}}
        })
    );
}

#[tokio::test]
async fn a_500_then_200_is_retried_with_the_same_client_token() {
    let server = TestServer::start(vec![
        error_json(
            500,
            r#"{"__type": "InternalServerException", "message": "oops"}"#,
        ),
        ok_json(r#"{"TaskId": "task-2"}"#),
    ]);
    let client = client_for(&server, 3, None);
    let output = client
        .send(accept_input(None))
        .await
        .expect("second attempt succeeds");
    assert_eq!(output.task_id.as_deref(), Some("task-2"));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let first = body(&requests[0]);
    assert!(first["ClientToken"].is_string());
    assert_eq!(
        first,
        body(&requests[1]),
        "the retry sends the same body and token"
    );
}

#[tokio::test]
async fn each_declared_error_maps_to_its_variant() {
    type Check = fn(&CreateEngagementInvitationError) -> bool;
    let cases: Vec<(u16, &str, Check)> = vec![
        (
            403,
            r#"{"__type": "com.amazonaws.partnercentralselling#AccessDeniedException", "Message": "denied", "Reason": "INCOMPATIBLE_BENEFIT_AWS_PARTNER_STATE"}"#,
            |e| matches!(e, CreateEngagementInvitationError::AccessDeniedException(x) if x.message() == Some("denied")),
        ),
        (
            409,
            r#"{"__type": "ConflictException", "Message": "conflict"}"#,
            |e| matches!(e, CreateEngagementInvitationError::ConflictException(x) if x.message() == Some("conflict")),
        ),
        (
            404,
            r#"{"__type": "ResourceNotFoundException:http://internal.amazon.com/", "message": "missing"}"#,
            |e| matches!(e, CreateEngagementInvitationError::ResourceNotFoundException(x) if x.message() == Some("missing")),
        ),
        (
            402,
            r#"{"__type": "ServiceQuotaExceededException", "Message": "quota"}"#,
            |e| matches!(e, CreateEngagementInvitationError::ServiceQuotaExceededException(x) if x.message() == Some("quota")),
        ),
        (
            400,
            r#"{"__type": "ValidationException", "Message": "invalid", "Reason": "REQUEST_VALIDATION_FAILED", "ErrorList": [{"FieldName": "Catalog", "Message": "bad", "Code": "INVALID_VALUE"}]}"#,
            |e| {
                matches!(e, CreateEngagementInvitationError::ValidationException(x)
                if x.reason == ValidationExceptionReason::RequestValidationFailed
                    && x.error_list.as_ref().is_some_and(|l| l[0].field_name.as_deref() == Some("Catalog")))
            },
        ),
    ];
    for (status, error_body, check) in cases {
        let server = TestServer::start(vec![error_json(status, error_body)]);
        let client = client_for(&server, 3, None);
        let err = client
            .send(CreateEngagementInvitationInput::default())
            .await
            .expect_err("service error");
        assert_eq!(err.status(), Some(status));
        assert_eq!(err.request_id(), Some("req-err"));
        assert_eq!(err.operation(), "CreateEngagementInvitation");
        let service_error = err.service_error().expect("a service error");
        assert!(check(service_error), "{status}: {service_error:?}");
        assert_eq!(server.requests().len(), 1, "{status} is not retried");
    }
}

#[tokio::test]
async fn throttling_and_internal_errors_are_retried_until_the_budget_ends() {
    // ThrottlingException (429) and InternalServerException (500) are retried: three attempts.
    let server = TestServer::start(vec![
        error_json(
            429,
            r#"{"__type": "ThrottlingException", "Message": "slow down"}"#,
        ),
        error_json(
            429,
            r#"{"__type": "ThrottlingException", "Message": "slow down"}"#,
        ),
        error_json(
            500,
            r#"{"__type": "InternalServerException", "Message": "broken"}"#,
        ),
    ]);
    let client = client_for(&server, 3, None);
    let err = client.send(accept_input(None)).await.expect_err("fails");
    assert_eq!(server.requests().len(), 3);
    assert_eq!(err.attempts(), 3);
    assert!(matches!(
        err.service_error(),
        Some(StartEngagementByAcceptingInvitationTaskError::InternalServerException(x)) if x.message() == Some("broken")
    ));
    let throttled = TestServer::start(vec![error_json(
        429,
        r#"{"__type": "ThrottlingException", "Message": "slow down"}"#,
    )]);
    let err = client_for(&throttled, 1, None)
        .send(accept_input(None))
        .await
        .expect_err("fails");
    assert!(matches!(
        err.service_error(),
        Some(StartEngagementByAcceptingInvitationTaskError::ThrottlingException(_))
    ));
}

#[tokio::test]
async fn an_unknown_error_code_is_unhandled_with_its_details() {
    let server = TestServer::start(vec![CannedResponse::json(
        400,
        r#"{"message": "brand new failure"}"#,
    )
    .with_header("x-amzn-errortype", "BrandNewException:http://internal/")
    .with_header("x-amzn-requestid", "req-unknown")]);
    let err = client_for(&server, 3, None)
        .send(ListOpportunitiesInput {
            catalog: "AWS".to_string(),
            ..Default::default()
        })
        .await
        .expect_err("fails");
    let Some(ListOpportunitiesError::Unhandled(unhandled)) = err.service_error() else {
        panic!("expected unhandled, got {err:?}")
    };
    assert_eq!(unhandled.code.as_deref(), Some("BrandNewException"));
    assert_eq!(unhandled.message.as_deref(), Some("brand new failure"));
    assert_eq!(
        (unhandled.status, unhandled.request_id.as_deref()),
        (400, Some("req-unknown"))
    );
    assert_eq!(err.code(), Some("BrandNewException"));
    let text = err.to_string();
    assert!(
        text.contains("ListOpportunities") && text.contains("req-unknown"),
        "{text}"
    );
}

#[tokio::test]
async fn an_html_502_is_an_unhandled_error_after_retries() {
    let html = CannedResponse::Full {
        status: 502,
        headers: vec![("content-type".to_string(), "text/html".to_string())],
        body: b"<html><body>Bad Gateway</body></html>".to_vec(),
    };
    let server = TestServer::start(vec![html.clone(), html]);
    let err = client_for(&server, 2, None)
        .send(ListOpportunitiesInput::default())
        .await
        .expect_err("fails");
    assert_eq!(server.requests().len(), 2, "a 502 is retried");
    let Some(ListOpportunitiesError::Unhandled(unhandled)) = err.service_error() else {
        panic!("expected unhandled, got {err:?}")
    };
    assert_eq!(unhandled.code, None);
    assert_eq!(unhandled.status, 502);
    assert!(unhandled
        .message
        .as_deref()
        .unwrap_or("")
        .contains("Bad Gateway"));
}

#[tokio::test]
async fn a_truncated_body_is_a_transport_error_and_bad_json_a_deserialization_error() {
    let truncated = CannedResponse::Truncated {
        status: 200,
        headers: vec![("x-amzn-requestid".to_string(), "req-cut".to_string())],
        body: br#"{"TaskId": "ta"#.to_vec(),
        declared_length: 200,
    };
    let server = TestServer::start(vec![truncated]);
    let err = client_for(&server, 1, None)
        .send(accept_input(None))
        .await
        .expect_err("fails");
    assert!(matches!(err, SdkError::Transport(_)), "{err:?}");
    assert!(
        err.to_string()
            .contains("StartEngagementByAcceptingInvitationTask"),
        "{err}"
    );

    // A complete response whose JSON is cut short.
    let server = TestServer::start(vec![CannedResponse::json(200, r#"{"TaskId": "ta"#)
        .with_header("x-amzn-requestid", "req-bad-json")]);
    let err = client_for(&server, 3, None)
        .send(accept_input(None))
        .await
        .expect_err("fails");
    assert!(matches!(err, SdkError::Deserialization(_)), "{err:?}");
    assert_eq!(
        (err.status(), err.request_id()),
        (Some(200), Some("req-bad-json"))
    );
    let text = err.to_string();
    assert!(
        text.contains("StartEngagementByAcceptingInvitationTask")
            && text.contains("HTTP 200")
            && text.contains("req-bad-json"),
        "{text}"
    );
    assert_eq!(server.requests().len(), 1, "a bad body is not retried");
}

#[tokio::test]
async fn a_stalled_response_times_out_per_attempt_and_is_retried() {
    let server = TestServer::start(vec![
        CannedResponse::Delayed(Duration::from_secs(5), Box::new(ok_json("{}"))),
        ok_json(r#"{"TaskId": "after-timeout"}"#),
    ]);
    let config = Client::config_builder()
        .region("us-east-1")
        .endpoint_url(server.url())
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None))
        .backoff(Duration::from_millis(1), Duration::from_millis(5))
        .attempt_timeout(Some(Duration::from_millis(300)))
        .build()
        .expect("config");
    let output = Client::new(config)
        .send(accept_input(None))
        .await
        .expect("the retry succeeds");
    assert_eq!(output.task_id.as_deref(), Some("after-timeout"));

    let server = TestServer::start(vec![CannedResponse::Delayed(
        Duration::from_secs(5),
        Box::new(ok_json("{}")),
    )]);
    let config = Client::config_builder()
        .region("us-east-1")
        .endpoint_url(server.url())
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None))
        .max_attempts(1)
        .attempt_timeout(Some(Duration::from_millis(200)))
        .build()
        .expect("config");
    let err = Client::new(config)
        .send(accept_input(None))
        .await
        .expect_err("times out");
    assert!(matches!(err, SdkError::Timeout(_)), "{err:?}");
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    // Bind and drop a listener to get a local port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let config = Client::config_builder()
        .region("us-east-1")
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None))
        .max_attempts(2)
        .backoff(Duration::from_millis(1), Duration::from_millis(2))
        .build()
        .expect("config");
    let err = Client::new(config)
        .send(ListOpportunitiesInput::default())
        .await
        .expect_err("refused");
    assert!(matches!(err, SdkError::Transport(_)), "{err:?}");
    assert_eq!(err.attempts(), 2);
}
