//! [`WireSerialize`] and [`WireDeserialize`] for the scalar and container
//! types generated code uses.
//!
//! Numeric visitors also implement `visit_map` by reading a
//! `serde_json::Number` from the map: that is how `serde_json` hands over
//! numbers when some crate in the build enables its `arbitrary_precision`
//! feature, so the codec keeps working under feature unification. Without
//! that feature a JSON object is simply reported as the wrong type.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::BuildHasher;
use std::marker::PhantomData;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use serde::de::{self, Deserialize, Unexpected, Visitor};
use serde::ser::{Error as _, SerializeMap, SerializeSeq};
use serde::{Deserializer, Serialize, Serializer};

use super::timestamp;
use super::types::{Decimal, BIG_DECIMAL_EXPECTED, BIG_INTEGER_EXPECTED};
use super::{
    BigDecimal, BigInteger, Blob, DateTime, De, Document, Ser, TimestampFormat, WireDeserialize,
    WireSerialize,
};

/// Reads the `serde_json::Number` that `serde_json` with `arbitrary_precision`
/// passes as a map; `None` when the map is anything else.
fn number_from_map<'de, A: de::MapAccess<'de>>(map: A) -> Option<serde_json::Number> {
    serde_json::Number::deserialize(de::value::MapAccessDeserializer::new(map)).ok()
}

// ---------------------------------------------------------------------------
// References, boxes, strings, booleans
// ---------------------------------------------------------------------------

impl<T: WireSerialize + ?Sized> WireSerialize for &T {
    fn wire_serialize<S: Serializer>(
        &self,
        serializer: S,
        ts: TimestampFormat,
    ) -> Result<S::Ok, S::Error> {
        (**self).wire_serialize(serializer, ts)
    }
}

impl<T: WireSerialize + ?Sized> WireSerialize for Box<T> {
    fn wire_serialize<S: Serializer>(
        &self,
        serializer: S,
        ts: TimestampFormat,
    ) -> Result<S::Ok, S::Error> {
        (**self).wire_serialize(serializer, ts)
    }
}

impl<T: WireDeserialize> WireDeserialize for Box<T> {
    fn wire_deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::wire_deserialize(deserializer).map(Box::new)
    }
}

impl WireSerialize for str {
    fn wire_serialize<S: Serializer>(
        &self,
        serializer: S,
        _: TimestampFormat,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}

impl WireSerialize for String {
    fn wire_serialize<S: Serializer>(
        &self,
        serializer: S,
        _: TimestampFormat,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}

impl WireDeserialize for String {
    fn wire_deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StringVisitor;

        impl Visitor<'_> for StringVisitor {
            type Value = String;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
                Ok(v.to_owned())
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
                Ok(v)
            }
        }

        deserializer.deserialize_string(StringVisitor)
    }
}

impl WireSerialize for bool {
    fn wire_serialize<S: Serializer>(
        &self,
        serializer: S,
        _: TimestampFormat,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_bool(*self)
    }
}

impl WireDeserialize for bool {
    fn wire_deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BoolVisitor;

        impl Visitor<'_> for BoolVisitor {
            type Value = bool;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a boolean")
            }

            fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
                Ok(v)
            }
        }

        deserializer.deserialize_bool(BoolVisitor)
    }
}

// ---------------------------------------------------------------------------
// Integers
// ---------------------------------------------------------------------------

/// Floats with zero fraction are accepted as integers only up to this
/// magnitude (2^53), where every integer is exactly representable.
const MAX_EXACT_FLOAT_INTEGER: f64 = 9_007_199_254_740_992.0;

/// Reads an integer in `min..=max` (JSON integers, or floats with zero
/// fraction within ±2^53).
struct IntVisitor {
    min: i64,
    max: i64,
}

