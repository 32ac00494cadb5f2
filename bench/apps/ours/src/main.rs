//! One ListOpportunities call through the generated SDK, configured from the environment
//! (region, credentials and `AWS_ENDPOINT_URL`). Prints how many summaries came back.

use partnercentral_selling_sdk::Client;

// A current-thread runtime built by hand rather than `#[tokio::main]`: the same work without a
// proc-macro in either app's build, so what the two builds measure is the SDKs.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(run())
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let output = client.list_opportunities().catalog("AWS").send().await?;
    println!("{}", output.opportunity_summaries.len());
    Ok(())
}
