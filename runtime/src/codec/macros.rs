//! Macros that generated code expands for its repetitive impls: the conversions and wire codec
//! of enums, and the wire codec of structures. Generated files list only what differs per type
//! (names, wire names, which members are optional), one entry per line.

/// Conversions and the wire codec of a string enum the generated crate declared as
/// `pub enum Name { Variant, ..., Unknown(String) }`:
///
/// ```text
/// string_enum!(Name, Unknown; Variant = "wire value", ...);
/// ```
///
/// With `redacted` after `Unknown` (a `@sensitive` enum), `Display` shows [`REDACTED`](crate::codec::REDACTED).
///
/// `as_str`, `values`, `From<&str>`/`From<String>` (unknown values kept as `Unknown`; when two
/// variants share a wire value the first wins), `FromStr`, `AsRef<str>`, `Display`, `Default`
/// (the empty unknown value, Smithy's zero value) and the wire codec (a JSON string).
#[macro_export]
#[doc(hidden)]
macro_rules! string_enum {
    ($name:ident, $unknown:ident $(, $redacted:ident)?; $($variant:ident = $wire:literal),* $(,)?) => {
        #[allow(deprecated)]
        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::$unknown(value) => value,
                }
            }
            /// Every value this version of the SDK knows, in model order.
            pub const fn values() -> &'static [&'static str] {
                &[$($wire),*]
            }
        }
        #[allow(deprecated, unreachable_patterns)]
        impl ::core::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::$unknown(other.to_owned()),
                }
            }
        }
        impl ::core::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    Self::$unknown(_) => Self::$unknown(value),
                    known => known,
                }
            }
        }
        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;
            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }
        impl ::core::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
        $crate::enum_display!($name, |this: &$name, f: &mut ::core::fmt::Formatter<'_>| {
            f.write_str(this.as_str())
        } $(, $redacted)?);
        /// The Smithy zero value (an empty, unknown value), used when a required member is
        /// absent.
        impl ::core::default::Default for $name {
            fn default() -> Self {
                Self::$unknown(::std::string::String::new())
            }
        }
        impl $crate::codec::WireSerialize for $name {
            fn wire_serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
                _timestamps: $crate::codec::TimestampFormat,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl $crate::codec::WireDeserialize for $name {
            fn wire_deserialize<'de, D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                let key = <$crate::codec::Key<'de> as $crate::serde::Deserialize<'de>>::deserialize(
                    deserializer,
                )?;
                Ok(Self::from(key.as_str()))
            }
        }
    };
}

/// `Display` of a generated enum: the wire value, or with `redacted` (a `@sensitive` enum) the
/// placeholder its `Debug` shows.
#[macro_export]
#[doc(hidden)]
macro_rules! enum_display {
    ($name:ident, $show:expr) => {
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ($show)(self, f)
            }
        }
    };
    ($name:ident, $show:expr, redacted) => {
        /// `@sensitive`: shows a placeholder, never the value (which `as_str` or `as_i32`
        /// still returns).
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str($crate::codec::REDACTED)
            }
        }
    };
}

/// Conversions and the wire codec of an intEnum declared as
/// `pub enum Name { Variant, ..., Unknown(i32) }`:
///
/// ```text
/// int_enum!(Name, Unknown; Variant = 1, ...);
/// ```
#[macro_export]
#[doc(hidden)]
macro_rules! int_enum {
    ($name:ident, $unknown:ident $(, $redacted:ident)?; $($variant:ident = $wire:literal),* $(,)?) => {
        #[allow(deprecated)]
        impl $name {
            /// The value as sent on the wire.
            pub fn as_i32(&self) -> i32 {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::$unknown(value) => *value,
                }
            }
            /// Every value this version of the SDK knows, in model order.
            pub const fn values() -> &'static [i32] {
                &[$($wire),*]
            }
        }
        #[allow(deprecated, unreachable_patterns)]
        impl ::core::convert::From<i32> for $name {
            fn from(value: i32) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::$unknown(other),
                }
            }
        }
        $crate::enum_display!($name, |this: &$name, f: &mut ::core::fmt::Formatter<'_>| {
            ::core::fmt::Display::fmt(&this.as_i32(), f)
        } $(, $redacted)?);
        /// The Smithy zero value (`0`), used when a required member is absent.
        impl ::core::default::Default for $name {
            fn default() -> Self {
                Self::from(0)
            }
        }
        impl $crate::codec::WireSerialize for $name {
            fn wire_serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
                _timestamps: $crate::codec::TimestampFormat,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_i32(self.as_i32())
            }
        }
        impl $crate::codec::WireDeserialize for $name {
            fn wire_deserialize<'de, D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                <i32 as $crate::codec::WireDeserialize>::wire_deserialize(deserializer)
                    .map(Self::from)
            }
        }
    };
}

