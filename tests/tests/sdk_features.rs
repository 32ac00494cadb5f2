//! The generated SDK's conveniences against a local server on 127.0.0.1: paginators (pages,
//! items, the `Stream` implementation, page size, end of pagination, a repeated token), builders
//! (required members checked before anything is sent), the blocking client, and the `serde`
//! feature.

use std::time::Duration;

use awsjson_runtime::{Credentials, SdkError};
use futures_util::StreamExt;
use partnercentral_selling_sdk::operation::list_opportunities::{
    ListOpportunitiesInput, ListOpportunitiesOutput,
};
use partnercentral_selling_sdk::types::{Contact, OpportunitySummary};
use partnercentral_selling_sdk::Client;
use sdk_tests::server::{CannedResponse, TestServer};
use serde_json::json;

fn config(server: &TestServer) -> awsjson_runtime::Config {
    Client::config_builder()
        .region("us-east-1")
        .endpoint_url(server.url())
        .credentials(Credentials::new("AKIDLOCAL", "local/secret", None))
        .max_attempts(1)
        .attempt_timeout(Some(Duration::from_secs(5)))
        .build()
        .expect("config")
}

/// A ListOpportunities page with the given opportunity ids and next token.
fn page(ids: &[&str], next: Option<&str>) -> CannedResponse {
    let summaries: Vec<_> = ids
        .iter()
        .map(|id| json!({"Catalog": "AWS", "Id": id}))
        .collect();
    let mut body = json!({ "OpportunitySummaries": summaries });
    if let Some(next) = next {
        body["NextToken"] = json!(next);
    }
    CannedResponse::json(200, &body.to_string())
}

fn ids(items: &[OpportunitySummary]) -> Vec<&str> {
    items.iter().filter_map(|o| o.id.as_deref()).collect()
}

#[tokio::test]
async fn paginator_follows_tokens_sends_the_page_size_and_stops_without_a_token() {
    let server = TestServer::start(vec![
        page(&["O1", "O2"], Some("t1")),
        page(&["O3"], Some("t2")),
        page(&["O4"], None),
    ]);
    let client = Client::new(config(&server));
    let items = client
        .list_opportunities()
        .catalog("AWS")
        .max_results(2)
        .into_paginator()
        .collect_items()
        .await
        .expect("all pages");
    assert_eq!(ids(&items), ["O1", "O2", "O3", "O4"]);
    let bodies: Vec<_> = server.requests().iter().map(|r| r.body_json()).collect();
    assert_eq!(
        bodies,
        [
            json!({"Catalog": "AWS", "MaxResults": 2}),
            json!({"Catalog": "AWS", "MaxResults": 2, "NextToken": "t1"}),
            json!({"Catalog": "AWS", "MaxResults": 2, "NextToken": "t2"}),
        ]
    );
}

