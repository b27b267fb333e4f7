//! The JSON body of TC3 requests, written member by member by generated glue, as [`form`]
//! flattens it for the HMAC signatures.
//!
//! Generated request and object types implement [`JsonValue`] with one
//! [`JsonWriter::member`] call per member, in documented order, so no serde `Serializer` runs
//! between a request and its bytes. The output is byte for byte what serde_json writes for the
//! same types' `Serialize` (absent options skipped, serde_json's string escapes, `ryu` floats),
//! which the tests check; the writer exists because it is about twice as fast, not to write
//! anything different.
//!
//! [`form`]: crate::form

use std::fmt;

use crate::check::{self, CountText};
use crate::decimal;

/// A buffer that JSON values are written into, remembering the first failure of a value
/// serialized through serde (the only kind that can fail).
pub struct JsonWriter {
    buf: Vec<u8>,
    error: Option<serde_json::Error>,
}

impl fmt::Debug for JsonWriter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonWriter")
            .field("written", &String::from_utf8_lossy(&self.buf))
            .field("error", &self.error)
            .finish()
    }
}

impl Default for JsonWriter {
    fn default() -> Self {
        Self::with_capacity(0)
    }
}

impl JsonWriter {
    /// An empty writer whose buffer holds `capacity` bytes before it grows.
    pub fn with_capacity(capacity: usize) -> Self {
        JsonWriter {
            buf: Vec::with_capacity(capacity),
            error: None,
        }
    }

    /// Opens an object: `{`.
    #[inline]
    pub fn begin_object(&mut self) {
        self.buf.push(b'{');
    }

    /// Closes the object opened last: `}`.
    #[inline]
    pub fn end_object(&mut self) {
        self.buf.push(b'}');
    }

    /// Writes the member `name: value` of the open object, or nothing when the value is
    /// [absent](JsonValue::is_absent) (a `None` option). The name is escaped as needed.
    #[inline]
    pub fn member<T: JsonValue + ?Sized>(&mut self, name: &str, value: &T) {
        if value.is_absent() {
            return;
        }
        self.separate_member();
        self.string(name);
        self.buf.push(b':');
        value.write_json(self);
    }

    /// [`JsonWriter::member`] for a name known to need no escaping (no control character, `"`
    /// or `\\`), which is written as it is: generated code passes wire names, which the
    /// generator has checked, so no name is scanned at run time. A name that breaks the
    /// contract makes a debug build panic and a release build write invalid JSON.
    #[inline]
    pub fn plain_member<T: JsonValue + ?Sized>(&mut self, name: &'static str, value: &T) {
        if value.is_absent() {
            return;
        }
        debug_assert!(
            !needs_escape(name.as_bytes()),
            "JSON member name {name:?} needs escaping"
        );
        self.separate_member();
        self.buf.reserve(name.len() + 3);
        self.buf.push(b'"');
        self.buf.extend_from_slice(name.as_bytes());
        self.buf.extend_from_slice(b"\":");
        value.write_json(self);
    }

    /// [`JsonWriter::member`] for a member the docs require: an empty list or an object with
    /// no member set (`[]`, `{}`) is rejected, since the service would see nothing in it.
    pub fn required_member<T: JsonValue + ?Sized>(&mut self, name: &str, value: &T) {
        self.member(name, value);
        // The value was written last: `…:[]` or `…:{}` is exactly an empty one.
        if self.buf.ends_with(b":[]") || self.buf.ends_with(b":{}") {
            self.reject(name, check::EMPTY_REQUIRED);
        }
    }

    /// [`JsonWriter::member`] for text the docs describe as a count or an offset
    /// (`numeric_strings`): text that is not a non-negative integer is rejected.
    pub fn count_member<T: JsonValue + CountText + ?Sized>(&mut self, name: &str, value: &T) {
        match value.count_text().and_then(check::count_text_error) {
            Some(reason) => self.reject(name, &reason),
            None => self.member(name, value),
        }
    }

    /// Records that member `name` cannot be sent; [`JsonWriter::finish`] reports the first.
    fn reject(&mut self, name: &str, reason: &str) {
        use serde::ser::Error as _;
        self.error.get_or_insert_with(|| {
            serde_json::Error::custom(format!("invalid value for `{name}`: {reason}"))
        });
    }

    /// A member follows either its object's `{` or the previous member's value.
    #[inline]
    fn separate_member(&mut self) {
        if self.buf.last() != Some(&b'{') {
            self.buf.push(b',');
        }
    }