/// The wire codec of a structure: a JSON object with one entry per member.
///
/// ```text
/// wire_structure!(Name; member = "WireName" kind, ...);
/// ```
///
/// `kind` is `opt` (an `Option` member, written only when set), `req` (always written; absent
/// on reading means `Default::default()`), or `req(fallback)` (absent means `fallback`). A
/// timestamp member (or collection of them) in a format other than epoch seconds adds
/// `as DateTime` or `as HttpDate`. Alternative names accepted when reading follow the wire name
/// as `| "name"`. Unknown members are skipped.
#[macro_export]
#[doc(hidden)]
macro_rules! wire_structure {
    ($name:ident; $(
        $field:ident = $wire:literal $(| $alt:literal)* $kind:ident $(($fallback:expr))? $(as $format:ident)?
    ),* $(,)?) => {
        impl $crate::codec::WireSerialize for $name {
            fn wire_serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
                _timestamps: $crate::codec::TimestampFormat,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                use $crate::serde::ser::SerializeMap as _;
                #[allow(unused_mut)]
                let mut map = serializer.serialize_map(None)?;
                $($crate::wire_structure!(@write map, &self.$field, $wire, $kind $(, $format)?);)*
                map.end()
            }
        }
        impl $crate::codec::WireDeserialize for $name {
            fn wire_deserialize<'de, D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                struct Visitor;
                impl<'de> $crate::serde::de::Visitor<'de> for Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(concat!("structure ", stringify!($name)))
                    }
                    fn visit_map<A: $crate::serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> ::core::result::Result<$name, A::Error> {
                        $(let mut $field = None;)*
                        while let Some(key) = map.next_key::<$crate::codec::Key<'de>>()? {
                            match key.as_str() {
                                $($wire $(| $alt)* => $field = map.next_value_seed($crate::codec::De::new())?,)*
                                _ => {
                                    map.next_value::<$crate::serde::de::IgnoredAny>()?;
                                }
                            }
                        }
                        Ok($name {
                            $($field: $crate::wire_structure!(@read $field, $kind $(, $fallback)?),)*
                        })
                    }
                }
                deserializer.deserialize_map(Visitor)
            }
        }
    };
    (@write $map:ident, $value:expr, $wire:literal, opt) => {
        if let Some(value) = $value {
            $map.serialize_entry($wire, &$crate::codec::ser(value))?;
        }
    };
    (@write $map:ident, $value:expr, $wire:literal, opt, $format:ident) => {
        if let Some(value) = $value {
            $map.serialize_entry(
                $wire,
                &$crate::codec::Ser(value, $crate::codec::TimestampFormat::$format),
            )?;
        }
    };
    (@write $map:ident, $value:expr, $wire:literal, req) => {
        $map.serialize_entry($wire, &$crate::codec::ser($value))?;
    };
    (@write $map:ident, $value:expr, $wire:literal, req, $format:ident) => {
        $map.serialize_entry(
            $wire,
            &$crate::codec::Ser($value, $crate::codec::TimestampFormat::$format),
        )?;
    };
    (@read $local:ident, opt) => {
        $local
    };
    (@read $local:ident, req) => {
        $local.unwrap_or_default()
    };
    (@read $local:ident, req, $fallback:expr) => {
        $local.unwrap_or_else(|| $fallback)
    };
}

#[cfg(test)]
mod tests {
    use crate::codec::{from_json_slice, to_json_vec};
    use crate::DateTime;

    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Color {
        Red,
        Crimson,
        Blue,
        Unknown(String),
    }
    crate::string_enum!(Color, Unknown; Red = "red", Crimson = "red", Blue = "blue");

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Secret {
        One,
        Unknown(i32),
    }
    crate::int_enum!(Secret, Unknown, redacted; One = 1);

    #[derive(Debug, Clone, PartialEq)]
    struct Item {
        name: String,
        count: i32,
        color: Option<Color>,
        at: Option<DateTime>,
        limit: i64,
        message: Option<String>,
    }
    crate::wire_structure!(
        Item;
        name = "Name" req,
        count = "Count" req,
        color = "Color" opt,
        at = "At" opt as DateTime,
        limit = "Limit" req(10),
        message = "message" | "Message" opt,
    );

    #[test]
    fn enums_convert_both_ways_and_keep_unknown_values() {
        assert_eq!(Color::from("blue"), Color::Blue);
        // Two variants share a wire value: the first wins when reading.
        assert_eq!(Color::from("red"), Color::Red);
        assert_eq!(Color::Crimson.as_str(), "red");
        assert_eq!(
            Color::from("green".to_string()),
            Color::Unknown("green".into())
        );
        assert_eq!(Color::values(), ["red", "red", "blue"]);
        assert_eq!(Color::default(), Color::Unknown(String::new()));
        assert_eq!(Secret::from(7), Secret::Unknown(7));
        assert_eq!(Secret::One.as_i32(), 1);
        assert_eq!(Secret::values(), [1]);
        assert_eq!(Secret::One.to_string(), crate::codec::REDACTED);
        assert_eq!(Color::Blue.to_string(), "blue");
    }

    #[test]
    fn structures_write_set_members_and_read_with_defaults() {
        let item: Item =
            from_json_slice(br#"{"Name":"n","Message":"m","At":"2020-01-02T03:04:05Z","X":[1]}"#)
                .unwrap();
        assert_eq!(item.name, "n");
        assert_eq!(item.count, 0);
        assert_eq!(item.limit, 10);
        assert_eq!(item.message.as_deref(), Some("m"));
        assert_eq!(item.color, None);
        let written = String::from_utf8(to_json_vec(&item).unwrap()).unwrap();
        assert_eq!(
            written,
            r#"{"Name":"n","Count":0,"At":"2020-01-02T03:04:05Z","Limit":10,"message":"m"}"#
        );
    }
}
