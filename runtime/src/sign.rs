//! SigV4 request signing (AWS Signature Version 4, signature in the `authorization` header),
//! written from the specification on `ring`'s SHA-256 and HMAC-SHA256.
//!
//! The canonical request follows the rules the AWS SDKs use for every service but S3 (those of
//! the official `aws-sigv4` crate's default settings; the runtime's tests check this signer
//! against that crate byte for byte on random requests):
//!
//! - **method** as given (it must be an HTTP token);
//! - **canonical URI**: the request's path with `.` and `..` segments resolved and empty segments
//!   dropped (a trailing slash stays), then percent-encoded once more, keeping only
//!   `A-Z a-z 0-9 - . _ ~ /` as they are ("double encoding": an escape `%2F` in the request is
//!   signed as `%252F`);
//! - **canonical query string**: every `name=value` pair of the query form-decoded (`+` is a
//!   space, `%XX` a byte), percent-encoded again keeping only `A-Z a-z 0-9 - . _ ~`, sorted by
//!   encoded name, then value, and joined with `&` (a name without `=` gets an empty value);
//! - **canonical headers**: every header name lowercased; every value with its leading and
//!   trailing spaces removed and each run of spaces inside collapsed to one (other whitespace is
//!   kept); the values of one name joined with commas in request order; lines sorted by name. All
//!   headers are signed except `user-agent`, `x-amzn-trace-id` and `transfer-encoding` (proxies
//!   change them), together with `host` (taken from the URI when the request has none, without a
//!   default port), `x-amz-date` and, with a session token, `x-amz-security-token`;
//! - **payload hash**: the lowercase hex SHA-256 of the body (not sent as `x-amz-content-sha256`).
//!
//! The string to sign is `AWS4-HMAC-SHA256`, the time (`yyyymmddThhmmssZ`, UTC), the scope
//! (`yyyymmdd/region/service/aws4_request`) and the hex SHA-256 of the canonical request, one per
//! line; the signing key is HMAC-SHA256 chained from `"AWS4" + secret` over the date, the region,
//! the service and `aws4_request`.
//!
//! Logging: one `TRACE` event per signature (target `awsjson_runtime::sign`) with the canonical
//! request and the string to sign, which is what a `SignatureDoesNotMatch` response is compared
//! with. Header values whose names look secret (the session token among them) are replaced by their
//! length; the secret key and the signing key are never logged, and the body is only there as its
//! hash.

use std::error::Error;
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use ring::{digest, hmac};

use crate::credentials::Credentials;
use crate::http::HttpRequest;

/// The headers signing adds; stale copies are removed first, so a request can be signed again
/// (a retry) without carrying two signatures.
const SIGNING_HEADERS: [&str; 3] = ["authorization", "x-amz-date", "x-amz-security-token"];

/// Headers left out of the signature: proxies and load balancers may add, change or drop them
/// (`authorization` is the signature itself).
const UNSIGNED_HEADERS: [&str; 4] = [
    "authorization",
    "user-agent",
    "x-amzn-trace-id",
    "transfer-encoding",
];

const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// The longest URI accepted (the limit of the `http` crate the transports use).
const MAX_URI_LEN: usize = u16::MAX as usize - 1;

/// The longest header name accepted (the limit of the `http` crate the transports use).
const MAX_HEADER_NAME_LEN: usize = u16::MAX as usize;

/// Why a request could not be signed. The message names the part of the request at fault (a
/// header name, a byte position in the URI), never a header value or a credential.
#[derive(Debug)]
pub struct SigningError {
    message: String,
}

