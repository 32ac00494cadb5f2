//! Smithy names to Rust identifier text.
//!
//! This module is the one place where a Smithy shape name, member name or enum member name
//! becomes the text of a Rust identifier. Everything else in the generator asks it, so
//! one set of rules decides every name in the generated crate.
//!
//! # Word splitting ([`split_words`])
//!
//! A name is cut into words, and every word is lowercased:
//!
//! 1. Any character that is not an ASCII letter or digit separates words: `_`, `-`, spaces,
//!    `/`, `*`, parentheses and non-ASCII characters too. What lies between separators is a
//!    *chunk*. Separators never show up in the output.
//! 2. Inside a chunk, a new word starts at an uppercase letter that follows a lowercase
//!    letter or a digit: `listTags` gives `list tags`, `S3Bucket` gives `s3 bucket`.
//! 3. A run of two or more uppercase letters followed by lowercase letters is an acronym
//!    followed by a capitalised word, so the last uppercase letter starts the next word:
//!    `KMSMasterKeyArn` gives `kms master key arn`, `SSEType` gives `sse type`.
//!    Two exceptions keep a single lowercase letter with the acronym:
//!    * plural `s`: when exactly one `s` follows the run, it belongs to the acronym:
//!      `NotificationARNs` gives `notification arns`, `IDs` gives `ids`;
//!    * versioned acronym: when exactly one `v` follows the run and a digit follows the `v`,
//!      both belong to the acronym: `IPv6Address` gives `ipv6 address`, `TLSv1` gives `tlsv1`.
//! 4. Digits never start a word inside a chunk: they stay on the word before them
//!    (`Route53Domains` gives `route53 domains`, `EC2Instance` gives `ec2 instance`,
//!    `Base64Encoded` gives `base64 encoded`, `AES256` gives `aes256`), and lowercase letters
//!    right after digits stay on that word too. A chunk that starts with digits starts with a
//!    word made of them (`2FA` gives `2 fa`, `DynamoDB_20120810` gives `dynamo db 20120810`).
//! 5. A few brand words that rules 2 to 4 cut badly are glued back together when their
//!    pieces are next to each other inside one chunk: see [`WHOLE_WORDS`] (`PartiQL` gives
//!    `partiql`, `RFx` gives `rfx`, `SaaS` gives `saas`).
//!
//! A name with no ASCII letter or digit has no words.
//!
//! # Case
//!
//! * [`to_snake_case`] joins the words with `_`.
//! * [`to_pascal_case`] capitalises every word (with `heck`) and joins them without a
//!   separator, with two adjustments so the result never trips a naming lint and keeps
//!   numbers apart: consecutive one-letter words are joined as one word (`A_B_C` gives `Abc`,
//!   not the all-caps `ABC` that clippy's `upper_case_acronyms` rejects), and a word that
//!   starts with a digit after a word that ends with one is joined with `_` (`TLSv1_2` gives
//!   `Tlsv1_2`, not `Tlsv12`).
//!
//! Neither function escapes anything; their output may be empty, start with a digit or be a
//! keyword.
//!
//! # Identifiers ([`field_ident`], [`type_ident`], [`variant_ident`])
//!
//! These are total: every input, including the empty string, gives the text of a valid
//! Rust 2021/2024 identifier that triggers neither `non_snake_case` / `non_camel_case_types`
//! nor clippy's `upper_case_acronyms`.
//!
//! * No words at all: `unnamed` (fields) or `Unnamed` (types, variants).
//! * First character a digit: prefix `n` (fields) or `N` (types, variants), glued to the
//!   digits like any digit suffix: `2FA` gives `n2_fa` and `N2Fa`.
//! * A keyword (see [`is_rust_keyword`]) becomes a raw identifier: `r#type`, `r#async`,
//!   `r#gen`. The words that cannot be raw identifiers (`self`, `Self`, `super`, `crate`;
//!   `_` cannot arise here) get a trailing underscore instead: `self_`, `Self_`.
//!
//! # Collisions
//!
//! Different Smithy names can give the same text: `CreatedDate`, `CREATED_DATE`,
//! `created_date` and `createdDate` all give `created_date` and `CreatedDate`, and `self`
//! gives `self_` just as `Self_` does. This module does not look for that; a caller that
//! names several things in one scope must compare the results and report a collision.

use heck::ToUpperCamelCase;

