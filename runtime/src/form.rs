//! Flattening of request parameters into the `Key.N.Member` form that the HMAC-signed APIs expect.
//!
//! Lists are indexed from 0 (`Filters.0.Values.1`), object members are joined with a dot
//! (`InstanceChargePrepaid.Period`, `subnetSet.0.zoneId`), absent options and empty lists write
//! nothing, booleans are `true`/`false`.
//!
//! The flattened form borrows: string values are `&'a str` into the request being flattened,
//! and the keys (and the text of numbers and booleans) are appended to one buffer that the pairs
//! index into. Flattening a request costs a few allocations however many members it has, and no
//! value is copied before it is signed and url-encoded.

use std::fmt;
use std::ops::Range;

use crate::check::{self, CountText};
use crate::decimal;

/// A piece of text of a flattened pair: borrowed from the request, or a range of the form's own
/// text buffer (keys, and values that had to be formatted).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Text<'a> {
    Borrowed(&'a str),
    Buffer(usize, usize),
}

impl<'a> Text<'a> {
    fn resolve<'s>(self, buffer: &'s str) -> &'s str
    where
        'a: 's,
    {
        match self {
            Text::Borrowed(text) => text,
            Text::Buffer(start, end) => &buffer[start..end],
        }
    }
}

/// Flattened `(key, value)` pairs in insertion order, borrowing the values from the request
/// they were written from (see [`FormWriter`]).
#[derive(Clone)]
pub struct Form<'a> {
    text: String,
    pairs: Vec<(Range<usize>, Text<'a>)>,
    /// Every key is made of ASCII letters, digits, `.`, `-` and `~` only: it needs no url
    /// encoding and has no `_` for the string to sign to replace.
    plain_keys: bool,
}

impl Default for Form<'_> {
    fn default() -> Self {
        Form {
            text: String::new(),
            pairs: Vec::new(),
            plain_keys: true,
        }
    }
}

impl<'a> Form<'a> {
    /// The number of pairs.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether there are no pairs.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The pairs in insertion order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + Clone + '_ {
        self.pairs
            .iter()
            .map(|(key, value)| (&self.text[key.clone()], value.resolve(self.text.as_str())))
    }

    /// Whether every key is plain: ASCII letters, digits, `.`, `-` and `~` only, so that it is
    /// its own url encoding and has no `_`. Generated requests' keys always are.
    pub fn plain_keys(&self) -> bool {
        self.plain_keys
    }

    /// The pairs as owned strings, in insertion order.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        self.iter()
            .map(|(key, value)| (key.to_owned(), value.to_owned()))
            .collect()
    }

    /// A form of the given pairs, in the given order (for callers that flatten by hand).
    pub fn from_pairs<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> Form<'static> {
        let mut form = Form {
            text: String::new(),
            pairs: Vec::with_capacity(pairs.len()),
            plain_keys: true,
        };
        for (key, value) in pairs {
            form.plain_keys &= is_plain(key.as_ref());
            let key = form.append(key.as_ref());
            let value = form.append(value.as_ref());
            form.pairs.push((key, Text::Buffer(value.start, value.end)));
        }
        form
    }

    fn append(&mut self, text: &str) -> Range<usize> {
        let start = self.text.len();
        self.text.push_str(text);
        start..self.text.len()
    }
}

/// The bytes of plain keys: ASCII letters, digits, `.`, `-`, `~` (url-unreserved, but not `_`).
const PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] =
            matches!(byte as u8, b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'~');
        byte += 1;
    }
    table
};

fn is_plain(text: &str) -> bool {
    text.bytes().all(|byte| PLAIN[usize::from(byte)])
}

impl fmt::Debug for Form<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for Form<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Form<'_> {}

/// The key a value is written under, e.g. `Filters.0` (see [`FormWriter::field`]).
///
/// Keys are built in the writer's own buffer: a `Key` names the first `len` bytes of it, so
/// descending into a member appends `.Member` once and a value's key is copied into the form
/// once, with no intermediate string. [`Key::ROOT`] is the empty key of a request's top level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    len: usize,
}

impl Key {
    /// The empty key: members written under it are top-level parameters (`VpcId`).
    pub const ROOT: Key = Key { len: 0 };

    /// Whether this is the empty key.
    pub fn is_root(self) -> bool {
        self.len == 0
    }
}

