//! Endpoint resolution support for generated code.
//!
//! The generator compiles a service's `smithy.rules#endpointRuleSet` into plain Rust (the
//! generated crate's `endpoint` module); that code calls into this module for what every rule set
//! shares:
//!
//! - the result types, [`Endpoint`] and [`EndpointError`];
//! - [`BuiltIns`], the parameter values a client configuration provides (`AWS::Region`,
//!   `AWS::UseFIPS`, `AWS::UseDualStack`, `SDK::Endpoint`);
//! - the AWS partitions ([`partition`], [`Partition`]), for `aws.partition`;
//! - the functions of the rules-engine standard library and its AWS extension: [`parse_url`],
//!   [`substring`], [`uri_encode`], [`is_valid_host_label`], [`parse_arn`] and
//!   [`is_virtual_hostable_s3_bucket`]. (`isSet`, `not`, `booleanEquals`, `stringEquals` and
//!   `getAttr` become plain Rust expressions.)
//!
//! No rule JSON is read at run time.

use std::fmt;

/// JSON values: endpoint properties.
pub use crate::codec::Document;
/// JSON objects: endpoint properties that are objects.
pub use serde_json::Map;

/// A resolved endpoint: where requests go, headers to add to them, and properties (such as
/// `authSchemes`) the rules attach.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// The endpoint URL, e.g. `https://dynamodb.us-east-1.amazonaws.com`.
    pub url: String,
    /// Headers to send with every request, by name, in the order the rules list them.
    pub headers: Vec<(String, Vec<String>)>,
    /// Properties the rules attach (a JSON object; empty when the rules attach none).
    pub properties: Document,
}

impl Endpoint {
    /// An endpoint with this URL, no headers and no properties.
    pub fn new(url: impl Into<String>) -> Self {
        Endpoint {
            url: url.into(),
            headers: Vec::new(),
            properties: Document::Object(Map::new()),
        }
    }

    /// Adds a header (with all its values).
    pub fn with_header(mut self, name: impl Into<String>, values: Vec<String>) -> Self {
        self.headers.push((name.into(), values));
        self
    }

    /// Sets a property.
    pub fn with_property(mut self, key: impl Into<String>, value: Document) -> Self {
        if !self.properties.is_object() {
            self.properties = Document::Object(Map::new());
        }
        if let Document::Object(map) = &mut self.properties {
            map.insert(key.into(), value);
        }
        self
    }

    /// The endpoint URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The SigV4 signing name and region the endpoint asks for: from the first `sigv4` entry of
    /// the `authSchemes` property (`signingName`, `signingRegion`), each `None` when not given.
    pub fn sigv4_overrides(&self) -> (Option<&str>, Option<&str>) {
        let scheme = self
            .properties
            .get("authSchemes")
            .and_then(Document::as_array)
            .and_then(|schemes| {
                schemes
                    .iter()
                    .find(|s| s.get("name").and_then(Document::as_str) == Some("sigv4"))
            });
        match scheme {
            Some(s) => (
                s.get("signingName").and_then(Document::as_str),
                s.get("signingRegion").and_then(Document::as_str),
            ),
            None => (None, None),
        }
    }
}

/// Why no endpoint could be resolved: an error rule of the service's rule set matched (its
/// message, e.g. `Invalid Configuration: Missing Region`), or no rule matched at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointError {
    message: String,
}

impl EndpointError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        EndpointError {
            message: message.into(),
        }
    }

    /// The message (for an error rule, its text with its templates filled in).
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EndpointError {}

/// The built-in endpoint parameters a client configuration provides. Generated code maps them onto
/// the rule set's parameters that declare the matching `builtIn`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuiltIns {
    /// `AWS::Region`.
    pub region: Option<String>,
    /// `AWS::UseFIPS`.
    pub use_fips: bool,
    /// `AWS::UseDualStack`.
    pub use_dual_stack: bool,
    /// `SDK::Endpoint`: the endpoint override.
    pub endpoint: Option<String>,
}

/// An AWS partition: the outputs of the `aws.partition` function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    name: &'static str,
    dns_suffix: &'static str,
    dual_stack_dns_suffix: &'static str,
    supports_fips: bool,
    supports_dual_stack: bool,
    implicit_global_region: &'static str,
    /// The partition's `regionRegex`, for people (matching uses `region_prefixes`).
    region_regex: &'static str,
    /// What a region name starts with (before `-<word>-<digits>`) to match `region_regex`.
    region_prefixes: &'static [&'static str],
    /// The regions the partition lists explicitly.
    regions: &'static [&'static str],
}