impl SigningError {
    fn new(message: impl Into<String>) -> Self {
        SigningError {
            message: message.into(),
        }
    }
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Error for SigningError {}

/// Signs `request` in place for SigV4 (`service` e.g. `partnercentral-selling`, `region` e.g.
/// `us-east-1`) at `time`: adds `x-amz-date`, `authorization`, and `x-amz-security-token` when
/// the credentials have a session token (replacing any of those the request already has).
///
/// The request must already carry every header that will be sent (including `host`,
/// `content-type` and `x-amz-target`): all of them are signed except `user-agent`,
/// `x-amzn-trace-id` and `transfer-encoding`, which proxies may change. The payload hash is
/// computed over the body.
///
/// Errors: a URI that is neither `http(s)://host[:port][/path][?query]` nor `/path[?query]` (a
/// fragment, user info, a character a URI cannot hold), no `host` header with a path-only URI,
/// a method that is not an HTTP token, a header name that is not one, a header value or session
/// token with a control character, an access key id, region or service that would put one into
/// the `authorization` header, and a time before 1970 or after 9999.
pub fn sign_request(
    request: &mut HttpRequest,
    credentials: &Credentials,
    region: &str,
    service: &str,
    time: SystemTime,
) -> Result<(), SigningError> {
    request
        .headers
        .retain(|(name, _)| !SIGNING_HEADERS.iter().any(|h| name.eq_ignore_ascii_case(h)));

    let time = SigningTime::new(time)?;
    if !is_token(&request.method) {
        return Err(SigningError::new("the request method is not an HTTP token"));
    }
    let target = RequestTarget::parse(&request.uri)?;
    let token = credentials.session_token();
    if token.is_some_and(|t| !is_header_value(t)) {
        return Err(SigningError::new(
            "the session token has a character a header value cannot hold",
        ));
    }
    let access_key_id = credentials.access_key_id();
    if ![access_key_id, region, service]
        .iter()
        .all(|s| is_header_value(s))
    {
        return Err(SigningError::new(
            "the access key id, region or signing name has a character a header value cannot hold",
        ));
    }

    let headers = canonical_headers(&request.headers, &target, &time.date_time, token)?;
    let canonical = CanonicalRequest {
        method: &request.method,
        uri: canonical_uri(target.path),
        query: canonical_query(target.query),
        signed_headers: headers
            .iter()
            .map(|(name, _)| name.as_str())
            .collect::<Vec<_>>()
            .join(";"),
        headers,
        payload_hash: hex(digest::digest(&digest::SHA256, &request.body).as_ref()),
    };

    let scope = format!("{}/{region}/{service}/aws4_request", time.date());
    let canonical_hash =
        hex(digest::digest(&digest::SHA256, canonical.to_string().as_bytes()).as_ref());
    let string_to_sign = format!("{ALGORITHM}\n{}\n{scope}\n{canonical_hash}", time.date_time);
    let key = signing_key(
        credentials.secret_access_key(),
        time.date(),
        region,
        service,
    );
    let signature = hex(hmac::sign(&key, string_to_sign.as_bytes()).as_ref());
    tracing::trace!(
        canonical_request = %Redacted(&canonical),
        string_to_sign = %string_to_sign,
        "signed the request"
    );

    let authorization = format!(
        "{ALGORITHM} Credential={access_key_id}/{scope}, SignedHeaders={}, Signature={signature}",
        canonical.signed_headers
    );
    request
        .headers
        .push(("x-amz-date".to_string(), time.date_time));
    request
        .headers
        .push(("authorization".to_string(), authorization));
    if let Some(token) = token {
        request
            .headers
            .push(("x-amz-security-token".to_string(), token.to_string()));
    }
    Ok(())
}

/// The signing time as SigV4 writes it: `yyyymmddThhmmssZ` in UTC (the date is its first eight
/// characters).
struct SigningTime {
    date_time: String,
}

impl SigningTime {
    fn new(time: SystemTime) -> Result<Self, SigningError> {
        let seconds = time
            .duration_since(UNIX_EPOCH)
            .map_err(|_| SigningError::new("the signing time is before 1970"))?
            .as_secs();
        // SigV4 dates have four-digit years.
        let utc = i64::try_from(seconds)
            .ok()
            .and_then(|s| time::OffsetDateTime::from_unix_timestamp(s).ok())
            .filter(|utc| utc.year() <= 9999)
            .ok_or_else(|| SigningError::new("the signing time is after the year 9999"))?;
        Ok(SigningTime {
            date_time: format!(
                "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
                utc.year(),
                u8::from(utc.month()),
                utc.day(),
                utc.hour(),
                utc.minute(),
                utc.second()
            ),
        })
    }

