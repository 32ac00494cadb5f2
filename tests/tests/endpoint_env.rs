//! Endpoint URLs from the environment (`AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`,
//! `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`), in their own test binary with a single test because
//! they change this process's environment.

use awsjson_runtime::Credentials;
use partnercentral_selling_sdk::Client;
use sdk_tests::server::{CannedResponse, TestServer};

const GLOBAL: &str = "AWS_ENDPOINT_URL";
const SERVICE: &str = "AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING";
const IGNORE: &str = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";

fn client(endpoint: Option<&str>) -> Client {
    let mut builder = Client::config_builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDLOCAL", "local/secret", None))
        .max_attempts(1);
    if let Some(url) = endpoint {
        builder = builder.endpoint_url(url);
    }
    Client::new(builder.build().expect("config"))
}

#[test]
fn endpoint_urls_from_the_environment_in_order_of_precedence() {
    let global = TestServer::start(vec![]);
    let service = TestServer::start(vec![]);
    for (name, value) in [(GLOBAL, global.url()), (SERVICE, service.url())] {
        std::env::set_var(name, value);
    }
    std::env::remove_var(IGNORE);

    // The service's own variable wins over the global one...
    assert_eq!(
        client(None).resolved_endpoint().ok().map(|e| e.url()),
        Some(service.url().as_str())
    );
    // ...and the global one applies when the service's is unset.
    std::env::remove_var(SERVICE);
    assert_eq!(
        client(None).resolved_endpoint().ok().map(|e| e.url()),
        Some(global.url().as_str())
    );
    // An endpoint set on the builder wins over both.
    std::env::set_var(SERVICE, service.url());
    assert_eq!(
        client(Some("http://127.0.0.1:9"))
            .resolved_endpoint()
            .ok()
            .map(|e| e.url()),
        Some("http://127.0.0.1:9")
    );
    // `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` turns both variables off.
    std::env::set_var(IGNORE, "true");
    assert_eq!(
        client(None).resolved_endpoint().ok().map(|e| e.url()),
        Some("https://partnercentral-selling.us-east-1.api.aws")
    );

    // A call really goes to the endpoint from the environment.
    std::env::remove_var(IGNORE);
    service.push(CannedResponse::json(200, r#"{"Id": "O1"}"#));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let output = runtime
        .block_on(
            client(None)
                .get_opportunity()
                .catalog("AWS")
                .identifier("O1")
                .send(),
        )
        .expect("sent");
    assert_eq!(output.id, "O1");
    assert_eq!(service.requests().len(), 1);
    assert!(global.requests().is_empty());
    for name in [GLOBAL, SERVICE, IGNORE] {
        std::env::remove_var(name);
    }
}