impl Partition {
    /// The partition id, e.g. `aws`, `aws-cn` (`getAttr` name `name`).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// DNS suffix of regular endpoints, e.g. `amazonaws.com` (`dnsSuffix`).
    pub fn dns_suffix(&self) -> &'static str {
        self.dns_suffix
    }

    /// DNS suffix of dual-stack endpoints, e.g. `api.aws` (`dualStackDnsSuffix`).
    pub fn dual_stack_dns_suffix(&self) -> &'static str {
        self.dual_stack_dns_suffix
    }

    /// Whether the partition has FIPS endpoints (`supportsFIPS`).
    pub fn supports_fips(&self) -> bool {
        self.supports_fips
    }

    /// Whether the partition has dual-stack endpoints (`supportsDualStack`).
    pub fn supports_dual_stack(&self) -> bool {
        self.supports_dual_stack
    }

    /// The region global endpoints of the partition sign for (`implicitGlobalRegion`).
    pub fn implicit_global_region(&self) -> &'static str {
        self.implicit_global_region
    }

    /// The regular expression region names of the partition match.
    pub fn region_regex(&self) -> &'static str {
        self.region_regex
    }

    /// The regions the partition lists.
    pub fn regions(&self) -> &'static [&'static str] {
        self.regions
    }

    /// Whether `region` matches the partition's region pattern: one of its prefixes, then
    /// `-<word characters>-<digits>` (`regionRegex` is of the form `^(p1|p2)\-\w+\-\d+$`).
    fn matches_region_pattern(&self, region: &str) -> bool {
        self.region_prefixes.iter().any(|prefix| {
            let Some(rest) = region
                .strip_prefix(prefix)
                .and_then(|r| r.strip_prefix('-'))
            else {
                return false;
            };
            let Some((word, number)) = rest.split_once('-') else {
                return false;
            };
            !word.is_empty()
                && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                && !number.is_empty()
                && number.bytes().all(|b| b.is_ascii_digit())
        })
    }
}

/// The AWS partitions, from the public partitions definition (`partitions.json`, version 1.1).
pub const PARTITIONS: &[Partition] = &[
    Partition {
        name: "aws",
        dns_suffix: "amazonaws.com",
        dual_stack_dns_suffix: "api.aws",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-east-1",
        region_regex: r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$",
        region_prefixes: &["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"],
        regions: &[
            "af-south-1",
            "ap-east-1",
            "ap-east-2",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-northeast-3",
            "ap-south-1",
            "ap-south-2",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-southeast-3",
            "ap-southeast-4",
            "ap-southeast-5",
            "ap-southeast-6",
            "ap-southeast-7",
            "aws-global",
            "ca-central-1",
            "ca-west-1",
            "eu-central-1",
            "eu-central-2",
            "eu-north-1",
            "eu-south-1",
            "eu-south-2",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "il-central-1",
            "me-central-1",
            "me-south-1",
            "mx-central-1",
            "sa-east-1",
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
        ],
    },
    Partition {
        name: "aws-cn",
        dns_suffix: "amazonaws.com.cn",
        dual_stack_dns_suffix: "api.amazonwebservices.com.cn",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "cn-northwest-1",
        region_regex: r"^cn\-\w+\-\d+$",
        region_prefixes: &["cn"],
        regions: &["aws-cn-global", "cn-north-1", "cn-northwest-1"],
    },
    Partition {
        name: "aws-us-gov",
        dns_suffix: "amazonaws.com",
        dual_stack_dns_suffix: "api.aws",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-gov-west-1",
        region_regex: r"^us\-gov\-\w+\-\d+$",
        region_prefixes: &["us-gov"],
        regions: &["aws-us-gov-global", "us-gov-east-1", "us-gov-west-1"],
    },
    Partition {
        name: "aws-iso",
        dns_suffix: "c2s.ic.gov",
        dual_stack_dns_suffix: "api.aws.ic.gov",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-iso-east-1",
        region_regex: r"^us\-iso\-\w+\-\d+$",
        region_prefixes: &["us-iso"],
        regions: &["aws-iso-global", "us-iso-east-1", "us-iso-west-1"],
    },
    Partition {
        name: "aws-iso-b",
        dns_suffix: "sc2s.sgov.gov",
        dual_stack_dns_suffix: "api.aws.scloud",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-isob-east-1",
        region_regex: r"^us\-isob\-\w+\-\d+$",
        region_prefixes: &["us-isob"],
        regions: &["aws-iso-b-global", "us-isob-east-1", "us-isob-west-1"],
    },
    Partition {
        name: "aws-iso-e",
        dns_suffix: "cloud.adc-e.uk",
        dual_stack_dns_suffix: "api.cloud-aws.adc-e.uk",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "eu-isoe-west-1",
        region_regex: r"^eu\-isoe\-\w+\-\d+$",
        region_prefixes: &["eu-isoe"],
        regions: &["aws-iso-e-global", "eu-isoe-west-1"],
    },
    Partition {
        name: "aws-iso-f",
        dns_suffix: "csp.hci.ic.gov",
        dual_stack_dns_suffix: "api.aws.hci.ic.gov",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-isof-south-1",
        region_regex: r"^us\-isof\-\w+\-\d+$",
        region_prefixes: &["us-isof"],
        regions: &["aws-iso-f-global", "us-isof-east-1", "us-isof-south-1"],
    },
    Partition {
        name: "aws-eusc",
        dns_suffix: "amazonaws.eu",
        dual_stack_dns_suffix: "api.amazonwebservices.eu",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "eusc-de-east-1",
        region_regex: r"^eusc\-(de)\-\w+\-\d+$",
        region_prefixes: &["eusc-de"],
        regions: &["eusc-de-east-1"],
    },
];