    fn date(&self) -> &str {
        &self.date_time[..8]
    }
}

/// The parts of the request URI signing needs.
#[derive(Debug, PartialEq, Eq)]
struct RequestTarget<'a> {
    /// What a `host` header for this URI holds: the authority, without the port when it is the
    /// scheme's default. `None` for a path-only URI.
    host: Option<&'a str>,
    /// The path as the request has it (still percent-encoded), `/` when empty.
    path: &'a str,
    /// The query after `?` (empty without one).
    query: &'a str,
}

impl<'a> RequestTarget<'a> {
    fn parse(uri: &'a str) -> Result<Self, SigningError> {
        if uri.is_empty() {
            return Err(SigningError::new("the request URI is empty"));
        }
        if uri.len() > MAX_URI_LEN {
            return Err(SigningError::new(format!(
                "the request URI is longer than {MAX_URI_LEN} bytes"
            )));
        }
        if let Some(at) = uri.find('#') {
            return Err(SigningError::new(format!(
                "the request URI has a fragment (byte {at}), which is never sent"
            )));
        }
        let (host, rest, offset) = if uri.starts_with('/') {
            (None, uri, 0)
        } else {
            let scheme_end = uri.find("://").ok_or_else(|| {
                SigningError::new(
                    "the request URI is neither absolute (`https://host/...`) nor a path (`/...`)",
                )
            })?;
            let default_port = match &uri[..scheme_end] {
                s if s.eq_ignore_ascii_case("https") => "443",
                s if s.eq_ignore_ascii_case("http") => "80",
                _ => {
                    return Err(SigningError::new(
                        "the request URI's scheme is neither `https` nor `http`",
                    ))
                }
            };
            let start = scheme_end + 3;
            let after = &uri[start..];
            let end = after.find(['/', '?']).unwrap_or(after.len());
            let host = host_value(&after[..end], default_port)
                .map_err(|e| SigningError::new(format!("the request URI's host {e}")))?;
            (Some(host), &after[end..], start + end)
        };
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let invalid = |at: usize| {
            SigningError::new(format!(
                "the request URI has a character a URI cannot hold (byte {})",
                offset + at
            ))
        };
        if let Some(at) = path.bytes().position(|b| !is_path_byte(b)) {
            return Err(invalid(at));
        }
        if let Some(at) = query.bytes().position(|b| !is_query_byte(b)) {
            return Err(invalid(path.len() + 1 + at));
        }
        Ok(RequestTarget {
            host,
            path: if path.is_empty() { "/" } else { path },
            query,
        })
    }
}

/// Checks an authority (`host`, `host:port`, `[v6]`, `[v6]:port`) and returns what a `host`
/// header holds for it.
fn host_value<'a>(authority: &'a str, default_port: &str) -> Result<&'a str, &'static str> {
    if authority.contains('@') {
        return Err("has user info (`user@`), which a request does not carry");
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let close = v6.find(']').ok_or("has `[` without `]`")?;
        let address = &v6[..close];
        if address.is_empty()
            || !address
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            return Err("is not an IPv6 address between `[` and `]`");
        }
        let after = &v6[close + 1..];
        let port = match after.strip_prefix(':') {
            Some(port) => Some(port),
            None if after.is_empty() => None,
            None => return Err("has characters after `]`"),
        };
        (&authority[..close + 2], port)
    } else {
        let (host, port) = match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        if host.is_empty() {
            return Err("is empty");
        }
        if !host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
        {
            return Err("has a character other than letters, digits, `-`, `.`, `_` and `~`");
        }
        (host, port)
    };
    match port {
        None => Ok(authority),
        Some(port) => {
            if port.is_empty()
                || port.len() > 5
                || !port.bytes().all(|b| b.is_ascii_digit())
                || port.parse::<u16>().is_err()
            {
                return Err("has a port that is not a number from 0 to 65535");
            }
            Ok(if port == default_port {
                host
            } else {
                authority
            })
        }
    }
}