/// Collects flattened `(key, value)` pairs in insertion order; string values are borrowed for
/// `'a` (the lifetime of the request being flattened).
#[derive(Clone, Debug, Default)]
pub struct FormWriter<'a> {
    form: Form<'a>,
    /// The key being built: every [`Key`] handed out is a prefix of it.
    key: String,
    invalid: Vec<InvalidFormValue>,
}

/// A value that cannot be sent, e.g. a non-finite float, recorded by [`FormWriter::reject`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidFormValue {
    /// The flattened key of the rejected value.
    pub key: String,
    /// Why the value cannot be sent.
    pub reason: String,
}

impl fmt::Display for InvalidFormValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid value for `{}`: {}", self.key, self.reason)
    }
}

impl std::error::Error for InvalidFormValue {}

impl<'a> FormWriter<'a> {
    /// An empty writer, with room for the keys and values of a typical request, so that
    /// flattening one usually allocates three times.
    pub fn new() -> Self {
        FormWriter {
            form: Form {
                text: String::with_capacity(512),
                pairs: Vec::with_capacity(32),
                plain_keys: true,
            },
            key: String::with_capacity(64),
            invalid: Vec::new(),
        }
    }

    /// The text of `key`.
    pub fn key_text(&self, key: Key) -> &str {
        self.key.get(..key.len).unwrap_or_default()
    }

    /// The key of member `name` under `parent` (`parent.name`, or `name` at the top level):
    /// appended to the key buffer, after cutting it back to `parent`.
    pub fn child(&mut self, parent: Key, name: &str) -> Key {
        self.form.plain_keys &= is_plain(name);
        self.descend(parent, name)
    }

    /// [`FormWriter::child`] for a list index, which is always plain.
    fn child_index(&mut self, parent: Key, index: usize) -> Key {
        let mut digits = [0u8; 20];
        // A list index fits in a u64 on every supported target.
        self.descend(parent, decimal::unsigned_decimal(index as u64, &mut digits))
    }

    fn descend(&mut self, parent: Key, name: &str) -> Key {
        // A key from this writer is a prefix of the buffer, so this cuts at a boundary; anything
        // else (a key of another writer) starts over at the top level rather than panic.
        let len = if self.key.is_char_boundary(parent.len) {
            parent.len
        } else {
            0
        };
        self.key.truncate(len);
        if len > 0 {
            self.key.push('.');
        }
        self.key.push_str(name);
        Key {
            len: self.key.len(),
        }
    }

    /// Appends the text of `key` to the form's text.
    fn append_key(&mut self, key: Key) -> Range<usize> {
        let start = self.form.text.len();
        self.form
            .text
            .push_str(self.key.get(..key.len).unwrap_or_default());
        start..self.form.text.len()
    }

    /// Appends one pair whose value is borrowed.
    pub fn push(&mut self, key: Key, value: &'a str) {
        let key = self.append_key(key);
        self.form.pairs.push((key, Text::Borrowed(value)));
    }

    /// Appends one pair whose value is text written here (numbers, booleans).
    pub fn push_display(&mut self, key: Key, value: impl fmt::Display) {
        use fmt::Write as _;
        let key = self.append_key(key);
        let start = self.form.text.len();
        // Writing into a String cannot fail.
        let _ = write!(self.form.text, "{value}");
        let end = self.form.text.len();
        self.form.pairs.push((key, Text::Buffer(start, end)));
    }

    /// Appends one pair whose value is a signed integer in decimal.
    pub fn push_integer(&mut self, key: Key, value: i64) {
        let mut digits = [0u8; 20];
        self.push_digits(key, decimal::signed_decimal(value, &mut digits));
    }

    /// Appends one pair whose value is an unsigned integer in decimal.
    pub fn push_unsigned(&mut self, key: Key, value: u64) {
        let mut digits = [0u8; 20];
        self.push_digits(key, decimal::unsigned_decimal(value, &mut digits));
    }

    /// Appends one pair whose value (formatted digits) is copied into the form's buffer.
    fn push_digits(&mut self, key: Key, digits: &str) {
        let key = self.append_key(key);
        let value = self.form.append(digits);
        self.form
            .pairs
            .push((key, Text::Buffer(value.start, value.end)));
    }

    /// Writes member `name` of the object at `key` ([`Key::ROOT`] for a request's top-level
    /// members).
    pub fn field<T: FormValue + ?Sized>(&mut self, key: Key, name: &str, value: &'a T) {
        if value.is_absent() {
            return;
        }
        let key = self.child(key, name);
        value.write_form(key, self);
    }

