//! Lenient decoding for response fields: real responses send numbers as strings and
//! strings as numbers, and `null` where a list belongs.
//!
//! Generated response types and models implement [`Fields`] (one `match` on the wire
//! name) and get `Deserialize` from [`fields`]: the decoding loop is written once, here,
//! instead of a serde derive per type, which costs far more to compile (see
//! BENCHMARKS.md). The `deserialize_with` entry points ([`de()`], [`nullable`], [`model`],
//! [`models`]) serve hand-written types.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, SeqAccess, Visitor};

/// A struct decoded field by field from a JSON object: unknown keys are skipped, absent
/// ones keep their default. Generated code implements it; [`fields`] drives it.
pub trait Fields: Default {
    /// Reads the value under `key` from `map` into the field with that wire name,
    /// through one of the `next_*` functions, or skips it ([`skip`]).
    fn field<'de, A: de::MapAccess<'de>>(&mut self, key: &str, map: &mut A)
    -> Result<(), A::Error>;
}

/// `Deserialize::deserialize` for a [`Fields`] type: an object, key by key.
pub fn fields<'de, D: Deserializer<'de>, T: Fields>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(FieldsVisitor(PhantomData))
}

struct FieldsVisitor<T>(PhantomData<T>);

impl<'de, T: Fields> Visitor<'de> for FieldsVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut out = T::default();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            out.field(key.as_str(), &mut map)?;
        }
        Ok(out)
    }
}

/// An object key, borrowed from the input when it can be (no allocation per key).
enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(key) => key,
            Key::Owned(key) => key,
        }
    }
}

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Skips the value of a key no field has.
pub fn skip<'de, A: de::MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>().map(drop)
}

/// The seeds behind the `next_*` functions: each calls one `deserialize_with` entry
/// point, so every field of a given type shares one instantiation. A `next_*` function
/// stores the value into its field itself: a generated `field` arm is then one call with
/// no `?` and no assignment of its own, which took a tenth off the check of the compile
/// guard's three services (3.64 -> 3.26 s; BENCHMARKS.md, issue #40).
macro_rules! seeded {
    ($(#[$doc:meta])* $next:ident, $seed:ident, $entry:ident, $value:ty, $($bound:tt)+) => {
        struct $seed<T>(PhantomData<T>);

        impl<'de, T: $($bound)+> DeserializeSeed<'de> for $seed<T> {
            type Value = $value;
            fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<$value, D::Error> {
                $entry(deserializer)
            }
        }

        $(#[$doc])*
        pub fn $next<'de, A: de::MapAccess<'de>, T: $($bound)+>(map: &mut A, slot: &mut $value) -> Result<(), A::Error> {
            *slot = map.next_value_seed($seed(PhantomData))?;
            Ok(())
        }
    };
}

seeded!(
    /// Reads the next value into `slot` as a scalar, an option or a list of scalars ([`de()`]).
    next_scalar, ScalarSeed, de, T, Lenient<'de>
);
seeded!(
    /// Reads the next value into `slot`, `null` read as the default ([`nullable`]).
    next_nullable, NullableSeed, nullable, T, de::Deserialize<'de> + Default
);
seeded!(
    /// Reads the next value into `slot` as one model or enum, absent when of the wrong shape ([`model`]).
    next_model, ModelSeed, model, Option<T>, de::Deserialize<'de>
);
seeded!(
    /// Reads the next value into `slot` as a list of models or enums, tolerantly ([`models`]).
    next_models, ModelsSeed, models, Vec<T>, de::Deserialize<'de>
);

/// A type that accepts every reasonable spelling of its values.
pub trait Lenient<'de>: Sized {
    /// Decodes leniently.
    fn lenient<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// The `deserialize_with` entry point for scalars, options and arrays of scalars.
pub fn de<'de, D: Deserializer<'de>, T: Lenient<'de>>(deserializer: D) -> Result<T, D::Error> {
    T::lenient(deserializer)
}

/// The `deserialize_with` entry point for free-form JSON and other shapes that only
/// need `null` read as the default.
pub fn nullable<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: de::Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// The `deserialize_with` entry point for one model or enum: `null`, or a value of the
/// wrong shape (a string where the documentation promises an object, as some of the
/// API's own examples send), reads as absent. Errors inside a well-shaped value still
/// fail, with their path.
pub fn model<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: de::Deserialize<'de>,
{
    deserializer.deserialize_any(Tolerant(PhantomData))
}

/// The `deserialize_with` entry point for a list of models or enums: `null` or a
/// scalar reads as an empty list, one object as a list of one, and elements of the
/// wrong shape are skipped.
pub fn models<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: de::Deserialize<'de>,
{
    struct ListVisitor<T>(PhantomData<T>);
    impl<'de, T: de::Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a list")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
            while let Some(element) = seq.next_element_seed(ToleratedElement::<T>(PhantomData))? {
                out.extend(element);
            }
            Ok(out)
        }
        fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Vec<T>, A::Error> {
            T::deserialize(de::value::MapAccessDeserializer::new(map)).map(|one| vec![one])
        }
        fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_none<E: de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
    }
    deserializer.deserialize_any(ListVisitor(PhantomData))
}

