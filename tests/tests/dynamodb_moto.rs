//! The generated DynamoDB and DynamoDB Streams SDKs against a real DynamoDB-compatible server:
//! `moto` in server mode on 127.0.0.1 (see `sdk_tests::moto`). One scenario, in order: create a
//! table with a stream, wait for it with the generated waiter, write and read every kind of `AttributeValue`, a failing
//! conditional write, batch writes, paginated Query and Scan, an update, the stream's records,
//! and deleting the table (waiting for it to be gone).

use std::collections::HashMap;
use std::time::Duration;

use awsjson_runtime::waiter::{WaiterError, WaiterOutcome};
use awsjson_runtime::{Blob, Credentials, SdkError};
use dynamodb_sdk::operation::describe_table::{DescribeTableError, DescribeTableInput};
use dynamodb_sdk::operation::put_item::PutItemError;
use dynamodb_sdk::types::{
    AttributeDefinition, AttributeValue, BillingMode, KeySchemaElement, KeyType, PutRequest,
    ReturnValue, ScalarAttributeType, StreamSpecification, StreamViewType, TableStatus,
    WriteRequest,
};
use sdk_tests::moto::MotoServer;

const TABLE: &str = "e2e-items";
type Item = HashMap<String, AttributeValue>;

fn config_for(url: &str) -> awsjson_runtime::ConfigBuilder {
    dynamodb_sdk::Client::config_builder()
        .region("us-east-1")
        .endpoint_url(url)
        .credentials(Credentials::new("AKIDMOTOTEST", "moto/test/secret", None))
        .attempt_timeout(Some(Duration::from_secs(30)))
}

fn s(value: &str) -> AttributeValue {
    AttributeValue::S(value.to_string())
}

fn n(value: &str) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

fn key(pk: &str, sk: u32) -> Item {
    HashMap::from([
        ("pk".to_string(), s(pk)),
        ("sk".to_string(), n(&sk.to_string())),
    ])
}

/// An item holding every kind of attribute value, nested maps and lists of itself included.
fn every_kind_item() -> Item {
    let mut item = key("every-kind", 0);
    item.extend([
        ("s".to_string(), s("text with ünïcödé")),
        ("n".to_string(), n("-12.5")),
        (
            "b".to_string(),
            AttributeValue::B(Blob::new(vec![0u8, 1, 2, 254, 255])),
        ),
        (
            "ss".to_string(),
            AttributeValue::Ss(vec!["a".into(), "b".into(), "c".into()]),
        ),
        (
            "ns".to_string(),
            AttributeValue::Ns(vec!["1".into(), "2.5".into(), "-3".into()]),
        ),
        (
            "bs".to_string(),
            AttributeValue::Bs(vec![Blob::new(b"x".to_vec()), Blob::new(vec![0u8, 128])]),
        ),
        (
            "m".to_string(),
            AttributeValue::M(HashMap::from([
                ("inner".to_string(), s("v")),
                (
                    "deeper".to_string(),
                    AttributeValue::M(HashMap::from([(
                        "list".to_string(),
                        AttributeValue::L(vec![n("1"), AttributeValue::Bool(false)]),
                    )])),
                ),
            ])),
        ),
        (
            "l".to_string(),
            AttributeValue::L(vec![
                s("first"),
                n("2"),
                AttributeValue::Null(true),
                AttributeValue::L(vec![AttributeValue::M(HashMap::new())]),
            ]),
        ),
        ("null".to_string(), AttributeValue::Null(true)),
        ("bool".to_string(), AttributeValue::Bool(true)),
    ]);
    item
}

/// Sets have no order on the wire: sorts their members (recursively) so items compare as sets.
fn normalized(item: &Item) -> Item {
    item.iter()
        .map(|(k, v)| (k.clone(), normalized_value(v)))
        .collect()
}

