//! The awsJson1_0 wire codec.
//!
//! Generated shapes implement [`WireSerialize`] and [`WireDeserialize`] by
//! hand; [`Ser`] and [`De`] adapt them to `serde`'s `Serialize` and
//! `DeserializeSeed`, so a structure is written with `serialize_map` and read
//! with a `Visitor` whose `visit_map` loops over [`Key`]s. [`to_json_vec`] and
//! [`from_json_slice`] are the entry points for whole request and response
//! bodies.
//!
//! # Wire rules
//!
//! | Smithy type | Rust type | JSON written | JSON accepted |
//! | --- | --- | --- | --- |
//! | string | `String` / `str` | string | string |
//! | boolean | `bool` | `true` / `false` | boolean |
//! | byte, short, integer, long | `i8` .. `i64` | number | integer in range, or a float with zero fraction within ±2^53 (`5.0`, `1e3`) |
//! | float, double | `f32` / `f64` | number; `"NaN"`, `"Infinity"`, `"-Infinity"` | any number, or those three strings |
//! | bigInteger, bigDecimal | [`BigInteger`] / [`BigDecimal`] | number with the exact text when `serde_json` can write it without loss, else a string holding the exact text | number or numeric string |
//! | blob | [`Blob`] | base64 string (standard alphabet, padded) | base64 string, padding optional |
//! | timestamp | [`DateTime`] | per [`TimestampFormat`] | number (epoch seconds) or string (RFC 3339 or IMF-fixdate) |
//! | document | [`Document`] | as is | any JSON |
//! | list | `Vec<T>` (`Vec<Option<T>>` when sparse) | array | array |
//! | map | `HashMap<String, T>` / `BTreeMap<String, T>` | object | object (last duplicate key wins) |
//! | optional member / sparse element | `Option<T>` | `null` for `None` | `null` is `None` |
//!
//! Timestamps: `EpochSeconds` writes whole seconds as an integer and
//! otherwise seconds with up to three fraction digits (`1398796238.123`,
//! sub-millisecond precision is truncated towards the past); `DateTime` writes
//! RFC 3339 in UTC with the fraction (up to nanoseconds, trailing zeros
//! removed) only when non-zero; `HttpDate` writes IMF-fixdate, with up to
//! three fraction digits only when the milliseconds are non-zero
//! (`Tue, 29 Apr 2014 18:30:38.123 GMT`, as other Smithy runtimes do).
//! Reading ignores the format: numbers are epoch seconds, strings are RFC 3339
//! (any offset, converted to UTC; fraction digits past nanoseconds are
//! dropped) or IMF-fixdate (fraction of up to nine digits accepted; the weekday
//! name must be a valid name but is not checked against the date).
//! Years outside `0000..=9999` cannot be written as `DateTime` or `HttpDate`
//! and produce a serialization error.
//!
//! Numbers: the crate turns on `serde_json`'s `float_roundtrip` feature so
//! every JSON number parses to the nearest `f64`. If any crate in the build
//! turns on `serde_json`'s `arbitrary_precision`, everything keeps working and
//! big numbers then travel with their exact text both ways.
//!
//! Nothing here panics on bad input: wrong JSON types, out-of-range numbers,
//! bad base64 and bad dates all become `serde` errors whose message says what
//! was expected.
//!
//! # Writing against this API
//!
//! A structure serializes as a map; each member goes through [`Ser`] with the
//! member's timestamp format (or `EpochSeconds`, the protocol default, for
//! members that have none); optional members are skipped when `None`:
//!
//! ```
//! use awsjson_runtime::codec::{De, Key, Ser, WireDeserialize, WireSerialize};
//! use awsjson_runtime::serde::{self, de, ser::SerializeMap};
//! use awsjson_runtime::{DateTime, TimestampFormat};
//!
//! #[derive(Debug, PartialEq)]
//! pub struct Event {
//!     pub name: String,            // @required
//!     pub at: Option<DateTime>,    // @timestampFormat("date-time")
//! }
//!
//! impl WireSerialize for Event {
//!     fn wire_serialize<S: serde::Serializer>(
//!         &self,
//!         serializer: S,
//!         _timestamps: TimestampFormat,
//!     ) -> Result<S::Ok, S::Error> {
//!         let mut map = serializer.serialize_map(None)?;
//!         map.serialize_entry("Name", &Ser(&self.name, TimestampFormat::EpochSeconds))?;
//!         if let Some(value) = &self.at {
//!             map.serialize_entry("At", &Ser(value, TimestampFormat::DateTime))?;
//!         }
//!         map.end()
//!     }
//! }
//!
//! impl WireDeserialize for Event {
//!     fn wire_deserialize<'de, D: serde::Deserializer<'de>>(
//!         deserializer: D,
//!     ) -> Result<Self, D::Error> {
//!         struct Visitor;
//!         impl<'de> de::Visitor<'de> for Visitor {
//!             type Value = Event;
//!             fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
//!                 f.write_str("structure Event")
//!             }
//!             fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Event, A::Error> {
//!                 let mut name = None;
//!                 let mut at = None;
//!                 while let Some(key) = map.next_key::<Key>()? {
//!                     match key.as_str() {
//!                         // Members are read as `Option<T>` so an explicit `null` counts as absent.
//!                         "Name" => name = map.next_value_seed(De::<Option<String>>::new())?,
//!                         "At" => at = map.next_value_seed(De::<Option<DateTime>>::new())?,
//!                         _ => {
//!                             map.next_value::<de::IgnoredAny>()?;
//!                         }
//!                     }
//!                 }
//!                 let name = name.ok_or_else(|| de::Error::missing_field("Name"))?;
//!                 Ok(Event { name, at })
//!             }
//!         }
//!         deserializer.deserialize_map(Visitor)
//!     }
//! }
//!
//! let event = Event { name: "launch".into(), at: Some(DateTime::UNIX_EPOCH) };
//! let body = awsjson_runtime::codec::to_json_vec(&event).unwrap();
//! assert_eq!(body, br#"{"Name":"launch","At":"1970-01-01T00:00:00Z"}"#);
//! let back: Event = awsjson_runtime::codec::from_json_slice(&body).unwrap();
//! assert_eq!(back, event);
//! ```
//!
//! `runtime/tests/codec.rs` has a fuller example, including a union with an
//! `Unknown(String, Document)` variant.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;

