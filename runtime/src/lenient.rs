//! Tolerant decoding of response fields.
//!
//! The services do not always send the type their documentation states: numbers arrive as
//! strings and the reverse, booleans as `0`/`1` or `"true"`, empty objects of the legacy PHP
//! API as `[]`, and absent numbers as `""`. Generated response fields are `Option<T>` decoded with
//! [`option`], which accepts all of these and still rejects values that cannot mean a `T`
//! (e.g. `"abc"` for an integer) with a clear error rather than dropping them.
//!
//! Decoding streams straight from the deserializer; nothing takes a detour through
//! `serde_json::Value`.

use serde::de::{
    self, value::MapAccessDeserializer, DeserializeOwned, DeserializeSeed, Deserializer,
    IgnoredAny, MapAccess, SeqAccess, Unexpected, Visitor,
};
use std::fmt;
use std::marker::PhantomData;

/// A type that can be decoded tolerantly from a response.
pub trait Lenient: Sized {
    /// Decodes a value that must be present.
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;

    /// Decodes a value that may be absent: `null` gives `None`. Scalars whose empty string
    /// carries no value (numbers, booleans) also give `None` for `""`.
    fn deserialize_lenient_option<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Self>, D::Error> {
        deserializer.deserialize_option(OptionVisitor(PhantomData))
    }
}

/// `deserialize_with` helper for `Option<T>` response fields: `null` gives `None`.
pub fn option<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Lenient,
{
    T::deserialize_lenient_option(deserializer)
}

/// Decodes `T` with [`Lenient`] rules; a `DeserializeSeed` for use inside other visitors.
pub struct LenientSeed<T>(PhantomData<T>);

impl<T> LenientSeed<T> {
    /// A seed for `T`.
    pub fn new() -> Self {
        LenientSeed(PhantomData)
    }
}

impl<T> Default for LenientSeed<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: Lenient> DeserializeSeed<'de> for LenientSeed<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize_lenient(deserializer)
    }
}

struct OptionVisitor<T>(PhantomData<T>);

impl<'de, T: Lenient> Visitor<'de> for OptionVisitor<T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an optional value")
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        T::deserialize_lenient(deserializer).map(Some)
    }
}

/// Turns the `None` of a scalar visitor into an error for the "must be present" entry point.
fn required<T, E: de::Error>(value: Option<T>, expected: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::invalid_type(Unexpected::Other("null or empty string"), &expected))
}

// ---------------------------------------------------------------- strings

struct StringVisitor;

impl<'de> Visitor<'de> for StringVisitor {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, number or boolean")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl Lenient for String {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        required(d.deserialize_any(StringVisitor)?, "a string")
    }
    fn deserialize_lenient_option<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Self>, D::Error> {
        d.deserialize_any(StringVisitor)
    }
}

// ---------------------------------------------------------------- integers

/// Integer targets of the lenient integer visitor.
trait LenientInteger: Sized + std::str::FromStr + TryFrom<i64> + TryFrom<u64> {
    const EXPECTING: &'static str;
    fn from_integral_f64(v: f64) -> Option<Self>;
}

impl LenientInteger for i64 {
    const EXPECTING: &'static str = "a signed 64-bit integer or a string holding one";
    fn from_integral_f64(v: f64) -> Option<Self> {
        // 2^63 is exactly representable; anything at or above it does not fit.
        let fits = (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&v);
        (v.fract() == 0.0 && fits).then_some(v as i64)
    }
}

impl LenientInteger for u64 {
    const EXPECTING: &'static str = "an unsigned 64-bit integer or a string holding one";
    fn from_integral_f64(v: f64) -> Option<Self> {
        let fits = (0.0..18_446_744_073_709_551_616.0).contains(&v);
        (v.fract() == 0.0 && fits).then_some(v as u64)
    }
}

struct IntegerVisitor<T>(PhantomData<T>);