    /// Writes a string literal, escaped as serde_json escapes.
    pub fn string(&mut self, text: &str) {
        let bytes = text.as_bytes();
        self.buf.reserve(bytes.len() + 2);
        self.buf.push(b'"');
        if needs_escape(bytes) {
            self.escaped(bytes);
        } else {
            self.buf.extend_from_slice(bytes);
        }
        self.buf.push(b'"');
    }

    fn escaped(&mut self, bytes: &[u8]) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut run_start = 0;
        for (index, &byte) in bytes.iter().enumerate() {
            let escape = ESCAPE[usize::from(byte)];
            if escape == 0 {
                continue;
            }
            self.buf.extend_from_slice(&bytes[run_start..index]);
            run_start = index + 1;
            if escape == b'u' {
                self.buf.extend_from_slice(b"\\u00");
                self.buf.push(HEX[usize::from(byte >> 4)]);
                self.buf.push(HEX[usize::from(byte & 0x0f)]);
            } else {
                self.buf.extend_from_slice(&[b'\\', escape]);
            }
        }
        self.buf.extend_from_slice(&bytes[run_start..]);
    }

    /// Writes a signed integer.
    pub fn integer(&mut self, value: i64) {
        let mut digits = [0u8; 20];
        let text = decimal::signed_decimal(value, &mut digits);
        self.buf.extend_from_slice(text.as_bytes());
    }

    /// Writes an unsigned integer.
    pub fn unsigned(&mut self, value: u64) {
        let mut digits = [0u8; 20];
        let text = decimal::unsigned_decimal(value, &mut digits);
        self.buf.extend_from_slice(text.as_bytes());
    }

    /// Writes a value through its serde `Serialize`, as serde_json would: the way for values
    /// whose JSON the runtime does not write itself (floats, `serde_json::Value`, a
    /// hand-written request's own type). A failure is kept for [`JsonWriter::finish`].
    pub fn serialize<T: serde::Serialize + ?Sized>(&mut self, value: &T) {
        if let Err(err) = serde_json::to_writer(&mut self.buf, value) {
            self.error.get_or_insert(err);
        }
    }

    /// The bytes written, or the first value that could not be serialized.
    ///
    /// # Errors
    ///
    /// serde_json's error for a value written with [`JsonWriter::serialize`] whose `Serialize`
    /// failed (never the case for generated types).
    pub fn finish(self) -> Result<Vec<u8>, serde_json::Error> {
        match self.error {
            Some(err) => Err(err),
            None => Ok(self.buf),
        }
    }
}

/// Whether any byte of `bytes` is escaped in a JSON string (a control byte, `"` or `\\`).
///
/// Looks at eight bytes at a time (the classic "has a zero byte" / "has a byte below n" word
/// tests, which are exact about whether such a byte exists), so that the common case, a short
/// text with nothing to escape, is a few word operations and one copy.
#[inline]
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    const QUOTES: u64 = u64::from_ne_bytes([b'"'; 8]);
    const BACKSLASHES: u64 = u64::from_ne_bytes([b'\\'; 8]);
    let word_needs_escape = |word: u64| {
        let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
        let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
        (below_space | has_zero(word ^ QUOTES) | has_zero(word ^ BACKSLASHES)) != 0
    };
    let word_at =
        |start: usize| u64::from_ne_bytes(bytes[start..start + 8].try_into().expect("eight bytes"));
    if bytes.len() < 8 {
        return bytes
            .iter()
            .any(|&byte| byte < 0x20 || byte == b'"' || byte == b'\\');
    }
    let mut start = 0;
    while start + 8 < bytes.len() {
        if word_needs_escape(word_at(start)) {
            return true;
        }
        start += 8;
    }
    // The last eight bytes, overlapping the words already tested: a load, not a copy into a
    // padded word (which the CPU cannot forward to the load and stalls on).
    word_needs_escape(word_at(bytes.len() - 8))
}

/// For each byte, 0 when it stands for itself in a JSON string, else the character after the
/// backslash of its escape (`u` for `\u00XX`), as serde_json escapes.
const ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = b'u';
        byte += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0a] = b'n';
    table[0x0c] = b'f';
    table[0x0d] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// A value that writes itself as JSON, as its serde `Serialize` would through serde_json.
pub trait JsonValue {
    /// Writes this value.
    fn write_json(&self, out: &mut JsonWriter);