impl<'de> Visitor<'de> for IntVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an integer between {} and {}", self.min, self.max)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        if (self.min..=self.max).contains(&v) {
            Ok(v)
        } else {
            Err(E::invalid_value(Unexpected::Signed(v), &self))
        }
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        match i64::try_from(v) {
            Ok(signed) if signed <= self.max => Ok(signed),
            _ => Err(E::invalid_value(Unexpected::Unsigned(v), &self)),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
        if v.fract() == 0.0 && v.abs() <= MAX_EXACT_FLOAT_INTEGER {
            // Exact: |v| <= 2^53 and integral.
            self.visit_i64(v as i64)
        } else {
            Err(E::invalid_value(Unexpected::Float(v), &self))
        }
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<i64, A::Error> {
        match number_from_map(map) {
            Some(n) => {
                if let Some(v) = n.as_i64() {
                    self.visit_i64(v)
                } else if let Some(v) = n.as_u64() {
                    self.visit_u64(v)
                } else {
                    self.visit_f64(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            None => Err(de::Error::invalid_type(Unexpected::Map, &self)),
        }
    }
}

macro_rules! integer_impls {
    ($($ty:ty => $serialize:ident),* $(,)?) => {$(
        impl WireSerialize for $ty {
            fn wire_serialize<S: Serializer>(&self, serializer: S, _: TimestampFormat) -> Result<S::Ok, S::Error> {
                serializer.$serialize(*self)
            }
        }

        impl WireDeserialize for $ty {
            fn wire_deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let visitor = IntVisitor { min: <$ty>::MIN.into(), max: <$ty>::MAX.into() };
                let value = deserializer.deserialize_i64(visitor)?;
                <$ty>::try_from(value).map_err(|_| de::Error::custom("integer out of range"))
            }
        }
    )*};
}

integer_impls!(i8 => serialize_i8, i16 => serialize_i16, i32 => serialize_i32, i64 => serialize_i64);

// ---------------------------------------------------------------------------
// Floats
// ---------------------------------------------------------------------------

/// The JSON string for a non-finite float.
fn non_finite_name(v: f64) -> &'static str {
    if v.is_nan() {
        "NaN"
    } else if v > 0.0 {
        "Infinity"
    } else {
        "-Infinity"
    }
}

/// Reads any JSON number, or `"NaN"`, `"Infinity"`, `"-Infinity"`.
struct FloatVisitor(&'static str);

impl<'de> Visitor<'de> for FloatVisitor {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (a JSON number, \"NaN\", \"Infinity\" or \"-Infinity\")",
            self.0
        )
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
        match v {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            _ => Err(E::invalid_value(Unexpected::Str(v), &self)),
        }
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<f64, A::Error> {
        match number_from_map(map) {
            Some(n) => match n.as_f64() {
                Some(v) if v.is_finite() => Ok(v),
                _ => Err(de::Error::custom(format_args!(
                    "number out of range: `{n}`, expected {}",
                    self.0
                ))),
            },
            None => Err(de::Error::invalid_type(Unexpected::Map, &self)),
        }
    }
}

impl WireSerialize for f64 {
    fn wire_serialize<S: Serializer>(
        &self,
        serializer: S,
        _: TimestampFormat,
    ) -> Result<S::Ok, S::Error> {
        if self.is_finite() {
            serializer.serialize_f64(*self)
        } else {
            serializer.serialize_str(non_finite_name(*self))
        }
    }
}

impl WireDeserialize for f64 {
    fn wire_deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FloatVisitor("a double"))
    }
}

impl WireSerialize for f32 {
    fn wire_serialize<S: Serializer>(
        &self,
        serializer: S,
        _: TimestampFormat,
    ) -> Result<S::Ok, S::Error> {
        if self.is_finite() {
            serializer.serialize_f32(*self)
        } else {
            serializer.serialize_str(non_finite_name(f64::from(*self)))
        }
    }
}

impl WireDeserialize for f32 {
    fn wire_deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        const VISITOR: FloatVisitor = FloatVisitor("a float");
        let wide = deserializer.deserialize_any(VISITOR)?;
        // Rounds to the nearest f32; only finite values too large for f32 fail.
        let narrow = wide as f32;
        if wide.is_finite() && !narrow.is_finite() {
            return Err(de::Error::invalid_value(Unexpected::Float(wide), &VISITOR));
        }
        Ok(narrow)
    }
}

// ---------------------------------------------------------------------------
// Big numbers
// ---------------------------------------------------------------------------