fn normalized_value(value: &AttributeValue) -> AttributeValue {
    match value {
        AttributeValue::Ss(v) => AttributeValue::Ss(sorted(v.clone())),
        AttributeValue::Ns(v) => AttributeValue::Ns(sorted(v.clone())),
        AttributeValue::Bs(v) => {
            let mut bytes: Vec<Vec<u8>> = v.iter().map(|b| b.as_ref().to_vec()).collect();
            bytes.sort();
            AttributeValue::Bs(bytes.into_iter().map(Blob::new).collect())
        }
        AttributeValue::M(m) => AttributeValue::M(normalized(m)),
        AttributeValue::L(l) => AttributeValue::L(l.iter().map(normalized_value).collect()),
        other => other.clone(),
    }
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn sort_key(item: &Item) -> u32 {
    match item.get("sk") {
        Some(AttributeValue::N(v)) => v.parse().expect("numeric sort key"),
        other => panic!("sort key {other:?}"),
    }
}

#[tokio::test]
async fn dynamodb_and_streams_against_moto() {
    let server = match MotoServer::start() {
        Ok(server) => server,
        Err(reason) => {
            eprintln!("SKIPPED: {reason}");
            return;
        }
    };
    let db = dynamodb_sdk::Client::new(config_for(server.url()).build().expect("config"));
    let streams = dynamodb_streams_sdk::Client::new(
        dynamodb_streams_sdk::Client::config_builder()
            .region("us-east-1")
            .endpoint_url(server.url())
            .credentials(Credentials::new("AKIDMOTOTEST", "moto/test/secret", None))
            .build()
            .expect("config"),
    );

    // CreateTable with a stream of new and old images.
    let created = db
        .create_table()
        .table_name(TABLE)
        .attribute_definitions(vec![
            AttributeDefinition {
                attribute_name: "pk".into(),
                attribute_type: ScalarAttributeType::S,
            },
            AttributeDefinition {
                attribute_name: "sk".into(),
                attribute_type: ScalarAttributeType::N,
            },
        ])
        .key_schema(vec![
            KeySchemaElement {
                attribute_name: "pk".into(),
                key_type: KeyType::Hash,
            },
            KeySchemaElement {
                attribute_name: "sk".into(),
                key_type: KeyType::Range,
            },
        ])
        .billing_mode(BillingMode::PayPerRequest)
        .stream_specification(StreamSpecification {
            stream_enabled: true,
            stream_view_type: Some(StreamViewType::NewAndOldImages),
        })
        .send()
        .await
        .expect("CreateTable");
    let description = created.table_description.expect("TableDescription");
    assert_eq!(description.table_name.as_deref(), Some(TABLE));
    let stream_arn = description.latest_stream_arn.expect("LatestStreamArn");

    // Wait until the table is ACTIVE, with the waiter generated from the model (`TableExists`).
    let exists = db
        .wait_until_table_exists(DescribeTableInput::new(TABLE), Duration::from_secs(300))
        .await
        .expect("TableExists");
    match exists {
        WaiterOutcome::Output(out) => assert_eq!(
            out.table.and_then(|t| t.table_status),
            Some(TableStatus::Active)
        ),
        WaiterOutcome::Error(e) => panic!("TableExists succeeds on an output, not on {e:?}"),
    }

    // PutItem with every kind of value, then GetItem gives it back.
    let item = every_kind_item();
    db.put_item()
        .table_name(TABLE)
        .item(item.clone())
        .send()
        .await
        .expect("PutItem");
    let got = db
        .get_item()
        .table_name(TABLE)
        .key(key("every-kind", 0))
        .consistent_read(true)
        .send()
        .await
        .expect("GetItem")
        .item
        .expect("the item");
    assert_eq!(normalized(&got), normalized(&item));

    // A conditional PutItem on an existing key fails with the typed error.
    let err = db
        .put_item()
        .table_name(TABLE)
        .item(key("every-kind", 0))
        .condition_expression("attribute_not_exists(pk)")
        .send()
        .await
        .expect_err("the condition fails");
    match &err {
        SdkError::Service(e) => match &e.error {
            PutItemError::ConditionalCheckFailedException(failed) => {
                assert!(failed.message.is_some(), "{failed:?}");
            }
            other => panic!("expected ConditionalCheckFailedException, got {other:?}"),
        },
        other => panic!("expected a service error, got {other:?}"),
    }

    // BatchWriteItem: 60 items in batches of 25 (the service's limit).
    let many: Vec<Item> = (0..60)
        .map(|i| {
            let mut item = key("many", i);
            item.insert("payload".into(), s(&format!("item {i}")));
            item
        })
        .collect();
    for chunk in many.chunks(25) {
        let requests = chunk
            .iter()
            .map(|item| WriteRequest {
                put_request: Some(PutRequest { item: item.clone() }),
                delete_request: None,
            })
            .collect::<Vec<_>>();
        let out = db
            .batch_write_item()
            .request_items(HashMap::from([(TABLE.to_string(), requests)]))
            .send()
            .await
            .expect("BatchWriteItem");
        assert!(
            out.unprocessed_items.unwrap_or_default().is_empty(),
            "moto processes every item"
        );
    }

    // Query through the generated paginator, 7 items a page: 60 items in 9 pages, in key order.
    let mut pages = db
        .query()
        .table_name(TABLE)
        .key_condition_expression("pk = :pk")
        .expression_attribute_values(HashMap::from([(":pk".to_string(), s("many"))]))
        .limit(7)
        .into_paginator();
    let mut page_count = 0;
    let mut queried = Vec::new();
    while let Some(page) = pages.next_page().await {
        let page = page.expect("Query page");
        page_count += 1;
        queried.extend(page.items.unwrap_or_default());
    }
    assert_eq!(page_count, 9);
    assert_eq!(
        queried.iter().map(sort_key).collect::<Vec<_>>(),
        (0..60).collect::<Vec<_>>()
    );
    assert_eq!(queried[59].get("payload"), Some(&s("item 59")));

    // Scan through the paginator's items, 10 a page: the 60 items and the every-kind one.
    let scanned = db
        .scan()
        .table_name(TABLE)
        .limit(10)
        .into_paginator()
        .collect_items()
        .await
        .expect("Scan");
    assert_eq!(scanned.len(), 61);
    assert!(scanned.iter().any(|i| normalized(i) == normalized(&item)));

    // UpdateItem: set one attribute, add to a number, read the new values back.
    let updated = db
        .update_item()
        .table_name(TABLE)
        .key(key("many", 3))
        .update_expression("SET payload = :p ADD tally :one")
        .expression_attribute_values(HashMap::from([
            (":p".to_string(), s("changed")),
            (":one".to_string(), n("1")),
        ]))
        .return_values(ReturnValue::AllNew)
        .send()
        .await
        .expect("UpdateItem")
        .attributes
        .expect("attributes");
    assert_eq!(updated.get("payload"), Some(&s("changed")));
    assert_eq!(updated.get("tally"), Some(&n("1")));

    // The stream, read through the Streams SDK from the start of its shard.
    let stream = streams
        .describe_stream()
        .stream_arn(&stream_arn)
        .send()
        .await
        .expect("DescribeStream")
        .stream_description
        .expect("StreamDescription");
    let shard = stream
        .shards
        .unwrap_or_default()
        .into_iter()
        .next()
        .expect("a shard");
    let mut iterator = streams
        .get_shard_iterator()
        .stream_arn(&stream_arn)
        .shard_id(shard.shard_id.expect("ShardId"))
        .shard_iterator_type(dynamodb_streams_sdk::types::ShardIteratorType::TrimHorizon)
        .send()
        .await
        .expect("GetShardIterator")
        .shard_iterator;
    let mut records = Vec::new();
    while let Some(current) = iterator.take() {
        let out = streams
            .get_records()
            .shard_iterator(current)
            .send()
            .await
            .expect("GetRecords");
        let batch = out.records.unwrap_or_default();
        if batch.is_empty() {
            break;
        }
        records.extend(batch);
        iterator = out.next_shard_iterator;
    }
    use dynamodb_streams_sdk::types::{AttributeValue as StreamValue, OperationType};
    let inserts = records
        .iter()
        .filter(|r| r.event_name == Some(OperationType::Insert))
        .count();
    assert_eq!(inserts, 61, "one INSERT per new item");
    let modify = records
        .iter()
        .find(|r| r.event_name == Some(OperationType::Modify))
        .and_then(|r| r.dynamodb.as_ref())
        .expect("a MODIFY record for UpdateItem");
    let new_image = modify.new_image.as_ref().expect("NewImage");
    let old_image = modify.old_image.as_ref().expect("OldImage");
    assert_eq!(
        new_image.get("payload"),
        Some(&StreamValue::S("changed".into()))
    );
    assert_eq!(
        old_image.get("payload"),
        Some(&StreamValue::S("item 3".into()))
    );
    // The every-kind item's INSERT carries its image with the Streams SDK's own AttributeValue.
    let every_kind_record = records
        .iter()
        .filter_map(|r| r.dynamodb.as_ref()?.new_image.as_ref())
        .find(|image| image.get("pk") == Some(&StreamValue::S("every-kind".into())))
        .expect("the every-kind INSERT");
    assert_eq!(every_kind_record.len(), item.len());
    assert!(matches!(
        every_kind_record.get("bs"),
        Some(StreamValue::Bs(v)) if v.len() == 2
    ));

    // DeleteTable, then the `TableNotExists` waiter succeeds on DescribeTable's
    // ResourceNotFoundException.
    db.delete_table()
        .table_name(TABLE)
        .send()
        .await
        .expect("DeleteTable");
    let gone = db
        .wait_until_table_not_exists(DescribeTableInput::new(TABLE), Duration::from_secs(300))
        .await
        .expect("TableNotExists");
    match gone {
        WaiterOutcome::Error(e) => assert!(
            matches!(
                e.service_error(),
                Some(DescribeTableError::ResourceNotFoundException(_))
            ),
            "{e:?}"
        ),
        WaiterOutcome::Output(out) => panic!("the table still exists: {out:?}"),
    }
    // On a table that never existed, `TableExists` retries on ResourceNotFoundException until
    // its maximum wait runs out (shorter than its 20 s minimum delay: one attempt).
    let never = db
        .wait_until_table_exists(
            DescribeTableInput::new("never-created"),
            Duration::from_secs(1),
        )
        .await
        .expect_err("times out");
    assert!(
        matches!(
            never,
            WaiterError::TimedOut {
                waiter: "TableExists",
                attempts: 1,
                ..
            }
        ),
        "{never:?}"
    );
}
