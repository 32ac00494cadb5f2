//! Client-side validation of the real SDK (feature `validation`) against a local server on
//! 127.0.0.1: with `validate_inputs(true)` an input that breaks the model's constraints fails
//! before any request is made, listing every violating member path; a valid input is sent; with
//! validation off (the default) the same invalid input is sent as it is. Builders, `Client::send`,
//! paginators and the blocking client all go through the same check.

use std::time::Duration;

use awsjson_runtime::{Credentials, SdkError};
use partnercentral_selling_sdk::operation::create_opportunity::CreateOpportunityOutput;
use partnercentral_selling_sdk::operation::get_opportunity::GetOpportunityInput;
use partnercentral_selling_sdk::types::{Account, Contact, Customer, Tag};
use partnercentral_selling_sdk::Client;
use sdk_tests::server::{CannedResponse, TestServer};

fn config(server: &TestServer, validate: bool) -> awsjson_runtime::Config {
    Client::config_builder()
        .region("us-east-1")
        .endpoint_url(server.url())
        .credentials(Credentials::new("AKIDLOCAL", "local/secret", None))
        .max_attempts(1)
        .attempt_timeout(Some(Duration::from_secs(5)))
        .validate_inputs(validate)
        .build()
        .expect("config")
}

fn contact(email: &str) -> Contact {
    Contact {
        email: Some(email.to_string()),
        ..Contact::default()
    }
}

fn tag(key: &str, value: &str) -> Tag {
    Tag {
        key: key.to_string(),
        value: value.to_string(),
    }
}

/// A customer whose account and second contact break constraints, if `broken`.
fn customer(broken: bool) -> Customer {
    Customer {
        account: Some(Account {
            company_name: "Example Corp".to_string(),
            duns: Some(if broken { "12345" } else { "123456789" }.to_string()),
            website_url: Some(if broken { "x.y" } else { "example.com" }.to_string()),
            ..Account::default()
        }),
        contacts: Some(vec![
            contact("jane@example.com"),
            contact(if broken {
                "Not An Email"
            } else {
                "joe@example.com"
            }),
        ]),
    }
}

async fn create(
    client: &Client,
    broken: bool,
) -> Result<CreateOpportunityOutput, SdkError<impl std::error::Error>> {
    client
        .create_opportunity()
        .catalog(if broken { "AWS-1" } else { "AWS" })
        .customer(customer(broken))
        .tags(vec![
            tag("env", "prod"),
            tag(if broken { "" } else { "team" }, "sales"),
        ])
        .send()
        .await
}

#[tokio::test]
async fn with_validation_an_invalid_input_fails_before_sending_and_lists_every_path() {
    let server = TestServer::start(vec![]);
    let client = Client::new(config(&server, true));
    let error = create(&client, true).await.expect_err("invalid input");
    let validation = error.validation_error().expect("a validation error");
    assert_eq!(validation.operation, "CreateOpportunity");
    let paths: Vec<&str> = validation
        .violations
        .iter()
        .map(|v| v.path.as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "Catalog",
            "Customer.Account.WebsiteUrl",
            "Customer.Account.Duns",
            "Customer.Contacts[1].Email",
            "Tags[1].Key",
        ]
    );
    let message = error.to_string();
    assert!(
        message.starts_with(
            "validation error: CreateOpportunity: the input breaks 5 constraints of the model: \
             Catalog: does not match the pattern `^[a-zA-Z]+$`; "
        ),
        "{message}"
    );
    for path in paths {
        assert!(message.contains(&format!("{path}: ")), "{message}");
    }
    assert!(server.requests().is_empty(), "nothing may be sent");
}

#[tokio::test]
async fn with_validation_a_valid_input_is_sent() {
    let server = TestServer::start(vec![CannedResponse::json(200, r#"{"Id": "O1"}"#)]);
    let client = Client::new(config(&server, true));
    let output = create(&client, false).await.expect("valid input is sent");
    assert_eq!(output.id, "O1");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].body_json()["Tags"][1]["Key"], "team");
}

#[tokio::test]
async fn without_validation_the_invalid_input_is_sent_as_it_is() {
    let server = TestServer::start(vec![CannedResponse::json(200, r#"{"Id": "O1"}"#)]);
    let client = Client::new(config(&server, false));
    create(&client, true).await.expect("sent unchecked");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let body = requests[0].body_json();
    assert_eq!(body["Catalog"], "AWS-1");
    assert_eq!(body["Customer"]["Contacts"][1]["Email"], "Not An Email");
}

#[tokio::test]
async fn struct_inputs_and_paginators_are_validated_too() {
    let server = TestServer::start(vec![]);
    let client = Client::new(config(&server, true));
    let error = client
        .send(GetOpportunityInput::new("AWS", "not-an-id"))
        .await
        .expect_err("invalid identifier");
    assert_eq!(
        error.validation_error().expect("validation").violations[0].path,
        "Identifier"
    );
    let mut pages = client
        .list_opportunities()
        .catalog("AWS")
        .max_results(0)
        .into_paginator();
    let first = pages.next_page().await.expect("one result");
    let error = first.expect_err("MaxResults 0 is out of range");
    let violation = &error.validation_error().expect("validation").violations[0];
    assert_eq!(violation.path, "MaxResults");
    assert_eq!(violation.message, "is 0; 1 to 100 allowed");
    assert!(pages.next_page().await.is_none());
    assert!(server.requests().is_empty());
}

#[test]
fn the_blocking_client_is_validated_too() {
    let server = TestServer::start(vec![]);
    let client = partnercentral_selling_sdk::blocking::Client::new(config(&server, true))
        .expect("blocking client");
    let error = client
        .get_opportunity()
        .catalog("")
        .identifier("O1")
        .send()
        .expect_err("empty catalog");
    assert!(matches!(error, SdkError::Validation(_)), "{error:?}");
    assert!(server.requests().is_empty());
}