mod impls;
mod macros;
mod timestamp;
mod types;

/// What `Debug` (and `Display`, where it would show one) prints instead of a `@sensitive` value.
pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

pub use types::{BigDecimal, BigInteger, Blob, ParseBigNumberError};

/// Re-exported so generated code reaches serde through one alias of this module.
pub use serde;

/// How a timestamp is written on the wire (Smithy's `@timestampFormat`).
///
/// Reading never needs it: every format is recognised from the JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TimestampFormat {
    /// Seconds since the Unix epoch as a JSON number, with up to three
    /// fraction digits when the milliseconds are non-zero (`1398796238.123`).
    /// The awsJson1_0 default.
    #[default]
    EpochSeconds,
    /// RFC 3339 in UTC as a JSON string (`2014-04-29T18:30:38Z`,
    /// `2014-04-29T18:30:38.123Z`).
    DateTime,
    /// IMF-fixdate as a JSON string (`Tue, 29 Apr 2014 18:30:38 GMT`).
    HttpDate,
}

/// The timestamp type generated code uses (Smithy `timestamp`).
pub type DateTime = time::OffsetDateTime;

/// A Smithy document: untyped JSON, written and read as is.
pub type Document = serde_json::Value;

/// A value that generated code can write to the wire.
pub trait WireSerialize {
    /// Writes `self` to `serializer`.
    ///
    /// `timestamps` is the format for timestamps reached through this value
    /// without passing a structure: containers (`Vec`, `Option`, maps, `Box`)
    /// forward it to their elements, timestamps use it, structures and unions
    /// ignore it (each of their members carries its own format).
    fn wire_serialize<S: serde::Serializer>(
        &self,
        serializer: S,
        timestamps: TimestampFormat,
    ) -> Result<S::Ok, S::Error>;
}

/// A value that generated code can read from the wire.
pub trait WireDeserialize: Sized {
    /// Reads a value from `deserializer`.
    fn wire_deserialize<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error>;
}

/// Adapts a [`WireSerialize`] value and its timestamp format to
/// [`serde::Serialize`].
///
/// ```text
/// map.serialize_entry("Name", &Ser(&self.name, TimestampFormat::EpochSeconds))?;
/// ```
pub struct Ser<'a, T: ?Sized>(pub &'a T, pub TimestampFormat);

/// `Ser(value, TimestampFormat::EpochSeconds)`: the adapter for a value whose timestamps (if any)
/// use the awsJson1_0 default format. Generated code uses it for most members.
pub fn ser<T: WireSerialize + ?Sized>(value: &T) -> Ser<'_, T> {
    Ser(value, TimestampFormat::EpochSeconds)
}

impl<T: ?Sized> Clone for Ser<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: ?Sized> Copy for Ser<'_, T> {}

impl<T: fmt::Debug + ?Sized> fmt::Debug for Ser<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Ser").field(&self.0).field(&self.1).finish()
    }
}