/// Bytes a URI path may hold as they are (as the `http` crate, which parses the URI the transports
/// send, has it): visible ASCII except `#`, `<`, `>`, `?` and `` ` ``, and UTF-8 (which signing
/// percent-encodes).
fn is_path_byte(b: u8) -> bool {
    matches!(b, 0x21..=0x7e | 0x80..=0xff) && !matches!(b, b'#' | b'<' | b'>' | b'?' | b'`')
}

/// Bytes a URI query may hold as they are (as for [`is_path_byte`], but `?` and `` ` `` are
/// allowed and `"` is not).
fn is_query_byte(b: u8) -> bool {
    matches!(b, 0x21..=0x7e | 0x80..=0xff) && !matches!(b, b'#' | b'<' | b'>' | b'"')
}

/// An HTTP token (RFC 9110 `tchar`s), as header names and methods are.
fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'!' | b'#'
                        | b'$'
                        | b'%'
                        | b'&'
                        | b'\''
                        | b'*'
                        | b'+'
                        | b'-'
                        | b'.'
                        | b'^'
                        | b'_'
                        | b'`'
                        | b'|'
                        | b'~'
                )
        })
}

/// A value a header may carry: no control characters but tab (UTF-8 is sent as its bytes).
fn is_header_value(s: &str) -> bool {
    s.bytes().all(|b| b == b'\t' || (b >= 0x20 && b != 0x7f))
}

/// Leading and trailing spaces removed, each run of spaces inside collapsed to one. Only spaces:
/// tabs and other whitespace stay as they are.
fn trim_spaces(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for word in value.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The signed headers, sorted by name, each with its canonical value (the trimmed values of that
/// name joined with commas).
fn canonical_headers(
    headers: &[(String, String)],
    target: &RequestTarget<'_>,
    date_time: &str,
    token: Option<&str>,
) -> Result<Vec<(String, String)>, SigningError> {
    let mut canonical: Vec<(String, String)> = Vec::with_capacity(headers.len() + 3);
    for (name, value) in headers {
        if name.len() > MAX_HEADER_NAME_LEN || !is_token(name) {
            return Err(SigningError::new(format!(
                "the header name `{}` is not an HTTP token",
                name.escape_default()
            )));
        }
        if !is_header_value(value) {
            return Err(SigningError::new(format!(
                "the value of the header `{name}` has a control character"
            )));
        }
        let name = name.to_ascii_lowercase();
        let value = trim_spaces(value);
        match canonical.iter_mut().find(|(n, _)| *n == name) {
            Some((_, values)) => {
                values.push(',');
                values.push_str(&value);
            }
            None => canonical.push((name, value)),
        }
    }
    if !canonical.iter().any(|(name, _)| name == "host") {
        let host = target.host.ok_or_else(|| {
            SigningError::new("the request has neither a `host` header nor a host in its URI")
        })?;
        canonical.push(("host".to_string(), host.to_string()));
    }
    canonical.push(("x-amz-date".to_string(), date_time.to_string()));
    if let Some(token) = token {
        canonical.push(("x-amz-security-token".to_string(), token.to_string()));
    }
    canonical.retain(|(name, _)| !UNSIGNED_HEADERS.contains(&name.as_str()));
    canonical.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(canonical)
}

/// The path with dot segments resolved and empty segments dropped, then percent-encoded again.
fn canonical_uri(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            segment => segments.push(segment),
        }
    }
    let mut normalized = String::with_capacity(path.len() + 1);
    for segment in &segments {
        normalized.push('/');
        normalized.push_str(segment);
    }
    // A path that ends in a directory (`/`, `/.`, `/..`) keeps its trailing slash.
    if segments.is_empty() || path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..") {
        normalized.push('/');
    }
    let mut encoded = String::with_capacity(normalized.len());
    percent_encode(&mut encoded, normalized.as_bytes(), true);
    encoded
}

/// The query's pairs form-decoded, encoded again, sorted and joined.
fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let encode = |part: &str| {
                let mut out = String::with_capacity(part.len());
                percent_encode(&mut out, form_decode(part).as_bytes(), false);
                out
            };
            (encode(name), encode(value))
        })
        .collect();
    pairs.sort_unstable();
    let mut out = String::with_capacity(query.len());
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(name);
        out.push('=');
        out.push_str(value);
    }
    out
}

