//! One ListOpportunities call through the official AWS SDK, configured the way its docs show
//! (`aws_config::load_defaults`: region, credentials and `AWS_ENDPOINT_URL` from the
//! environment). Prints how many summaries came back.

#[cfg(feature = "lean")]
use aws_config_lean as aws_config;
#[cfg(all(feature = "full", not(feature = "lean")))]
use aws_sdk_partnercentralselling as partnercentralselling;
#[cfg(feature = "lean")]
use aws_sdk_partnercentralselling_lean as partnercentralselling;

// A current-thread runtime built by hand rather than `#[tokio::main]`: the same work without a
// proc-macro in either app's build, so what the two builds measure is the SDKs.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(run())
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let client = partnercentralselling::Client::new(&config);
    let output = client.list_opportunities().catalog("AWS").send().await?;
    println!("{}", output.opportunity_summaries().len());
    Ok(())
}
