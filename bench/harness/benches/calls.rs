//! The same work through the generated SDK ("ours") and the official one, with no network:
//! request serialization, response decoding, and whole calls through a canned in-memory HTTP
//! client (build, sign, "send", decode). Throughput is set so criterion reports MB/s for
//! decoding and calls/s (elements) for calls.

use std::hint::black_box;

use awsjson_runtime::http::{HttpRequest, HttpResponse};
use awsjson_runtime::transport::{HttpTransport, TransportError};
use bench_harness::{get_opportunity_response, list_opportunities_response, load_model};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const MODEL: &str = "../../../shared/models/partnercentral-selling-2022-07-26.json";

/// Answers every request with the same response (ours).
#[derive(Debug)]
struct Canned(Vec<u8>);

impl HttpTransport for Canned {
    fn send(
        &self,
        _request: HttpRequest,
    ) -> awsjson_runtime::credentials::BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let response = HttpResponse {
            status: 200,
            headers: vec![
                ("content-type".into(), "application/x-amz-json-1.0".into()),
                ("x-amzn-requestid".into(), "bench".into()),
            ],
            body: self.0.clone(),
        };
        Box::pin(std::future::ready(Ok(response)))
    }
}

fn ours(body: Vec<u8>) -> partnercentral_selling_sdk::Client {
    let config = partnercentral_selling_sdk::Client::config_builder()
        .region("us-east-1")
        .credentials(awsjson_runtime::Credentials::new(
            "AKIDBENCH",
            "bench/secret",
            None,
        ))
        .transport(Canned(body))
        .build()
        .expect("config");
    partnercentral_selling_sdk::Client::new(config)
}

fn official(body: Vec<u8>) -> aws_sdk_partnercentralselling::Client {
    use aws_sdk_partnercentralselling::config::{BehaviorVersion, Credentials, Region};
    let body = bytes::Bytes::from(body);
    let http = aws_smithy_http_client::test_util::infallible_client_fn(move |_request| {
        http::Response::builder()
            .status(200)
            .header("content-type", "application/x-amz-json-1.0")
            .header("x-amzn-requestid", "bench")
            .body(aws_smithy_types::body::SdkBody::from(body.clone()))
            .expect("response")
    });
    let config = aws_sdk_partnercentralselling::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            "AKIDBENCH",
            "bench/secret",
            None,
            None,
            "bench",
        ))
        .http_client(http)
        .build();
    aws_sdk_partnercentralselling::Client::from_conf(config)
}

/// Ends every official call just before it would be transmitted (after serialization and
/// signing), so a benchmark can time request preparation alone.
#[derive(Debug)]
struct StopBeforeTransmit;

impl aws_sdk_partnercentralselling::config::Intercept for StopBeforeTransmit {
    fn name(&self) -> &'static str {
        "StopBeforeTransmit"
    }

    fn read_before_transmit(
        &self,
        _context: &aws_sdk_partnercentralselling::config::interceptors::BeforeTransmitInterceptorContextRef<'_>,
        _components: &aws_sdk_partnercentralselling::config::RuntimeComponents,
        _config: &mut aws_sdk_partnercentralselling::config::ConfigBag,
    ) -> Result<(), aws_sdk_partnercentralselling::error::BoxError> {
        Err("stop".into())
    }
}

/// Fails every request at once (ours): with one attempt, a call is build, serialize, sign.
#[derive(Debug)]
struct Refuse;

impl HttpTransport for Refuse {
    fn send(
        &self,
        _request: HttpRequest,
    ) -> awsjson_runtime::credentials::BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(std::future::ready(Err(TransportError::new(
            awsjson_runtime::transport::TransportErrorKind::Other,
            "stop",
        ))))
    }
}

fn ours_input() -> partnercentral_selling_sdk::operation::create_engagement_invitation::CreateEngagementInvitationInput{
    use partnercentral_selling_sdk::types::*;
    partnercentral_selling_sdk::operation::create_engagement_invitation::CreateEngagementInvitationInput {
        catalog: "AWS".into(),
        engagement_identifier: "eng-1234567890abcd".into(),
        client_token: Some("5f0b8f36-6f1d-4c8e-9a59-5a1b2f6d4b8e".into()),
        invitation: Invitation {
            message: "We would like to work on this lead with you.".into(),
            receiver: Receiver::Account(AccountReceiver {
                alias: Some("Partner".into()),
                aws_account_id: "123456789012".into(),
            }),
            payload: Payload::LeadInvitation(LeadInvitationPayload {
                customer: LeadInvitationCustomer {
                    company_name: "Example Corp".into(),
                    country_code: CountryCode::Us,
                    industry: Some(Industry::AerospaceSatellite),
                    website_url: Some("https://example.com".into()),
                    aws_maturity: Some("Advanced".into()),
                    market_segment: Some(MarketSegment::Enterprise),
                },
                interaction: LeadInvitationInteraction {
                    source_type: "Event".into(),
                    source_id: "event-1".into(),
                    source_name: "Example Summit".into(),
                    usecase: Some("Migration".into()),
                    contact_business_title: "CTO".into(),
                },
            }),
        },
    }
}

