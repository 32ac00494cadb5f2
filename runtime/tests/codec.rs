//! Wire-codec tests through the public API: exact bytes written, values read
//! back, errors on bad input, and a hand-written "generated-style" structure
//! and union.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use awsjson_runtime::codec::{
    from_json_slice, to_json_vec, De, Key, Ser, WireDeserialize, WireSerialize,
};
use awsjson_runtime::serde::{self, de, ser::SerializeMap};
use awsjson_runtime::serde_json::{self, json};
use awsjson_runtime::time::format_description::well_known::Rfc3339;
use awsjson_runtime::{BigDecimal, BigInteger, Blob, DateTime, Document, TimestampFormat};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// The JSON text of `value` with timestamps in `format`.
fn write_as<T: WireSerialize + ?Sized>(value: &T, format: TimestampFormat) -> String {
    serde_json::to_string(&Ser(value, format)).expect("serializes")
}

/// The JSON text of `value` with the default (epoch-seconds) format.
fn write<T: WireSerialize + ?Sized>(value: &T) -> String {
    String::from_utf8(to_json_vec(value).expect("serializes")).expect("UTF-8")
}

fn read<T: WireDeserialize>(json: &str) -> T {
    from_json_slice(json.as_bytes()).unwrap_or_else(|err| panic!("reading {json}: {err}"))
}

/// The error message of reading `json` as `T`.
fn read_err<T: WireDeserialize + fmt::Debug>(json: &str) -> String {
    match from_json_slice::<T>(json.as_bytes()) {
        Ok(value) => panic!("reading {json} should fail, got {value:?}"),
        Err(err) => err.to_string(),
    }
}

fn at(rfc3339: &str) -> DateTime {
    DateTime::parse(rfc3339, &Rfc3339).expect("valid RFC 3339")
}

/// Asserts `json` reads as a value that writes back as exactly `json`.
fn round_trip<T: WireSerialize + WireDeserialize + PartialEq + fmt::Debug>(value: T, json: &str) {
    assert_eq!(write(&value), json, "writing {value:?}");
    assert_eq!(read::<T>(json), value, "reading {json}");
}

// ---------------------------------------------------------------------------
// A generated-style structure and union
// ---------------------------------------------------------------------------

/// What a code generator would emit for:
///
/// ```smithy
/// structure Reading {
///     @required SensorId: String
///     Value: Double
///     @timestampFormat("date-time") TakenAt: Timestamp
///     Tags: TagMap            // map<String, String>
///     Samples: SampleList     // @sparse list<Integer>
///     Payload: Payload
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reading {
    pub sensor_id: String,
    pub value: Option<f64>,
    pub taken_at: Option<DateTime>,
    pub tags: Option<HashMap<String, String>>,
    pub samples: Option<Vec<Option<i32>>>,
    pub payload: Option<Payload>,
}

impl WireSerialize for Reading {
    fn wire_serialize<S: serde::Serializer>(
        &self,
        serializer: S,
        _timestamps: TimestampFormat,
    ) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry(
            "SensorId",
            &Ser(&self.sensor_id, TimestampFormat::EpochSeconds),
        )?;
        if let Some(value) = &self.value {
            map.serialize_entry("Value", &Ser(value, TimestampFormat::EpochSeconds))?;
        }
        if let Some(value) = &self.taken_at {
            map.serialize_entry("TakenAt", &Ser(value, TimestampFormat::DateTime))?;
        }
        if let Some(value) = &self.tags {
            map.serialize_entry("Tags", &Ser(value, TimestampFormat::EpochSeconds))?;
        }
        if let Some(value) = &self.samples {
            map.serialize_entry("Samples", &Ser(value, TimestampFormat::EpochSeconds))?;
        }
        if let Some(value) = &self.payload {
            map.serialize_entry("Payload", &Ser(value, TimestampFormat::EpochSeconds))?;
        }
        map.end()
    }
}

impl WireDeserialize for Reading {
    fn wire_deserialize<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        struct Visitor;

        impl<'de> de::Visitor<'de> for Visitor {
            type Value = Reading;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("structure Reading")
            }

            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Reading, A::Error> {
                let mut sensor_id = None;
                let mut value = None;
                let mut taken_at = None;
                let mut tags = None;
                let mut samples = None;
                let mut payload = None;
                while let Some(key) = map.next_key::<Key>()? {
                    match key.as_str() {
                        "SensorId" => {
                            sensor_id = map.next_value_seed(De::<Option<String>>::new())?
                        }
                        "Value" => value = map.next_value_seed(De::<Option<f64>>::new())?,
                        "TakenAt" => {
                            taken_at = map.next_value_seed(De::<Option<DateTime>>::new())?
                        }
                        "Tags" => {
                            tags =
                                map.next_value_seed(De::<Option<HashMap<String, String>>>::new())?
                        }
                        "Samples" => {
                            samples = map.next_value_seed(De::<Option<Vec<Option<i32>>>>::new())?
                        }
                        "Payload" => payload = map.next_value_seed(De::<Option<Payload>>::new())?,
                        _ => {
                            map.next_value::<de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(Reading {
                    sensor_id: sensor_id.ok_or_else(|| de::Error::missing_field("SensorId"))?,
                    value,
                    taken_at,
                    tags,
                    samples,
                    payload,
                })
            }
        }

        deserializer.deserialize_map(Visitor)
    }
}

/// What a code generator would emit for:
///
/// ```smithy
/// union Payload {
///     Text: String
///     Raw: Blob
///     @timestampFormat("http-date") Seen: Timestamp
/// }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    Text(String),
    Raw(Blob),
    Seen(DateTime),
    /// A member this client does not know: its name and JSON value.
    Unknown(String, Document),
}

