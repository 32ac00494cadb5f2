//! Value types of the codec: [`Blob`], [`BigInteger`], [`BigDecimal`], and the
//! decimal-text helpers the number codecs share.

use std::fmt;
use std::str::FromStr;

/// Binary data (Smithy `blob`), written as a base64 string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Blob(Vec<u8>);

impl Blob {
    /// Wraps bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Blob(bytes.into())
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Unwraps the bytes.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Blob {
    fn from(bytes: Vec<u8>) -> Self {
        Blob(bytes)
    }
}

impl From<&[u8]> for Blob {
    fn from(bytes: &[u8]) -> Self {
        Blob(bytes.to_vec())
    }
}

impl From<Blob> for Vec<u8> {
    fn from(blob: Blob) -> Self {
        blob.0
    }
}

/// The error of parsing a [`BigInteger`] or [`BigDecimal`] from text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseBigNumberError {
    expected: &'static str,
    input: String,
}

impl ParseBigNumberError {
    fn new(expected: &'static str, input: &str) -> Self {
        // Keep messages short even for huge inputs.
        let mut end = input.len().min(64);
        while !input.is_char_boundary(end) {
            end -= 1;
        }
        let mut shown = input[..end].to_owned();
        if end < input.len() {
            shown.push_str("...");
        }
        ParseBigNumberError {
            expected,
            input: shown,
        }
    }
}

impl fmt::Display for ParseBigNumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {}: `{}`", self.expected, self.input)
    }
}

impl std::error::Error for ParseBigNumberError {}

pub(crate) const BIG_INTEGER_EXPECTED: &str =
    "big integer (an optional `-` and digits without leading zeros, e.g. `-123`)";
pub(crate) const BIG_DECIMAL_EXPECTED: &str = "big decimal (a JSON number, e.g. `-1.5e-7`)";

/// An arbitrary-precision integer (Smithy `bigInteger`), kept as its decimal
/// text.
///
/// The text always matches `-?(0|[1-9][0-9]*)`, so it is a valid JSON number.
/// Equality is textual.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BigInteger(String);

impl BigInteger {
    /// The decimal text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Unwraps the decimal text.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl Default for BigInteger {
    fn default() -> Self {
        BigInteger("0".to_owned())
    }
}

impl FromStr for BigInteger {
    type Err = ParseBigNumberError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match scan_json_number(s) {
            Some(parts) if parts.fraction.is_none() && parts.exponent.is_none() => {
                Ok(BigInteger(s.to_owned()))
            }
            _ => Err(ParseBigNumberError::new(BIG_INTEGER_EXPECTED, s)),
        }
    }
}

impl fmt::Display for BigInteger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for BigInteger {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

macro_rules! big_from_int {
    ($target:ident: $($ty:ty),*) => {$(
        impl From<$ty> for $target {
            fn from(value: $ty) -> Self {
                $target(value.to_string())
            }
        }
    )*};
}

big_from_int!(BigInteger: i8, i16, i32, i64, i128, u8, u16, u32, u64, u128);
big_from_int!(BigDecimal: i8, i16, i32, i64, i128, u8, u16, u32, u64, u128);

/// An arbitrary-precision decimal (Smithy `bigDecimal`), kept as its text.
///
/// The text is always a valid JSON number (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`).
/// Equality is textual (`1.0` and `1.00` differ).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BigDecimal(String);

impl BigDecimal {
    /// The decimal text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Unwraps the decimal text.
    pub fn into_string(self) -> String {
        self.0
    }

    /// The shortest text that reads back as `value`; `None` for NaN and
    /// infinities.
    pub fn from_f64(value: f64) -> Option<Self> {
        serde_json::Number::from_f64(value).map(|n| BigDecimal(n.to_string()))
    }
}

impl Default for BigDecimal {
    fn default() -> Self {
        BigDecimal("0".to_owned())
    }
}

impl FromStr for BigDecimal {
    type Err = ParseBigNumberError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match scan_json_number(s) {
            Some(_) => Ok(BigDecimal(s.to_owned())),
            None => Err(ParseBigNumberError::new(BIG_DECIMAL_EXPECTED, s)),
        }
    }
}

