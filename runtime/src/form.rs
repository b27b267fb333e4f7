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
#[derive(Clone, Default)]
pub struct Form<'a> {
    text: String,
    pairs: Vec<(Range<usize>, Text<'a>)>,
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
        };
        for (key, value) in pairs {
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

/// Collects flattened `(key, value)` pairs in insertion order; string values are borrowed for
/// `'a` (the lifetime of the request being flattened).
#[derive(Clone, Debug, Default)]
pub struct FormWriter<'a> {
    form: Form<'a>,
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
    /// flattening one usually allocates twice.
    pub fn new() -> Self {
        FormWriter {
            form: Form {
                text: String::with_capacity(256),
                pairs: Vec::with_capacity(16),
            },
            invalid: Vec::new(),
        }
    }

    /// Appends one pair whose value is borrowed.
    pub fn push(&mut self, key: &str, value: &'a str) {
        let key = self.form.append(key);
        self.form.pairs.push((key, Text::Borrowed(value)));
    }

    /// Appends one pair whose value is text written here (numbers, booleans).
    pub fn push_display(&mut self, key: &str, value: impl fmt::Display) {
        use fmt::Write as _;
        let key = self.form.append(key);
        let start = self.form.text.len();
        // Writing into a String cannot fail.
        let _ = write!(self.form.text, "{value}");
        let end = self.form.text.len();
        self.form.pairs.push((key, Text::Buffer(start, end)));
    }

    /// Appends one pair whose value is a signed integer in decimal.
    pub fn push_integer(&mut self, key: &str, value: i64) {
        self.push_decimal(key, value < 0, value.unsigned_abs());
    }

    /// Appends one pair whose value is an unsigned integer in decimal.
    pub fn push_unsigned(&mut self, key: &str, value: u64) {
        self.push_decimal(key, false, value);
    }

    fn push_decimal(&mut self, key: &str, negative: bool, mut magnitude: u64) {
        let key = self.form.append(key);
        let mut digits = [0u8; 21];
        let mut start = digits.len();
        loop {
            start -= 1;
            digits[start] = b'0' + (magnitude % 10) as u8;
            magnitude /= 10;
            if magnitude == 0 {
                break;
            }
        }
        if negative {
            start -= 1;
            digits[start] = b'-';
        }
        let text = std::str::from_utf8(&digits[start..]).expect("ASCII digits are UTF-8");
        let value = self.form.append(text);
        self.form
            .pairs
            .push((key, Text::Buffer(value.start, value.end)));
    }

    /// Writes member `name` of the object at `prefix` (top-level members have an empty prefix).
    pub fn field<T: FormValue + ?Sized>(&mut self, prefix: &str, name: &str, value: &'a T) {
        if prefix.is_empty() {
            return value.write_form(name, self);
        }
        with_joined_key(prefix, name, |key| value.write_form(key, self));
    }

    /// Records that the value at `key` cannot be represented; [`FormWriter::finish`] reports it.
    pub fn reject(&mut self, key: &str, reason: impl Into<String>) {
        self.invalid.push(InvalidFormValue {
            key: key.to_owned(),
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
/// Calls `f` with `prefix.name`, joined in a stack buffer: nested keys are built once per value
/// written, and most are short, so this saves an allocation per member on the hot path.
fn with_joined_key<R>(prefix: &str, name: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buffer = [0u8; 160];
    let len = prefix.len() + 1 + name.len();
    if len > buffer.len() {
        return f(&join_key(prefix, name));
    }
    buffer[..prefix.len()].copy_from_slice(prefix.as_bytes());
    buffer[prefix.len()] = b'.';
    buffer[prefix.len() + 1..len].copy_from_slice(name.as_bytes());
    // Two UTF-8 strings joined by an ASCII dot are UTF-8.
    let key = std::str::from_utf8(&buffer[..len]).expect("UTF-8 joined with '.' is UTF-8");
    f(key)
}

/// Writes `value` in decimal into the end of `buffer` and returns those digits.
fn decimal(mut value: usize, buffer: &mut [u8; 20]) -> &str {
    let mut start = buffer.len();
    loop {
        start -= 1;
        buffer[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    std::str::from_utf8(&buffer[start..]).expect("ASCII digits are UTF-8")
}

fn join_key(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        let mut key = String::with_capacity(prefix.len() + 1 + name.len());
        key.push_str(prefix);
        key.push('.');
        key.push_str(name);
        key
    }
}

/// A value that knows how to flatten itself under a key.
///
/// The value is borrowed for the writer's lifetime `'a`, so strings are written without a copy.
pub trait FormValue {
    /// Writes this value under `key` (an object writes its members as `key.Member`).
    fn write_form<'a>(&'a self, key: &str, out: &mut FormWriter<'a>);
}

impl FormValue for str {
    fn write_form<'a>(&'a self, key: &str, out: &mut FormWriter<'a>) {
        out.push(key, self);
    }
}

impl FormValue for String {
    fn write_form<'a>(&'a self, key: &str, out: &mut FormWriter<'a>) {
        out.push(key, self.as_str());
    }
}

macro_rules! integer_form_value {
    ($($t:ty => $push:ident as $wide:ty),*) => {$(
        impl FormValue for $t {
            fn write_form<'a>(&'a self, key: &str, out: &mut FormWriter<'a>) {
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
    fn write_form<'a>(&'a self, key: &str, out: &mut FormWriter<'a>) {
        write_float(*self, key, out);
    }
}

fn write_float(value: f64, key: &str, out: &mut FormWriter<'_>) {
    if value.is_finite() {
        // Rust's Display is the shortest round-trip form and never uses an exponent.
        out.push_display(key, value);
    } else {
        out.reject(key, format!("{value} is not a finite number"));
    }
}

impl FormValue for bool {
    fn write_form<'a>(&'a self, key: &str, out: &mut FormWriter<'a>) {
        out.push(key, if *self { "true" } else { "false" });
    }
}

impl<T: FormValue> FormValue for Option<T> {
    fn write_form<'a>(&'a self, key: &str, out: &mut FormWriter<'a>) {
        if let Some(value) = self {
            value.write_form(key, out);
        }
    }
}

impl<T: FormValue> FormValue for [T] {
    fn write_form<'a>(&'a self, key: &str, out: &mut FormWriter<'a>) {
        for (index, item) in self.iter().enumerate() {
            let mut digits = [0u8; 20];
            let index = decimal(index, &mut digits);
            if key.is_empty() {
                item.write_form(index, out);
            } else {
                with_joined_key(key, index, |k| item.write_form(k, out));
            }
        }
    }
}

impl<T: FormValue> FormValue for Vec<T> {
    fn write_form<'a>(&'a self, key: &str, out: &mut FormWriter<'a>) {
        self.as_slice().write_form(key, out);
    }
}

impl<T: FormValue + ?Sized> FormValue for Box<T> {
    fn write_form<'a>(&'a self, key: &str, out: &mut FormWriter<'a>) {
        (**self).write_form(key, out);
    }
}