/// `aws.partition`: the partition of `region`. A region a partition lists belongs to it; any other
/// region belongs to the first partition whose region pattern it matches, else to `aws`. (Always
/// `Some`; the `Option` is the function's type in the rules language.)
pub fn partition(region: &str) -> Option<Partition> {
    PARTITIONS
        .iter()
        .find(|p| p.regions.contains(&region))
        .or_else(|| PARTITIONS.iter().find(|p| p.matches_region_pattern(region)))
        .or_else(|| PARTITIONS.iter().find(|p| p.name == "aws"))
        .copied()
}

/// The outputs of `parseURL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    scheme: String,
    authority: String,
    path: String,
    normalized_path: String,
    is_ip: bool,
}

impl Url {
    /// `http` or `https` (`scheme`).
    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    /// Host and port as written, e.g. `example.com:8443` or `[fe80::1]` (`authority`).
    pub fn authority(&self) -> &str {
        &self.authority
    }

    /// The path as written: empty, or starting with `/` (`path`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The path starting and ending with `/` (`normalizedPath`).
    pub fn normalized_path(&self) -> &str {
        &self.normalized_path
    }

    /// Whether the host is an IPv4 or IPv6 address (`isIp`).
    pub fn is_ip(&self) -> bool {
        self.is_ip
    }
}

/// `parseURL`: an `http` or `https` URL split into its parts, or `None` for anything else,
/// including a URL with a query string (or fragment), no host, a port that is not a number, or
/// characters a URL cannot hold.
pub fn parse_url(value: &str) -> Option<Url> {
    let (scheme, rest) = value.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    if rest.contains(['?', '#']) || rest.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    if authority.contains('@') {
        return None;
    }
    let (host, port) = if let Some(bracketed) = authority.strip_prefix('[') {
        let (inside, after) = bracketed.split_once(']')?;
        if inside.is_empty() || !inside.contains(':') {
            return None;
        }
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':')?),
        };
        (&authority[..inside.len() + 2], port)
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let bracketed = host.starts_with('[');
    if host.is_empty() || (!bracketed && host.contains(['[', ']'])) {
        return None;
    }
    if let Some(port) = port {
        if port.is_empty()
            || !port.bytes().all(|b| b.is_ascii_digit())
            || port.parse::<u16>().is_err()
        {
            return None;
        }
    }
    let is_ip = bracketed || is_ipv4(host);
    let mut normalized_path = String::with_capacity(path.len() + 2);
    if !path.starts_with('/') {
        normalized_path.push('/');
    }
    normalized_path.push_str(path);
    if !normalized_path.ends_with('/') {
        normalized_path.push('/');
    }
    Some(Url {
        scheme: scheme.to_ascii_lowercase(),
        authority: authority.to_string(),
        path: path.to_string(),
        normalized_path,
        is_ip,
    })
}