struct ToleratedElement<T>(PhantomData<T>);

impl<'de, T: de::Deserialize<'de>> DeserializeSeed<'de> for ToleratedElement<T> {
    type Value = Option<T>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        deserializer.deserialize_any(Tolerant(PhantomData))
    }
}

/// Reads a model (from an object) or an enum (from a scalar); anything else is absent.
struct Tolerant<T>(PhantomData<T>);

impl<'de, T: de::Deserialize<'de>> Visitor<'de> for Tolerant<T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object or a value")
    }
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Option<T>, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<T>, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<T>, E> {
        Ok(T::deserialize(de::value::StrDeserializer::<E>::new(v)).ok())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<T>, E> {
        Ok(T::deserialize(de::value::I64Deserializer::<E>::new(v)).ok())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<T>, E> {
        Ok(T::deserialize(de::value::U64Deserializer::<E>::new(v)).ok())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<T>, E> {
        Ok(T::deserialize(de::value::F64Deserializer::<E>::new(v)).ok())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Option<T>, E> {
        Ok(T::deserialize(de::value::BoolDeserializer::<E>::new(v)).ok())
    }
}

use serde::Deserialize as _;

struct ScalarVisitor<T>(PhantomData<T>);

macro_rules! reject_others {
    () => {
        fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
            Err(de::Error::invalid_type(de::Unexpected::Seq, &self))
        }
    };
}

impl<'de> Visitor<'de> for ScalarVisitor<String> {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or a number")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(crate::wire::format_float(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
    reject_others!();
}

impl<'de> Visitor<'de> for ScalarVisitor<i64> {
    type Value = i64;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer, or a string holding one")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
        // Integral floats (`5.0`) are integers; `i64::MAX as f64` rounds up, hence `<`.
        if v.fract() == 0.0 && v >= i64::MIN as f64 && v < i64::MAX as f64 {
            Ok(v as i64)
        } else {
            Err(E::invalid_value(de::Unexpected::Float(v), &self))
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
        let trimmed = v.trim();
        trimmed
            .parse::<i64>()
            .or_else(|_| {
                trimmed
                    .parse::<f64>()
                    .map_err(|_| ())
                    .and_then(|f| self.visit_f64::<E>(f).map_err(|_| ()))
            })
            .map_err(|_| {
                E::invalid_value(de::Unexpected::Str(v), &ScalarVisitor::<i64>(PhantomData))
            })
    }
    reject_others!();
}

impl<'de> Visitor<'de> for ScalarVisitor<f64> {
    type Value = f64;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, or a string holding one")
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
        v.trim()
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }
    reject_others!();
}

impl<'de> Visitor<'de> for ScalarVisitor<bool> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean, 0 or 1, or \"true\"/\"false\"")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        match v {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(E::invalid_value(de::Unexpected::Signed(v), &self)),
        }
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        self.visit_i64(i64::try_from(v).unwrap_or(i64::MAX))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        match v.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
        }
    }
    reject_others!();
}