/// Words that the splitting rules cut into pieces, and the one word each should be.
///
/// Each entry is the sequence of lowercase words the general rules produce and the word that
/// replaces them. The pieces are glued only when they are adjacent inside one chunk (no
/// separator between them in the input).
pub const WHOLE_WORDS: &[(&[&str], &str)] = &[
    // `PartiQL` (DynamoDB's SQL dialect) would be `parti ql`.
    (&["parti", "ql"], "partiql"),
    // `GraphQL` would be `graph ql`.
    (&["graph", "ql"], "graphql"),
    // `RFx` (request for x, in Partner Central enum values) would be `r fx`.
    (&["r", "fx"], "rfx"),
    // `SaaS`, `PaaS`, `IaaS` would be `saa s`, `paa s`, `iaa s`.
    (&["saa", "s"], "saas"),
    (&["paa", "s"], "paas"),
    (&["iaa", "s"], "iaas"),
    // `iOS` would be `i os`.
    (&["i", "os"], "ios"),
];

/// Keywords that cannot be written as raw identifiers (`r#self` is an error), and `_`.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Text used when a name has no words at all.
const EMPTY_FIELD: &str = "unnamed";
const EMPTY_TYPE: &str = "Unnamed";

/// Prefix for a name whose first character would be a digit.
const DIGIT_PREFIX_FIELD: &str = "n";
const DIGIT_PREFIX_TYPE: &str = "N";

/// What kind of character a run inside a chunk is made of.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Upper,
    Lower,
    Digit,
}

/// The kind of an ASCII letter or digit (chunks hold nothing else).
fn kind_of(byte: u8) -> Kind {
    if byte.is_ascii_uppercase() {
        Kind::Upper
    } else if byte.is_ascii_lowercase() {
        Kind::Lower
    } else {
        Kind::Digit
    }
}

/// Cuts a non-empty chunk of ASCII letters and digits into maximal runs of one kind.
fn runs(chunk: &str) -> Vec<(Kind, &str)> {
    let bytes = chunk.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for end in 1..=bytes.len() {
        if end == bytes.len() || kind_of(bytes[end]) != kind_of(bytes[start]) {
            out.push((kind_of(bytes[start]), &chunk[start..end]));
            start = end;
        }
    }
    out
}

/// Moves the word being built (if any) to `words`, lowercased.
fn flush(words: &mut Vec<String>, current: &mut String) {
    if !current.is_empty() {
        words.push(current.to_ascii_lowercase());
        current.clear();
    }
}

/// Splits one chunk (ASCII letters and digits only) into lowercase words: rules 2 to 4 of the
/// module documentation.
fn split_chunk(chunk: &str) -> Vec<String> {
    let runs = runs(chunk);
    let mut words = Vec::new();
    let mut current = String::new();
    let mut i = 0;
    while i < runs.len() {
        let (kind, text) = runs[i];
        match kind {
            // Lowercase letters and digits continue the current word (or start the first).
            Kind::Lower | Kind::Digit => current.push_str(text),
            Kind::Upper => {
                // Runs are maximal, so an uppercase run always follows a lowercase run, a
                // digit run or the start of the chunk: it always starts a new word.
                flush(&mut words, &mut current);
                match runs.get(i + 1) {
                    Some(&(Kind::Lower, lower)) if text.len() >= 2 => {
                        let digit_follows = matches!(runs.get(i + 2), Some(&(Kind::Digit, _)));
                        if lower == "s" || (lower == "v" && digit_follows) {
                            // `ARNs`, `IPv6`: the lowercase letter stays with the acronym.
                            current.push_str(text);
                            current.push_str(lower);
                            i += 2;
                            continue;
                        }
                        // `KMSMaster`: `KMS` is a word, `M` starts the next one.
                        let (acronym, first) = text.split_at(text.len() - 1);
                        words.push(acronym.to_ascii_lowercase());
                        current.push_str(first);
                    }
                    // One capital starting a word, or an acronym before digits or the end.
                    _ => current.push_str(text),
                }
            }
        }
        i += 1;
    }
    flush(&mut words, &mut current);
    words
}

/// Glues the pieces listed in [`WHOLE_WORDS`] back together (rule 5).
fn glue_whole_words(words: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let glued = WHOLE_WORDS.iter().find(|(pieces, _)| {
            words.len() - i >= pieces.len()
                && words[i..i + pieces.len()]
                    .iter()
                    .zip(pieces.iter())
                    .all(|(word, piece)| word == piece)
        });
        if let Some((pieces, whole)) = glued {
            out.push((*whole).to_string());
            i += pieces.len();
        } else {
            out.push(words[i].clone());
            i += 1;
        }
    }
    out
}

/// Acronym-aware split of an identifier into lowercase words.
///
/// The rules are in the module documentation. Every word is non-empty and made of ASCII
/// lowercase letters and digits; a name without ASCII letters or digits gives no words.
pub fn split_words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|chunk| !chunk.is_empty())
        .flat_map(|chunk| glue_whole_words(&split_chunk(chunk)))
        .collect()
}