impl fmt::Display for BigDecimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for BigDecimal {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<BigInteger> for BigDecimal {
    fn from(value: BigInteger) -> Self {
        BigDecimal(value.0)
    }
}

/// The pieces of a JSON number's text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NumberParts<'a> {
    pub(crate) negative: bool,
    pub(crate) integer: &'a str,
    pub(crate) fraction: Option<&'a str>,
    /// Sign and digits of the exponent.
    pub(crate) exponent: Option<(bool, &'a str)>,
}

/// Splits `s` if it matches the JSON number grammar
/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
pub(crate) fn scan_json_number(s: &str) -> Option<NumberParts<'_>> {
    fn digits(s: &str) -> usize {
        s.bytes().take_while(u8::is_ascii_digit).count()
    }

    let (negative, rest) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let n = digits(rest);
    if n == 0 || (n > 1 && rest.starts_with('0')) {
        return None;
    }
    let (integer, mut rest) = rest.split_at(n);

    let mut fraction = None;
    if let Some(after) = rest.strip_prefix('.') {
        let n = digits(after);
        if n == 0 {
            return None;
        }
        fraction = Some(&after[..n]);
        rest = &after[n..];
    }

    let mut exponent = None;
    if let Some(after) = rest.strip_prefix(['e', 'E']) {
        let (exp_negative, after) = match after.as_bytes().first() {
            Some(b'-') => (true, &after[1..]),
            Some(b'+') => (false, &after[1..]),
            _ => (false, after),
        };
        let n = digits(after);
        if n == 0 {
            return None;
        }
        exponent = Some((exp_negative, &after[..n]));
        rest = &after[n..];
    }

    rest.is_empty().then_some(NumberParts {
        negative,
        integer,
        fraction,
        exponent,
    })
}

/// A decimal number in canonical form: `(-1)^negative * digits * 10^exponent`
/// where `digits` has no leading or trailing zeros (empty for zero, which is
/// never negative). Two texts denote the same number exactly when their
/// canonical forms are equal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decimal {
    pub(crate) negative: bool,
    pub(crate) digits: String,
    pub(crate) exponent: i64,
}

/// Exponents beyond this magnitude are treated as unrepresentable, which
/// keeps all the arithmetic below far from overflow.
const MAX_EXPONENT_MAGNITUDE: i64 = 1 << 40;

impl Decimal {
    /// Canonicalises JSON-number text; `None` if the text is not a JSON
    /// number or its exponent is absurdly large.
    pub(crate) fn parse(s: &str) -> Option<Decimal> {
        let parts = scan_json_number(s)?;
        let mut exponent: i64 = match parts.exponent {
            None => 0,
            Some((exp_negative, exp_digits)) => {
                let exp_digits = exp_digits.trim_start_matches('0');
                if exp_digits.len() > 12 {
                    return None;
                }
                let magnitude: i64 = if exp_digits.is_empty() {
                    0
                } else {
                    exp_digits.parse().ok()?
                };
                if exp_negative {
                    -magnitude
                } else {
                    magnitude
                }
            }
        };
        let fraction = parts.fraction.unwrap_or("");
        exponent -= i64::try_from(fraction.len()).ok()?;

        let mut digits = String::with_capacity(parts.integer.len() + fraction.len());
        digits.push_str(parts.integer);
        digits.push_str(fraction);
        let digits = digits.trim_start_matches('0');
        let trimmed = digits.trim_end_matches('0');
        exponent += i64::try_from(digits.len() - trimmed.len()).ok()?;
        if exponent.abs() > MAX_EXPONENT_MAGNITUDE {
            return None;
        }
        if trimmed.is_empty() {
            return Some(Decimal {
                negative: false,
                digits: String::new(),
                exponent: 0,
            });
        }
        Some(Decimal {
            negative: parts.negative,
            digits: trimmed.to_owned(),
            exponent,
        })
    }