impl<T: WireSerialize + ?Sized> serde::Serialize for Ser<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.wire_serialize(serializer, self.1)
    }
}

/// Adapts a [`WireDeserialize`] type to [`serde::de::DeserializeSeed`].
///
/// ```text
/// let value = map.next_value_seed(De::<Option<String>>::new())?;
/// ```
pub struct De<T>(PhantomData<fn() -> T>);

impl<T> De<T> {
    /// Creates the seed.
    pub const fn new() -> Self {
        De(PhantomData)
    }
}

impl<T> Default for De<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Clone for De<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for De<T> {}

impl<T> fmt::Debug for De<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "De<{}>", std::any::type_name::<T>())
    }
}

impl<'de, T: WireDeserialize> serde::de::DeserializeSeed<'de> for De<T> {
    type Value = T;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::wire_deserialize(deserializer)
    }
}

/// An object key that borrows from the input when it can.
///
/// `serde_json` lends keys without escape sequences straight from the input
/// buffer; keys with escapes are unescaped into an owned string.
///
/// ```text
/// while let Some(key) = map.next_key::<Key>()? {
///     match key.as_str() { "Name" => ..., _ => { map.next_value::<IgnoredAny>()?; } }
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key<'de>(Cow<'de, str>);

impl<'de> Key<'de> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the key borrows from the input (no allocation was needed).
    pub fn is_borrowed(&self) -> bool {
        matches!(self.0, Cow::Borrowed(_))
    }

    /// The key's text, borrowed or owned.
    pub fn into_cow(self) -> Cow<'de, str> {
        self.0
    }

    /// The key's text as an owned `String` (e.g. for an unknown union
    /// variant).
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl Deref for Key<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Key<'_> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Key<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }

            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Serializes `value` as a JSON body.
///
/// Top-level timestamps (there are none in practice: bodies are structures)
/// use [`TimestampFormat::EpochSeconds`], the awsJson1_0 default.
///
/// Fallible because a few values cannot be written: a timestamp whose year is
/// outside `0000..=9999` in the `DateTime`/`HttpDate` formats, or whatever a
/// hand-written `WireSerialize` impl rejects. Every other value of the types
/// in this module serializes successfully.
pub fn to_json_vec<T: WireSerialize + ?Sized>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    let mut out = Vec::with_capacity(128);
    let mut serializer = serde_json::Serializer::new(&mut out);
    value.wire_serialize(&mut serializer, TimestampFormat::EpochSeconds)?;
    Ok(out)
}

/// Deserializes a JSON body.
///
/// An empty or all-whitespace body counts as `{}` (awsJson1_0 rule).
/// Anything but whitespace after the value is an error, and so is nesting
/// deeper than `serde_json`'s recursion limit (128).
pub fn from_json_slice<T: WireDeserialize>(bytes: &[u8]) -> Result<T, serde_json::Error> {
    let is_json_whitespace = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let bytes: &[u8] = if bytes.iter().all(is_json_whitespace) {
        b"{}"
    } else {
        bytes
    };
    // A body that is valid UTF-8 (every well-formed one) is checked once, up front, and read as
    // `str`, so the parser does not check each string again: a large response decodes about a
    // tenth faster. Otherwise the byte reader reports where the bad sequence is.
    match std::str::from_utf8(bytes) {
        Ok(text) => read_whole(serde_json::Deserializer::from_str(text)),
        Err(_) => read_whole(serde_json::Deserializer::from_slice(bytes)),
    }
}

/// One value, then nothing but whitespace.
fn read_whole<'de, R: serde_json::de::Read<'de>, T: WireDeserialize>(
    mut deserializer: serde_json::Deserializer<R>,
) -> Result<T, serde_json::Error> {
    let value = T::wire_deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

/// `serde::Serialize` and `serde::Deserialize` for generated types, through their wire codec, so
/// the `serde` form is the service's JSON form. Generated crates invoke it behind their own
/// `serde` feature (`#[cfg(feature = "serde")]` is evaluated in the crate that expands it).
#[macro_export]
#[doc(hidden)]
macro_rules! wire_serde {
    ($($ty:ty),* $(,)?) => {$(
        impl $crate::serde::Serialize for $ty {
            fn serialize<S: $crate::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $crate::codec::WireSerialize::wire_serialize(
                    self,
                    serializer,
                    $crate::codec::TimestampFormat::EpochSeconds,
                )
            }
        }
        impl<'de> $crate::serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::codec::WireDeserialize::wire_deserialize(deserializer)
            }
        }
    )*};
}