    /// Whether a member holding this value is left out of its object (a `None` option, as
    /// `skip_serializing_if = "Option::is_none"` does). Unlike the form's absence, an empty
    /// list is still sent: serde sends `[]`.
    fn is_absent(&self) -> bool {
        false
    }
}

impl JsonValue for str {
    #[inline]
    fn write_json(&self, out: &mut JsonWriter) {
        out.string(self);
    }
}

impl JsonValue for String {
    #[inline]
    fn write_json(&self, out: &mut JsonWriter) {
        out.string(self);
    }
}

macro_rules! integer_json_value {
    ($($t:ty => $write:ident as $wide:ty),*) => {$(
        impl JsonValue for $t {
            #[inline]
            fn write_json(&self, out: &mut JsonWriter) {
                out.$write(<$wide>::from(*self));
            }
        }
    )*};
}
integer_json_value!(
    i32 => integer as i64,
    i64 => integer as i64,
    u32 => unsigned as u64,
    u64 => unsigned as u64
);

impl JsonValue for f64 {
    fn write_json(&self, out: &mut JsonWriter) {
        // serde_json's float format (shortest round trip, `null` when not finite).
        out.serialize(self);
    }
}

impl JsonValue for bool {
    #[inline]
    fn write_json(&self, out: &mut JsonWriter) {
        out.buf
            .extend_from_slice(if *self { b"true" } else { b"false" });
    }
}

impl<T: JsonValue> JsonValue for Option<T> {
    #[inline]
    fn write_json(&self, out: &mut JsonWriter) {
        match self {
            Some(value) => value.write_json(out),
            None => out.buf.extend_from_slice(b"null"),
        }
    }

    #[inline]
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

impl<T: JsonValue> JsonValue for [T] {
    fn write_json(&self, out: &mut JsonWriter) {
        out.buf.push(b'[');
        for (index, item) in self.iter().enumerate() {
            if index > 0 {
                out.buf.push(b',');
            }
            item.write_json(out);
        }
        out.buf.push(b']');
    }
}

impl<T: JsonValue> JsonValue for Vec<T> {
    #[inline]
    fn write_json(&self, out: &mut JsonWriter) {
        self.as_slice().write_json(out);
    }
}

impl<T: JsonValue + ?Sized> JsonValue for Box<T> {
    #[inline]
    fn write_json(&self, out: &mut JsonWriter) {
        (**self).write_json(out);
    }

    #[inline]
    fn is_absent(&self) -> bool {
        (**self).is_absent()
    }
}

impl<T: JsonValue + ?Sized> JsonValue for &T {
    #[inline]
    fn write_json(&self, out: &mut JsonWriter) {
        (**self).write_json(out);
    }