    /// The number as integer text (`-?(0|[1-9][0-9]*)`), if it is an integer
    /// with at most `max_digits` digits.
    pub(crate) fn to_integer_text(&self, max_digits: usize) -> Option<String> {
        if self.digits.is_empty() {
            return Some("0".to_owned());
        }
        let zeros = usize::try_from(self.exponent).ok()?;
        if self.digits.len().checked_add(zeros)? > max_digits {
            return None;
        }
        let mut text = String::with_capacity(self.digits.len() + zeros + 1);
        if self.negative {
            text.push('-');
        }
        text.push_str(&self.digits);
        text.extend(std::iter::repeat_n('0', zeros));
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(negative: bool, digits: &str, exponent: i64) -> Option<Decimal> {
        Some(Decimal {
            negative,
            digits: digits.to_owned(),
            exponent,
        })
    }

    #[test]
    fn scan_accepts_exactly_json_numbers() {
        for ok in [
            "0",
            "-0",
            "7",
            "-12",
            "1.5",
            "0.001",
            "1e3",
            "1E+3",
            "1e-3",
            "-1.25e007",
            "10",
        ] {
            assert!(scan_json_number(ok).is_some(), "{ok}");
        }
        for bad in [
            "", "-", "+1", "01", "-01", "1.", ".5", "1e", "1e+", "1.e3", " 1", "1 ", "0x10", "NaN",
            "Infinity", "1_000", "١",
        ] {
            assert!(scan_json_number(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn decimal_canonical_forms() {
        assert_eq!(Decimal::parse("0"), dec(false, "", 0));
        assert_eq!(Decimal::parse("-0.000e5"), dec(false, "", 0));
        assert_eq!(Decimal::parse("1.50"), dec(false, "15", -1));
        assert_eq!(Decimal::parse("1.5"), Decimal::parse("15e-1"));
        assert_eq!(Decimal::parse("1000"), dec(false, "1", 3));
        assert_eq!(Decimal::parse("1e3"), Decimal::parse("1000.000"));
        assert_eq!(Decimal::parse("-0.0012"), dec(true, "12", -4));
        assert_eq!(
            Decimal::parse("1e0000000000000000000000003"),
            dec(false, "1", 3)
        );
        assert_eq!(Decimal::parse("1e9999999999999"), None);
        assert_eq!(Decimal::parse("abc"), None);
    }

    #[test]
    fn decimal_to_integer_text() {
        let int = |s: &str| Decimal::parse(s).and_then(|d| d.to_integer_text(40));
        assert_eq!(int("0.0").as_deref(), Some("0"));
        assert_eq!(int("-1e3").as_deref(), Some("-1000"));
        assert_eq!(int("12.300e1").as_deref(), Some("123"));
        assert_eq!(int("1.5"), None);
        assert_eq!(int("1e40"), None);
        assert_eq!(int("1e39").map(|s| s.len()), Some(40));
    }

    #[test]
    fn big_number_text_validation() {
        assert_eq!("-123".parse::<BigInteger>().unwrap().as_str(), "-123");
        assert!("1.0".parse::<BigInteger>().is_err());
        assert!("1e3".parse::<BigInteger>().is_err());
        assert!("007".parse::<BigInteger>().is_err());
        assert!("".parse::<BigInteger>().is_err());
        assert_eq!(
            "1.50e-3".parse::<BigDecimal>().unwrap().to_string(),
            "1.50e-3"
        );
        assert!("1.".parse::<BigDecimal>().is_err());
        assert!("NaN".parse::<BigDecimal>().is_err());
        let err = "x"
            .repeat(1000)
            .parse::<BigDecimal>()
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("invalid big decimal"), "{err}");
        assert!(err.len() < 200, "{err}");
        let err = "é"
            .repeat(100)
            .parse::<BigInteger>()
            .unwrap_err()
            .to_string();
        assert!(err.ends_with("...`"), "{err}");
        assert_eq!(BigInteger::default().as_str(), "0");
        assert_eq!(BigDecimal::default().as_str(), "0");
        assert_eq!(BigInteger::from(u128::MAX).as_str(), u128::MAX.to_string());
        assert_eq!(BigDecimal::from(BigInteger::from(-5i8)).as_str(), "-5");
        assert_eq!(BigDecimal::from_f64(0.1).unwrap().as_str(), "0.1");
        assert_eq!(BigDecimal::from_f64(f64::NAN), None);
    }

    #[test]
    fn blob_conversions() {
        let blob = Blob::new(b"hi".to_vec());
        assert_eq!(blob.as_ref(), b"hi");
        assert_eq!(Blob::from(&b"hi"[..]), blob);
        assert_eq!(Blob::from(b"hi".to_vec()).into_inner(), b"hi");
        assert_eq!(Vec::<u8>::from(blob.clone()), b"hi");
        assert_eq!(blob.as_bytes(), b"hi");
        assert!(Blob::default().as_ref().is_empty());
    }
}
