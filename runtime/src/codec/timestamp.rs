//! Timestamp text: RFC 3339 and IMF-fixdate formatting and parsing, and epoch
//! seconds from decimal text.
//!
//! Formatting is hand-written (the `time` crate's RFC 2822 formatter writes
//! `+0000`, not `GMT`, and its RFC 3339 formatter has its own precision
//! rules); RFC 3339 parsing uses the `time` crate.

use std::fmt::Write;

use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use super::types::Decimal;

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `value` in UTC with a year that four digits can hold.
fn utc_four_digit_year(value: OffsetDateTime, format: &str) -> Result<OffsetDateTime, String> {
    match value.checked_to_offset(UtcOffset::UTC) {
        Some(utc) if (0..=9999).contains(&utc.year()) => Ok(utc),
        _ => Err(format!(
            "timestamp {value} cannot be written as {format}: the UTC year must be between 0000 and 9999"
        )),
    }
}

/// RFC 3339 in UTC, with the fraction (trailing zeros removed) only when the
/// nanoseconds are non-zero: `2014-04-29T18:30:38Z`, `2014-04-29T18:30:38.123Z`.
pub(crate) fn format_date_time(value: OffsetDateTime) -> Result<String, String> {
    let utc = utc_four_digit_year(value, "an RFC 3339 date-time")?;
    let mut out = String::with_capacity(30);
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        utc.year(),
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second()
    );
    push_fraction(&mut out, utc.nanosecond(), 9);
    out.push('Z');
    Ok(out)
}

/// IMF-fixdate, with up to three fraction digits only when the milliseconds
/// are non-zero: `Tue, 29 Apr 2014 18:30:38 GMT`, `Tue, 29 Apr 2014 18:30:38.5 GMT`.
pub(crate) fn format_http_date(value: OffsetDateTime) -> Result<String, String> {
    let utc = utc_four_digit_year(value, "an HTTP date")?;
    let weekday = WEEKDAYS[usize::from(utc.weekday().number_days_from_monday())];
    let month = MONTHS[usize::from(u8::from(utc.month()) - 1)];
    let mut out = String::with_capacity(33);
    let _ = write!(
        out,
        "{weekday}, {:02} {month} {:04} {:02}:{:02}:{:02}",
        utc.day(),
        utc.year(),
        utc.hour(),
        utc.minute(),
        utc.second()
    );
    push_fraction(&mut out, utc.millisecond().into(), 3);
    out.push_str(" GMT");
    Ok(out)
}

/// Appends `.digits` for a non-zero `value` of `width` fraction digits, with
/// trailing zeros removed.
fn push_fraction(out: &mut String, value: u32, width: usize) {
    if value != 0 {
        let digits = format!("{value:0width$}");
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
}

/// Milliseconds since the epoch, rounded towards the past.
pub(crate) fn epoch_millis(value: OffsetDateTime) -> i64 {
    let millis = value.unix_timestamp_nanos().div_euclid(1_000_000);
    // Always in range: `time` years stay within ±9999 (no `large-dates`).
    i64::try_from(millis).unwrap_or(if millis < 0 { i64::MIN } else { i64::MAX })
}

/// A timestamp from a JSON string: RFC 3339 (any offset, converted to UTC) or
/// IMF-fixdate.
pub(crate) fn parse_timestamp_str(s: &str) -> Result<OffsetDateTime, String> {
    const EXPECTED: &str = "expected an RFC 3339 date-time like `2014-04-29T18:30:38Z` \
                            or an IMF-fixdate like `Tue, 29 Apr 2014 18:30:38 GMT`";
    let shown = shorten(s);
    if s.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        let parsed = OffsetDateTime::parse(s, &Rfc3339)
            .map_err(|err| format!("invalid timestamp `{shown}` ({err}): {EXPECTED}"))?;
        parsed
            .checked_to_offset(UtcOffset::UTC)
            .ok_or_else(|| format!("timestamp `{shown}` is out of range in UTC"))
    } else {
        parse_http_date(s).ok_or_else(|| format!("invalid timestamp `{shown}`: {EXPECTED}"))
    }
}

fn shorten(s: &str) -> String {
    match s.char_indices().nth(48) {
        Some((end, _)) => format!("{}...", &s[..end]),
        None => s.to_owned(),
    }
}

