//! The mock transport as a user's test would use it: no network, canned answers, recorded requests.

use awsjson_runtime::{Credentials, MockTransport};
use partnercentral_selling_sdk::operation::get_opportunity::{
    GetOpportunityError, GetOpportunityInput,
};
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
    let found = client.get_opportunity(input("O123")).await.expect("found");
    assert_eq!(found.id, "O123");
    let missing = client
        .get_opportunity(input("O9"))
        .await
        .expect_err("missing");
    assert!(matches!(
        missing.service_error(),
        Some(GetOpportunityError::ResourceNotFoundException(e)) if e.message() == Some("no O9")
    ));
    let sent = mock.requests();
    assert_eq!(sent.len(), 2);
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