impl<'de, T: LenientInteger> Visitor<'de> for IntegerVisitor<T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        T::try_from(v)
            .map(Some)
            .map_err(|_| E::invalid_value(Unexpected::Signed(v), &self))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        T::try_from(v)
            .map(Some)
            .map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        T::from_integral_f64(v)
            .map(Some)
            .ok_or_else(|| E::invalid_value(Unexpected::Float(v), &self))
    }
    /// The legacy API sends flags documented as `Int` (0/1) as JSON booleans
    /// (`isAutoRenewals` of DescribeVpnGw).
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.visit_u64(u64::from(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let text = v.trim();
        if text.is_empty() {
            return Ok(None);
        }
        if let Ok(parsed) = text.parse::<T>() {
            return Ok(Some(parsed));
        }
        text.parse::<f64>()
            .ok()
            .and_then(T::from_integral_f64)
            .map(Some)
            .ok_or_else(|| E::invalid_value(Unexpected::Str(v), &self))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

macro_rules! lenient_integer {
    ($($t:ty),*) => {$(
        impl Lenient for $t {
            fn deserialize_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                required(d.deserialize_any(IntegerVisitor::<$t>(PhantomData))?, <$t>::EXPECTING)
            }
            fn deserialize_lenient_option<'de, D: Deserializer<'de>>(
                d: D,
            ) -> Result<Option<Self>, D::Error> {
                d.deserialize_any(IntegerVisitor::<$t>(PhantomData))
            }
        }
    )*};
}
lenient_integer!(i64, u64);

// ---------------------------------------------------------------- floats

struct FloatVisitor;

impl<'de> Visitor<'de> for FloatVisitor {
    type Value = Option<f64>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or a string holding a finite number")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let text = v.trim();
        if text.is_empty() {
            return Ok(None);
        }
        match text.parse::<f64>() {
            Ok(parsed) if parsed.is_finite() => Ok(Some(parsed)),
            _ => Err(E::invalid_value(Unexpected::Str(v), &self)),
        }
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl Lenient for f64 {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        required(d.deserialize_any(FloatVisitor)?, "a number")
    }
    fn deserialize_lenient_option<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Self>, D::Error> {
        d.deserialize_any(FloatVisitor)
    }
}

// ---------------------------------------------------------------- booleans

struct BoolVisitor;

impl<'de> Visitor<'de> for BoolVisitor {
    type Value = Option<bool>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean, 0 or 1, or \"true\"/\"false\"")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        match v {
            0 => Ok(Some(false)),
            1 => Ok(Some(true)),
            _ => Err(E::invalid_value(Unexpected::Signed(v), &self)),
        }
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        match v {
            0 => Ok(Some(false)),
            1 => Ok(Some(true)),
            _ => Err(E::invalid_value(Unexpected::Unsigned(v), &self)),
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let text = v.trim();
        if text.is_empty() {
            Ok(None)
        } else if text.eq_ignore_ascii_case("true") || text == "1" {
            Ok(Some(true))
        } else if text.eq_ignore_ascii_case("false") || text == "0" {
            Ok(Some(false))
        } else {
            Err(E::invalid_value(Unexpected::Str(v), &self))
        }
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl Lenient for bool {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        required(d.deserialize_any(BoolVisitor)?, "a boolean")
    }
    fn deserialize_lenient_option<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Self>, D::Error> {
        d.deserialize_any(BoolVisitor)
    }
}

// ---------------------------------------------------------------- containers

impl Lenient for serde_json::Value {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde::Deserialize::deserialize(d)
    }
}

struct VecVisitor<T>(PhantomData<T>);

impl<'de, T: Lenient> Visitor<'de> for VecVisitor<T> {
    type Value = Option<Vec<T>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // The size hint comes from the input; cap it so a hostile hint cannot reserve gigabytes.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(LenientSeed::<T>::new())? {
            items.push(item);
        }
        Ok(Some(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // PHP encodes an empty array as `{}` when it was built as a dictionary.
        if map.next_key::<IgnoredAny>()?.is_none() {
            Ok(Some(Vec::new()))
        } else {
            Err(de::Error::invalid_type(Unexpected::Map, &self))
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.is_empty() {
            Ok(None)
        } else {
            Err(E::invalid_type(Unexpected::Str(v), &self))
        }
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<T: Lenient> Lenient for Vec<T> {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        required(d.deserialize_any(VecVisitor(PhantomData))?, "a list")
    }
    fn deserialize_lenient_option<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Self>, D::Error> {
        d.deserialize_any(VecVisitor(PhantomData))
    }
}

impl<T: Lenient> Lenient for Option<T> {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize_lenient_option(d)
    }
}

impl<T: Lenient> Lenient for Box<T> {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize_lenient(d).map(Box::new)
    }
    fn deserialize_lenient_option<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Self>, D::Error> {
        Ok(T::deserialize_lenient_option(d)?.map(Box::new))
    }
}