macro_rules! lenient_scalar {
    ($($ty:ty),*) => {$(
        impl<'de> Lenient<'de> for $ty {
            fn lenient<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_any(ScalarVisitor::<$ty>(PhantomData))
            }
        }
    )*};
}

lenient_scalar!(String, i64, f64, bool);

impl<'de, T: Lenient<'de>> Lenient<'de> for Option<T> {
    fn lenient<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OptionVisitor<T>(PhantomData<T>);
        impl<'de, T: Lenient<'de>> Visitor<'de> for OptionVisitor<T> {
            type Value = Option<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value or null")
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<Self::Value, D::Error> {
                T::lenient(deserializer).map(Some)
            }
        }
        deserializer.deserialize_option(OptionVisitor(PhantomData))
    }
}

impl<'de, T: Lenient<'de>> Lenient<'de> for Vec<T> {
    fn lenient<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Element<T>(PhantomData<T>);
        impl<'de, T: Lenient<'de>> DeserializeSeed<'de> for Element<T> {
            type Value = T;
            fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
                T::lenient(deserializer)
            }
        }
        struct VecVisitor<T>(PhantomData<T>);
        impl<'de, T: Lenient<'de>> Visitor<'de> for VecVisitor<T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list or null")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Vec::new())
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Vec::new())
            }
            fn visit_some<D: Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<Self::Value, D::Error> {
                deserializer.deserialize_seq(self)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(value) = seq.next_element_seed(Element(PhantomData))? {
                    out.push(value);
                }
                Ok(out)
            }
        }
        deserializer.deserialize_option(VecVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(default)]
    struct Sample {
        #[serde(rename = "S", deserialize_with = "super::de")]
        s: Option<String>,
        #[serde(rename = "I", deserialize_with = "super::de")]
        i: Option<i64>,
        #[serde(rename = "F", deserialize_with = "super::de")]
        f: Option<f64>,
        #[serde(rename = "B", deserialize_with = "super::de")]
        b: Option<bool>,
        #[serde(rename = "L", deserialize_with = "super::de")]
        l: Vec<String>,
    }

    #[test]
    fn accepts_both_spellings_of_scalars() {
        let cases = [
            (
                r#"{"S": "x", "I": 5, "F": 1.5, "B": true, "L": ["a"]}"#,
                Some("x"),
                Some(5),
                Some(1.5),
                Some(true),
                vec!["a"],
            ),
            (
                r#"{"S": 1700000000, "I": "5", "F": "1.5", "B": "false", "L": [1, "b"]}"#,
                Some("1700000000"),
                Some(5),
                Some(1.5),
                Some(false),
                vec!["1", "b"],
            ),
            (
                r#"{"S": null, "I": null, "L": null, "Unknown": {"x": 1}}"#,
                None,
                None,
                None,
                None,
                vec![],
            ),
            (
                r#"{"I": 5.0, "B": 1}"#,
                None,
                Some(5),
                None,
                Some(true),
                vec![],
            ),
        ];
        for (json, s, i, f, b, l) in cases {
            let sample: Sample =
                serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
            assert_eq!(sample.s.as_deref(), s, "{json}");
            assert_eq!((sample.i, sample.f, sample.b), (i, f, b), "{json}");
            assert_eq!(sample.l, l, "{json}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_value_of_the_type() {
        for json in [
            r#"{"I": "five"}"#,
            r#"{"I": 1.5}"#,
            r#"{"B": "maybe"}"#,
            r#"{"S": [1]}"#,
            r#"{"F": "NaN"}"#,
        ] {
            assert!(serde_json::from_str::<Sample>(json).is_err(), "{json}");
        }
    }
}