async fn official_prepare(client: &aws_sdk_partnercentralselling::Client) {
    use aws_sdk_partnercentralselling::types::*;
    let invitation = Invitation::builder()
        .message("We would like to work on this lead with you.")
        .receiver(Receiver::Account(
            AccountReceiver::builder()
                .alias("Partner")
                .aws_account_id("123456789012")
                .build()
                .unwrap(),
        ))
        .payload(Payload::LeadInvitation(
            LeadInvitationPayload::builder()
                .customer(
                    LeadInvitationCustomer::builder()
                        .company_name("Example Corp")
                        .country_code("US")
                        .industry("Aerospace")
                        .website_url("https://example.com")
                        .aws_maturity("Advanced")
                        .market_segment("Enterprise")
                        .build()
                        .unwrap(),
                )
                .interaction(
                    LeadInvitationInteraction::builder()
                        .source_type("Event")
                        .source_id("event-1")
                        .source_name("Example Summit")
                        .usecase("Migration")
                        .contact_business_title("CTO")
                        .build()
                        .unwrap(),
                )
                .build(),
        ))
        .build()
        .unwrap();
    let result = client
        .create_engagement_invitation()
        .catalog("AWS")
        .engagement_identifier("eng-1234567890abcd")
        .client_token("5f0b8f36-6f1d-4c8e-9a59-5a1b2f6d4b8e")
        .invitation(invitation)
        .send()
        .await;
    black_box(result.expect_err("stopped before transmit"));
}

fn official_preparing() -> aws_sdk_partnercentralselling::Client {
    let base = official(Vec::new());
    let config = base
        .config()
        .to_builder()
        .interceptor(StopBeforeTransmit)
        .build();
    aws_sdk_partnercentralselling::Client::from_conf(config)
}

fn benches(c: &mut Criterion) {
    let model = load_model(MODEL);
    let list_body = list_opportunities_response(&model, 1000);
    let get_body = get_opportunity_response(&model);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();

    // Request preparation.
    let mut group = c.benchmark_group("create_engagement_invitation_request");
    group.throughput(Throughput::Elements(1));
    group.bench_function("ours/serialize_only", |b| {
        b.iter(|| awsjson_runtime::codec::to_json_vec(black_box(&ours_input())).unwrap())
    });
    let client = {
        let config = partnercentral_selling_sdk::Client::config_builder()
            .region("us-east-1")
            .credentials(awsjson_runtime::Credentials::new(
                "AKIDBENCH",
                "bench/secret",
                None,
            ))
            .transport(Refuse)
            .max_attempts(1)
            .build()
            .expect("config");
        partnercentral_selling_sdk::Client::new(config)
    };
    group.bench_function("ours/build_serialize_sign", |b| {
        b.iter(|| {
            runtime
                .block_on(client.send(ours_input()))
                .expect_err("refused")
        })
    });
    let official_client = official_preparing();
    group.bench_function("official/build_serialize_sign", |b| {
        b.iter(|| runtime.block_on(official_prepare(&official_client)))
    });
    group.finish();

    // Decoding a large response.
    let mut group = c.benchmark_group("list_opportunities_1000");
    group.throughput(Throughput::Bytes(list_body.len() as u64));
    group.bench_function("ours/decode_only", |b| {
        b.iter(|| {
            awsjson_runtime::codec::from_json_slice::<
                partnercentral_selling_sdk::operation::list_opportunities::ListOpportunitiesOutput,
            >(black_box(&list_body))
            .unwrap()
        })
    });
    let client = ours(list_body.clone());
    group.bench_function("ours/call", |b| {
        b.iter(|| {
            let output = runtime
                .block_on(client.list_opportunities().catalog("AWS").send())
                .unwrap();
            assert_eq!(output.opportunity_summaries.len(), 1000);
        })
    });
    let official_client = official(list_body.clone());
    group.bench_function("official/call", |b| {
        b.iter(|| {
            let output = runtime
                .block_on(official_client.list_opportunities().catalog("AWS").send())
                .unwrap();
            assert_eq!(output.opportunity_summaries().len(), 1000);
        })
    });
    group.finish();

    // A small call end to end.
    let mut group = c.benchmark_group("get_opportunity");
    group.throughput(Throughput::Elements(1));
    group.bench_function("ours/decode_only", |b| {
        b.iter(|| {
            awsjson_runtime::codec::from_json_slice::<
                partnercentral_selling_sdk::operation::get_opportunity::GetOpportunityOutput,
            >(black_box(&get_body))
            .unwrap()
        })
    });
    let client = ours(get_body.clone());
    group.bench_function("ours/call", |b| {
        b.iter(|| {
            runtime
                .block_on(
                    client
                        .get_opportunity()
                        .catalog("AWS")
                        .identifier("O1")
                        .send(),
                )
                .unwrap()
        })
    });
    let official_client = official(get_body.clone());
    group.bench_function("official/call", |b| {
        b.iter(|| {
            runtime
                .block_on(
                    official_client
                        .get_opportunity()
                        .catalog("AWS")
                        .identifier("O1")
                        .send(),
                )
                .unwrap()
        })
    });
    group.finish();
}

criterion_group!(calls, benches);
criterion_main!(calls);