// ---------------------------------------------------------------- objects

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> Visitor<'de> for ObjectVisitor<T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(Some)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // PHP encodes an empty dictionary as `[]`; that is an object with no members.
        if seq.next_element::<IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_type(Unexpected::Seq, &self));
        }
        let empty = de::value::MapDeserializer::<_, A::Error>::new(std::iter::empty::<((), ())>());
        T::deserialize(empty).map(Some)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.is_empty() {
            Ok(None)
        } else {
            Err(E::invalid_type(Unexpected::Str(v), &self))
        }
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// Decodes a generated object type through its own `Deserialize`, also accepting `[]` (the legacy
/// API's empty object). Used by [`impl_lenient_via_deserialize!`](crate::impl_lenient_via_deserialize).
pub fn deserialize_object<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    required(deserialize_object_option(deserializer)?, "an object")
}

/// Like [`deserialize_object`], but `null` and `""` give `None`.
pub fn deserialize_object_option<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    deserializer.deserialize_any(ObjectVisitor(PhantomData))
}

// ---------------------------------------------------------------- generated structs

/// Decodes an `Option<T>` with [`Lenient`] rules (`null` gives `None`); the seed generated
/// structs decode each member with.
pub struct OptionSeed<T>(PhantomData<T>);

impl<T> OptionSeed<T> {
    /// A seed for `Option<T>`.
    pub fn new() -> Self {
        OptionSeed(PhantomData)
    }
}

impl<T> Default for OptionSeed<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: Lenient> DeserializeSeed<'de> for OptionSeed<T> {
    type Value = Option<T>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        T::deserialize_lenient_option(deserializer)
    }
}

/// Decodes the next value of `map` as an `Option<T>` with [`Lenient`] rules: one member of a
/// [`LenientStruct`] (what the generated `decode_member` arms call).
pub fn member<'de, A, T>(map: &mut A) -> Result<Option<T>, A::Error>
where
    A: MapAccess<'de>,
    T: Lenient,
{
    map.next_value_seed(OptionSeed::new())
}

/// A generated struct whose members are all `Option<T>` decoded leniently (responses and data
/// structures). Its `Deserialize` is [`deserialize_struct`]; the generated code only names the
/// members and decodes one by its index, so each type costs one small impl rather than serde's
/// derived visitor plus a wrapper type per member.
pub trait LenientStruct: Default {
    /// The type's name, for error messages.
    const NAME: &'static str;
    /// The wire names of the members, in declaration order.
    const MEMBERS: &'static [&'static str];

    /// Decodes the next value of `map` into the member at `index` of [`LenientStruct::MEMBERS`].
    fn decode_member<'de, A: MapAccess<'de>>(
        &mut self,
        index: usize,
        map: &mut A,
    ) -> Result<(), A::Error>;
}

/// The `Deserialize` of a [`LenientStruct`]: a JSON object whose known members are decoded
/// leniently, unknown members ignored and a repeated member an error (as serde's derive does).
pub fn deserialize_struct<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: LenientStruct,
{
    deserializer.deserialize_struct(T::NAME, T::MEMBERS, StructVisitor(PhantomData))
}

struct StructVisitor<T>(PhantomData<T>);

impl<'de, T: LenientStruct> Visitor<'de> for StructVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut value = T::default();
        // Which members were seen, for the duplicate check (the first 256; no generated type
        // comes near that).
        let mut seen = [0u64; 4];
        while let Some(key) = map.next_key::<MemberName<'de>>()? {
            let name = key.as_str();
            match T::MEMBERS.iter().position(|member| *member == name) {
                Some(index) => {
                    if let Some(word) = seen.get_mut(index / 64) {
                        let bit = 1u64 << (index % 64);
                        if *word & bit != 0 {
                            return Err(de::Error::duplicate_field(T::MEMBERS[index]));
                        }
                        *word |= bit;
                    }
                    value.decode_member(index, &mut map)?;
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(value)
    }
}