/// The words of `name` joined with `_` (`NotificationARNs` gives `notification_arns`).
///
/// No keyword escaping, no digit prefix: the result may be empty, start with a digit or be a
/// keyword. Use [`field_ident`] for identifier text.
pub fn to_snake_case(name: &str) -> String {
    split_words(name).join("_")
}

/// The words of `name` capitalised and joined (`NotificationARNs` gives `NotificationArns`).
///
/// Consecutive one-letter words are joined as one word (`A_B` gives `Ab`), and two words
/// that meet digit to digit are joined with `_` (`v1_2` gives `V1_2`). No keyword escaping,
/// no digit prefix: the result may be empty or start with a digit. Use [`type_ident`] or
/// [`variant_ident`] for identifier text.
pub fn to_pascal_case(name: &str) -> String {
    let words = split_words(name);
    let mut out = String::new();
    let mut previous: Option<&str> = None;
    for word in &words {
        match previous {
            Some(prev) if is_one_letter(prev) && is_one_letter(word) => out.push_str(word),
            Some(prev) if ends_with_digit(prev) && starts_with_digit(word) => {
                out.push('_');
                out.push_str(&word.to_upper_camel_case());
            }
            _ => out.push_str(&word.to_upper_camel_case()),
        }
        previous = Some(word);
    }
    out
}

fn is_one_letter(word: &str) -> bool {
    word.len() == 1 && word.as_bytes()[0].is_ascii_alphabetic()
}

fn starts_with_digit(text: &str) -> bool {
    text.as_bytes().first().is_some_and(u8::is_ascii_digit)
}

fn ends_with_digit(text: &str) -> bool {
    text.as_bytes().last().is_some_and(u8::is_ascii_digit)
}

/// Gives text that starts with a letter: the fallback for empty text, a prefix before a
/// leading digit.
fn start_with_letter(text: String, empty: &str, digit_prefix: &str) -> String {
    if text.is_empty() {
        empty.to_string()
    } else if starts_with_digit(&text) {
        format!("{digit_prefix}{text}")
    } else {
        text
    }
}

/// Text of a valid Rust identifier for a struct field / fn / module (snake case, escaped).
///
/// `ResourceARN` gives `resource_arn`, `type` gives `r#type`, `self` gives `self_`, `2FA`
/// gives `n2_fa`, the empty string gives `unnamed`.
pub fn field_ident(name: &str) -> String {
    escape_ident(&start_with_letter(
        to_snake_case(name),
        EMPTY_FIELD,
        DIGIT_PREFIX_FIELD,
    ))
}

/// Text of a valid Rust identifier for a type (PascalCase, escaped).
///
/// `AWSPartnerCentralSelling` gives `AwsPartnerCentralSelling`, `self` gives `Self_`, `2FA`
/// gives `N2Fa`, the empty string gives `Unnamed`.
pub fn type_ident(name: &str) -> String {
    escape_ident(&start_with_letter(
        to_pascal_case(name),
        EMPTY_TYPE,
        DIGIT_PREFIX_TYPE,
    ))
}

/// Text of a valid Rust identifier for an enum variant (PascalCase, escaped). Input is a Smithy
/// enum member name like `CO_SELL_SUPPORT_FOR_PUBLIC_TENDER_RFX`, `aws-eusc`, `CREATEDDATE`,
/// or a union member name like `Opportunity`.
///
/// The same rules as [`type_ident`]: `CO_SELL` gives `CoSell`, `aws-eusc` gives `AwsEusc`,
/// `CREATEDDATE` gives `Createddate` (one word: nothing marks a boundary in it).
pub fn variant_ident(name: &str) -> String {
    type_ident(name)
}

/// Escapes text that is already shaped like an identifier (ASCII letters, digits and `_`,
/// not starting with a digit) so that it can stand as one.
///
/// Keywords become raw identifiers (`r#type`); `self`, `Self`, `super`, `crate` and `_`,
/// which cannot be raw identifiers, get a trailing underscore (`self_`). Anything else is
/// returned unchanged.
pub fn escape_ident(text: &str) -> String {
    if NOT_RAW.contains(&text) {
        format!("{text}_")
    } else if is_rust_keyword(text) {
        format!("r#{text}")
    } else {
        text.to_string()
    }
}