impl WireSerialize for Payload {
    fn wire_serialize<S: serde::Serializer>(
        &self,
        serializer: S,
        _timestamps: TimestampFormat,
    ) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        match self {
            Payload::Text(value) => {
                map.serialize_entry("Text", &Ser(value, TimestampFormat::EpochSeconds))?
            }
            Payload::Raw(value) => {
                map.serialize_entry("Raw", &Ser(value, TimestampFormat::EpochSeconds))?
            }
            Payload::Seen(value) => {
                map.serialize_entry("Seen", &Ser(value, TimestampFormat::HttpDate))?
            }
            Payload::Unknown(name, value) => {
                map.serialize_entry(name, &Ser(value, TimestampFormat::EpochSeconds))?
            }
        }
        map.end()
    }
}

impl WireDeserialize for Payload {
    fn wire_deserialize<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        struct Visitor;

        impl<'de> de::Visitor<'de> for Visitor {
            type Value = Payload;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("union Payload")
            }

            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Payload, A::Error> {
                let mut result: Option<Payload> = None;
                while let Some(key) = map.next_key::<Key>()? {
                    // A member set to null counts as absent.
                    let variant = match key.as_str() {
                        "Text" => map
                            .next_value_seed(De::<Option<String>>::new())?
                            .map(Payload::Text),
                        "Raw" => map
                            .next_value_seed(De::<Option<Blob>>::new())?
                            .map(Payload::Raw),
                        "Seen" => map
                            .next_value_seed(De::<Option<DateTime>>::new())?
                            .map(Payload::Seen),
                        "__type" => {
                            map.next_value::<de::IgnoredAny>()?;
                            None
                        }
                        _ => {
                            let value = map.next_value_seed(De::<Document>::new())?;
                            (!value.is_null()).then(|| Payload::Unknown(key.into_string(), value))
                        }
                    };
                    if let Some(variant) = variant {
                        if result.is_some() {
                            return Err(de::Error::custom(
                                "union Payload has more than one member set",
                            ));
                        }
                        result = Some(variant);
                    }
                }
                result.ok_or_else(|| de::Error::custom("union Payload has no member set"))
            }
        }

        deserializer.deserialize_map(Visitor)
    }
}

