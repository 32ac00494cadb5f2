//! Accepts an engagement invitation and starts the engagement task.
//!
//! `cargo run -p sdk-examples --example start_engagement_by_accepting_invitation_task -- <invitation-id> [catalog]`

use partnercentral_selling_sdk::operation::start_engagement_by_accepting_invitation_task::StartEngagementByAcceptingInvitationTaskInput;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = sdk_examples::client_from_env()?;
    let input = StartEngagementByAcceptingInvitationTaskInput {
        catalog: sdk_examples::arg(2, "Sandbox"),
        identifier: sdk_examples::arg(1, "engi-0000000000000"),
        // Left empty: the client fills in a UUID and reuses it on retries.
        client_token: None,
        tags: None,
    };
    let output = client.send(input).await?;
    println!(
        "task {} is {}",
        output.task_id.as_deref().unwrap_or("?"),
        output
            .task_status
            .map(|s| s.to_string())
            .unwrap_or_default()
    );
    Ok(())
}