/// `application/x-www-form-urlencoded` decoding: `+` is a space, `%XX` the byte `XX` (a `%`
/// without two hex digits stays), and bytes that are not UTF-8 become U+FFFD.
fn form_decode(part: &str) -> String {
    let bytes = part.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let digit = |at: usize| bytes.get(at).copied().and_then(hex_value);
                match (digit(i + 1), digit(i + 2)) {
                    (Some(high), Some(low)) => {
                        out.push(high << 4 | low);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// SigV4's URI encoding: every byte but `A-Z a-z 0-9 - . _ ~` (and `/` when `keep_slash`) as
/// `%XX` with uppercase hex.
fn percent_encode(out: &mut String, bytes: &[u8], keep_slash: bool) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in bytes {
        if b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~')
            || (keep_slash && b == b'/')
        {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }
}

/// Lowercase hex.
fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    out
}

/// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
fn signing_key(secret: &str, date: &str, region: &str, service: &str) -> hmac::Key {
    let mut k_secret = Vec::with_capacity(4 + secret.len());
    k_secret.extend_from_slice(b"AWS4");
    k_secret.extend_from_slice(secret.as_bytes());
    let mut tag = hmac::sign(
        &hmac::Key::new(hmac::HMAC_SHA256, &k_secret),
        date.as_bytes(),
    );
    // Best effort: the copy of the secret does not outlive this function in the heap.
    k_secret.fill(0);
    for part in [region, service, "aws4_request"] {
        tag = hmac::sign(
            &hmac::Key::new(hmac::HMAC_SHA256, tag.as_ref()),
            part.as_bytes(),
        );
    }
    hmac::Key::new(hmac::HMAC_SHA256, tag.as_ref())
}

/// The canonical request, written out by its `Display` impl.
struct CanonicalRequest<'a> {
    method: &'a str,
    uri: String,
    query: String,
    /// Signed headers only, sorted by name, with their canonical values.
    headers: Vec<(String, String)>,
    signed_headers: String,
    payload_hash: String,
}

impl CanonicalRequest<'_> {
    fn write(&self, f: &mut fmt::Formatter<'_>, redact: bool) -> fmt::Result {
        writeln!(f, "{}", self.method)?;
        writeln!(f, "{}", self.uri)?;
        writeln!(f, "{}", self.query)?;
        for (name, value) in &self.headers {
            if redact && looks_secret(name) {
                writeln!(f, "{name}:<redacted, {} bytes>", value.len())?;
            } else {
                writeln!(f, "{name}:{value}")?;
            }
        }
        writeln!(f)?;
        writeln!(f, "{}", self.signed_headers)?;
        f.write_str(&self.payload_hash)
    }
}

impl fmt::Display for CanonicalRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, false)
    }
}

/// The canonical request for logs: values of headers that may hold secrets are replaced by their
/// length.
struct Redacted<'a, 'b>(&'a CanonicalRequest<'b>);

impl fmt::Display for Redacted<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write(f, true)
    }
}

