//! Invites another AWS account to an engagement with a lead payload.
//!
//! `cargo run -p sdk-examples --example create_engagement_invitation -- <engagement-id> <account-id>`

use partnercentral_selling_sdk::operation::create_engagement_invitation::{
    CreateEngagementInvitationError, CreateEngagementInvitationInput,
};
use partnercentral_selling_sdk::types::{
    AccountReceiver, CountryCode, Invitation, LeadInvitationCustomer, LeadInvitationInteraction,
    LeadInvitationPayload, Payload, Receiver,
};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = sdk_examples::client_from_env()?;
    let input = CreateEngagementInvitationInput {
        catalog: "Sandbox".to_string(),
        engagement_identifier: sdk_examples::arg(1, "eng-0000000000000"),
        client_token: None,
        invitation: Invitation {
            message: "We would like to work on this lead with you.".to_string(),
            receiver: Receiver::Account(AccountReceiver {
                alias: None,
                aws_account_id: sdk_examples::arg(2, "123456789012"),
            }),
            payload: Payload::LeadInvitation(LeadInvitationPayload {
                customer: LeadInvitationCustomer {
                    company_name: "Example Corp".to_string(),
                    country_code: CountryCode::Us,
                    ..Default::default()
                },
                interaction: LeadInvitationInteraction {
                    source_type: "Event".to_string(),
                    source_id: "event-1".to_string(),
                    source_name: "Example Summit".to_string(),
                    contact_business_title: "CTO".to_string(),
                    ..Default::default()
                },
            }),
        },
    };
    match client.send(input).await {
        Ok(output) => println!("invitation {} ({})", output.id, output.arn),
        Err(err) => match err.service_error() {
            Some(CreateEngagementInvitationError::ValidationException(v)) => {
                eprintln!("rejected: {} ({:?})", v.message, v.error_list);
                return Err(err.into());
            }
            _ => return Err(err.into()),
        },
    }
    Ok(())
}
