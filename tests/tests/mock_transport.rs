//! The mock transport as a user's test would use it: no network, canned answers, recorded requests.

use awsjson_runtime::{Credentials, MockTransport};
use partnercentral_selling_sdk::operation::create_engagement_invitation::CreateEngagementInvitationError;
use partnercentral_selling_sdk::operation::get_opportunity::{
    GetOpportunityError, GetOpportunityInput,
};
use partnercentral_selling_sdk::types::{AccountReceiver, Invitation, Payload, Receiver};
use partnercentral_selling_sdk::Client;

fn client(mock: &MockTransport) -> Client {
    Client::new(
        Client::config_builder()
            .region("eu-central-1")
            .credentials(Credentials::new("AKIDMOCK", "secret", None))
            .transport(mock.clone())
            .build()
            .expect("config"),
    )
}

#[tokio::test]
async fn canned_answers_and_recorded_requests() {
    let mock = MockTransport::new();
    mock.push_json(
        200,
        r#"{"Id": "O123", "Catalog": "AWS", "LastModifiedDate": "2025-01-01T00:00:00Z"}"#,
    )
    .push_json(
        404,
        r#"{"__type": "ResourceNotFoundException", "Message": "no O9"}"#,
    );
    let client = client(&mock);
    assert_eq!(
        client.endpoint(),
        "https://partnercentral-selling.eu-central-1.api.aws"
    );
    let input = |id: &str| GetOpportunityInput {
        catalog: "AWS".to_string(),
        identifier: id.to_string(),
    };
    let found = client.send(input("O123")).await.expect("found");
    assert_eq!(found.id, "O123");
    let missing = client.send(input("O9")).await.expect_err("missing");
    assert!(matches!(
        missing.service_error(),
        Some(GetOpportunityError::ResourceNotFoundException(e)) if e.message() == Some("no O9")
    ));
    let sent = mock.requests();
    assert_eq!(sent.len(), 2);
    // `take_requests` gives the same requests and forgets them.
    assert_eq!(mock.take_requests(), sent);
    assert!(mock.requests().is_empty());
    assert_eq!(
        sent[0].uri,
        "https://partnercentral-selling.eu-central-1.api.aws/"
    );
    assert_eq!(
        sent[0].header("x-amz-target"),
        Some("AWSPartnerCentralSelling.GetOpportunity")
    );
    assert!(sent[0]
        .header("authorization")
        .is_some_and(|a| a.contains("/eu-central-1/partnercentral-selling/aws4_request")));
    assert_eq!(
        String::from_utf8(sent[1].body.clone()).expect("utf8"),
        r#"{"Catalog":"AWS","Identifier":"O9"}"#
    );
    assert_eq!(mock.remaining(), 0);
}

/// The user's own code under test: invites a partner to an engagement and returns the new
/// invitation's id.
async fn invite_partner(
    client: &Client,
    engagement: &str,
    email: &str,
) -> Result<String, awsjson_runtime::SdkError<CreateEngagementInvitationError>> {
    let output = client
        .create_engagement_invitation()
        .catalog("AWS")
        .engagement_identifier(engagement)
        .invitation(Invitation {
            message: "Join us".into(),
            receiver: Receiver::Account(AccountReceiver {
                aws_account_id: "123456789012".into(),
                alias: None,
            }),
            payload: Payload::OpportunityInvitation(Default::default()),
        })
        .client_token(email)
        .send()
        .await?;
    Ok(output.id)
}

/// The README's mocking example: a user's unit test of `invite_partner`, no network, three lines
/// of setup.
#[tokio::test]
async fn a_users_unit_test_with_the_mock_transport() {
    let mock = MockTransport::new();
    mock.push_json(200, r#"{"Id": "inv-1", "Arn": "arn:aws:partnercentral:us-east-1::catalog/AWS/engagement-invitation/inv-1"}"#);
    let client = Client::new(mock.config());

    assert_eq!(
        invite_partner(&client, "eng-1", "a@example.com")
            .await
            .unwrap(),
        "inv-1"
    );
    let request = &mock.requests()[0];
    assert_eq!(
        request.header("x-amz-target"),
        Some("AWSPartnerCentralSelling.CreateEngagementInvitation")
    );
    let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body["EngagementIdentifier"], "eng-1");
}