/// A member name, borrowed from the input when the deserializer can.
enum MemberName<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl MemberName<'_> {
    fn as_str(&self) -> &str {
        match self {
            MemberName::Borrowed(name) => name,
            MemberName::Owned(name) => name,
        }
    }
}

impl<'de> serde::Deserialize<'de> for MemberName<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(MemberNameVisitor)
    }
}

struct MemberNameVisitor;

impl<'de> Visitor<'de> for MemberNameVisitor {
    type Value = MemberName<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(MemberName::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(MemberName::Owned(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(MemberName::Owned(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        // Not a name any member has; ignored like any unknown member.
        Ok(MemberName::Owned(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(MemberName::Owned(v.to_string()))
    }
}

/// Implements [`Lenient`] for generated object types by calling the type's own `Deserialize`
/// (whose fields are in turn decoded leniently).
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Vpc {
///     #[serde(rename = "VpcId", default, deserialize_with = "tcgen_runtime::lenient::option")]
///     vpc_id: Option<String>,
/// }
/// tcgen_runtime::impl_lenient_via_deserialize!(Vpc);
/// ```
#[macro_export]
macro_rules! impl_lenient_via_deserialize {
    ($($t:ty),* $(,)?) => {$(
        impl $crate::lenient::Lenient for $t {
            fn deserialize_lenient<'de, D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                $crate::lenient::deserialize_object(deserializer)
            }
            fn deserialize_lenient_option<'de, D>(
                deserializer: D,
            ) -> ::core::result::Result<::core::option::Option<Self>, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                $crate::lenient::deserialize_object_option(deserializer)
            }
        }
    )*};
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    /// A generated-style response: `LenientStruct` and `deserialize_struct`.
    #[derive(Debug, Default, PartialEq)]
    struct Gateway {
        id: Option<String>,
        bandwidth: Option<u64>,
        routes: Option<Vec<Route>>,
    }

    impl LenientStruct for Gateway {
        const NAME: &'static str = "Gateway";
        const MEMBERS: &'static [&'static str] = &["GatewayId", "Bandwidth", "Routes"];
        fn decode_member<'de, A: MapAccess<'de>>(
            &mut self,
            index: usize,
            map: &mut A,
        ) -> Result<(), A::Error> {
            match index {
                0 => self.id = member(map)?,
                1 => self.bandwidth = member(map)?,
                2 => self.routes = map.next_value_seed(OptionSeed::new())?,
                _ => {}
            }
            Ok(())
        }
    }

    impl<'de> Deserialize<'de> for Gateway {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize_struct(deserializer)
        }
    }

    #[test]
    fn lenient_structs_decode_known_members_and_skip_the_rest() {
        let gateway: Gateway = serde_json::from_str(
            r#"{"GatewayId": "gw-1", "Unknown": {"deep": [1, 2]}, "Bandwidth": "100",
                "Routes": [{"RouteId": "7", "Enabled": 1}], "Gateway\u0049d2": null}"#,
        )
        .unwrap();
        assert_eq!(
            gateway,
            Gateway {
                id: Some("gw-1".into()),
                bandwidth: Some(100),
                routes: Some(vec![Route {
                    route_id: Some(7),
                    enabled: Some(true)
                }]),
            }
        );
        // An escaped key is not borrowed from the input, and still matches.
        let escaped: Gateway = serde_json::from_str(r#"{"Gateway\u0049d": "gw-2"}"#).unwrap();
        assert_eq!(escaped.id.as_deref(), Some("gw-2"));
        // From a `Value` as well, and `null` members are absent.
        let from_value: Gateway =
            serde_json::from_value(serde_json::json!({"Bandwidth": null, "GatewayId": "x"}))
                .unwrap();
        assert_eq!(from_value.bandwidth, None);
        assert_eq!(from_value.id.as_deref(), Some("x"));
    }

    #[test]
    fn lenient_structs_reject_repeated_members_and_non_objects() {
        let error = serde_json::from_str::<Gateway>(r#"{"Bandwidth": 1, "Bandwidth": 2}"#)
            .unwrap_err()
            .to_string();
        assert!(error.contains("duplicate field `Bandwidth`"), "{error}");
        let error = serde_json::from_str::<Gateway>(r#"{"Bandwidth": "abc"}"#)
            .unwrap_err()
            .to_string();
        assert!(error.contains("abc"), "{error}");
        assert!(serde_json::from_str::<Gateway>("[]").is_err());
        assert!(serde_json::from_str::<Gateway>("\"x\"").is_err());
    }

    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct Route {
        #[serde(rename = "RouteId", default, deserialize_with = "option")]
        route_id: Option<u64>,
        #[serde(rename = "Enabled", default, deserialize_with = "option")]
        enabled: Option<bool>,
    }
    crate::impl_lenient_via_deserialize!(Route);

    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct Sample {
        #[serde(rename = "Name", default, deserialize_with = "option")]
        name: Option<String>,
        #[serde(rename = "Count", default, deserialize_with = "option")]
        count: Option<i64>,
        #[serde(rename = "Size", default, deserialize_with = "option")]
        size: Option<u64>,
        #[serde(rename = "Ratio", default, deserialize_with = "option")]
        ratio: Option<f64>,
        #[serde(rename = "Flag", default, deserialize_with = "option")]
        flag: Option<bool>,
        #[serde(rename = "Ids", default, deserialize_with = "option")]
        ids: Option<Vec<String>>,
        #[serde(rename = "Routes", default, deserialize_with = "option")]
        routes: Option<Vec<Route>>,
        #[serde(rename = "Main", default, deserialize_with = "option")]
        main: Option<Route>,
        #[serde(rename = "Raw", default, deserialize_with = "option")]
        raw: Option<serde_json::Value>,
        #[serde(rename = "Gaps", default, deserialize_with = "option")]
        gaps: Option<Vec<Option<i64>>>,
        #[serde(rename = "Nested", default, deserialize_with = "option")]
        nested: Option<Box<Route>>,
    }

    fn decode(json: &str) -> Result<Sample, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn missing_and_null_fields_are_none_and_unknown_fields_are_ignored() {
        let sample = decode(r#"{"Name": null, "Unknown": {"deep": [1, 2]}}"#).unwrap();
        assert_eq!(sample, Sample::default());
    }

    #[test]
    fn strings_accept_numbers_and_booleans() {
        let sample = decode(r#"{"Name": 42}"#).unwrap();
        assert_eq!(sample.name.as_deref(), Some("42"));
        let sample = decode(r#"{"Name": -1.5}"#).unwrap();
        assert_eq!(sample.name.as_deref(), Some("-1.5"));
        let sample = decode(r#"{"Name": true}"#).unwrap();
        assert_eq!(sample.name.as_deref(), Some("true"));
        let sample = decode(r#"{"Name": ""}"#).unwrap();
        assert_eq!(sample.name.as_deref(), Some(""));
    }

    #[test]
    fn integers_accept_numeric_strings_and_integral_floats() {
        let sample = decode(r#"{"Count": "-12", "Size": " 800001 "}"#).unwrap();
        assert_eq!((sample.count, sample.size), (Some(-12), Some(800001)));
        let sample = decode(r#"{"Count": 3.0, "Size": "1e3"}"#).unwrap();
        assert_eq!((sample.count, sample.size), (Some(3), Some(1000)));
        let sample = decode(r#"{"Count": "", "Size": null}"#).unwrap();
        assert_eq!((sample.count, sample.size), (None, None));
        let sample = decode(r#"{"Size": 18446744073709551615}"#).unwrap();
        assert_eq!(sample.size, Some(u64::MAX));
        // DescribeVpnGw documents isAutoRenewals as Int and returns `true`.
        let sample = decode(r#"{"Count": true, "Size": false}"#).unwrap();
        assert_eq!((sample.count, sample.size), (Some(1), Some(0)));
    }

    #[test]
    fn integers_reject_what_cannot_be_an_integer() {
        let err = decode(r#"{"Count": "abc"}"#).unwrap_err().to_string();
        assert!(err.contains("invalid value: string \"abc\""), "{err}");
        assert!(decode(r#"{"Count": 1.5}"#).is_err());
        assert!(decode(r#"{"Size": -1}"#).is_err());
        assert!(decode(r#"{"Count": 9223372036854775808}"#).is_err());
        assert!(decode(r#"{"Count": [1]}"#).is_err());
    }

    #[test]
    fn floats_accept_numbers_and_numeric_strings() {
        let sample = decode(r#"{"Ratio": "0.25"}"#).unwrap();
        assert_eq!(sample.ratio, Some(0.25));
        let sample = decode(r#"{"Ratio": 7}"#).unwrap();
        assert_eq!(sample.ratio, Some(7.0));
        assert!(decode(r#"{"Ratio": "NaN"}"#).is_err());
        assert!(decode(r#"{"Ratio": "x"}"#).is_err());
    }

    #[test]
    fn floats_decode_to_the_nearest_double() {
        // Found by the decoder proptest: serde_json's default fast float parser lands a few ULPs
        // off for this one, so re-serializing a response changed the number.
        let sample = decode(r#"{"Ratio": -8.466078627836495e+40}"#).unwrap();
        assert_eq!(sample.ratio, Some(-8.466078627836495e40));
        assert_eq!(
            serde_json::to_string(&sample.ratio).unwrap(),
            "-8.466078627836495e+40"
        );
    }

    #[test]
    fn booleans_accept_numbers_and_words() {
        for (json, expected) in [
            (r#"{"Flag": true}"#, Some(true)),
            (r#"{"Flag": 0}"#, Some(false)),
            (r#"{"Flag": 1}"#, Some(true)),
            (r#"{"Flag": "true"}"#, Some(true)),
            (r#"{"Flag": "False"}"#, Some(false)),
            (r#"{"Flag": "1"}"#, Some(true)),
            (r#"{"Flag": ""}"#, None),
        ] {
            assert_eq!(decode(json).unwrap().flag, expected, "{json}");
        }
        assert!(decode(r#"{"Flag": 2}"#).is_err());
        assert!(decode(r#"{"Flag": "yes"}"#).is_err());
    }

    #[test]
    fn lists_decode_elements_leniently() {
        let sample =
            decode(r#"{"Ids": ["a", 2, true], "Routes": [{"RouteId": "7", "Enabled": 1}, {}]}"#)
                .unwrap();
        assert_eq!(
            sample.ids,
            Some(vec!["a".to_string(), "2".to_string(), "true".to_string()])
        );
        assert_eq!(
            sample.routes,
            Some(vec![
                Route {
                    route_id: Some(7),
                    enabled: Some(true)
                },
                Route::default()
            ])
        );
    }

    #[test]
    fn list_elements_that_may_be_null_use_option() {
        let sample = decode(r#"{"Gaps": [1, null, "3", ""]}"#).unwrap();
        assert_eq!(sample.gaps, Some(vec![Some(1), None, Some(3), None]));
        // A null inside a list of non-optional elements is an error, not a silent drop.
        assert!(decode(r#"{"Ids": ["a", null]}"#).is_err());
    }

    #[test]
    fn php_empty_containers_are_accepted() {
        let sample = decode(r#"{"Main": [], "Ids": {}, "Routes": ""}"#).unwrap();
        assert_eq!(sample.main, Some(Route::default()));
        assert_eq!(sample.ids, Some(vec![]));
        assert_eq!(sample.routes, None);
        assert!(decode(r#"{"Main": [1]}"#).is_err());
        assert!(decode(r#"{"Ids": {"a": 1}}"#).is_err());
    }

    #[test]
    fn objects_nest_and_box() {
        let sample = decode(r#"{"Main": {"RouteId": 1}, "Nested": {"Enabled": "false"}}"#).unwrap();
        assert_eq!(sample.main.unwrap().route_id, Some(1));
        assert_eq!(sample.nested.unwrap().enabled, Some(false));
        assert!(decode(r#"{"Main": "text"}"#).is_err());
    }

    #[test]
    fn raw_json_is_kept_verbatim() {
        let sample = decode(r#"{"Raw": {"a": [1, "b", null]}}"#).unwrap();
        assert_eq!(sample.raw, Some(serde_json::json!({"a": [1, "b", null]})));
    }

    #[test]
    fn required_entry_point_rejects_null() {
        let mut de = serde_json::Deserializer::from_str("null");
        assert!(i64::deserialize_lenient(&mut de).is_err());
        let mut de = serde_json::Deserializer::from_str("\"\"");
        assert!(bool::deserialize_lenient(&mut de).is_err());
        let mut de = serde_json::Deserializer::from_str("[]");
        assert_eq!(
            Route::deserialize_lenient(&mut de).unwrap(),
            Route::default()
        );
    }
}