/// Four dot-separated decimal numbers of at most 255 each.
fn is_ipv4(host: &str) -> bool {
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.bytes().all(|b| b.is_ascii_digit())
                && p.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}

/// `substring`: the characters from `start` (inclusive) to `stop` (exclusive), counted from the
/// end when `reverse` is true. `None` when `start >= stop`, when the input is shorter than `stop`,
/// or when it holds any non-ASCII character.
pub fn substring(value: &str, start: usize, stop: usize, reverse: bool) -> Option<&str> {
    if start >= stop || value.len() < stop || !value.is_ascii() {
        return None;
    }
    if reverse {
        let len = value.len();
        Some(&value[len - stop..len - start])
    } else {
        Some(&value[start..stop])
    }
}

/// `uriEncode`: percent-encodes every byte of the UTF-8 input except the RFC 3986 unreserved
/// characters (`A-Z a-z 0-9 - _ . ~`), with uppercase hexadecimal digits.
pub fn uri_encode(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }
    out
}

/// `isValidHostLabel`: whether `value` is one RFC 1123 host label (1 to 63 ASCII letters, digits
/// and hyphens, not starting with a hyphen), or, with `allow_sub_domains`, one or more such labels
/// joined by dots.
pub fn is_valid_host_label(value: &str, allow_sub_domains: bool) -> bool {
    if allow_sub_domains {
        value.split('.').all(is_host_label)
    } else {
        is_host_label(value)
    }
}

fn is_host_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && !label.starts_with('-')
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The outputs of `aws.parseArn`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arn {
    partition: String,
    service: String,
    region: String,
    account_id: String,
    resource_id: Vec<String>,
}

impl Arn {
    /// The partition, e.g. `aws` (`partition`).
    pub fn partition(&self) -> &str {
        &self.partition
    }

    /// The service namespace, e.g. `dynamodb` (`service`).
    pub fn service(&self) -> &str {
        &self.service
    }

    /// The region; may be empty (`region`).
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The account id; may be empty (`accountId`).
    pub fn account_id(&self) -> &str {
        &self.account_id
    }

    /// The resource, split on `:` and `/` (`resourceId`).
    pub fn resource_id(&self) -> &[String] {
        &self.resource_id
    }
}

/// `aws.parseArn`: `arn:<partition>:<service>:<region>:<account-id>:<resource>` split into its
/// parts, or `None` when `value` does not start with `arn:`, has fewer than six parts, or has an
/// empty partition, service or resource.
pub fn parse_arn(value: &str) -> Option<Arn> {
    let mut parts = value.splitn(6, ':');
    if parts.next()? != "arn" {
        return None;
    }
    let partition = parts.next()?;
    let service = parts.next()?;
    let region = parts.next()?;
    let account_id = parts.next()?;
    let resource = parts.next()?;
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    Some(Arn {
        partition: partition.to_string(),
        service: service.to_string(),
        region: region.to_string(),
        account_id: account_id.to_string(),
        resource_id: resource.split([':', '/']).map(str::to_string).collect(),
    })
}