    #[inline]
    fn is_absent(&self) -> bool {
        (**self).is_absent()
    }
}

impl JsonValue for serde_json::Value {
    fn write_json(&self, out: &mut JsonWriter) {
        out.serialize(self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    fn written<T: JsonValue + ?Sized>(value: &T) -> String {
        let mut out = JsonWriter::default();
        value.write_json(&mut out);
        String::from_utf8(out.finish().unwrap()).unwrap()
    }

    #[test]
    fn strings_are_escaped_exactly_as_serde_json_escapes_them() {
        let mut every_control: String = (0u8..0x20).map(char::from).collect();
        every_control.push('\u{7f}');
        for text in [
            "",
            "plain",
            "quote \" and backslash \\ and slash /",
            "line\nfeed\r\ttab\u{8}\u{c}",
            every_control.as_str(),
            "测试VPC 🚀 é",
            "\"leading and trailing\\",
            "a long run of plain text before one escape at the very end of it\n",
        ] {
            assert_eq!(
                written(text),
                serde_json::to_string(text).unwrap(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn the_word_test_finds_every_escaped_byte_at_every_position() {
        for length in 0..20 {
            for position in 0..length {
                for byte in 0u8..=255 {
                    let mut text = vec![b'x'; length];
                    text[position] = byte;
                    let expected = ESCAPE[usize::from(byte)] != 0;
                    assert_eq!(
                        needs_escape(&text),
                        expected,
                        "byte {byte:#04x} at {position} of {length}"
                    );
                }
            }
        }
        // Random texts over bytes chosen near the tests' edges, against the table.
        let edges = [
            0x00, 0x01, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x5b, 0x5c, 0x5d, 0x7f, 0x80, 0xa2, 0xdc,
            0xff,
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let length = (state % 24) as usize;
            let text: Vec<u8> = (0..length)
                .map(|i| edges[((state >> (i % 16 * 4)) % edges.len() as u64) as usize])
                .collect();
            let expected = text.iter().any(|&byte| ESCAPE[usize::from(byte)] != 0);
            assert_eq!(needs_escape(&text), expected, "{text:02x?}");
        }
        // Bytes above 0x80 around an escaped one do not hide it (no borrow across bytes).
        assert!(needs_escape(&[
            0xff, 0x1f, 0xff, 0x80, 0xe6, 0xb5, 0x8b, 0xff
        ]));
        assert!(!needs_escape("测试VPC 🚀".as_bytes()));
    }

    #[test]
    fn numbers_match_serde_json() {
        for value in [0, 1, -1, 9, 10, -10, 1_234_567_890, i64::MAX, i64::MIN] {
            assert_eq!(written(&value), serde_json::to_string(&value).unwrap());
        }
        for value in [0, 7, u64::MAX] {
            assert_eq!(written(&value), serde_json::to_string(&value).unwrap());
        }
        assert_eq!(written(&-7i32), "-7");
        assert_eq!(written(&7u32), "7");
        for value in [
            0.0,
            -0.0,
            0.5,
            1e21,
            1.5e-7,
            3.0,
            f64::MAX,
            f64::NAN,
            f64::INFINITY,
        ] {
            assert_eq!(written(&value), serde_json::to_string(&value).unwrap());
        }
    }

    #[test]
    fn options_lists_and_values_match_serde_json() {
        let nested: Vec<Option<Vec<String>>> =
            vec![Some(vec!["a".into(), "b\"".into()]), None, Some(vec![])];
        assert_eq!(written(&nested), serde_json::to_string(&nested).unwrap());
        let value = serde_json::json!({"b": [1, 2.5, null, true], "a": {"x": "y"}});
        assert_eq!(written(&value), serde_json::to_string(&value).unwrap());
        assert_eq!(written(&Box::new(false)), "false");
    }

    /// A struct as the emitter writes it, against serde's derive of the same struct.
    #[derive(Serialize)]
    struct Policy {
        #[serde(rename = "Index", skip_serializing_if = "Option::is_none")]
        index: Option<i64>,
        #[serde(rename = "Protocol")]
        protocol: String,
        #[serde(rename = "Ports", skip_serializing_if = "Option::is_none")]
        ports: Option<Vec<String>>,
        #[serde(rename = "Inner", skip_serializing_if = "Option::is_none")]
        inner: Option<Box<Policy>>,
    }

    impl JsonValue for Policy {
        fn write_json(&self, out: &mut JsonWriter) {
            out.begin_object();
            out.plain_member("Index", &self.index);
            out.plain_member("Protocol", &self.protocol);
            out.member("Ports", &self.ports);
            out.member("Inner", &self.inner);
            out.end_object();
        }
    }

    #[test]
    fn objects_skip_absent_members_and_separate_the_others() {
        let leaf = Policy {
            index: None,
            protocol: "UDP".into(),
            ports: Some(vec![]),
            inner: None,
        };
        let policies = [
            Policy {
                index: Some(-3),
                protocol: "TCP".into(),
                ports: Some(vec!["22".into(), "80-90".into()]),
                inner: Some(Box::new(leaf)),
            },
            Policy {
                index: None,
                protocol: String::new(),
                ports: None,
                inner: None,
            },
        ];
        assert_eq!(
            written(&policies[..]),
            serde_json::to_string(&policies).unwrap()
        );
    }

    #[test]
    fn member_names_are_escaped_unless_plain() {
        let mut out = JsonWriter::default();
        out.begin_object();
        out.member("Quoted\"Name\n", &1);
        out.plain_member("Plain", &2);
        out.end_object();
        let written = String::from_utf8(out.finish().unwrap()).unwrap();
        assert_eq!(written, r#"{"Quoted\"Name\n":1,"Plain":2}"#);
    }

    #[test]
    fn a_failing_serialize_is_kept_for_finish() {
        struct Failing;
        impl Serialize for Failing {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("no JSON for this"))
            }
        }
        let mut out = JsonWriter::default();
        out.begin_object();
        out.serialize(&Failing);
        let err = out.finish().unwrap_err();
        assert!(err.to_string().contains("no JSON for this"), "{err}");
    }
}
