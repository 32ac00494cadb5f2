//! DynamoDB's `KinesisStreamingDestinationActive` waiter, whose failure acceptor is a JMESPath
//! expression with `length()`, a filter with `||`, `&&` and comparisons, against canned
//! `DescribeKinesisStreamingDestination` answers; on the async and on the blocking client.
//! Only answers that end the wait before any delay are used (a retry ends with `max_wait` zero),
//! so no timer runs.

use std::time::Duration;

use awsjson_runtime::waiter::{WaiterError, WaiterOutcome};
use awsjson_runtime::{Credentials, MockTransport, SdkError};
use dynamodb_sdk::operation::describe_kinesis_streaming_destination::DescribeKinesisStreamingDestinationInput as Input;

fn config(mock: &MockTransport) -> awsjson_runtime::Config {
    dynamodb_sdk::Client::config_builder()
        .region("us-east-1")
        .endpoint_url("https://dynamodb.example")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .transport(mock.clone())
        .attempt_timeout(None)
        .max_attempts(1)
        .build()
        .expect("config")
}

fn destinations(statuses: &[&str]) -> String {
    let list: Vec<String> = statuses
        .iter()
        .map(|s| format!(r#"{{"StreamArn": "arn:s", "DestinationStatus": "{s}"}}"#))
        .collect();
    format!(
        r#"{{"TableName": "t", "KinesisDataStreamDestinations": [{}]}}"#,
        list.join(", ")
    )
}

/// How the blocking waiter ends on one answer: `success`, `failure` or `retry` (timed out after
/// that one attempt, `max_wait` being zero).
fn blocking_outcome(body: &str) -> &'static str {
    let mock = MockTransport::new();
    mock.push_json(200, body);
    let client = dynamodb_sdk::blocking::Client::new(config(&mock)).expect("blocking client");
    let result =
        client.wait_until_kinesis_streaming_destination_active(Input::new("t"), Duration::ZERO);
    assert_eq!(mock.requests().len(), 1);
    match result {
        Ok(WaiterOutcome::Output(_)) => "success",
        Err(WaiterError::FailureState { waiter, .. }) => {
            assert_eq!(waiter, "KinesisStreamingDestinationActive");
            "failure"
        }
        Err(WaiterError::TimedOut { attempts: 1, .. }) => "retry",
        other => panic!("{body}: {other:?}"),
    }
}

#[test]
fn kinesis_destination_waiter_decides_each_answer_as_the_model_says() {
    let cases: &[(&[&str], &str)] = &[
        // anyStringEquals ACTIVE comes first.
        (&["DISABLED", "ACTIVE"], "success"),
        // Every destination DISABLED or ENABLE_FAILED (and at least one): failure.
        (&["DISABLED"], "failure"),
        (&["ENABLE_FAILED", "DISABLED"], "failure"),
        // Some still enabling: neither.
        (&["ENABLING", "DISABLED"], "retry"),
        // No destinations: `length(..) > 0` is false.
        (&[], "retry"),
    ];
    for (statuses, want) in cases {
        assert_eq!(
            blocking_outcome(&destinations(statuses)),
            *want,
            "{statuses:?}"
        );
    }
    // No list at all: `length(null)` is an error in JMESPath, so the failure acceptor does not
    // match, and neither does the projection.
    assert_eq!(blocking_outcome(r#"{"TableName": "t"}"#), "retry");
}

#[test]
fn the_async_waiter_is_the_same() {
    let mock = MockTransport::new();
    mock.push_json(200, &destinations(&["ENABLE_FAILED"]));
    let client = dynamodb_sdk::Client::new(config(&mock));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime");
    let err = runtime
        .block_on(client.wait_until_kinesis_streaming_destination_active(
            Input::new("t"),
            Duration::from_secs(600),
        ))
        .expect_err("failure state");
    assert!(matches!(err, WaiterError::FailureState { .. }), "{err:?}");
}

#[test]
fn a_blocking_waiter_inside_an_async_runtime_is_refused() {
    let mock = MockTransport::new();
    let client = dynamodb_sdk::blocking::Client::new(config(&mock)).expect("blocking client");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let err = runtime
        .block_on(async {
            client.wait_until_table_exists(
                dynamodb_sdk::operation::describe_table::DescribeTableInput::new("t"),
                Duration::ZERO,
            )
        })
        .expect_err("refused");
    assert!(
        matches!(err, WaiterError::Sdk(SdkError::Configuration(_))),
        "{err:?}"
    );
    assert!(mock.requests().is_empty());
}
