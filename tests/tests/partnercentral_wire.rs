//! The generated Partner Central Selling types against the wire shapes the seed documents show
//! (the Dart client's payloads, the API reference): member names as in the model, absent members
//! omitted, timestamps in the model's `date-time` format, unions as single-member objects, errors
//! with their fields.

use awsjson_runtime::codec::{from_json_slice, to_json_vec};
use awsjson_runtime::serde_json::{self, json, Value};
use awsjson_runtime::DateTime;
use partnercentral_selling_sdk::error::ValidationException;
use partnercentral_selling_sdk::operation::create_engagement_context::CreateEngagementContextInput;
use partnercentral_selling_sdk::operation::create_engagement_invitation::CreateEngagementInvitationInput;
use partnercentral_selling_sdk::operation::get_opportunity::GetOpportunityOutput;
use partnercentral_selling_sdk::operation::start_engagement_by_accepting_invitation_task::{
    StartEngagementByAcceptingInvitationTaskInput, StartEngagementByAcceptingInvitationTaskOutput,
};
use partnercentral_selling_sdk::types::{
    AccountReceiver, CountryCode, EngagementContextPayload, EngagementContextType, Invitation,
    LeadInvitationCustomer, LeadInvitationInteraction, LeadInvitationPayload, Payload, Receiver,
    Tag, TaskStatus, ValidationExceptionErrorCode, ValidationExceptionReason,
};

fn written(value: &impl awsjson_runtime::codec::WireSerialize) -> Value {
    serde_json::from_slice(&to_json_vec(value).expect("serializes")).expect("valid JSON")
}

#[test]
fn start_engagement_by_accepting_invitation_task_request_body() {
    let input = StartEngagementByAcceptingInvitationTaskInput {
        catalog: "AWS".to_string(),
        identifier: "engi-0123456789abc".to_string(),
        client_token: Some("token-1".to_string()),
        tags: Some(vec![Tag {
            key: "team".to_string(),
            value: "emea".to_string(),
        }]),
    };
    assert_eq!(
        written(&input),
        json!({
            "Catalog": "AWS",
            "ClientToken": "token-1",
            "Identifier": "engi-0123456789abc",
            "Tags": [{"Key": "team", "Value": "emea"}]
        })
    );
    // Optional members left empty are not sent at all (no nulls on input).
    let minimal = StartEngagementByAcceptingInvitationTaskInput {
        catalog: "Sandbox".to_string(),
        identifier: "engi-1".to_string(),
        ..Default::default()
    };
    assert_eq!(
        written(&minimal),
        json!({"Catalog": "Sandbox", "Identifier": "engi-1"})
    );
}

#[test]
fn create_engagement_invitation_request_body_with_unions() {
    let input = CreateEngagementInvitationInput {
        catalog: "Sandbox".to_string(),
        engagement_identifier: "eng-123".to_string(),
        client_token: None,
        invitation: Invitation {
            message: "Join us".to_string(),
            receiver: Receiver::Account(AccountReceiver {
                alias: None,
                aws_account_id: "123456789012".to_string(),
            }),
            payload: Payload::LeadInvitation(LeadInvitationPayload {
                customer: LeadInvitationCustomer {
                    company_name: "Example Corp".to_string(),
                    country_code: CountryCode::De,
                    ..Default::default()
                },
                interaction: LeadInvitationInteraction {
                    source_type: "Event".to_string(),
                    source_id: "ev-1".to_string(),
                    source_name: "Summit".to_string(),
                    contact_business_title: "CTO".to_string(),
                    ..Default::default()
                },
            }),
        },
    };
    assert_eq!(
        written(&input),
        json!({
            "Catalog": "Sandbox",
            "EngagementIdentifier": "eng-123",
            "Invitation": {
                "Message": "Join us",
                "Receiver": {"Account": {"AwsAccountId": "123456789012"}},
                "Payload": {"LeadInvitation": {
                    "Customer": {"CompanyName": "Example Corp", "CountryCode": "DE"},
                    "Interaction": {
                        "SourceType": "Event",
                        "SourceId": "ev-1",
                        "SourceName": "Summit",
                        "ContactBusinessTitle": "CTO"
                    }
                }}
            }
        })
    );
}