#[tokio::test]
async fn an_empty_token_ends_pagination() {
    let server = TestServer::start(vec![page(&["O1"], Some("t1")), page(&["O2"], Some(""))]);
    let client = Client::new(config(&server));
    let mut pages = client.paginate(ListOpportunitiesInput::new("AWS"));
    let mut seen = Vec::new();
    while let Some(page) = pages.next_page().await {
        seen.push(page.expect("page").opportunity_summaries.len());
    }
    assert_eq!(seen, [1, 1]);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_repeated_token_is_an_error_not_an_endless_loop() {
    let server = TestServer::start(vec![
        page(&["O1"], Some("same")),
        page(&["O2"], Some("same")),
        page(&["O3"], None),
    ]);
    let client = Client::new(config(&server));
    let mut items = client
        .list_opportunities()
        .catalog("AWS")
        .into_paginator()
        .items();
    let mut got = Vec::new();
    let mut error = None;
    while let Some(item) = items.next_item().await {
        match item {
            Ok(item) => got.push(item.id.unwrap_or_default()),
            Err(e) => error = Some(e),
        }
    }
    // The second page repeats the token it was sent: it is not yielded and nothing more is
    // requested.
    assert_eq!(got, ["O1"]);
    let error = error.expect("the repeated token is reported");
    assert!(matches!(error, SdkError::Deserialization(_)), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("ListOpportunities"), "{message}");
    assert!(message.contains("\"same\""), "{message}");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn an_error_page_ends_the_stream_after_being_yielded() {
    let server = TestServer::start(vec![
        page(&["O1"], Some("t1")),
        CannedResponse::json(
            400,
            r#"{"__type": "ValidationException", "message": "bad token", "Reason": "REQUEST_VALIDATION_FAILED"}"#,
        ),
    ]);
    let client = Client::new(config(&server));
    // Through the `Stream` implementation, as users of stream combinators see it.
    let pages: Vec<Result<ListOpportunitiesOutput, _>> = client
        .paginate(ListOpportunitiesInput::new("AWS"))
        .collect()
        .await;
    assert_eq!(pages.len(), 2);
    assert!(pages[0].is_ok());
    let error = pages[1].as_ref().expect_err("second page fails");
    assert!(
        matches!(error, SdkError::Service(e) if e.error.to_string().contains("bad token")),
        "{error:?}"
    );
}

#[tokio::test]
async fn builder_send_matches_the_struct_call_and_checks_required_members_first() {
    let server = TestServer::start(vec![
        CannedResponse::json(200, r#"{"Id": "O1"}"#),
        CannedResponse::json(200, r#"{"Id": "O1"}"#),
    ]);
    let client = Client::new(config(&server));
    let built = client
        .get_opportunity()
        .catalog("Sandbox")
        .identifier("O1")
        .send()
        .await
        .expect("sent");
    assert_eq!(built.id, "O1");
    let plain = client
        .send(
            partnercentral_selling_sdk::operation::get_opportunity::GetOpportunityInput::new(
                "Sandbox", "O1",
            ),
        )
        .await
        .expect("sent");
    assert_eq!(plain, built);
    let requests = server.requests();
    assert_eq!(requests[0].body_json(), requests[1].body_json());
    assert_eq!(
        requests[0].body_json(),
        json!({"Catalog": "Sandbox", "Identifier": "O1"})
    );

    // `Identifier` is required: the error names it and nothing reaches the server.
    let error = client
        .get_opportunity()
        .catalog("Sandbox")
        .send()
        .await
        .expect_err("missing member");
    assert!(matches!(error, SdkError::Serialization(_)), "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains("GetOpportunity") && message.contains("`Identifier`"),
        "{message}"
    );
    assert_eq!(server.requests().len(), 2);

    // A paginator from an incomplete builder yields that error once.
    let mut pages = client.list_opportunities().max_results(5).into_paginator();
    let first = pages.next_page().await.expect("one item");
    assert!(first.unwrap_err().to_string().contains("`Catalog`"));
    assert!(pages.next_page().await.is_none());
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn builder_build_names_the_missing_member() {
    let error = ListOpportunitiesInput::builder().build().unwrap_err();
    assert_eq!(error.member, "Catalog");
    assert_eq!(
        error.to_string(),
        "ListOpportunitiesInput: required member `Catalog` is not set"
    );
    let input = ListOpportunitiesInput::builder()
        .catalog("AWS")
        .set_next_token(Some("t".into()))
        .build()
        .expect("complete");
    assert_eq!(input.next_token.as_deref(), Some("t"));
}

#[test]
fn blocking_client_sends_and_iterates_pages_without_an_async_runtime() {
    use partnercentral_selling_sdk::blocking;
    let server = TestServer::start(vec![
        CannedResponse::json(200, r#"{"Id": "O1"}"#),
        page(&["O1"], Some("t1")),
        page(&["O2"], None),
    ]);
    let client = blocking::Client::new(config(&server)).expect("blocking client");
    let output = client
        .get_opportunity()
        .catalog("AWS")
        .identifier("O1")
        .send()
        .expect("sent");
    assert_eq!(output.id, "O1");
    let items: Vec<OpportunitySummary> = client
        .list_opportunities()
        .catalog("AWS")
        .into_paginator()
        .items()
        .collect::<Result<_, _>>()
        .expect("all items");
    assert_eq!(ids(&items), ["O1", "O2"]);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn blocking_client_refuses_to_block_inside_an_async_runtime() {
    use partnercentral_selling_sdk::blocking;
    let server = TestServer::start(vec![]);
    let client = blocking::Client::new(config(&server)).expect("blocking client");
    let error = client
        .send(ListOpportunitiesInput::new("AWS"))
        .expect_err("refused");
    assert!(matches!(error, SdkError::Configuration(_)), "{error:?}");
    assert!(error.to_string().contains("inside an async runtime"));
    assert!(server.requests().is_empty());
}

#[test]
fn serde_feature_writes_and_reads_the_wire_form_and_debug_still_redacts() {
    let wire = json!({
        "OpportunitySummaries": [{
            "Catalog": "AWS",
            "Id": "O1",
            "LastModifiedDate": "2023-11-14T22:13:20Z",
            "Customer": {"Account": {"CompanyName": "Example Corp"}}
        }],
        "NextToken": "t1"
    });
    let output: ListOpportunitiesOutput = serde_json::from_value(wire.clone()).expect("reads");
    assert_eq!(serde_json::to_value(&output).expect("writes"), wire);
    let contact: Contact = serde_json::from_value(json!({"Email": "person@example.com"})).unwrap();
    assert_eq!(
        serde_json::to_value(&contact).unwrap(),
        json!({"Email": "person@example.com"})
    );
    let debug = format!("{output:?}{contact:?}");
    assert!(!debug.contains("Example Corp"), "{debug}");
    assert!(!debug.contains("person@example.com"), "{debug}");
}

/// A ListEngagementByAcceptingInvitationTasks page listing one task with the given status.
fn task_page(task_id: &str, status: &str) -> CannedResponse {
    let body = json!({
        "TaskSummaries": [{
            "TaskId": task_id,
            "TaskArn": format!("arn:aws:partnercentral:us-east-1::catalog/AWS/task/{task_id}"),
            "TaskStatus": status,
            "EngagementInvitationId": "engi-1"
        }]
    });
    CannedResponse::json(200, &body.to_string())
}

fn quick_wait(timeout: Duration) -> awsjson_runtime::task::TaskWait {
    awsjson_runtime::task::TaskWait {
        initial_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(40),
        timeout,
    }
}

#[tokio::test]
async fn task_helper_polls_the_list_operation_until_the_task_ends() {
    let server = TestServer::start(vec![
        CannedResponse::json(
            200,
            r#"{"TaskId": "task-1", "TaskStatus": "IN_PROGRESS", "StartTime": "2025-01-01T00:00:00Z"}"#,
        ),
        // Not listed yet, then running, then done.
        CannedResponse::json(200, r#"{"TaskSummaries": []}"#),
        task_page("task-1", "IN_PROGRESS"),
        task_page("task-1", "COMPLETE"),
    ]);
    let client = Client::new(config(&server));
    let started = client
        .start_engagement_by_accepting_invitation_task()
        .catalog("AWS")
        .identifier("engi-1")
        .send()
        .await
        .expect("started");
    let task_id = started.task_id.expect("a task id");
    let summary = client
        .wait_for_engagement_by_accepting_invitation_task(
            "AWS",
            task_id,
            &quick_wait(Duration::from_secs(10)),
        )
        .await
        .expect("the task ends");
    assert_eq!(summary.task_id.as_deref(), Some("task-1"));
    assert_eq!(
        summary.task_status.as_ref().map(|s| s.as_str()),
        Some("COMPLETE")
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    for poll in &requests[1..] {
        assert_eq!(
            poll.header("x-amz-target"),
            Some("AWSPartnerCentralSelling.ListEngagementByAcceptingInvitationTasks")
        );
        assert_eq!(
            poll.body_json(),
            json!({"Catalog": "AWS", "TaskIdentifier": ["task-1"]})
        );
    }
}

#[tokio::test]
async fn task_helper_gives_up_after_the_timeout_with_the_last_status() {
    let server = TestServer::start(vec![]);
    for _ in 0..200 {
        server.push(task_page("task-2", "IN_PROGRESS"));
    }
    let client = Client::new(config(&server));
    let error = client
        .wait_for_engagement_by_accepting_invitation_task(
            "AWS",
            "task-2",
            &quick_wait(Duration::from_millis(150)),
        )
        .await
        .expect_err("times out");
    match &error {
        awsjson_runtime::task::TaskWaitError::TimedOut {
            operation,
            task_id,
            last_status,
            polls,
            ..
        } => {
            assert_eq!(*operation, "StartEngagementByAcceptingInvitationTask");
            assert_eq!(task_id, "task-2");
            assert_eq!(last_status.as_deref(), Some("IN_PROGRESS"));
            assert_eq!(*polls as usize, server.requests().len());
            assert!(*polls >= 2, "{polls}");
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(error.to_string().contains("task-2"), "{error}");
}

#[tokio::test]
async fn task_helper_reports_a_failed_poll() {
    let server = TestServer::start(vec![CannedResponse::json(
        403,
        r#"{"__type": "AccessDeniedException", "message": "no"}"#,
    )]);
    let client = Client::new(config(&server));
    let error = client
        .wait_for_engagement_by_accepting_invitation_task(
            "AWS",
            "task-3",
            &quick_wait(Duration::from_secs(5)),
        )
        .await
        .expect_err("fails");
    assert!(
        matches!(
            error,
            awsjson_runtime::task::TaskWaitError::Sdk(SdkError::Service(_))
        ),
        "{error:?}"
    );
}

#[test]
fn blocking_task_helper_waits_without_an_async_runtime() {
    use partnercentral_selling_sdk::blocking;
    let server = TestServer::start(vec![
        task_page("task-4", "IN_PROGRESS"),
        task_page("task-4", "FAILED"),
    ]);
    let client = blocking::Client::new(config(&server)).expect("blocking client");
    let summary = client
        .wait_for_engagement_by_accepting_invitation_task(
            "AWS",
            "task-4",
            &quick_wait(Duration::from_secs(10)),
        )
        .expect("the task ends");
    assert_eq!(
        summary.task_status.as_ref().map(|s| s.as_str()),
        Some("FAILED")
    );
    assert_eq!(server.requests().len(), 2);
}