/// Header names whose values are not logged: the session token, credentials of any kind, cookies
/// and keys (such as S3's customer-provided encryption keys).
fn looks_secret(name: &str) -> bool {
    name.ends_with("authorization")
        || name.contains("cookie")
        || [
            "token",
            "secret",
            "key",
            "password",
            "credential",
            "signature",
        ]
        .iter()
        .any(|word| name.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_normalized_then_encoded_again() {
        for (path, canonical) in [
            ("/", "/"),
            ("//", "/"),
            ("/a/b", "/a/b"),
            ("/a/b/", "/a/b/"),
            ("/a//b//", "/a/b/"),
            ("/a/./b/.", "/a/b/"),
            ("/a/../b", "/b"),
            ("/a/b/..", "/a/"),
            ("/../../a", "/a"),
            ("/..", "/"),
            ("/a/%2E%2E/b", "/a/%252E%252E/b"),
            ("/a%20b/c d", "/a%2520b/c%20d"),
            ("/caf\u{e9}", "/caf%C3%A9"),
            (
                "/-._~!$&'()*+,;=:@",
                "/-._~%21%24%26%27%28%29%2A%2B%2C%3B%3D%3A%40",
            ),
        ] {
            assert_eq!(canonical_uri(path), canonical, "{path}");
        }
    }

    #[test]
    fn queries_are_decoded_encoded_and_sorted() {
        for (query, canonical) in [
            ("", ""),
            ("&&", ""),
            ("b=2&a=1&a=0", "a=0&a=1&b=2"),
            ("flag", "flag="),
            ("a=b=c", "a=b%3Dc"),
            ("a+b=c%20d", "a%20b=c%20d"),
            ("%zz=%4", "%25zz=%254"),
            ("%FF=x", "%EF%BF%BD=x"),
            ("k=\u{1234}", "k=%E1%88%B4"),
            ("B=1&a=1", "B=1&a=1"),
        ] {
            assert_eq!(canonical_query(query), canonical, "{query}");
        }
    }

    #[test]
    fn header_values_lose_outer_and_repeated_spaces_only() {
        for (value, trimmed) in [
            ("", ""),
            ("   ", ""),
            ("  a   b  ", "a b"),
            ("a\t\tb", "a\t\tb"),
            ("\ta  b\t", "\ta b\t"),
        ] {
            assert_eq!(trim_spaces(value), trimmed, "{value:?}");
        }
    }

    #[test]
    fn hosts_drop_only_the_default_port() {
        assert_eq!(host_value("example.com", "443"), Ok("example.com"));
        assert_eq!(host_value("example.com:443", "443"), Ok("example.com"));
        assert_eq!(host_value("example.com:80", "443"), Ok("example.com:80"));
        assert_eq!(
            host_value("example.com:0443", "443"),
            Ok("example.com:0443")
        );
        assert_eq!(host_value("[::1]:80", "80"), Ok("[::1]"));
        assert_eq!(host_value("[::1]:8080", "80"), Ok("[::1]:8080"));
        for bad in [
            "", ":80", "a:b", "a:", "a:65536", "a@b", "[]", "[::1", "[::1]x", "a b",
        ] {
            assert!(host_value(bad, "443").is_err(), "{bad}");
        }
        let target = RequestTarget::parse("HTTPS://Example.com:443?x=1").unwrap();
        assert_eq!(
            target,
            RequestTarget {
                host: Some("Example.com"),
                path: "/",
                query: "x=1"
            }
        );
    }

    #[test]
    fn times_are_utc_with_four_digit_years() {
        let at = |secs| SigningTime::new(UNIX_EPOCH + std::time::Duration::from_secs(secs));
        assert_eq!(at(0).unwrap().date_time, "19700101T000000Z");
        assert_eq!(at(951_868_799).unwrap().date_time, "20000229T235959Z");
        assert_eq!(at(253_402_300_799).unwrap().date_time, "99991231T235959Z");
        assert_eq!(at(253_402_300_799).unwrap().date(), "99991231");
        assert!(at(253_402_300_800).is_err());
    }

    #[test]
    fn the_logged_canonical_request_hides_secret_values() {
        let canonical = CanonicalRequest {
            method: "POST",
            uri: "/".to_string(),
            query: String::new(),
            headers: vec![
                ("host".to_string(), "example.com".to_string()),
                ("x-amz-security-token".to_string(), "TOKEN".to_string()),
                ("x-api-key".to_string(), "KEY".to_string()),
                ("cookie".to_string(), "COOKIE".to_string()),
                ("proxy-authorization".to_string(), "BASIC".to_string()),
            ],
            signed_headers: "host;x-amz-security-token".to_string(),
            payload_hash: "e3b0".to_string(),
        };
        let full = canonical.to_string();
        assert!(full.contains("x-amz-security-token:TOKEN\n"), "{full}");
        let logged = Redacted(&canonical).to_string();
        for secret in ["TOKEN", "KEY", "COOKIE", "BASIC"] {
            assert!(!logged.contains(secret), "{logged}");
        }
        assert!(
            logged.contains("x-amz-security-token:<redacted, 5 bytes>"),
            "{logged}"
        );
        assert!(logged.contains("host:example.com\n"), "{logged}");
        assert_eq!(logged.lines().count(), full.lines().count());
    }
}