/// True for every Rust keyword (strict, reserved, 2018+ edition keywords like async/await/dyn/try, and `gen` for 2024).
///
/// Weak keywords (`union`, `macro_rules`, `raw`, `safe`) are not included: they are ordinary
/// identifiers wherever the generator puts a name. `_` is not a keyword either (see
/// [`escape_ident`]).
pub fn is_rust_keyword(s: &str) -> bool {
    matches!(
        s,
        // Strict keywords, all editions.
        "as" | "break"
            | "const"
            | "continue"
            | "crate"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "Self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            // Strict keywords since the 2018 edition.
            | "async"
            | "await"
            | "dyn"
            // Reserved keywords, all editions.
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
            // Reserved since the 2018 edition.
            | "try"
            // Reserved since the 2024 edition.
            | "gen"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names from the Partner Central Selling model
    /// (`shared/models/partnercentral-selling-2022-07-26.json`): shape names, member names,
    /// enum member names and enum values. Input, snake case, Pascal case.
    const PARTNER_CENTRAL: &[(&str, &str, &str)] = &[
        // Shape names.
        (
            "AWSPartnerCentralSelling",
            "aws_partner_central_selling",
            "AwsPartnerCentralSelling",
        ),
        (
            "AwsOpportunitySummaryFullView",
            "aws_opportunity_summary_full_view",
            "AwsOpportunitySummaryFullView",
        ),
        (
            "GetAwsOpportunitySummaryRequest",
            "get_aws_opportunity_summary_request",
            "GetAwsOpportunitySummaryRequest",
        ),
        (
            "AwsAccountIdOrAliasList",
            "aws_account_id_or_alias_list",
            "AwsAccountIdOrAliasList",
        ),
        (
            "CompanyWebsiteUrl",
            "company_website_url",
            "CompanyWebsiteUrl",
        ),
        ("DunsNumber", "duns_number", "DunsNumber"),
        ("PiiString", "pii_string", "PiiString"),
        (
            "ListEngagementByAcceptingInvitationTasksResponse",
            "list_engagement_by_accepting_invitation_tasks_response",
            "ListEngagementByAcceptingInvitationTasksResponse",
        ),
        (
            "EngagementArnOrIdentifier",
            "engagement_arn_or_identifier",
            "EngagementArnOrIdentifier",
        ),
        (
            "ResourceSnapshotJobRoleArn",
            "resource_snapshot_job_role_arn",
            "ResourceSnapshotJobRoleArn",
        ),
        (
            "ServiceQuotaExceededException",
            "service_quota_exceeded_exception",
            "ServiceQuotaExceededException",
        ),
        (
            "ValidationExceptionErrorCode",
            "validation_exception_error_code",
            "ValidationExceptionErrorCode",
        ),
        (
            "AwsProductsSpendInsightsBySource",
            "aws_products_spend_insights_by_source",
            "AwsProductsSpendInsightsBySource",
        ),
        (
            "LifeCycleForView",
            "life_cycle_for_view",
            "LifeCycleForView",
        ),
        ("Opportunity", "opportunity", "Opportunity"),
        ("DateTime", "date_time", "DateTime"),
        // Member names.
        ("AWS", "aws", "Aws"),
        (
            "PrimaryNeedsFromAws",
            "primary_needs_from_aws",
            "PrimaryNeedsFromAws",
        ),
        ("ClientToken", "client_token", "ClientToken"),
        ("MaxResults", "max_results", "MaxResults"),
        ("NextToken", "next_token", "NextToken"),
        ("Arn", "arn", "Arn"),
        ("Id", "id", "Id"),
        ("Type", "type", "Type"),
        ("StateOrRegion", "state_or_region", "StateOrRegion"),
        ("Usecase", "usecase", "Usecase"),
        ("Lifecycle", "lifecycle", "Lifecycle"),
        (
            "SenderAwsAccountId",
            "sender_aws_account_id",
            "SenderAwsAccountId",
        ),
        (
            "EngagementLastModifiedAt",
            "engagement_last_modified_at",
            "EngagementLastModifiedAt",
        ),
        ("Duns", "duns", "Duns"),
        // Enum member names.
        ("CO_SELL", "co_sell", "CoSell"),
        (
            "CO_SELL_SUPPORT_FOR_PUBLIC_TENDER_RFX",
            "co_sell_support_for_public_tender_rfx",
            "CoSellSupportForPublicTenderRfx",
        ),
        ("CREATEDDATE", "createddate", "Createddate"),
        ("CREATED_DATE", "created_date", "CreatedDate"),
        ("CreatedDate", "created_date", "CreatedDate"),
        ("LAST_MODIFIEDDATE", "last_modifieddate", "LastModifieddate"),
        ("WWPSPDM", "wwpspdm", "Wwpspdm"),
        ("AWS_EUSC", "aws_eusc", "AwsEusc"),
        ("BYOL_OR_AMI", "byol_or_ami", "ByolOrAmi"),
        ("SAAS_OR_PAAS", "saas_or_paas", "SaasOrPaas"),
        (
            "NO_PERCEIVED_VALUE_OF_MP",
            "no_perceived_value_of_mp",
            "NoPerceivedValueOfMp",
        ),
        ("ISVSM", "isvsm", "Isvsm"),
        ("USD", "usd", "Usd"),
        ("AD", "ad", "Ad"),
        ("NONE", "none", "None"),
        ("PAY_AS_YOU_GO", "pay_as_you_go", "PayAsYouGo"),
        // Enum values.
        ("aws-eusc", "aws_eusc", "AwsEusc"),
        (
            "Co-Sell - Support for Public Tender / RFx",
            "co_sell_support_for_public_tender_rfx",
            "CoSellSupportForPublicTenderRfx",
        ),
        ("SaaS or PaaS", "saas_or_paas", "SaasOrPaas"),
        ("Out Of Home (OOH)", "out_of_home_ooh", "OutOfHomeOoh"),
        (
            "Other- Cost Optimization",
            "other_cost_optimization",
            "OtherCostOptimization",
        ),
        ("*Other", "other", "Other"),
        ("AWSAccountOwner", "aws_account_owner", "AwsAccountOwner"),
        (
            "Conducted POC / Demo",
            "conducted_poc_demo",
            "ConductedPocDemo",
        ),
        (
            "Lost to Competitor - VMWare",
            "lost_to_competitor_vm_ware",
            "LostToCompetitorVmWare",
        ),
    ];

    /// Names from `shared/models/dynamodb-2012-08-10.json`, plus a few from
    /// `shared/models/dynamodb-streams-2012-08-10.json`. Input, snake case, Pascal case.
    const DYNAMODB: &[(&str, &str, &str)] = &[
        ("SSESpecification", "sse_specification", "SseSpecification"),
        ("SSEType", "sse_type", "SseType"),
        ("SSEDescription", "sse_description", "SseDescription"),
        ("KMSMasterKeyArn", "kms_master_key_arn", "KmsMasterKeyArn"),
        ("KMSMasterKeyId", "kms_master_key_id", "KmsMasterKeyId"),
        (
            "GlobalSecondaryIndexes",
            "global_secondary_indexes",
            "GlobalSecondaryIndexes",
        ),
        (
            "ReturnConsumedCapacity",
            "return_consumed_capacity",
            "ReturnConsumedCapacity",
        ),
        (
            "TimeToLiveSpecification",
            "time_to_live_specification",
            "TimeToLiveSpecification",
        ),
        (
            "UpdateTimeToLiveInput",
            "update_time_to_live_input",
            "UpdateTimeToLiveInput",
        ),
        (
            "ListTagsOfResource",
            "list_tags_of_resource",
            "ListTagsOfResource",
        ),
        ("BS", "bs", "Bs"),
        ("NS", "ns", "Ns"),
        ("SS", "ss", "Ss"),
        ("NULL", "null", "Null"),
        ("BOOL", "bool", "Bool"),
        ("L", "l", "L"),
        ("M", "m", "M"),
        ("N", "n", "N"),
        ("S", "s", "S"),
        ("B", "b", "B"),
        ("S3Bucket", "s3_bucket", "S3Bucket"),
        ("S3SseKmsKeyId", "s3_sse_kms_key_id", "S3SseKmsKeyId"),
        ("S3BucketOwner", "s3_bucket_owner", "S3BucketOwner"),
        (
            "PartiQLBatchRequest",
            "partiql_batch_request",
            "PartiqlBatchRequest",
        ),
        ("PartiQLNextToken", "partiql_next_token", "PartiqlNextToken"),
        (
            "DynamoDB_20120810",
            "dynamo_db_20120810",
            "DynamoDb20120810",
        ),
        (
            "SizeEstimateRangeGB",
            "size_estimate_range_gb",
            "SizeEstimateRangeGb",
        ),
        ("AES256", "aes256", "Aes256"),
        ("DYNAMODB_JSON", "dynamodb_json", "DynamodbJson"),
        (
            "NEW_AND_OLD_IMAGES",
            "new_and_old_images",
            "NewAndOldImages",
        ),
        (
            "ItemCollectionSizeLimitExceeded",
            "item_collection_size_limit_exceeded",
            "ItemCollectionSizeLimitExceeded",
        ),
        (
            "throttlingReasons",
            "throttling_reasons",
            "ThrottlingReasons",
        ),
        ("message", "message", "Message"),
        (
            "LastUpdateToPayPerRequestDateTime",
            "last_update_to_pay_per_request_date_time",
            "LastUpdateToPayPerRequestDateTime",
        ),
        (
            "ConfirmRemoveSelfResourceAccess",
            "confirm_remove_self_resource_access",
            "ConfirmRemoveSelfResourceAccess",
        ),
        (
            "STANDARD_INFREQUENT_ACCESS",
            "standard_infrequent_access",
            "StandardInfrequentAccess",
        ),
        (
            "ProvisionedThroughputExceeded",
            "provisioned_throughput_exceeded",
            "ProvisionedThroughputExceeded",
        ),
        // From the streams model.
        ("eventID", "event_id", "EventId"),
        ("awsRegion", "aws_region", "AwsRegion"),
        (
            "DynamoDBStreams_20120810",
            "dynamo_db_streams_20120810",
            "DynamoDbStreams20120810",
        ),
    ];

    /// Names made up to pin down one rule each. Input, snake case, Pascal case.
    const RULES: &[(&str, &str, &str)] = &[
        ("NotificationARNs", "notification_arns", "NotificationArns"),
        ("ResourceARN", "resource_arn", "ResourceArn"),
        ("ARN", "arn", "Arn"),
        ("ARNsList", "arns_list", "ArnsList"),
        ("IDs", "ids", "Ids"),
        ("IPv6Address", "ipv6_address", "Ipv6Address"),
        ("Ipv6Address", "ipv6_address", "Ipv6Address"),
        ("IPV6_ADDRESS", "ipv6_address", "Ipv6Address"),
        ("CustomerIPv6", "customer_ipv6", "CustomerIpv6"),
        ("IPv4", "ipv4", "Ipv4"),
        ("TLSv1_2", "tlsv1_2", "Tlsv1_2"),
        ("TLSv1.2", "tlsv1_2", "Tlsv1_2"),
        (
            "AwsOpportunitySummary",
            "aws_opportunity_summary",
            "AwsOpportunitySummary",
        ),
        ("XMLHttpRequest", "xml_http_request", "XmlHttpRequest"),
        ("EC2Instance", "ec2_instance", "Ec2Instance"),
        ("Route53Domains", "route53_domains", "Route53Domains"),
        ("Base64Encoded", "base64_encoded", "Base64Encoded"),
        ("TTL", "ttl", "Ttl"),
        ("GraphQLApi", "graphql_api", "GraphqlApi"),
        ("iOS", "ios", "Ios"),
        ("utf8mb4", "utf8mb4", "Utf8mb4"),
        ("A_B_C", "a_b_c", "Abc"),
        ("A_TEST", "a_test", "ATest"),
        ("X_1_Y", "x_1_y", "X1Y"),
        ("v1_2_3", "v1_2_3", "V1_2_3"),
        ("2FA", "2_fa", "2Fa"),
        ("20120810", "20120810", "20120810"),
        ("Stra\u{df}e", "stra_e", "StraE"),
        ("", "", ""),
        ("___", "", ""),
        ("-*/ ", "", ""),
    ];

    fn all_rows() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
        PARTNER_CENTRAL.iter().chain(DYNAMODB).chain(RULES)
    }

    #[test]
    fn table_is_big_enough() {
        assert!(PARTNER_CENTRAL.len() >= 40, "{}", PARTNER_CENTRAL.len());
        assert!(PARTNER_CENTRAL.len() + DYNAMODB.len() >= 60);
    }

    #[test]
    fn table_snake_and_pascal() {
        let mut failures = Vec::new();
        for &(input, snake, pascal) in all_rows() {
            let got_snake = to_snake_case(input);
            let got_pascal = to_pascal_case(input);
            if got_snake != snake || got_pascal != pascal {
                failures.push(format!(
                    "{input:?}: snake {got_snake:?} (want {snake:?}), pascal {got_pascal:?} (want {pascal:?})"
                ));
            }
        }
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }

    #[test]
    fn table_words_match_snake() {
        for &(input, snake, _) in all_rows() {
            let words = split_words(input);
            assert_eq!(words.join("_"), snake, "{input:?}");
            for word in &words {
                assert!(!word.is_empty(), "{input:?}");
                assert!(
                    word.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
                    "{input:?}: {word:?}"
                );
            }
        }
    }

    #[test]
    fn table_idents_are_the_case_forms_when_nothing_needs_escaping() {
        for &(input, snake, pascal) in all_rows() {
            let plain =
                |text: &str| !text.is_empty() && !starts_with_digit(text) && !is_rust_keyword(text);
            if plain(snake) {
                assert_eq!(field_ident(input), snake, "{input:?}");
            }
            if plain(pascal) {
                assert_eq!(type_ident(input), pascal, "{input:?}");
                assert_eq!(variant_ident(input), pascal, "{input:?}");
            }
        }
    }

    #[test]
    fn split_words_examples() {
        assert_eq!(split_words("NotificationARNs"), ["notification", "arns"]);
        assert_eq!(split_words("IPv6Address"), ["ipv6", "address"]);
        assert_eq!(
            split_words("AWSPartnerCentralSelling"),
            ["aws", "partner", "central", "selling"]
        );
        assert_eq!(
            split_words("DynamoDB_20120810"),
            ["dynamo", "db", "20120810"]
        );
        // Whole words are glued only inside one chunk.
        assert_eq!(split_words("PartiQL"), ["partiql"]);
        assert_eq!(split_words("Parti_QL"), ["parti", "ql"]);
        assert!(split_words("").is_empty());
        assert!(split_words("_-_").is_empty());
    }

    #[test]
    fn heck_capitalises_split_words_unchanged() {
        // `to_pascal_case` relies on heck not cutting a lowercase word again.
        for word in [
            "ipv6", "s3", "2012", "2fa", "utf8mb4", "tlsv1", "a", "route53",
        ] {
            let mut want = word.to_string();
            want[..1].make_ascii_uppercase();
            assert_eq!(word.to_upper_camel_case(), want);
        }
    }

    #[test]
    fn keywords_that_can_be_raw() {
        for (input, want) in [
            ("type", "r#type"),
            ("Type", "r#type"),
            ("TYPE", "r#type"),
            ("match", "r#match"),
            ("ref", "r#ref"),
            ("async", "r#async"),
            ("await", "r#await"),
            ("dyn", "r#dyn"),
            ("try", "r#try"),
            ("gen", "r#gen"),
            ("abstract", "r#abstract"),
            ("extern", "r#extern"),
            ("static", "r#static"),
            ("__type", "r#type"),
        ] {
            assert_eq!(field_ident(input), want, "{input:?}");
        }
        // No keyword is capitalised except `Self`, so types and variants need no raw form.
        assert_eq!(type_ident("type"), "Type");
        assert_eq!(variant_ident("MATCH"), "Match");
        assert_eq!(type_ident("async"), "Async");
    }

    #[test]
    fn keywords_that_cannot_be_raw() {
        assert_eq!(field_ident("self"), "self_");
        assert_eq!(field_ident("Self"), "self_");
        assert_eq!(field_ident("super"), "super_");
        assert_eq!(field_ident("crate"), "crate_");
        assert_eq!(type_ident("Self"), "Self_");
        assert_eq!(type_ident("self"), "Self_");
        assert_eq!(variant_ident("SELF"), "Self_");
        assert_eq!(type_ident("super"), "Super");
        assert_eq!(escape_ident("_"), "__");
        assert_eq!(escape_ident("Self"), "Self_");
    }

    #[test]
    fn keyword_list() {
        for kw in [
            "type", "match", "ref", "self", "Self", "super", "crate", "async", "await", "dyn",
            "try", "gen", "extern", "yield", "box", "macro", "become", "abstract",
        ] {
            assert!(is_rust_keyword(kw), "{kw}");
        }
        for not_kw in [
            "union",
            "macro_rules",
            "raw",
            "safe",
            "Type",
            "SELF",
            "r#type",
            "_",
            "",
        ] {
            assert!(!is_rust_keyword(not_kw), "{not_kw}");
        }
    }

    #[test]
    fn weak_keywords_are_plain_identifiers() {
        assert_eq!(field_ident("union"), "union");
        assert_eq!(type_ident("union"), "Union");
    }

    #[test]
    fn leading_digits_get_a_prefix() {
        assert_eq!(field_ident("2FA"), "n2_fa");
        assert_eq!(type_ident("2FA"), "N2Fa");
        assert_eq!(variant_ident("1"), "N1");
        assert_eq!(field_ident("1"), "n1");
        assert_eq!(variant_ident("20120810"), "N20120810");
        assert_eq!(variant_ident("2012_08"), "N2012_08");
        assert_eq!(field_ident("_3d"), "n3d");
        // Digits after a separator-free start are not affected.
        assert_eq!(field_ident("S3"), "s3");
        assert_eq!(variant_ident("V2"), "V2");
    }

    #[test]
    fn empty_and_odd_input() {
        for input in ["", "_", "___", "-", "*", " ", "//", "\u{65e5}\u{672c}"] {
            assert_eq!(field_ident(input), "unnamed", "{input:?}");
            assert_eq!(type_ident(input), "Unnamed", "{input:?}");
            assert_eq!(variant_ident(input), "Unnamed", "{input:?}");
        }
        assert_eq!(
            field_ident("  Leading and trailing  "),
            "leading_and_trailing"
        );
        assert_eq!(variant_ident("caf\u{e9}"), "Caf");
        assert_eq!(field_ident("a--b__c"), "a_b_c");
    }

    #[test]
    fn case_and_separator_variants_collide() {
        // The caller detects these: the text is the same, so it is one identifier.
        let names = [
            "CreatedDate",
            "CREATED_DATE",
            "created_date",
            "createdDate",
            "Created-Date",
            "created__date",
            "Created Date",
        ];
        for name in names {
            assert_eq!(field_ident(name), "created_date", "{name:?}");
            assert_eq!(variant_ident(name), "CreatedDate", "{name:?}");
        }
        // Only the Pascal forms of these meet.
        assert_eq!(type_ident("S3"), type_ident("S_3"));
        assert_ne!(field_ident("S3"), field_ident("S_3"));
        // A keyword's escape can meet a real name.
        assert_eq!(field_ident("self"), field_ident("self_"));
        // Nothing marks a boundary in `CREATEDDATE`, so it stays apart from `CREATED_DATE`.
        assert_ne!(variant_ident("CREATEDDATE"), variant_ident("CREATED_DATE"));
    }

    /// rustc's `non_snake_case` test for an identifier (without `r#`).
    fn rustc_snake_ok(ident: &str) -> bool {
        let trimmed = ident.trim_matches('_');
        !trimmed.contains("__") && !trimmed.chars().any(char::is_uppercase)
    }

    /// rustc's `non_camel_case_types` test for an identifier (without `r#`).
    fn rustc_camel_ok(ident: &str) -> bool {
        let trimmed = ident.trim_matches('_');
        let chars: Vec<char> = trimmed.chars().collect();
        let cased = |c: char| c.is_uppercase() || c.is_lowercase();
        trimmed.is_empty()
            || (!chars[0].is_lowercase()
                && !trimmed.contains("__")
                && !chars.windows(2).any(|pair| {
                    (cased(pair[0]) && pair[1] == '_') || (cased(pair[1]) && pair[0] == '_')
                }))
    }

    /// clippy's `upper_case_acronyms`, including its aggressive mode: no all-caps name of
    /// three or more letters, no three capitals in a row, no two capitals at the end.
    fn clippy_acronyms_ok(ident: &str) -> bool {
        let bytes = ident.as_bytes();
        let all_caps = bytes.len() > 2 && bytes.iter().all(u8::is_ascii_uppercase);
        let mut run = 0;
        let mut three = false;
        for b in bytes {
            run = if b.is_ascii_uppercase() { run + 1 } else { 0 };
            three |= run >= 3;
        }
        !all_caps && !three && run != 2
    }

    /// Checks that `text` is a valid identifier: `r#` plus a keyword that may be raw, or
    /// ASCII letters, digits and `_` starting with a letter and not a keyword.
    fn valid_ident(text: &str) -> bool {
        if let Some(raw) = text.strip_prefix("r#") {
            return is_rust_keyword(raw) && !NOT_RAW.contains(&raw);
        }
        let first_ok = text.as_bytes().first().is_some_and(u8::is_ascii_alphabetic);
        first_ok
            && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && !is_rust_keyword(text)
    }

    /// Every string of up to four characters over a small alphabet that covers each rule.
    fn odd_inputs() -> Vec<String> {
        let alphabet = ['a', 's', 'v', 'A', 'B', '1', '_', '-', '\u{e9}'];
        let mut all = vec![String::new()];
        let mut layer = vec![String::new()];
        for _ in 0..4 {
            let mut next = Vec::new();
            for prefix in &layer {
                for c in alphabet {
                    let mut s = prefix.clone();
                    s.push(c);
                    next.push(s);
                }
            }
            all.extend(next.iter().cloned());
            layer = next;
        }
        all
    }

    #[test]
    fn idents_are_valid_and_lint_free() {
        let keywords = [
            "type", "self", "Self", "super", "crate", "async", "gen", "ref", "match", "_",
        ];
        let inputs: Vec<String> = all_rows()
            .map(|row| row.0.to_string())
            .chain(keywords.iter().map(|k| (*k).to_string()))
            .chain(odd_inputs())
            .collect();
        for input in &inputs {
            let field = field_ident(input);
            assert!(valid_ident(&field), "{input:?} -> {field:?}");
            let bare = field.trim_start_matches("r#");
            assert!(rustc_snake_ok(bare), "{input:?} -> {field:?}");

            for ty in [type_ident(input), variant_ident(input)] {
                assert!(valid_ident(&ty), "{input:?} -> {ty:?}");
                assert!(rustc_camel_ok(&ty), "{input:?} -> {ty:?}");
                assert!(clippy_acronyms_ok(&ty), "{input:?} -> {ty:?}");
            }
        }
    }

    #[test]
    fn lint_mirrors_reject_bad_names() {
        // The mirrors above must be able to fail.
        assert!(!rustc_snake_ok("notificationARNs"));
        assert!(!rustc_snake_ok("a__b"));
        assert!(!rustc_camel_ok("notification_arns"));
        assert!(!rustc_camel_ok("Co_Sell"));
        assert!(!clippy_acronyms_ok("ABC"));
        assert!(!clippy_acronyms_ok("HTTPResponse"));
        assert!(!clippy_acronyms_ok("ResponseOK"));
        assert!(!valid_ident("2fa"));
        assert!(!valid_ident("r#self"));
        assert!(!valid_ident("type"));
    }
}
