//! One ListOpportunities call through the generated SDK, configured from the environment
//! (region, credentials and `AWS_ENDPOINT_URL`). Prints how many summaries came back.

use partnercentral_selling_sdk::Client;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let output = client.list_opportunities().catalog("AWS").send().await?;
    println!("{}", output.opportunity_summaries.len());
    Ok(())
}