    /// [`FormWriter::field`] for a member the docs require: one that writes nothing (an empty
    /// list, an object with no member set) is rejected, since the service would see it missing.
    pub fn required_field<T: FormValue + ?Sized>(&mut self, key: Key, name: &str, value: &'a T) {
        let (pairs, invalid) = (self.form.pairs.len(), self.invalid.len());
        self.field(key, name, value);
        if self.form.pairs.len() == pairs && self.invalid.len() == invalid {
            let key = self.child(key, name);
            self.reject(key, check::EMPTY_REQUIRED);
        }
    }

    /// [`FormWriter::field`] for text the docs describe as a count or an offset
    /// (`numeric_strings`): text that is not a non-negative integer is rejected.
    pub fn count_field<T: FormValue + CountText + ?Sized>(
        &mut self,
        key: Key,
        name: &str,
        value: &'a T,
    ) {
        match value.count_text().and_then(check::count_text_error) {
            Some(reason) => {
                let key = self.child(key, name);
                self.reject(key, reason);
            }
            None => self.field(key, name, value),
        }
    }

    /// Records that the value at `key` cannot be represented; [`FormWriter::finish`] reports it.
    pub fn reject(&mut self, key: Key, reason: impl Into<String>) {
        let key = self.key_text(key).to_owned();
        self.invalid.push(InvalidFormValue {
            key,
            reason: reason.into(),
        });
    }

    /// The pairs written so far.
    pub fn form(&self) -> &Form<'a> {
        &self.form
    }

    /// The pairs in insertion order, as owned strings. Rejected values are not among them; use
    /// [`FormWriter::finish`] to learn about them.
    pub fn into_pairs(self) -> Vec<(String, String)> {
        self.form.to_pairs()
    }

    /// The pairs in insertion order, or the first value that could not be represented.
    pub fn finish(self) -> Result<Form<'a>, InvalidFormValue> {
        match self.invalid.into_iter().next() {
            Some(invalid) => Err(invalid),
            None => Ok(self.form),
        }
    }
}

/// A value that knows how to flatten itself under a key.
///
/// The value is borrowed for the writer's lifetime `'a`, so strings are written without a copy.
pub trait FormValue {
    /// Writes this value under `key` (an object writes its members as `key.Member`).
    fn write_form<'a>(&'a self, key: Key, out: &mut FormWriter<'a>);

    /// Whether this value writes nothing (`None`, an empty list, JSON `null`), so that
    /// [`FormWriter::field`] need not build its key.
    fn is_absent(&self) -> bool {
        false
    }
}

impl FormValue for str {
    fn write_form<'a>(&'a self, key: Key, out: &mut FormWriter<'a>) {
        out.push(key, self);
    }
}

impl FormValue for String {
    fn write_form<'a>(&'a self, key: Key, out: &mut FormWriter<'a>) {
        out.push(key, self.as_str());
    }
}

macro_rules! integer_form_value {
    ($($t:ty => $push:ident as $wide:ty),*) => {$(
        impl FormValue for $t {
            fn write_form<'a>(&'a self, key: Key, out: &mut FormWriter<'a>) {
                out.$push(key, <$wide>::from(*self));
            }
        }
    )*};
}
integer_form_value!(
    i32 => push_integer as i64,
    i64 => push_integer as i64,
    u32 => push_unsigned as u64,
    u64 => push_unsigned as u64
);

impl FormValue for f64 {
    fn write_form<'a>(&'a self, key: Key, out: &mut FormWriter<'a>) {
        write_float(*self, key, out);
    }
}

fn write_float(value: f64, key: Key, out: &mut FormWriter<'_>) {
    if value.is_finite() {
        // Rust's Display is the shortest round-trip form and never uses an exponent.
        out.push_display(key, value);
    } else {
        out.reject(key, format!("{value} is not a finite number"));
    }
}

impl FormValue for bool {
    fn write_form<'a>(&'a self, key: Key, out: &mut FormWriter<'a>) {
        out.push(key, if *self { "true" } else { "false" });
    }
}

impl<T: FormValue> FormValue for Option<T> {
    fn write_form<'a>(&'a self, key: Key, out: &mut FormWriter<'a>) {
        if let Some(value) = self {
            value.write_form(key, out);
        }
    }

    fn is_absent(&self) -> bool {
        self.as_ref().is_none_or(T::is_absent)
    }
}