/// Writes JSON-number text as a JSON number when `serde_json` reproduces its
/// value exactly, otherwise as a JSON string holding the text.
fn serialize_number_text<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    if let Ok(v) = text.parse::<u64>() {
        return serializer.serialize_u64(v);
    }
    if let Ok(v) = text.parse::<i64>() {
        return serializer.serialize_i64(v);
    }
    if let Ok(number) = text.parse::<serde_json::Number>() {
        let exact = Decimal::parse(text);
        if exact.is_some() && exact == Decimal::parse(&number.to_string()) {
            // With `arbitrary_precision` this writes `text` itself.
            return number.serialize(serializer);
        }
    }
    serializer.serialize_str(text)
}

/// Most digits accepted when a big integer arrives in exponent form (`1e30`).
const MAX_BIG_INTEGER_DIGITS: usize = 4096;

/// Reads a JSON number or numeric string as big-number text.
struct BigNumberVisitor {
    integer: bool,
}

impl BigNumberVisitor {
    /// Big-number text from a JSON number's text.
    fn text_from_number<E: de::Error>(
        &self,
        text: &str,
        unexpected: Unexpected<'_>,
    ) -> Result<String, E> {
        if !self.integer && Decimal::parse(text).is_some() {
            return Ok(text.to_owned());
        }
        Decimal::parse(text)
            .and_then(|d| d.to_integer_text(MAX_BIG_INTEGER_DIGITS))
            .ok_or_else(|| E::invalid_value(unexpected, self))
    }
}

impl<'de> Visitor<'de> for BigNumberVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a ")?;
        f.write_str(if self.integer {
            BIG_INTEGER_EXPECTED
        } else {
            BIG_DECIMAL_EXPECTED
        })?;
        f.write_str(" as a JSON number or string")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        match serde_json::Number::from_f64(v) {
            Some(n) => self.text_from_number(&n.to_string(), Unexpected::Float(v)),
            None => Err(E::invalid_value(Unexpected::Float(v), &self)),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        let valid = if self.integer {
            v.parse::<BigInteger>().is_ok()
        } else {
            v.parse::<BigDecimal>().is_ok()
        };
        if valid {
            Ok(v.to_owned())
        } else {
            Err(E::invalid_value(Unexpected::Str(v), &self))
        }
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<String, A::Error> {
        match number_from_map(map) {
            Some(n) => {
                let unexpected = match (n.as_i64(), n.as_u64(), n.as_f64()) {
                    (Some(v), _, _) => Unexpected::Signed(v),
                    (_, Some(v), _) => Unexpected::Unsigned(v),
                    (_, _, Some(v)) => Unexpected::Float(v),
                    _ => Unexpected::Other("number"),
                };
                self.text_from_number(&n.to_string(), unexpected)
            }
            None => Err(de::Error::invalid_type(Unexpected::Map, &self)),
        }
    }
}

impl WireSerialize for BigInteger {
    fn wire_serialize<S: Serializer>(
        &self,
        serializer: S,
        _: TimestampFormat,
    ) -> Result<S::Ok, S::Error> {
        serialize_number_text(self.as_str(), serializer)
    }
}

impl WireDeserialize for BigInteger {
    fn wire_deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = deserializer.deserialize_any(BigNumberVisitor { integer: true })?;
        text.parse().map_err(de::Error::custom)
    }
}

impl WireSerialize for BigDecimal {
    fn wire_serialize<S: Serializer>(
        &self,
        serializer: S,
        _: TimestampFormat,
    ) -> Result<S::Ok, S::Error> {
        serialize_number_text(self.as_str(), serializer)
    }
}

impl WireDeserialize for BigDecimal {
    fn wire_deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = deserializer.deserialize_any(BigNumberVisitor { integer: false })?;
        text.parse().map_err(de::Error::custom)
    }
}

// ---------------------------------------------------------------------------
// Blobs, documents, timestamps
// ---------------------------------------------------------------------------

/// Standard alphabet; padding optional when decoding.
const BASE64_DECODER: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

