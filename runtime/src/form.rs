//! Flattening of request parameters into the `Key.N.Member` form that the HMAC-signed APIs expect.
//!
//! Lists are indexed from 0 (`Filters.0.Values.1`), object members are joined with a dot
//! (`InstanceChargePrepaid.Period`, `subnetSet.0.zoneId`), absent options and empty lists write
//! nothing, booleans are `true`/`false`.

use std::fmt;

/// Collects flattened `(key, value)` pairs in insertion order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormWriter {
    pairs: Vec<(String, String)>,
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

impl FormWriter {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends one already flattened pair.
    pub fn push(&mut self, key: String, value: String) {
        self.pairs.push((key, value));
    }

    /// Writes member `name` of the object at `prefix` (top-level members have an empty prefix).
    pub fn field<T: FormValue + ?Sized>(&mut self, prefix: &str, name: &str, value: &T) {
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
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// The pairs in insertion order. Rejected values are not among them; use
    /// [`FormWriter::finish`] to learn about them.
    pub fn into_pairs(self) -> Vec<(String, String)> {
        self.pairs
    }

    /// The pairs in insertion order, or the first value that could not be represented.
    pub fn finish(self) -> Result<Vec<(String, String)>, InvalidFormValue> {
        match self.invalid.into_iter().next() {
            Some(invalid) => Err(invalid),
            None => Ok(self.pairs),
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
pub trait FormValue {
    /// Writes this value under `key` (an object writes its members as `key.Member`).
    fn write_form(&self, key: &str, out: &mut FormWriter);
}

impl FormValue for str {
    fn write_form(&self, key: &str, out: &mut FormWriter) {
        out.push(key.to_owned(), self.to_owned());
    }
}

impl FormValue for String {
    fn write_form(&self, key: &str, out: &mut FormWriter) {
        self.as_str().write_form(key, out);
    }
}

macro_rules! integer_form_value {
    ($($t:ty),*) => {$(
        impl FormValue for $t {
            fn write_form(&self, key: &str, out: &mut FormWriter) {
                out.push(key.to_owned(), self.to_string());
            }
        }
    )*};
}
integer_form_value!(i32, i64, u32, u64);

impl FormValue for f64 {
    fn write_form(&self, key: &str, out: &mut FormWriter) {
        if self.is_finite() {
            // Rust's Display is the shortest round-trip form and never uses an exponent.
            out.push(key.to_owned(), self.to_string());
        } else {
            out.reject(key, format!("{self} is not a finite number"));
        }
    }
}

impl FormValue for bool {
    fn write_form(&self, key: &str, out: &mut FormWriter) {
        out.push(
            key.to_owned(),
            if *self { "true" } else { "false" }.to_owned(),
        );
    }
}

impl<T: FormValue> FormValue for Option<T> {
    fn write_form(&self, key: &str, out: &mut FormWriter) {
        if let Some(value) = self {
            value.write_form(key, out);
        }
    }
}

impl<T: FormValue> FormValue for [T] {
    fn write_form(&self, key: &str, out: &mut FormWriter) {
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
    fn write_form(&self, key: &str, out: &mut FormWriter) {
        self.as_slice().write_form(key, out);
    }
}

impl<T: FormValue + ?Sized> FormValue for Box<T> {
    fn write_form(&self, key: &str, out: &mut FormWriter) {
        (**self).write_form(key, out);
    }
}

impl<T: FormValue + ?Sized> FormValue for &T {
    fn write_form(&self, key: &str, out: &mut FormWriter) {
        (**self).write_form(key, out);
    }
}

impl FormValue for serde_json::Value {
    fn write_form(&self, key: &str, out: &mut FormWriter) {
        use serde_json::Value;
        match self {
            Value::Null => {}
            Value::Bool(b) => b.write_form(key, out),
            Value::Number(n) => {
                if let Some(i) = n.as_i64() {
                    i.write_form(key, out);
                } else if let Some(u) = n.as_u64() {
                    u.write_form(key, out);
                } else if let Some(f) = n.as_f64() {
                    f.write_form(key, out);
                } else {
                    out.push(key.to_owned(), n.to_string());
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
        fn write_form(&self, key: &str, out: &mut FormWriter) {
            out.field(key, "Name", &self.name);
            out.field(key, "Values", &self.values);
        }
    }

    struct InstanceChargePrepaid {
        period: i64,
        renew_flag: Option<String>,
    }

    impl FormValue for InstanceChargePrepaid {
        fn write_form(&self, key: &str, out: &mut FormWriter) {
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
        fn write_form(&self, key: &str, out: &mut FormWriter) {
            out.field(key, "subnetName", &self.subnet_name);
            out.field(key, "cidrBlock", &self.cidr_block);
            out.field(key, "zoneId", &self.zone_id);
        }
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
        out.field("", "Empty", &String::new());
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
                ("Empty", ""),
            ])
        );
    }

    #[test]
    fn absent_options_and_empty_lists_write_nothing() {
        let mut out = FormWriter::new();
        out.field("", "VpcName", &None::<String>);
        out.field("", "VpcIds", &Vec::<String>::new());
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
        let mut out = FormWriter::new();
        out.field(
            "",
            "InstanceChargePrepaid",
            &Some(InstanceChargePrepaid {
                period: 12,
                renew_flag: Some("NOTIFY_AND_AUTO_RENEW".into()),
            }),
        );
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
        let mut out = FormWriter::new();
        json!({"VpcId": "vpc-1", "Tags": [{"Key": "k"}]}).write_form("", &mut out);
        assert_eq!(
            out.into_pairs(),
            pairs(&[("VpcId", "vpc-1"), ("Tags.0.Key", "k")])
        );
    }

    #[test]
    fn boxed_values_flatten_like_their_content() {
        let mut out = FormWriter::new();
        out.field("", "Boxed", &Box::new(Some(3i64)));
        assert_eq!(out.into_pairs(), pairs(&[("Boxed", "3")]));
    }

    #[test]
    fn non_finite_float_is_reported_not_sent() {
        let mut out = FormWriter::new();
        out.field("", "Ok", &1.5f64);
        out.field("", "Bad", &f64::NAN);
        assert_eq!(out.pairs(), pairs(&[("Ok", "1.5")]).as_slice());
        let err = out.finish().unwrap_err();
        assert_eq!(err.key, "Bad");
        assert_eq!(
            err.to_string(),
            "invalid value for `Bad`: NaN is not a finite number"
        );
    }
}