#[test]
fn generated_structure_round_trips() {
    let reading = Reading {
        sensor_id: "s-1".into(),
        value: Some(f64::NEG_INFINITY),
        taken_at: Some(at("2014-04-29T18:30:38.5Z")),
        tags: Some(HashMap::from([("room".to_owned(), "lab".to_owned())])),
        samples: Some(vec![Some(1), None, Some(-3)]),
        payload: Some(Payload::Seen(at("2014-04-29T18:30:38Z"))),
    };
    let json = concat!(
        r#"{"SensorId":"s-1","Value":"-Infinity","TakenAt":"2014-04-29T18:30:38.5Z","#,
        r#""Tags":{"room":"lab"},"Samples":[1,null,-3],"#,
        r#""Payload":{"Seen":"Tue, 29 Apr 2014 18:30:38 GMT"}}"#
    );
    round_trip(reading, json);

    let minimal = Reading {
        sensor_id: "s-2".into(),
        ..Reading::default()
    };
    round_trip(minimal.clone(), r#"{"SensorId":"s-2"}"#);
    // Null members and unknown members are ignored on input.
    let lenient = r#"{"Value":null,"Extra":{"deep":[1,{"x":null}]},"SensorId":"s-2","Tags":null}"#;
    assert_eq!(read::<Reading>(lenient), minimal);
}

#[test]
fn generated_structure_errors() {
    let err = read_err::<Reading>(r#"{"Value":1.5}"#);
    assert!(err.contains("missing field `SensorId`"), "{err}");
    let err = read_err::<Reading>(r#"{"SensorId":"s","Samples":[1,"2"]}"#);
    assert!(err.contains("expected an integer between"), "{err}");
    let err = read_err::<Reading>(r#"{"SensorId":"s","TakenAt":"yesterday"}"#);
    assert!(err.contains("invalid timestamp `yesterday`"), "{err}");
    let err = read_err::<Reading>(r#"["SensorId"]"#);
    assert!(err.contains("expected structure Reading"), "{err}");
    // An empty body is `{}`, which lacks the required member.
    let err = read_err::<Reading>("");
    assert!(err.contains("missing field `SensorId`"), "{err}");
}

#[test]
fn generated_union_variants() {
    round_trip(Payload::Text("hi".into()), r#"{"Text":"hi"}"#);
    round_trip(Payload::Raw(Blob::new(*b"\x00\xff")), r#"{"Raw":"AP8="}"#);
    round_trip(
        Payload::Seen(at("2000-01-02T20:34:56.456Z")),
        r#"{"Seen":"Sun, 02 Jan 2000 20:34:56.456 GMT"}"#,
    );
    round_trip(
        Payload::Unknown("Future".into(), json!({"a": [1, 2.5, null]})),
        r#"{"Future":{"a":[1,2.5,null]}}"#,
    );
    // Nulls and `__type` are skipped; the one member set wins.
    assert_eq!(
        read::<Payload>(r#"{"__type":"Payload","Text":null,"Raw":"","Future":null}"#),
        Payload::Raw(Blob::default())
    );
    let err = read_err::<Payload>(r#"{"Text":"a","Raw":"AA=="}"#);
    assert!(err.contains("more than one member"), "{err}");
    let err = read_err::<Payload>(r#"{"Text":null}"#);
    assert!(err.contains("no member set"), "{err}");
    let err = read_err::<Payload>(r#"{"Raw":"%%%"}"#);
    assert!(err.contains("invalid base64"), "{err}");
}

// ---------------------------------------------------------------------------
// Scalars
// ---------------------------------------------------------------------------

#[test]
fn strings_and_booleans() {
    round_trip(String::from("plain"), r#""plain""#);
    round_trip(String::from("q\"\\\n\u{1}é😀"), r#""q\"\\\n\u0001é😀""#);
    assert_eq!(read::<String>(r#""\u00e9\ud83d\ude00""#), "é😀");
    assert_eq!(write("borrowed str"), r#""borrowed str""#);
    round_trip(true, "true");
    round_trip(false, "false");

    let err = read_err::<String>("5");
    assert!(
        err.contains("invalid type: integer `5`, expected a string"),
        "{err}"
    );
    let err = read_err::<bool>(r#""true""#);
    assert!(err.contains("expected a boolean"), "{err}");
    let err = read_err::<bool>("1");
    assert!(err.contains("expected a boolean"), "{err}");
}

#[test]
fn bodies_that_are_not_utf8_are_errors_with_their_position() {
    // A bad byte inside a string, in a member name, and a truncated multi-byte sequence: each is
    // a deserialization error saying where, never a panic or a lossy string.
    for (body, column) in [
        (&b"\"ab\xffc\""[..], 4),
        (&b"{\"N\xc3\": 1}"[..], 4),
        (&b"[\"ok\", \"\xe6\x9d\""[..], 9),
    ] {
        let err = from_json_slice::<Document>(body).unwrap_err().to_string();
        assert!(
            err.starts_with("invalid unicode code point at line 1"),
            "{err}"
        );
        assert!(
            err.ends_with(&format!("column {column}")),
            "{body:?}: {err}"
        );
    }
    // Valid UTF-8 of every width still reads exactly.
    let text = "aé東😀";
    assert_eq!(
        from_json_slice::<String>(format!("\"{text}\"").as_bytes()).unwrap(),
        text
    );
}

#[test]
fn integers_round_trip_at_their_limits() {
    round_trip(i8::MIN, "-128");
    round_trip(i8::MAX, "127");
    round_trip(i16::MIN, "-32768");
    round_trip(i16::MAX, "32767");
    round_trip(i32::MIN, "-2147483648");
    round_trip(i32::MAX, "2147483647");
    round_trip(i64::MIN, "-9223372036854775808");
    round_trip(i64::MAX, "9223372036854775807");
    round_trip(0i32, "0");
}

#[test]
fn integers_reject_overflow_fractions_and_wrong_types() {
    let err = read_err::<i8>("128");
    assert!(
        err.contains("invalid value: integer `128`, expected an integer between -128 and 127"),
        "{err}"
    );
    let err = read_err::<i8>("-129");
    assert!(err.contains("integer `-129`"), "{err}");
    let err = read_err::<i16>("40000");
    assert!(err.contains("between -32768 and 32767"), "{err}");
    let err = read_err::<i32>("2147483648");
    assert!(err.contains("integer `2147483648`"), "{err}");
    let err = read_err::<i64>("9223372036854775808");
    assert!(err.contains("integer `9223372036854775808`"), "{err}");
    let err = read_err::<i64>("100000000000000000000");
    assert!(err.contains("expected an integer"), "{err}");
    let err = read_err::<i32>("5.5");
    assert!(err.contains("floating point `5.5`"), "{err}");
    let err = read_err::<i32>(r#""5""#);
    assert!(err.contains("invalid type: string \"5\""), "{err}");
    let err = read_err::<i32>("null");
    assert!(err.contains("invalid type: null"), "{err}");
    let err = read_err::<i32>("{}");
    assert!(err.contains("invalid type: map"), "{err}");
    let err = read_err::<i32>("[1]");
    assert!(err.contains("invalid type: sequence"), "{err}");
    // Floats with zero fraction are accepted only where every integer is exact.
    let err = read_err::<i64>("1e300");
    assert!(err.contains("floating point"), "{err}");
    let err = read_err::<i64>("9007199254740994.0");
    assert!(err.contains("floating point"), "{err}");
}

#[test]
fn integers_accept_floats_with_zero_fraction() {
    assert_eq!(read::<i32>("5.0"), 5);
    assert_eq!(read::<i32>("-5.000"), -5);
    assert_eq!(read::<i64>("1e3"), 1000);
    assert_eq!(read::<i64>("9007199254740992.0"), 9_007_199_254_740_992);
    assert_eq!(read::<i8>("-0.0"), 0);
    let err = read_err::<i8>("1e3");
    assert!(err.contains("integer `1000`"), "{err}");
}

#[test]
fn floats_write_specials_as_strings() {
    round_trip(1.5f64, "1.5");
    round_trip(-0.1f64, "-0.1");
    round_trip(1e300f64, "1e+300");
    round_trip(f64::MAX, "1.7976931348623157e+308");
    round_trip(f64::INFINITY, r#""Infinity""#);
    round_trip(f64::NEG_INFINITY, r#""-Infinity""#);
    assert_eq!(write(&f64::NAN), r#""NaN""#);
    assert!(read::<f64>(r#""NaN""#).is_nan());

    round_trip(0.1f32, "0.1");
    round_trip(f32::MAX, "3.4028235e+38");
    round_trip(f32::INFINITY, r#""Infinity""#);
    round_trip(f32::NEG_INFINITY, r#""-Infinity""#);
    assert_eq!(write(&f32::NAN), r#""NaN""#);
    assert!(read::<f32>(r#""NaN""#).is_nan());
}

#[test]
fn floats_read_any_number() {
    assert_eq!(read::<f64>("2"), 2.0);
    assert_eq!(read::<f64>("-2"), -2.0);
    assert_eq!(
        read::<f64>("18446744073709551615"),
        18_446_744_073_709_551_615.0
    );
    assert_eq!(read::<f64>("1E-2"), 0.01);
    assert_eq!(read::<f32>("7"), 7.0);
    assert_eq!(read::<f32>("1e-50"), 0.0);

    let err = read_err::<f64>(r#""nan""#);
    assert!(
        err.contains(r#"invalid value: string "nan", expected a double"#),
        "{err}"
    );
    let err = read_err::<f64>(r#""1.5""#);
    assert!(err.contains("expected a double"), "{err}");
    let err = read_err::<f64>("true");
    assert!(
        err.contains("invalid type: boolean `true`, expected a double"),
        "{err}"
    );
    let err = read_err::<f64>("{}");
    assert!(
        err.contains("invalid type: map, expected a double"),
        "{err}"
    );
    let err = read_err::<f32>("1e39");
    assert!(err.contains("expected a float"), "{err}");
    let err = read_err::<f64>("1e400");
    assert!(err.contains("number out of range"), "{err}");
}

#[test]
fn blobs_are_padded_standard_base64() {
    round_trip(Blob::new(*b"hello"), r#""aGVsbG8=""#);
    round_trip(Blob::new(*b"hell"), r#""aGVsbA==""#);
    round_trip(Blob::new(*b"hel"), r#""aGVs""#);
    round_trip(Blob::default(), r#""""#);
    round_trip(Blob::new([0xfb, 0xff, 0xbf]), r#""+/+/""#);
    // Padding is optional on input.
    assert_eq!(read::<Blob>(r#""aGVsbG8""#), Blob::new(*b"hello"));

    for bad in [
        r#""aGVsbG8=x""#,
        r#""a""#,
        r#""-_-_""#,
        r#""aGVs bG8=""#,
        r#""aGVsbG8==""#,
    ] {
        let err = read_err::<Blob>(bad);
        assert!(err.contains("invalid base64 in blob"), "{bad}: {err}");
    }
    let err = read_err::<Blob>("[104,105]");
    assert!(err.contains("expected a base64 string"), "{err}");
}

/// Whether some crate in the build enabled serde_json's
/// `arbitrary_precision` feature (features unify across a workspace), in
/// which case big numbers keep their exact text on the wire.
fn exact_numbers() -> bool {
    let n: serde_json::Number = "0.10".parse().unwrap();
    n.to_string() == "0.10"
}

#[test]
fn big_integers() {
    let small: BigInteger = "-42".parse().unwrap();
    round_trip(small, "-42");
    round_trip(BigInteger::from(u64::MAX), "18446744073709551615");
    let huge: BigInteger = "123456789012345678901234567890".parse().unwrap();
    assert_eq!(huge.to_string(), "123456789012345678901234567890");
    if exact_numbers() {
        round_trip(huge, "123456789012345678901234567890");
    } else {
        // Too big for serde_json to write exactly: written as a string.
        round_trip(huge, r#""123456789012345678901234567890""#);
        // Numbers past u64 arrive as f64: the shortest text of that f64 is kept.
        assert_eq!(
            read::<BigInteger>("123456789012345678901234567890").as_str(),
            "123456789012345680000000000000"
        );
    }

    assert_eq!(read::<BigInteger>("1e3").as_str(), "1000");
    assert_eq!(read::<BigInteger>("-0").as_str(), "0");
    // An integral number is an integer, however it is spelled.
    let googol = read::<BigInteger>("1e100");
    assert_eq!(googol.as_str(), format!("1{}", "0".repeat(100)));

    let err = read_err::<BigInteger>("1.5");
    assert!(
        err.contains("invalid value: floating point `1.5`, expected a big integer"),
        "{err}"
    );
    let err = read_err::<BigInteger>(r#""1.5""#);
    assert!(err.contains("expected a big integer"), "{err}");
    let err = read_err::<BigInteger>(r#""12x""#);
    assert!(err.contains("string \"12x\""), "{err}");
    let err = read_err::<BigInteger>("true");
    assert!(err.contains("invalid type: boolean"), "{err}");
    let err = read_err::<BigInteger>("[]");
    assert!(err.contains("invalid type: sequence"), "{err}");
}

#[test]
fn big_decimals() {
    let exact = |text: &str| text.parse::<BigDecimal>().unwrap();
    round_trip(exact("1.5"), "1.5");
    round_trip(exact("-0.001"), "-0.001");
    round_trip(exact("7"), "7");
    round_trip(exact("-7"), "-7");
    assert_eq!(read::<BigDecimal>(r#""2.50""#).as_str(), "2.50");
    assert_eq!(read::<BigDecimal>("-12").as_str(), "-12");
    let precise = "3.14159265358979323846264338327950288";
    if exact_numbers() {
        for text in ["1.50", "0.1000000000000000000001", precise] {
            round_trip(exact(text), text);
        }
    } else {
        // Same value, different spelling: written as serde_json spells it.
        assert_eq!(write(&exact("1.50")), "1.5");
        assert_eq!(write(&exact("1e3")), "1000.0");
        assert_eq!(write(&exact("1e300")), "1e+300");
        assert_eq!(read::<BigDecimal>("2.50").as_str(), "2.5");
        assert_eq!(read::<BigDecimal>("1e300").as_str(), "1e+300");
        // Not exactly representable as f64: a string holding the exact text.
        for text in ["1e400", "0.1000000000000000000001", precise] {
            round_trip(exact(text), &format!("{text:?}"));
        }
    }

    let err = read_err::<BigDecimal>(r#""1.""#);
    assert!(err.contains("expected a big decimal"), "{err}");
    let err = read_err::<BigDecimal>(r#""NaN""#);
    assert!(err.contains("expected a big decimal"), "{err}");
    let err = read_err::<BigDecimal>("[]");
    assert!(err.contains("invalid type: sequence"), "{err}");
}

#[test]
fn documents_pass_through() {
    let doc = json!({"b": [1, -2, 2.5, "x", null, true, {"nested": {}}], "a": "z"});
    let text = serde_json::to_string(&doc).unwrap();
    assert_eq!(write(&doc), text);
    assert_eq!(read::<Document>(&text), doc);
    round_trip(Document::Null, "null");
    round_trip(json!("s"), r#""s""#);
}

// ---------------------------------------------------------------------------
// Timestamps
// ---------------------------------------------------------------------------

#[test]
fn timestamps_as_epoch_seconds() {
    let whole = at("2014-04-29T18:30:38Z");
    assert_eq!(
        write_as(&whole, TimestampFormat::EpochSeconds),
        "1398796238"
    );
    let millis = at("2014-04-29T18:30:38.123Z");
    assert_eq!(
        write_as(&millis, TimestampFormat::EpochSeconds),
        "1398796238.123"
    );
    // Sub-millisecond precision is dropped (towards the past).
    let micros = at("2014-04-29T18:30:38.123999Z");
    assert_eq!(
        write_as(&micros, TimestampFormat::EpochSeconds),
        "1398796238.123"
    );
    let tiny = at("1970-01-01T00:00:00.001Z");
    assert_eq!(write_as(&tiny, TimestampFormat::EpochSeconds), "0.001");
    let before = at("1969-12-31T23:59:58.5Z");
    assert_eq!(write_as(&before, TimestampFormat::EpochSeconds), "-1.5");
    let max = at("9999-12-31T23:59:59.999Z");
    assert_eq!(
        write_as(&max, TimestampFormat::EpochSeconds),
        "253402300799.999"
    );
    // The protocol default.
    assert_eq!(write(&millis), "1398796238.123");

    assert_eq!(read::<DateTime>("1398796238"), whole);
    assert_eq!(read::<DateTime>("1398796238.123"), millis);
    assert_eq!(read::<DateTime>("1398796238.000"), whole);
    assert_eq!(read::<DateTime>("-1.5"), before);
    assert_eq!(read::<DateTime>("253402300799.999"), max);
    assert_eq!(read::<DateTime>("1.398796238123E9"), millis);
}

#[test]
fn timestamps_as_date_time() {
    let f = TimestampFormat::DateTime;
    assert_eq!(
        write_as(&at("2014-04-29T18:30:38Z"), f),
        r#""2014-04-29T18:30:38Z""#
    );
    assert_eq!(
        write_as(&at("2014-04-29T18:30:38.123Z"), f),
        r#""2014-04-29T18:30:38.123Z""#
    );
    assert_eq!(
        write_as(&at("2014-04-29T18:30:38.000000450Z"), f),
        r#""2014-04-29T18:30:38.00000045Z""#
    );
    // Written in UTC whatever the value's offset.
    assert_eq!(
        write_as(&at("2014-04-29T20:30:38+02:00"), f),
        r#""2014-04-29T18:30:38Z""#
    );

    assert_eq!(
        read::<DateTime>(r#""2014-04-29T18:30:38Z""#),
        at("2014-04-29T18:30:38Z")
    );
    assert_eq!(
        read::<DateTime>(r#""2000-01-02T20:34:56.123Z""#),
        at("2000-01-02T20:34:56.123Z")
    );
    let offset = read::<DateTime>(r#""2014-04-29T11:30:38.5-07:00""#);
    assert_eq!(offset, at("2014-04-29T18:30:38.5Z"));
    assert_eq!(offset.offset(), awsjson_runtime::time::UtcOffset::UTC);
    assert_eq!(
        read::<DateTime>(r#""2014-04-29t18:30:38z""#),
        at("2014-04-29T18:30:38Z")
    );
}

#[test]
fn timestamps_as_http_date() {
    let f = TimestampFormat::HttpDate;
    assert_eq!(
        write_as(&at("2014-04-29T18:30:38Z"), f),
        r#""Tue, 29 Apr 2014 18:30:38 GMT""#
    );
    assert_eq!(
        write_as(&at("2014-04-29T18:30:38.123456Z"), f),
        r#""Tue, 29 Apr 2014 18:30:38.123 GMT""#
    );
    assert_eq!(
        write_as(&at("1999-12-31T23:59:59.9Z"), f),
        r#""Fri, 31 Dec 1999 23:59:59.9 GMT""#
    );

    assert_eq!(
        read::<DateTime>(r#""Tue, 29 Apr 2014 18:30:38 GMT""#),
        at("2014-04-29T18:30:38Z")
    );
    assert_eq!(
        read::<DateTime>(r#""Sun, 02 Jan 2000 20:34:56.456 GMT""#),
        at("2000-01-02T20:34:56.456Z")
    );
}

#[test]
fn timestamps_reject_bad_input() {
    for (json, needle) in [
        ("true", "invalid type: boolean `true`, expected a timestamp"),
        ("[]", "invalid type: sequence, expected a timestamp"),
        ("{}", "invalid type: map, expected a timestamp"),
        (r#""""#, "invalid timestamp ``"),
        (r#""2014-02-30T00:00:00Z""#, "invalid timestamp"),
        (r#""2014-04-29T18:30:38""#, "invalid timestamp"),
        (r#""2014-04-29""#, "invalid timestamp"),
        (r#""Tue, 29 Apr 2014 18:30:38 PST""#, "invalid timestamp"),
        (r#""1398796238""#, "invalid timestamp"),
        (r#""9999-12-31T23:59:59-00:01""#, "out of range"),
        ("253402300800", "out of range"),
        ("-377705116801", "out of range"),
        ("1e300", "out of range"),
        ("18446744073709551615", "out of range"),
    ] {
        let err = read_err::<DateTime>(json);
        assert!(err.contains(needle), "{json}: {err}");
    }
}

#[test]
fn timestamps_outside_four_digit_years_fail_to_serialize() {
    let early = at("0000-01-01T00:00:00Z") - awsjson_runtime::time::Duration::SECOND;
    assert_eq!(
        write_as(&early, TimestampFormat::EpochSeconds),
        "-62167219201"
    );
    for format in [TimestampFormat::DateTime, TimestampFormat::HttpDate] {
        let err = serde_json::to_string(&Ser(&early, format))
            .unwrap_err()
            .to_string();
        assert!(err.contains("between 0000 and 9999"), "{err}");
    }
    let member = vec![early];
    let err = serde_json::to_vec(&Ser(&member, TimestampFormat::DateTime)).unwrap_err();
    assert!(err.to_string().contains("cannot be written"), "{err}");
}

// ---------------------------------------------------------------------------
// Containers
// ---------------------------------------------------------------------------

#[test]
fn options_are_null() {
    round_trip(None::<i32>, "null");
    round_trip(Some(3i32), "3");
    round_trip(vec![Some("a".to_owned()), None], r#"["a",null]"#);
    round_trip(Some(None::<i32>).flatten(), "null");
    let err = read_err::<Option<i32>>(r#""x""#);
    assert!(err.contains("expected an integer"), "{err}");
}

#[test]
fn lists_maps_and_boxes() {
    round_trip(Vec::<i32>::new(), "[]");
    round_trip(vec![vec![1i64], vec![], vec![2, 3]], "[[1],[],[2,3]]");
    round_trip(Box::new(7i16), "7");
    round_trip(BTreeMap::<String, bool>::new(), "{}");
    round_trip(
        BTreeMap::from([("b".to_owned(), 2i32), ("a".to_owned(), 1)]),
        r#"{"a":1,"b":2}"#,
    );
    round_trip(
        HashMap::from([("k".to_owned(), vec![Blob::new(*b"x")])]),
        r#"{"k":["eA=="]}"#,
    );
    assert_eq!(write(&[1i8, 2][..]), "[1,2]");
    // Escaped keys are unescaped; the last duplicate wins.
    let map: BTreeMap<String, i32> = read(r#"{"a\u0062":1,"ab":2}"#);
    assert_eq!(map, BTreeMap::from([("ab".to_owned(), 2)]));

    let err = read_err::<Vec<i32>>("{}");
    assert!(
        err.contains("invalid type: map, expected an array"),
        "{err}"
    );
    let err = read_err::<HashMap<String, i32>>("[]");
    assert!(
        err.contains("invalid type: sequence, expected an object"),
        "{err}"
    );
    let err = read_err::<Vec<i8>>("[1,2,300]");
    assert!(err.contains("integer `300`"), "{err}");
    let err = read_err::<Vec<i8>>("[1,2");
    assert!(err.contains("EOF while parsing a list"), "{err}");
}

#[test]
fn containers_forward_the_timestamp_format() {
    type Nested = Vec<Option<HashMap<String, Vec<DateTime>>>>;
    let value: Nested = vec![
        Some(HashMap::from([(
            "t".to_owned(),
            vec![at("2014-04-29T18:30:38Z"), at("2014-04-29T18:30:38.123Z")],
        )])),
        None,
    ];
    assert_eq!(
        write_as(&value, TimestampFormat::EpochSeconds),
        r#"[{"t":[1398796238,1398796238.123]},null]"#
    );
    assert_eq!(
        write_as(&value, TimestampFormat::DateTime),
        r#"[{"t":["2014-04-29T18:30:38Z","2014-04-29T18:30:38.123Z"]},null]"#
    );
    let http =
        r#"[{"t":["Tue, 29 Apr 2014 18:30:38 GMT","Tue, 29 Apr 2014 18:30:38.123 GMT"]},null]"#;
    assert_eq!(write_as(&value, TimestampFormat::HttpDate), http);
    assert_eq!(write_as(&Box::new(&value), TimestampFormat::HttpDate), http);
    // Reading needs no format, and formats may be mixed.
    assert_eq!(read::<Nested>(http), value);
    let mixed = r#"[{"t":[1398796238,"2014-04-29T18:30:38.123Z"]},null]"#;
    assert_eq!(read::<Nested>(mixed), value);
}

// ---------------------------------------------------------------------------
// Keys, bodies, adapters
// ---------------------------------------------------------------------------

/// Records each key and whether it was borrowed from the input.
#[derive(Debug, PartialEq)]
struct KeyLog(Vec<(String, bool)>);

impl WireDeserialize for KeyLog {
    fn wire_deserialize<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        struct Visitor;

        impl<'de> de::Visitor<'de> for Visitor {
            type Value = KeyLog;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<KeyLog, A::Error> {
                let mut log = Vec::new();
                while let Some(key) = map.next_key::<Key>()? {
                    map.next_value::<de::IgnoredAny>()?;
                    log.push((key.as_str().to_owned(), key.is_borrowed()));
                }
                Ok(KeyLog(log))
            }
        }

        deserializer.deserialize_map(Visitor)
    }
}

#[test]
fn keys_borrow_unless_escaped() {
    let log: KeyLog = read(r#"{"Plain":1,"Esc\u0061ped":2,"new\nline":3,"ünï":4}"#);
    assert_eq!(
        log.0,
        [
            ("Plain".to_owned(), true),
            ("Escaped".to_owned(), false),
            ("new\nline".to_owned(), false),
            ("ünï".to_owned(), true),
        ]
    );
    // From a reader there is nothing to borrow from.
    let mut de = serde_json::Deserializer::from_reader(&br#"{"Plain":1}"#[..]);
    let log = KeyLog::wire_deserialize(&mut de).unwrap();
    assert_eq!(log.0, [("Plain".to_owned(), false)]);

    let key: Key = serde_json::from_str(r#""k""#).unwrap();
    assert_eq!(&*key, "k");
    assert_eq!(key.to_string(), "k");
    assert_eq!(key.clone().into_cow(), "k");
    assert_eq!(key.into_string(), "k");
}

#[test]
fn empty_bodies_are_empty_objects() {
    for body in ["", " ", "\r\n\t "] {
        assert_eq!(read::<KeyLog>(body), KeyLog(vec![]), "{body:?}");
        assert_eq!(read::<BTreeMap<String, i32>>(body), BTreeMap::new());
    }
    let err = read_err::<i32>("");
    assert!(err.contains("invalid type: map"), "{err}");
    // Form feed is not JSON whitespace.
    let err = read_err::<KeyLog>("\x0c");
    assert!(err.contains("expected value"), "{err}");
}

#[test]
fn trailing_garbage_is_an_error() {
    assert_eq!(read::<KeyLog>("{} \n"), KeyLog(vec![]));
    for body in ["{} x", "{}{}", "{},", r#"{"a":1}}"#, "1 2"] {
        let err = from_json_slice::<Document>(body.as_bytes()).unwrap_err();
        assert!(
            err.to_string().contains("trailing characters"),
            "{body}: {err}"
        );
    }
    for body in ["{", "nul", "{\"a\"", "\u{feff}{}", "\"\\x\""] {
        assert!(
            from_json_slice::<Document>(body.as_bytes()).is_err(),
            "{body}"
        );
    }
    assert!(from_json_slice::<String>(b"\"\xff\"").is_err());
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = "[".repeat(100_000);
    let err = from_json_slice::<Document>(deep.as_bytes()).unwrap_err();
    assert!(err.to_string().contains("recursion limit"), "{err}");
    let deep = r#"{"a":"#.repeat(100_000);
    assert!(from_json_slice::<Reading>(deep.as_bytes()).is_err());
    let deep = "[".repeat(100_000);
    assert!(from_json_slice::<Vec<Vec<Vec<i32>>>>(deep.as_bytes()).is_err());
}

#[test]
fn adapters_work_with_plain_serde_json() {
    // Ser is Copy and works with any serde serializer.
    let value = vec![1.5f32];
    let ser = Ser(&value, TimestampFormat::EpochSeconds);
    let copy = ser;
    assert_eq!(serde_json::to_value(ser).unwrap(), json!([1.5]));
    assert_eq!(serde_json::to_string(&copy).unwrap(), "[1.5]");
    // De works as a DeserializeSeed on any deserializer, including a Value.
    use serde::de::DeserializeSeed;
    let seed = De::<Vec<Option<i8>>>::default();
    let again = seed;
    assert_eq!(
        seed.deserialize(json!([1, null])).unwrap(),
        vec![Some(1), None]
    );
    let mut de = serde_json::Deserializer::from_str("[null]");
    assert_eq!(again.deserialize(&mut de).unwrap(), vec![None]);
    let reading = Reading::wire_deserialize(json!({"SensorId": "v", "Value": "NaN"})).unwrap();
    assert!(reading.value.unwrap().is_nan());
    let stamp = DateTime::wire_deserialize(json!(1398796238.123)).unwrap();
    assert_eq!(stamp, at("2014-04-29T18:30:38.123Z"));
}

#[test]
fn timestamp_format_default_is_epoch_seconds() {
    assert_eq!(TimestampFormat::default(), TimestampFormat::EpochSeconds);
}

#[test]
fn extreme_timestamps_never_panic() {
    use awsjson_runtime::time::{PrimitiveDateTime, UtcOffset};
    let far_west = UtcOffset::from_hms(-25, -59, -59).unwrap();
    let far_east = UtcOffset::from_hms(25, 59, 59).unwrap();
    let values = [
        PrimitiveDateTime::MIN.assume_utc(),
        PrimitiveDateTime::MAX.assume_utc(),
        PrimitiveDateTime::MIN.assume_offset(far_east),
        PrimitiveDateTime::MAX.assume_offset(far_west),
    ];
    for value in values {
        let epoch = write_as(&value, TimestampFormat::EpochSeconds);
        // Epoch seconds can always be written; reading back may be out of range.
        let _ = from_json_slice::<DateTime>(epoch.as_bytes());
        if let Ok(text) = serde_json::to_string(&Ser(&value, TimestampFormat::DateTime)) {
            assert_eq!(read::<DateTime>(&text), value, "{text}");
        }
        if let Ok(text) = serde_json::to_string(&Ser(&value, TimestampFormat::HttpDate)) {
            // HTTP dates keep milliseconds only.
            let millis = value.replace_nanosecond(value.millisecond() as u32 * 1_000_000);
            assert_eq!(read::<DateTime>(&text), millis.unwrap(), "{text}");
        }
    }
    assert_eq!(
        write_as(&values[1], TimestampFormat::HttpDate),
        r#""Fri, 31 Dec 9999 23:59:59.999 GMT""#
    );
}

/// Mutates valid bodies byte by byte (deterministically) and reads them as
/// every kind of value: errors are fine, panics are not.
#[test]
fn mutated_bodies_never_panic() {
    let seeds: [&[u8]; 6] = [
        br#"{"SensorId":"s","Value":1.5e3,"TakenAt":"2014-04-29T18:30:38.5Z","Tags":{"a":"b"},"Samples":[1,null],"Payload":{"Seen":"Tue, 29 Apr 2014 18:30:38 GMT"}}"#,
        br#"{"SensorId":"s","TakenAt":1398796238.123,"Payload":{"Raw":"aGVsbG8="}}"#,
        br#"[{"t":["Sun, 02 Jan 2000 20:34:56.456 GMT",-1.5,"2000-01-02T20:34:56-07:00"]},null]"#,
        br#"["NaN","-Infinity",1e308,-0.0,18446744073709551615,"1.50e-3"]"#,
        br#"{"Future":{"a":[1,2.5,null,"\u00e9\ud83d\ude00"]},"__type":"x"}"#,
        br#"{"SensorId":"s","Samples":[127,-128,32767,-2147483648,9223372036854775807]}"#,
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    const INTERESTING: &[u8] = b"{}[]\",:0123456789.eE+-\\nul tfa\x00\xff\xc3GMTZ";
    for round in 0..20_000 {
        let mut body = seeds[round % seeds.len()].to_vec();
        for _ in 0..=(next() % 4) {
            let pos = (next() as usize) % body.len();
            let byte = INTERESTING[(next() as usize) % INTERESTING.len()];
            match next() % 3 {
                0 => body[pos] = byte,
                1 => body.insert(pos, byte),
                _ => {
                    body.remove(pos);
                }
            }
            if body.is_empty() {
                break;
            }
        }
        let _ = from_json_slice::<Reading>(&body);
        let _ = from_json_slice::<Payload>(&body);
        let _ = from_json_slice::<Vec<Option<HashMap<String, Vec<DateTime>>>>>(&body);
        let _ = from_json_slice::<Vec<Option<f64>>>(&body);
        let _ = from_json_slice::<Vec<Option<f32>>>(&body);
        let _ = from_json_slice::<Vec<BigDecimal>>(&body);
        let _ = from_json_slice::<Vec<BigInteger>>(&body);
        let _ = from_json_slice::<Vec<i8>>(&body);
        let _ = from_json_slice::<BTreeMap<String, Blob>>(&body);
        if let Ok(doc) = from_json_slice::<Document>(&body) {
            assert_eq!(read::<Document>(&write(&doc)), doc);
        }
        if let Ok(value) = from_json_slice::<Reading>(&body) {
            // Whatever reads must write and read back the same (NaN aside).
            if value.value.is_none_or(|v| !v.is_nan()) {
                assert_eq!(read::<Reading>(&write(&value)), value);
            }
        }
    }
}