/// Parses `Tue, 29 Apr 2014 18:30:38 GMT`, optionally with a fraction of one
/// to nine digits after the seconds. A leap second (`:60`) is read as the last
/// nanosecond of the preceding second.
fn parse_http_date(s: &str) -> Option<OffsetDateTime> {
    fn number(bytes: &[u8]) -> Option<u32> {
        if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(
            bytes
                .iter()
                .fold(0, |acc, b| acc * 10 + u32::from(b - b'0')),
        )
    }

    let b = s.as_bytes();
    if b.len() < 29 || !b.ends_with(b" GMT") {
        return None;
    }
    if !WEEKDAYS.iter().any(|day| day.as_bytes() == &b[0..3])
        || &b[3..5] != b", "
        || b[7] != b' '
        || b[11] != b' '
        || b[16] != b' '
        || b[19] != b':'
        || b[22] != b':'
    {
        return None;
    }
    let day = u8::try_from(number(&b[5..7])?).ok()?;
    let month_index = MONTHS.iter().position(|m| m.as_bytes() == &b[8..11])?;
    let month = Month::try_from(u8::try_from(month_index + 1).ok()?).ok()?;
    let year = i32::try_from(number(&b[12..16])?).ok()?;
    let hour = u8::try_from(number(&b[17..19])?).ok()?;
    let minute = u8::try_from(number(&b[20..22])?).ok()?;
    let mut second = u8::try_from(number(&b[23..25])?).ok()?;

    let rest = &b[25..b.len() - 4];
    let mut nanos = match rest {
        [] => 0,
        [b'.', fraction @ ..] if (1..=9).contains(&fraction.len()) => {
            number(fraction)? * 10u32.pow(9 - u32::try_from(fraction.len()).ok()?)
        }
        _ => return None,
    };
    if second == 60 {
        second = 59;
        nanos = 999_999_999;
    }

    let date = Date::from_calendar_date(year, month, day).ok()?;
    let time = Time::from_hms_nano(hour, minute, second, nanos).ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_utc())
}

/// A timestamp from epoch seconds written as JSON-number text (`1398796238`,
/// `-1.5`, `1.398796238123e9`). Fraction digits past nanoseconds are dropped
/// (the instant moves towards zero).
pub(crate) fn from_epoch_seconds_text(text: &str) -> Result<OffsetDateTime, String> {
    let out_of_range = || {
        format!(
            "epoch-seconds timestamp `{}` is out of range",
            shorten(text)
        )
    };
    let decimal = Decimal::parse(text).ok_or_else(out_of_range)?;
    // Nanoseconds = digits * 10^(exponent + 9), truncated.
    let scale = decimal.exponent + 9;
    let digits: &str = if scale >= 0 {
        &decimal.digits
    } else {
        let keep = decimal
            .digits
            .len()
            .saturating_sub(usize::try_from(-scale).unwrap_or(usize::MAX));
        &decimal.digits[..keep]
    };
    let zeros = usize::try_from(scale.max(0)).unwrap_or(usize::MAX);
    // i128 holds 38 digits; valid timestamps need at most 21.
    if digits.len().saturating_add(zeros) > 30 {
        return Err(out_of_range());
    }
    let mut nanos: i128 = 0;
    for digit in digits.bytes() {
        nanos = nanos * 10 + i128::from(digit - b'0');
    }
    for _ in 0..zeros {
        nanos *= 10;
    }
    if decimal.negative {
        nanos = -nanos;
    }
    OffsetDateTime::from_unix_timestamp_nanos(nanos).map_err(|_| out_of_range())
}