impl<T: FormValue> FormValue for [T] {
    fn write_form<'a>(&'a self, key: Key, out: &mut FormWriter<'a>) {
        for (index, item) in self.iter().enumerate() {
            let key = out.child_index(key, index);
            item.write_form(key, out);
        }
    }

    fn is_absent(&self) -> bool {
        self.is_empty()
    }
}

impl<T: FormValue> FormValue for Vec<T> {
    fn write_form<'a>(&'a self, key: Key, out: &mut FormWriter<'a>) {
        self.as_slice().write_form(key, out);
    }

    fn is_absent(&self) -> bool {
        self.is_empty()
    }
}

impl<T: FormValue + ?Sized> FormValue for Box<T> {
    fn write_form<'a>(&'a self, key: Key, out: &mut FormWriter<'a>) {
        (**self).write_form(key, out);
    }

    fn is_absent(&self) -> bool {
        (**self).is_absent()
    }
}

impl<T: FormValue + ?Sized> FormValue for &T {
    fn write_form<'a>(&'a self, key: Key, out: &mut FormWriter<'a>) {
        (**self).write_form(key, out);
    }

    fn is_absent(&self) -> bool {
        (**self).is_absent()
    }
}

impl FormValue for serde_json::Value {
    fn write_form<'a>(&'a self, key: Key, out: &mut FormWriter<'a>) {
        use serde_json::Value;
        match self {
            Value::Null => {}
            Value::Bool(b) => b.write_form(key, out),
            Value::Number(n) => {
                if let Some(i) = n.as_i64() {
                    out.push_integer(key, i);
                } else if let Some(u) = n.as_u64() {
                    out.push_unsigned(key, u);
                } else if let Some(f) = n.as_f64() {
                    write_float(f, key, out);
                } else {
                    out.push_display(key, n);
                }
            }
            Value::String(s) => s.write_form(key, out),
            Value::Array(items) => items.write_form(key, out),
            Value::Object(members) => {
                for (name, value) in members {
                    out.field(key, name, value);
                }
            }
        }
    }

    fn is_absent(&self) -> bool {
        use serde_json::Value;
        match self {
            Value::Null => true,
            Value::Array(items) => items.is_empty(),
            Value::Object(members) => members.is_empty(),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn multi_digit_indexes_and_long_keys() {
        let values: Vec<String> = (0..12).map(|i| format!("v{i}")).collect();
        let mut out = FormWriter::new();
        out.field(Key::ROOT, "Items", &values);
        let long = "P".repeat(200);
        let parent = out.child(Key::ROOT, &long);
        out.field(parent, "Name", "x");
        let pairs = out.into_pairs();
        assert_eq!(pairs[10], ("Items.10".to_string(), "v10".to_string()));
        assert_eq!(pairs[11], ("Items.11".to_string(), "v11".to_string()));
        assert_eq!(pairs[12], (format!("{long}.Name"), "x".to_string()));
    }

    use super::*;
    use serde_json::json;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    struct Filter {
        name: String,
        values: Vec<String>,
    }

    impl FormValue for Filter {
        fn write_form<'a>(&'a self, key: Key, out: &mut FormWriter<'a>) {
            out.field(key, "Name", &self.name);
            out.field(key, "Values", &self.values);
        }
    }

    struct InstanceChargePrepaid {
        period: i64,
        renew_flag: Option<String>,
    }

    impl FormValue for InstanceChargePrepaid {
        fn write_form<'a>(&'a self, key: Key, out: &mut FormWriter<'a>) {
            out.field(key, "Period", &self.period);
            out.field(key, "RenewFlag", &self.renew_flag);
        }
    }

    struct Subnet {
        subnet_name: String,
        cidr_block: String,
        zone_id: i64,
    }

    impl FormValue for Subnet {
        fn write_form<'a>(&'a self, key: Key, out: &mut FormWriter<'a>) {
            out.field(key, "subnetName", &self.subnet_name);
            out.field(key, "cidrBlock", &self.cidr_block);
            out.field(key, "zoneId", &self.zone_id);
        }
    }

    #[test]
    fn string_values_are_borrowed_not_copied() {
        let name = String::from("vpc-name");
        let values = vec!["测试VPC".to_string()];
        let filter = Filter { name, values };
        let mut out = FormWriter::new();
        out.field(Key::ROOT, "Filter", &filter);
        let form = out.finish().unwrap();
        let written: Vec<(&str, &str)> = form.iter().collect();
        assert_eq!(
            written,
            [("Filter.Name", "vpc-name"), ("Filter.Values.0", "测试VPC")]
        );
        assert!(std::ptr::eq(written[0].1, filter.name.as_str()));
        assert!(std::ptr::eq(written[1].1, filter.values[0].as_str()));
    }

    #[test]
    fn plain_keys_are_tracked_from_the_names_written() {
        let ids = vec!["a".to_string(); 11];
        let mut out = FormWriter::new();
        out.field(Key::ROOT, "Ids", &ids);
        out.field(Key::ROOT, "Dotted-Name~", "x");
        assert!(out.form().plain_keys());
        out.field(Key::ROOT, "snake_case", "x");
        assert!(!out.form().plain_keys());
        let tags = json!([{"a b": "c"}]);
        let mut out = FormWriter::new();
        out.field(Key::ROOT, "Tags", &tags);
        assert!(!out.form().plain_keys());
        assert!(Form::from_pairs(&[("A.0", "x y")]).plain_keys());
        assert!(!Form::from_pairs(&[("测", "x")]).plain_keys());
    }

    #[test]
    fn forms_from_pairs_keep_their_order() {
        let form = Form::from_pairs(&[("B", "2"), ("A", "1")]);
        assert_eq!(form.len(), 2);
        assert_eq!(form.to_pairs(), pairs(&[("B", "2"), ("A", "1")]));
        assert_eq!(format!("{form:?}"), r#"[("B", "2"), ("A", "1")]"#);
    }

    #[test]
    fn scalars_use_wire_text() {
        let mut out = FormWriter::new();
        out.field(Key::ROOT, "VpcId", "vpc-1");
        out.field(Key::ROOT, "Limit", &20i64);
        out.field(Key::ROOT, "Offset", &0u64);
        out.field(Key::ROOT, "Force", &false);
        out.field(Key::ROOT, "Enabled", &true);
        out.field(Key::ROOT, "Ratio", &1.0f64);
        out.field(Key::ROOT, "Small", &0.000_000_1f64);
        out.field(Key::ROOT, "Big", &1e21f64);
        out.field(Key::ROOT, "Negative", &-42i32);
        out.field(Key::ROOT, "Max", &u64::MAX);
        out.field(Key::ROOT, "Empty", "");
        assert_eq!(
            out.into_pairs(),
            pairs(&[
                ("VpcId", "vpc-1"),
                ("Limit", "20"),
                ("Offset", "0"),
                ("Force", "false"),
                ("Enabled", "true"),
                ("Ratio", "1"),
                ("Small", "0.0000001"),
                ("Big", "1000000000000000000000"),
                ("Negative", "-42"),
                ("Max", "18446744073709551615"),
                ("Empty", ""),
            ])
        );
    }

    #[test]
    fn absent_options_and_empty_lists_write_nothing() {
        let no_ids = Vec::<String>::new();
        let mut out = FormWriter::new();
        out.field(Key::ROOT, "VpcName", &None::<String>);
        out.field(Key::ROOT, "VpcIds", &no_ids);
        out.field(Key::ROOT, "Limit", &Some(5i64));
        assert_eq!(out.into_pairs(), pairs(&[("Limit", "5")]));
    }

    #[test]
    fn list_of_scalars_is_indexed_from_zero() {
        let ids: Vec<String> = (0..12).map(|i| format!("ins-{i}")).collect();
        let mut out = FormWriter::new();
        out.field(Key::ROOT, "InstanceIds", &ids);
        let written = out.into_pairs();
        assert_eq!(written.len(), 12);
        assert_eq!(written[0], ("InstanceIds.0".into(), "ins-0".into()));
        assert_eq!(written[11], ("InstanceIds.11".into(), "ins-11".into()));
    }

    #[test]
    fn nested_object_uses_dotted_members() {
        let prepaid = Some(InstanceChargePrepaid {
            period: 12,
            renew_flag: Some("NOTIFY_AND_AUTO_RENEW".into()),
        });
        let mut out = FormWriter::new();
        out.field(Key::ROOT, "InstanceChargePrepaid", &prepaid);
        assert_eq!(
            out.into_pairs(),
            pairs(&[
                ("InstanceChargePrepaid.Period", "12"),
                ("InstanceChargePrepaid.RenewFlag", "NOTIFY_AND_AUTO_RENEW"),
            ])
        );
    }

    #[test]
    fn list_of_objects_with_nested_lists() {
        let filters = vec![
            Filter {
                name: "vpc-name".into(),
                values: vec!["测试VPC".into(), "prod vpc".into()],
            },
            Filter {
                name: "is-default".into(),
                values: vec!["true".into()],
            },
        ];
        let mut out = FormWriter::new();
        out.field(Key::ROOT, "Filters", &filters);
        // Same pairs as the official SDK's flattening in signing vector v3-01.
        assert_eq!(
            out.into_pairs(),
            pairs(&[
                ("Filters.0.Name", "vpc-name"),
                ("Filters.0.Values.0", "测试VPC"),
                ("Filters.0.Values.1", "prod vpc"),
                ("Filters.1.Name", "is-default"),
                ("Filters.1.Values.0", "true"),
            ])
        );
    }

    #[test]
    fn nested_lists_of_lists() {
        let matrix = vec![vec![1i64, 2], vec![], vec![3]];
        let mut out = FormWriter::new();
        out.field(Key::ROOT, "M", &matrix);
        assert_eq!(
            out.into_pairs(),
            pairs(&[("M.0.0", "1"), ("M.0.1", "2"), ("M.2.0", "3")])
        );
    }

    #[test]
    fn v2_dotted_objects() {
        let subnets = vec![Subnet {
            subnet_name: "wikitest".into(),
            cidr_block: "192.168.1.0/24".into(),
            zone_id: 800001,
        }];
        let mut out = FormWriter::new();
        out.field(Key::ROOT, "vpcName", "bbbttest");
        out.field(Key::ROOT, "cidrBlock", "192.168.0.0/16");
        out.field(Key::ROOT, "subnetSet", &subnets);
        // Same pairs as the official legacy SDK's flattening in signing vector v2-01.
        assert_eq!(
            out.into_pairs(),
            pairs(&[
                ("vpcName", "bbbttest"),
                ("cidrBlock", "192.168.0.0/16"),
                ("subnetSet.0.subnetName", "wikitest"),
                ("subnetSet.0.cidrBlock", "192.168.1.0/24"),
                ("subnetSet.0.zoneId", "800001"),
            ])
        );
    }

    #[test]
    fn json_value_flattens_like_typed_members() {
        let value = json!({
            "Egress": [{"Protocol": "ALL", "Port": 22, "Enabled": true, "Gone": null}],
            "Weight": 0.5,
            "Big": 18446744073709551615u64,
            "Empty": {},
            "None": []
        });
        let mut out = FormWriter::new();
        out.field(Key::ROOT, "SecurityGroupPolicySet", &value);
        assert_eq!(
            out.into_pairs(),
            pairs(&[
                ("SecurityGroupPolicySet.Egress.0.Protocol", "ALL"),
                ("SecurityGroupPolicySet.Egress.0.Port", "22"),
                ("SecurityGroupPolicySet.Egress.0.Enabled", "true"),
                ("SecurityGroupPolicySet.Weight", "0.5"),
                ("SecurityGroupPolicySet.Big", "18446744073709551615"),
            ])
        );
    }

    #[test]
    fn json_object_at_top_level_has_no_prefix() {
        let value = json!({"VpcId": "vpc-1", "Tags": [{"Key": "k"}]});
        let mut out = FormWriter::new();
        value.write_form(Key::ROOT, &mut out);
        assert_eq!(
            out.into_pairs(),
            pairs(&[("VpcId", "vpc-1"), ("Tags.0.Key", "k")])
        );
    }

    #[test]
    fn boxed_values_flatten_like_their_content() {
        let boxed = Box::new(Some(3i64));
        let mut out = FormWriter::new();
        out.field(Key::ROOT, "Boxed", &boxed);
        assert_eq!(out.into_pairs(), pairs(&[("Boxed", "3")]));
    }

    #[test]
    fn non_finite_float_is_reported_not_sent() {
        let mut out = FormWriter::new();
        out.field(Key::ROOT, "Ok", &1.5f64);
        out.field(Key::ROOT, "Bad", &f64::NAN);
        assert_eq!(out.form().to_pairs(), pairs(&[("Ok", "1.5")]));
        let err = out.finish().unwrap_err();
        assert_eq!(err.key, "Bad");
        assert_eq!(
            err.to_string(),
            "invalid value for `Bad`: NaN is not a finite number"
        );
    }
}
