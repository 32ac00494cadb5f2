//! Adds a customer-project context to an engagement.
//!
//! `cargo run -p sdk-examples --example create_engagement_context -- <engagement-id>`

use partnercentral_selling_sdk::operation::create_engagement_context::CreateEngagementContextInput;
use partnercentral_selling_sdk::types::{
    CustomerProjectsContext, EngagementContextPayload, EngagementContextType,
    EngagementCustomerProjectDetails,
};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = sdk_examples::client_from_env()?;
    let input = CreateEngagementContextInput {
        catalog: "Sandbox".to_string(),
        engagement_identifier: sdk_examples::arg(1, "eng-0000000000000"),
        r#type: EngagementContextType::CustomerProject,
        payload: EngagementContextPayload::CustomerProject(CustomerProjectsContext {
            customer: None,
            project: Some(EngagementCustomerProjectDetails {
                title: "Data platform migration".to_string(),
                business_problem: "Move the on-premises warehouse to a managed service."
                    .to_string(),
                target_completion_date: "2026-12-31".to_string(),
            }),
        }),
        client_token: None,
    };
    let output = client.send(input).await?;
    println!(
        "context {} on engagement {}",
        output.context_id.as_deref().unwrap_or("?"),
        output.engagement_id.as_deref().unwrap_or("?")
    );
    Ok(())
}