/// `aws.isVirtualHostableS3Bucket`: whether `value` can be the first labels of a virtual-hosted
/// S3 host name: 3 to 63 characters, lowercase letters, digits and hyphens, each label starting
/// and ending with a letter or digit, not an IPv4 address; dots (between labels) only with
/// `allow_sub_domains`.
pub fn is_virtual_hostable_s3_bucket(value: &str, allow_sub_domains: bool) -> bool {
    if !(3..=63).contains(&value.len()) || is_ipv4(value) {
        return false;
    }
    if !allow_sub_domains && value.contains('.') {
        return false;
    }
    value.split('.').all(|label| {
        is_host_label(label)
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_by_listed_region_pattern_and_fallback() {
        let name = |region: &str| partition(region).map(|p| p.name());
        assert_eq!(name("us-east-1"), Some("aws"));
        assert_eq!(name("eu-central-1"), Some("aws"));
        assert_eq!(name("aws-global"), Some("aws"));
        assert_eq!(name("cn-northwest-1"), Some("aws-cn"));
        assert_eq!(name("aws-cn-global"), Some("aws-cn"));
        assert_eq!(name("us-gov-west-1"), Some("aws-us-gov"));
        assert_eq!(name("us-iso-east-1"), Some("aws-iso"));
        assert_eq!(name("us-isob-east-1"), Some("aws-iso-b"));
        assert_eq!(name("eu-isoe-west-1"), Some("aws-iso-e"));
        assert_eq!(name("us-isof-south-1"), Some("aws-iso-f"));
        assert_eq!(name("eusc-de-east-1"), Some("aws-eusc"));
        // Unlisted regions: by pattern.
        assert_eq!(name("us-east-10"), Some("aws"));
        assert_eq!(name("mx-north-7"), Some("aws"));
        assert_eq!(name("cn-north-5"), Some("aws-cn"));
        assert_eq!(name("us-gov-north-3"), Some("aws-us-gov"));
        assert_eq!(name("us-iso-north-2"), Some("aws-iso"));
        assert_eq!(name("us-isob-west-9"), Some("aws-iso-b"));
        assert_eq!(name("eu-isoe-north-2"), Some("aws-iso-e"));
        assert_eq!(name("us-isof-west-4"), Some("aws-iso-f"));
        assert_eq!(name("eusc-de-west-2"), Some("aws-eusc"));
        // No pattern matches: `aws`.
        assert_eq!(name("mars-global"), Some("aws"));
        assert_eq!(name("local"), Some("aws"));
        assert_eq!(name(""), Some("aws"));
        assert_eq!(name("us-east-1a"), Some("aws"));
        assert_eq!(name("eusc-fr-east-1"), Some("aws"));

        let cn = partition("cn-north-1").unwrap();
        assert_eq!(cn.dns_suffix(), "amazonaws.com.cn");
        assert_eq!(cn.dual_stack_dns_suffix(), "api.amazonwebservices.com.cn");
        assert_eq!(cn.implicit_global_region(), "cn-northwest-1");
        assert!(cn.supports_fips() && cn.supports_dual_stack());
        let iso = partition("us-iso-east-1").unwrap();
        assert!(iso.supports_fips() && iso.supports_dual_stack());
        assert_eq!(iso.dual_stack_dns_suffix(), "api.aws.ic.gov");
        assert_eq!(iso.region_regex(), r"^us\-iso\-\w+\-\d+$");
        assert!(iso.regions().contains(&"us-iso-west-1"));
    }

    #[test]
    fn every_partition_has_its_outputs() {
        let names: Vec<&str> = PARTITIONS.iter().map(|p| p.name()).collect();
        assert_eq!(
            names,
            [
                "aws",
                "aws-cn",
                "aws-us-gov",
                "aws-iso",
                "aws-iso-b",
                "aws-iso-e",
                "aws-iso-f",
                "aws-eusc"
            ]
        );
        for p in PARTITIONS {
            assert!(!p.dns_suffix().is_empty() && !p.dual_stack_dns_suffix().is_empty());
            // The implicit global region and every listed region that is not a `*-global`
            // pseudo-region match the partition's own pattern.
            assert!(
                p.matches_region_pattern(p.implicit_global_region()),
                "{}",
                p.name()
            );
            for region in p.regions() {
                assert!(
                    region.ends_with("-global") || p.matches_region_pattern(region),
                    "{region}"
                );
                assert_eq!(partition(region).map(|q| q.name()), Some(p.name()));
            }
        }
    }

    fn url(value: &str) -> Option<(String, String, String, String, bool)> {
        parse_url(value).map(|u| {
            (
                u.scheme().to_string(),
                u.authority().to_string(),
                u.path().to_string(),
                u.normalized_path().to_string(),
                u.is_ip(),
            )
        })
    }

    fn parts(
        s: &str,
        a: &str,
        p: &str,
        n: &str,
        ip: bool,
    ) -> Option<(String, String, String, String, bool)> {
        Some((s.into(), a.into(), p.into(), n.into(), ip))
    }

    #[test]
    fn urls() {
        assert_eq!(
            url("https://example.com"),
            parts("https", "example.com", "", "/", false)
        );
        assert_eq!(
            url("https://example.com/"),
            parts("https", "example.com", "/", "/", false)
        );
        assert_eq!(
            url("http://example.com:80/foo/bar"),
            parts("http", "example.com:80", "/foo/bar", "/foo/bar/", false)
        );
        assert_eq!(
            url("https://authority.com/custom-path"),
            parts(
                "https",
                "authority.com",
                "/custom-path",
                "/custom-path/",
                false
            )
        );
        assert_eq!(
            url("https://127.0.0.1"),
            parts("https", "127.0.0.1", "", "/", true)
        );
        assert_eq!(
            url("http://192.168.1.1:1234/foo/"),
            parts("http", "192.168.1.1:1234", "/foo/", "/foo/", true)
        );
        assert_eq!(
            url("https://[fe80::1]"),
            parts("https", "[fe80::1]", "", "/", true)
        );
        assert_eq!(
            url("https://[2001:db8:85a3:8d3:1319:8a2e:370:7348]:443"),
            parts(
                "https",
                "[2001:db8:85a3:8d3:1319:8a2e:370:7348]:443",
                "",
                "/",
                true
            )
        );
        // Host labels are not validated; dotted numbers that are not an address are a name.
        assert_eq!(
            url("http://99_ab-.com"),
            parts("http", "99_ab-.com", "", "/", false)
        );
        assert_eq!(
            url("https://999.999.abc.blah"),
            parts("https", "999.999.abc.blah", "", "/", false)
        );
        assert_eq!(
            url("https://999.999.999.999"),
            parts("https", "999.999.999.999", "", "/", false)
        );
        // Rejected.
        for bad in [
            "https://example.com:8443?foo=bar&faz=baz",
            "https://example.com/path?query1=foo",
            "https://example.com/path?",
            "https://example.com#frag",
            "acbd://example.com",
            "example.com",
            "http://abc.com:a/foo",
            "http://abc.com:/foo",
            "http://abc.com:99999",
            "https://",
            "https:///path",
            "https://user@example.com",
            "https://exa mple.com",
            "https://[]",
            "https://[fe80::1",
            "https://[fe80::1]x",
            "",
        ] {
            assert_eq!(url(bad), None, "{bad}");
        }
    }

    #[test]
    fn substrings() {
        assert_eq!(substring("abcdefg", 0, 4, false), Some("abcd"));
        assert_eq!(substring("abcd", 0, 4, false), Some("abcd"));
        assert_eq!(substring("abc", 0, 4, false), None);
        assert_eq!(substring("", 0, 4, false), None);
        assert_eq!(substring("abcdefg", 0, 4, true), Some("defg"));
        assert_eq!(substring("defg", 0, 4, true), Some("defg"));
        assert_eq!(substring("abc", 0, 4, true), None);
        assert_eq!(substring("defg", 1, 3, false), Some("ef"));
        assert_eq!(substring("def", 1, 3, false), Some("ef"));
        assert_eq!(substring("ab", 1, 3, false), None);
        assert_eq!(substring("abcdef", 1, 3, true), Some("de"));
        // Start must be before stop.
        assert_eq!(substring("abcdef", 3, 3, false), None);
        assert_eq!(substring("abcdef", 4, 2, false), None);
        // Any non-ASCII character gives `None`, even outside the range.
        assert_eq!(substring("\u{fdfd}", 0, 1, false), None);
        assert_eq!(substring("abcdef\u{1F431}", 0, 4, false), None);
        assert_eq!(substring("abcdef\u{80}", 0, 4, false), None);
        // All of ASCII counts, control characters included.
        assert_eq!(substring("\u{7f}abcdef", 0, 4, false), Some("\u{7f}abc"));
    }

    #[test]
    fn uri_encoding() {
        assert_eq!(uri_encode("abcdefg"), "abcdefg");
        assert_eq!(uri_encode("abc:defg"), "abc%3Adefg");
        assert_eq!(
            uri_encode("/:,?#[]{}|@! $&'()*+;=%<>\"^`\\"),
            "%2F%3A%2C%3F%23%5B%5D%7B%7D%7C%40%21%20%24%26%27%28%29%2A%2B%3B%3D%25%3C%3E%22%5E%60%5C"
        );
        assert_eq!(
            uri_encode("0123456789.underscore_dash-Tilda~"),
            "0123456789.underscore_dash-Tilda~"
        );
        assert_eq!(uri_encode("\u{1F639}"), "%F0%9F%98%B9");
        assert_eq!(uri_encode(""), "");
    }

    #[test]
    fn host_labels() {
        assert!(is_valid_host_label("us-east-1", false));
        assert!(is_valid_host_label("3aws4", false));
        assert!(is_valid_host_label("a", false));
        assert!(is_valid_host_label(&"a".repeat(63), false));
        assert!(!is_valid_host_label(&"a".repeat(64), false));
        assert!(!is_valid_host_label("part1.part2", false));
        assert!(is_valid_host_label("part1.part2", true));
        assert!(!is_valid_host_label("part1 part2", false));
        assert!(!is_valid_host_label("part1 part2", true));
        assert!(!is_valid_host_label("", false));
        assert!(!is_valid_host_label("", true));
        assert!(!is_valid_host_label("part1.", true));
        assert!(!is_valid_host_label(".part1", true));
        assert!(!is_valid_host_label("part1..part2", true));
        assert!(!is_valid_host_label("part1.-part2", true));
        assert!(!is_valid_host_label("-part1", false));
        assert!(!is_valid_host_label("under_score", false));
        assert!(!is_valid_host_label("caf\u{e9}", false));
        assert!(is_valid_host_label("111111111111", false));
    }

    #[test]
    fn arns() {
        let arn = parse_arn("arn:aws:dynamodb:us-east-1:222222222222:table/table_name").unwrap();
        assert_eq!(arn.partition(), "aws");
        assert_eq!(arn.service(), "dynamodb");
        assert_eq!(arn.region(), "us-east-1");
        assert_eq!(arn.account_id(), "222222222222");
        assert_eq!(arn.resource_id(), ["table", "table_name"]);
        let arn = parse_arn("arn:aws:s3:us-west-2:123456789012:accesspoint:myendpoint").unwrap();
        assert_eq!(arn.resource_id(), ["accesspoint", "myendpoint"]);
        let arn = parse_arn("arn:aws:s3:::bucket").unwrap();
        assert_eq!((arn.region(), arn.account_id()), ("", ""));
        assert_eq!(arn.resource_id(), ["bucket"]);
        let arn = parse_arn("arn:aws:s3:::a//b:c").unwrap();
        assert_eq!(arn.resource_id(), ["a", "", "b", "c"]);
        for bad in [
            "",
            "arn",
            "arn:aws:s3:::",
            "arn::s3:::bucket",
            "arn:aws::::bucket",
            "arn:aws:s3:us-east-1:123",
            "nar:aws:s3:::bucket",
            "ARN:aws:s3:::bucket",
        ] {
            assert_eq!(parse_arn(bad), None, "{bad}");
        }
    }

    #[test]
    fn virtual_hostable_buckets() {
        for (bucket, plain, dotted) in [
            ("bucket-name", true, true),
            ("bucket-with-number-1", true, true),
            ("BucketName", false, false),
            ("bucket_name", false, false),
            ("bucket.name", false, true),
            ("bucket.name.multiple.dots1", false, true),
            ("-bucket-name", false, false),
            ("bucket-name-", false, false),
            ("aa", false, false),
            ("abc", true, true),
            (&"a".repeat(63), true, true),
            (&"a".repeat(64), false, false),
            (".bucket-name", false, false),
            ("bucket-name.", false, false),
            ("bucket..name", false, false),
            ("192.168.5.4", false, false),
            ("bucket-.name", false, false),
            ("bucket.-name", false, false),
        ] {
            assert_eq!(
                is_virtual_hostable_s3_bucket(bucket, false),
                plain,
                "{bucket}"
            );
            assert_eq!(
                is_virtual_hostable_s3_bucket(bucket, true),
                dotted,
                "{bucket} (dots)"
            );
        }
    }

    #[test]
    fn endpoints_and_their_signing_overrides() {
        let plain = Endpoint::new("https://a.example.com");
        assert_eq!(plain.url(), "https://a.example.com");
        assert_eq!(plain.sigv4_overrides(), (None, None));
        assert_eq!(plain.properties, Document::Object(serde_json::Map::new()));
        let local = Endpoint::new("http://localhost:8000")
            .with_header("x-a", vec!["1".to_string()])
            .with_property(
                "authSchemes",
                serde_json::json!([{"name": "sigv4", "signingName": "dynamodb", "signingRegion": "us-east-1"}]),
            );
        assert_eq!(
            local.sigv4_overrides(),
            (Some("dynamodb"), Some("us-east-1"))
        );
        assert_eq!(local.headers, [("x-a".to_string(), vec!["1".to_string()])]);
        let other = Endpoint::new("https://b").with_property(
            "authSchemes",
            serde_json::json!([{"name": "sigv4a", "signingName": "s3"}]),
        );
        assert_eq!(other.sigv4_overrides(), (None, None));
        let error = EndpointError::new("Invalid Configuration: Missing Region");
        assert_eq!(error.to_string(), "Invalid Configuration: Missing Region");
        assert_eq!(error.message(), "Invalid Configuration: Missing Region");
    }
}