#[test]
fn create_engagement_context_request_body() {
    let input = CreateEngagementContextInput {
        catalog: "AWS".to_string(),
        engagement_identifier: "eng-1".to_string(),
        r#type: EngagementContextType::CustomerProject,
        payload: EngagementContextPayload::CustomerProject(Default::default()),
        client_token: None,
    };
    assert_eq!(
        written(&input),
        json!({
            "Catalog": "AWS",
            "EngagementIdentifier": "eng-1",
            "Type": "CustomerProject",
            "Payload": {"CustomerProject": {}}
        })
    );
}

#[test]
fn task_output_reads_date_time_timestamps_and_enums() {
    let output: StartEngagementByAcceptingInvitationTaskOutput = from_json_slice(
        br#"{
            "TaskId": "task-1",
            "TaskArn": "arn:aws:partnercentral:us-east-1::catalog/AWS/task/task-1",
            "StartTime": "2025-03-04T05:06:07.890Z",
            "TaskStatus": "IN_PROGRESS",
            "SomeFutureMember": [1, 2, 3]
        }"#,
    )
    .expect("deserializes");
    assert_eq!(output.task_id.as_deref(), Some("task-1"));
    assert_eq!(output.task_status, Some(TaskStatus::InProgress));
    let start = output.start_time.expect("start time");
    assert_eq!(start.unix_timestamp(), 1_741_064_767);
    assert_eq!(start.millisecond(), 890);
    let again = written(&output);
    assert_eq!(again["StartTime"], json!("2025-03-04T05:06:07.89Z"));
    assert!(again.get("SomeFutureMember").is_none());
}

#[test]
fn missing_required_output_members_become_zero_values() {
    // `Id`, `LastModifiedDate`, `CreatedDate` and `RelatedEntityIdentifiers` are required in the
    // model; a response without them is corrected, not rejected.
    let output: GetOpportunityOutput = from_json_slice(br#"{"Catalog": "AWS"}"#).expect("de");
    assert_eq!(output.catalog, "AWS");
    assert_eq!(output.id, "");
    assert_eq!(output.created_date, DateTime::UNIX_EPOCH);
    assert_eq!(output.related_entity_identifiers, Default::default());
}

#[test]
fn validation_exception_with_error_list() {
    let error: ValidationException = from_json_slice(
        br#"{
            "message": "Invalid input",
            "Reason": "REQUEST_VALIDATION_FAILED",
            "ErrorList": [{"FieldName": "Catalog", "Message": "bad", "Code": "INVALID_VALUE"},
                          {"Message": "new", "Code": "SOMETHING_NEW"}]
        }"#,
    )
    .expect("deserializes");
    assert_eq!(error.message, "Invalid input");
    assert_eq!(
        error.reason,
        ValidationExceptionReason::RequestValidationFailed
    );
    let list = error.error_list.as_ref().expect("error list");
    assert_eq!(list[0].field_name.as_deref(), Some("Catalog"));
    assert_eq!(list[0].code, ValidationExceptionErrorCode::InvalidValue);
    assert_eq!(
        list[1].code,
        ValidationExceptionErrorCode::Unknown("SOMETHING_NEW".to_string())
    );
    assert_eq!(error.to_string(), "ValidationException: Invalid input");
    assert_eq!(ValidationException::HTTP_STATUS, Some(400));
}

#[test]
fn sensitive_members_are_redacted_in_debug() {
    let invitation = Invitation {
        message: "secret message".to_string(),
        receiver: Receiver::Account(AccountReceiver {
            alias: Some("secret alias".to_string()),
            aws_account_id: "999988887777".to_string(),
        }),
        payload: Payload::default(),
    };
    let debug = format!("{invitation:?}");
    assert!(!debug.contains("secret"), "{debug}");
    assert!(!debug.contains("999988887777"), "{debug}");
}