/// Whole epoch seconds to a timestamp.
pub(crate) fn from_epoch_seconds(seconds: i128) -> Result<OffsetDateTime, String> {
    i64::try_from(seconds)
        .ok()
        .and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok())
        .ok_or_else(|| format!("epoch-seconds timestamp `{seconds}` is out of range"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> OffsetDateTime {
        OffsetDateTime::parse(text, &Rfc3339).unwrap()
    }

    #[test]
    fn formats_date_time() {
        let t = at("2014-04-29T18:30:38Z");
        assert_eq!(format_date_time(t).unwrap(), "2014-04-29T18:30:38Z");
        let t = at("2014-04-29T20:30:38.120+02:00");
        assert_eq!(format_date_time(t).unwrap(), "2014-04-29T18:30:38.12Z");
        let t = at("2014-04-29T18:30:38.000000001Z");
        assert_eq!(
            format_date_time(t).unwrap(),
            "2014-04-29T18:30:38.000000001Z"
        );
        assert_eq!(
            format_date_time(at("0000-01-01T00:00:00Z")).unwrap(),
            "0000-01-01T00:00:00Z"
        );
        let before_year_zero = at("0000-01-01T00:00:00+01:00");
        assert!(format_date_time(before_year_zero)
            .unwrap_err()
            .contains("between 0000 and 9999"));
    }

    #[test]
    fn formats_http_date() {
        let t = at("2014-04-29T18:30:38Z");
        assert_eq!(
            format_http_date(t).unwrap(),
            "Tue, 29 Apr 2014 18:30:38 GMT"
        );
        let t = at("2000-01-02T20:34:56.456789Z");
        assert_eq!(
            format_http_date(t).unwrap(),
            "Sun, 02 Jan 2000 20:34:56.456 GMT"
        );
        let t = at("2000-12-31T23:59:59.5Z");
        assert_eq!(
            format_http_date(t).unwrap(),
            "Sun, 31 Dec 2000 23:59:59.5 GMT"
        );
        let t = at("2000-01-03T00:00:00.0009Z");
        assert_eq!(
            format_http_date(t).unwrap(),
            "Mon, 03 Jan 2000 00:00:00 GMT"
        );
        assert!(format_http_date(at("0000-01-01T00:00:00+00:01")).is_err());
    }

    #[test]
    fn parses_http_date() {
        let parse = |s: &str| parse_http_date(s).map(|t| format_date_time(t).unwrap());
        assert_eq!(
            parse("Tue, 29 Apr 2014 18:30:38 GMT").as_deref(),
            Some("2014-04-29T18:30:38Z")
        );
        assert_eq!(
            parse("Sun, 02 Jan 2000 20:34:56.456 GMT").as_deref(),
            Some("2000-01-02T20:34:56.456Z")
        );
        assert_eq!(
            parse("Sun, 02 Jan 2000 20:34:56.123456789 GMT").as_deref(),
            Some("2000-01-02T20:34:56.123456789Z")
        );
        // The weekday is not checked against the date.
        assert_eq!(
            parse("Mon, 29 Apr 2014 18:30:38 GMT").as_deref(),
            Some("2014-04-29T18:30:38Z")
        );
        assert_eq!(
            parse("Wed, 31 Dec 2014 23:59:60 GMT").as_deref(),
            Some("2014-12-31T23:59:59.999999999Z")
        );
        for bad in [
            "",
            "Tue, 29 Apr 2014 18:30:38",
            "Tue, 29 Apr 2014 18:30:38 UTC",
            "Xyz, 29 Apr 2014 18:30:38 GMT",
            "Tue, 29 Abr 2014 18:30:38 GMT",
            "Tue, 31 Apr 2014 18:30:38 GMT",
            "Tue, 29 Apr 2014 24:30:38 GMT",
            "Tue, 29 Apr 2014 18:61:38 GMT",
            "Tue, 29 Apr 2014 18:30:38. GMT",
            "Tue, 29 Apr 2014 18:30:38.1234567890 GMT",
            "Tue, 29 Apr 2014 18:30:38.12a GMT",
            "Tue, 29 Apr +014 18:30:38 GMT",
            "Tue,  9 Apr 2014 18:30:38 GMT",
            "Tue, 29 Apr 2014 18:30:38  GMT",
            "Tue, 29 Apr 2014 18:30:3é GMT",
            "Tue, 29 Apr 2014 18:30:38 GMT ",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn parses_strings_either_way() {
        let t = parse_timestamp_str("2014-04-29T18:30:38-07:30").unwrap();
        assert_eq!(t.offset(), UtcOffset::UTC);
        assert_eq!(format_date_time(t).unwrap(), "2014-04-30T02:00:38Z");
        let err = parse_timestamp_str("9999-12-31T23:59:59-01:00").unwrap_err();
        assert!(err.contains("out of range"), "{err}");
        let err = parse_timestamp_str("2014-13-29T18:30:38Z").unwrap_err();
        assert!(err.contains("RFC 3339"), "{err}");
        let err = parse_timestamp_str("yesterday").unwrap_err();
        assert!(err.contains("IMF-fixdate"), "{err}");
        let long = "x".repeat(10_000);
        assert!(parse_timestamp_str(&long).unwrap_err().len() < 300);
    }

    #[test]
    fn epoch_seconds_from_text() {
        let nanos = |s: &str| from_epoch_seconds_text(s).map(|t| t.unix_timestamp_nanos());
        assert_eq!(nanos("1398796238"), Ok(1_398_796_238_000_000_000));
        assert_eq!(nanos("1398796238.123"), Ok(1_398_796_238_123_000_000));
        assert_eq!(nanos("1.398796238123e9"), Ok(1_398_796_238_123_000_000));
        assert_eq!(nanos("-1.5"), Ok(-1_500_000_000));
        assert_eq!(nanos("0.0000000019"), Ok(1));
        assert_eq!(nanos("-0.0000000001"), Ok(0));
        assert_eq!(nanos("1e-400"), Ok(0));
        assert!(nanos("1e300").is_err());
        assert!(nanos("253402300800").is_err());
        assert!(nanos("1e99999999999999").is_err());
        assert!(from_epoch_seconds(i128::from(i64::MAX) + 1).is_err());
        assert!(from_epoch_seconds(-377_705_116_801).is_err());
        assert!(from_epoch_seconds(-377_705_116_800).is_ok());
    }

    #[test]
    fn epoch_millis_rounds_towards_the_past() {
        assert_eq!(epoch_millis(at("1970-01-01T00:00:00.0019Z")), 1);
        assert_eq!(epoch_millis(at("1969-12-31T23:59:59.9999Z")), -1);
    }
}