impl<T: FormValue + ?Sized> FormValue for &T {
    fn write_form<'a>(&'a self, key: &str, out: &mut FormWriter<'a>) {
        (**self).write_form(key, out);
    }
}

impl FormValue for serde_json::Value {
    fn write_form<'a>(&'a self, key: &str, out: &mut FormWriter<'a>) {
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
}

#[cfg(test)]
mod tests {

    #[test]
    fn multi_digit_indexes_and_keys_longer_than_the_stack_buffer() {
        let values: Vec<String> = (0..12).map(|i| format!("v{i}")).collect();
        let mut out = FormWriter::new();
        out.field("", "Items", &values);
        let long = "P".repeat(200);
        out.field(&long, "Name", "x");
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
        fn write_form<'a>(&'a self, key: &str, out: &mut FormWriter<'a>) {
            out.field(key, "Name", &self.name);
            out.field(key, "Values", &self.values);
        }
    }

    struct InstanceChargePrepaid {
        period: i64,
        renew_flag: Option<String>,
    }

    impl FormValue for InstanceChargePrepaid {
        fn write_form<'a>(&'a self, key: &str, out: &mut FormWriter<'a>) {
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
        fn write_form<'a>(&'a self, key: &str, out: &mut FormWriter<'a>) {
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
        out.field("", "Filter", &filter);
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
    fn forms_from_pairs_keep_their_order() {
        let form = Form::from_pairs(&[("B", "2"), ("A", "1")]);
        assert_eq!(form.len(), 2);
        assert_eq!(form.to_pairs(), pairs(&[("B", "2"), ("A", "1")]));
        assert_eq!(format!("{form:?}"), r#"[("B", "2"), ("A", "1")]"#);
    }

    #[test]
    fn scalars_use_wire_text() {
        let mut out = FormWriter::new();
        out.field("", "VpcId", "vpc-1");
        out.field("", "Limit", &20i64);
        out.field("", "Offset", &0u64);
        out.field("", "Force", &false);
        out.field("", "Enabled", &true);
        out.field("", "Ratio", &1.0f64);
        out.field("", "Small", &0.000_000_1f64);
        out.field("", "Big", &1e21f64);
        out.field("", "Negative", &-42i32);
        out.field("", "Max", &u64::MAX);
        out.field("", "Empty", "");
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
        out.field("", "VpcName", &None::<String>);
        out.field("", "VpcIds", &no_ids);
        out.field("", "Limit", &Some(5i64));
        assert_eq!(out.into_pairs(), pairs(&[("Limit", "5")]));
    }

    #[test]
    fn list_of_scalars_is_indexed_from_zero() {
        let ids: Vec<String> = (0..12).map(|i| format!("ins-{i}")).collect();
        let mut out = FormWriter::new();
        out.field("", "InstanceIds", &ids);
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
        out.field("", "InstanceChargePrepaid", &prepaid);
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
        out.field("", "Filters", &filters);
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
        out.field("", "M", &matrix);
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
        out.field("", "vpcName", "bbbttest");
        out.field("", "cidrBlock", "192.168.0.0/16");
        out.field("", "subnetSet", &subnets);
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
        out.field("", "SecurityGroupPolicySet", &value);
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
        value.write_form("", &mut out);
        assert_eq!(
            out.into_pairs(),
            pairs(&[("VpcId", "vpc-1"), ("Tags.0.Key", "k")])
        );
    }

    #[test]
    fn boxed_values_flatten_like_their_content() {
        let boxed = Box::new(Some(3i64));
        let mut out = FormWriter::new();
        out.field("", "Boxed", &boxed);
        assert_eq!(out.into_pairs(), pairs(&[("Boxed", "3")]));
    }

    #[test]
    fn non_finite_float_is_reported_not_sent() {
        let mut out = FormWriter::new();
        out.field("", "Ok", &1.5f64);
        out.field("", "Bad", &f64::NAN);
        assert_eq!(out.form().to_pairs(), pairs(&[("Ok", "1.5")]));
        let err = out.finish().unwrap_err();
        assert_eq!(err.key, "Bad");
        assert_eq!(
            err.to_string(),
            "invalid value for `Bad`: NaN is not a finite number"
        );
    }
}