impl WireSerialize for Blob {
    fn wire_serialize<S: Serializer>(
        &self,
        serializer: S,
        _: TimestampFormat,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(self.as_bytes()))
    }
}

impl WireDeserialize for Blob {
    fn wire_deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BlobVisitor;

        impl Visitor<'_> for BlobVisitor {
            type Value = Blob;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a base64 string")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Blob, E> {
                BASE64_DECODER
                    .decode(v)
                    .map(Blob::from)
                    .map_err(|err| E::custom(format_args!("invalid base64 in blob: {err}")))
            }

            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Blob, E> {
                Ok(Blob::from(v))
            }

            fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Blob, E> {
                Ok(Blob::from(v))
            }
        }

        deserializer.deserialize_str(BlobVisitor)
    }
}

impl WireSerialize for Document {
    fn wire_serialize<S: Serializer>(
        &self,
        serializer: S,
        _: TimestampFormat,
    ) -> Result<S::Ok, S::Error> {
        self.serialize(serializer)
    }
}

impl WireDeserialize for Document {
    fn wire_deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Document::deserialize(deserializer)
    }
}

impl WireSerialize for DateTime {
    fn wire_serialize<S: Serializer>(
        &self,
        serializer: S,
        ts: TimestampFormat,
    ) -> Result<S::Ok, S::Error> {
        match ts {
            TimestampFormat::EpochSeconds => {
                let millis = timestamp::epoch_millis(*self);
                if millis % 1000 == 0 {
                    serializer.serialize_i64(millis / 1000)
                } else {
                    // |millis| < 2^49, so this division is correctly rounded
                    // and the shortest form of the result has at most three
                    // fraction digits.
                    serializer.serialize_f64(millis as f64 / 1000.0)
                }
            }
            TimestampFormat::DateTime => serializer
                .serialize_str(&timestamp::format_date_time(*self).map_err(S::Error::custom)?),
            TimestampFormat::HttpDate => serializer
                .serialize_str(&timestamp::format_http_date(*self).map_err(S::Error::custom)?),
        }
    }
}

impl WireDeserialize for DateTime {
    fn wire_deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimestampVisitor;

        impl<'de> Visitor<'de> for TimestampVisitor {
            type Value = DateTime;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a timestamp (epoch seconds as a JSON number, or an RFC 3339 or IMF-fixdate string)",
                )
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<DateTime, E> {
                timestamp::from_epoch_seconds(v.into()).map_err(E::custom)
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<DateTime, E> {
                timestamp::from_epoch_seconds(v.into()).map_err(E::custom)
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<DateTime, E> {
                // The shortest text of the f64 is the text that was sent
                // whenever that had at most 15 significant digits, so
                // `1398796238.123` reads as exactly .123 seconds.
                match serde_json::Number::from_f64(v) {
                    Some(n) => {
                        timestamp::from_epoch_seconds_text(&n.to_string()).map_err(E::custom)
                    }
                    None => Err(E::invalid_value(Unexpected::Float(v), &self)),
                }
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<DateTime, E> {
                timestamp::parse_timestamp_str(v).map_err(E::custom)
            }

            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<DateTime, A::Error> {
                match number_from_map(map) {
                    Some(n) => timestamp::from_epoch_seconds_text(&n.to_string())
                        .map_err(de::Error::custom),
                    None => Err(de::Error::invalid_type(Unexpected::Map, &self)),
                }
            }
        }

        deserializer.deserialize_any(TimestampVisitor)
    }
}

// ---------------------------------------------------------------------------
// Containers
// ---------------------------------------------------------------------------

impl<T: WireSerialize> WireSerialize for Option<T> {
    fn wire_serialize<S: Serializer>(
        &self,
        serializer: S,
        ts: TimestampFormat,
    ) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => serializer.serialize_some(&Ser(value, ts)),
            None => serializer.serialize_none(),
        }
    }
}

impl<T: WireDeserialize> WireDeserialize for Option<T> {
    fn wire_deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OptionVisitor<T>(PhantomData<fn() -> T>);

        impl<'de, T: WireDeserialize> Visitor<'de> for OptionVisitor<T> {
            type Value = Option<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value or null")
            }

            fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }

            fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }

            fn visit_some<D: Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<Option<T>, D::Error> {
                T::wire_deserialize(deserializer).map(Some)
            }
        }

        deserializer.deserialize_option(OptionVisitor(PhantomData))
    }
}

impl<T: WireSerialize> WireSerialize for [T] {
    fn wire_serialize<S: Serializer>(
        &self,
        serializer: S,
        ts: TimestampFormat,
    ) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for element in self {
            seq.serialize_element(&Ser(element, ts))?;
        }
        seq.end()
    }
}

impl<T: WireSerialize> WireSerialize for Vec<T> {
    fn wire_serialize<S: Serializer>(
        &self,
        serializer: S,
        ts: TimestampFormat,
    ) -> Result<S::Ok, S::Error> {
        self.as_slice().wire_serialize(serializer, ts)
    }
}

impl<T: WireDeserialize> WireDeserialize for Vec<T> {
    fn wire_deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct VecVisitor<T>(PhantomData<fn() -> T>);

        impl<'de, T: WireDeserialize> Visitor<'de> for VecVisitor<T> {
            type Value = Vec<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }

            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                // Do not trust the hint with a large allocation.
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                while let Some(element) = seq.next_element_seed(De::<T>::new())? {
                    out.push(element);
                }
                Ok(out)
            }
        }

        deserializer.deserialize_seq(VecVisitor(PhantomData))
    }
}

fn serialize_entries<'a, S, T, I>(
    serializer: S,
    len: usize,
    entries: I,
    ts: TimestampFormat,
) -> Result<S::Ok, S::Error>
where
    S: Serializer,
    T: WireSerialize + 'a,
    I: IntoIterator<Item = (&'a String, &'a T)>,
{
    let mut map = serializer.serialize_map(Some(len))?;
    for (key, value) in entries {
        map.serialize_entry(key.as_str(), &Ser(value, ts))?;
    }
    map.end()
}

/// A string-keyed map that [`MapVisitor`] can fill.
trait StringKeyedMap<T>: Sized {
    fn with_capacity_hint(hint: usize) -> Self;
    fn insert_entry(&mut self, key: String, value: T);
}

impl<T, H: BuildHasher + Default> StringKeyedMap<T> for HashMap<String, T, H> {
    fn with_capacity_hint(hint: usize) -> Self {
        HashMap::with_capacity_and_hasher(hint.min(1024), H::default())
    }

    fn insert_entry(&mut self, key: String, value: T) {
        self.insert(key, value);
    }
}

impl<T> StringKeyedMap<T> for BTreeMap<String, T> {
    fn with_capacity_hint(_: usize) -> Self {
        BTreeMap::new()
    }

    fn insert_entry(&mut self, key: String, value: T) {
        self.insert(key, value);
    }
}

struct MapVisitor<M, T>(PhantomData<fn() -> (M, T)>);

impl<'de, M: StringKeyedMap<T>, T: WireDeserialize> Visitor<'de> for MapVisitor<M, T> {
    type Value = M;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<M, A::Error> {
        let mut out = M::with_capacity_hint(map.size_hint().unwrap_or(0));
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(De::<T>::new())?;
            out.insert_entry(key, value);
        }
        Ok(out)
    }
}

impl<T: WireSerialize, H> WireSerialize for HashMap<String, T, H> {
    fn wire_serialize<S: Serializer>(
        &self,
        serializer: S,
        ts: TimestampFormat,
    ) -> Result<S::Ok, S::Error> {
        serialize_entries(serializer, self.len(), self, ts)
    }
}

impl<T: WireDeserialize, H: BuildHasher + Default> WireDeserialize for HashMap<String, T, H> {
    fn wire_deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

impl<T: WireSerialize> WireSerialize for BTreeMap<String, T> {
    fn wire_serialize<S: Serializer>(
        &self,
        serializer: S,
        ts: TimestampFormat,
    ) -> Result<S::Ok, S::Error> {
        serialize_entries(serializer, self.len(), self, ts)
    }
}

impl<T: WireDeserialize> WireDeserialize for BTreeMap<String, T> {
    fn wire_deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}
