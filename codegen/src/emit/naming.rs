//! Rust names for wire names, and the deterministic resolution of name collisions.
//!
//! Conversions go through `heck`, after two adjustments that keep the names readable and valid:
//! the mixed-case acronyms of the docs (`IPv6`, `IPsec`) are read as one word, so `IPv6Address`
//! becomes `ipv6_address` rather than `i_pv6_address`; and a name starting with a digit gets a
//! prefix (`_` for fields and methods, `Code` for error-code variants, `T` for types).
//!
//! Keywords are escaped when an identifier is made ([`ident`]): `type` becomes `r#type`. The four
//! keywords that cannot be raw identifiers (`self`, `Self`, `super`, `crate`) get a `_` suffix when
//! the name is chosen ([`snake_name`]), so that collision checks see the name that is emitted.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Acronyms whose mixed case would make heck split them in the middle.
const MIXED_CASE_ACRONYMS: &[(&str, &str)] =
    &[("IPv4", "Ipv4"), ("IPv6", "Ipv6"), ("IPsec", "Ipsec")];

/// Rust keywords (strict and reserved, all editions up to 2024) that need a raw identifier.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be written as raw identifiers; names equal to them get a `_` suffix.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate"];

/// Why a wire name cannot become a Rust name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NameError {
    /// The name has a character that is neither an ASCII letter or digit nor `_`, `-` or `.`.
    Character(char),
    /// The name has no letter or digit at all.
    Empty,
}

impl std::fmt::Display for NameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NameError::Character(c) => write!(
                f,
                "character {c:?} (U+{:04X}) cannot appear in a Rust name",
                *c as u32
            ),
            NameError::Empty => f.write_str("it has no letter or digit to build a Rust name from"),
        }
    }
}

/// Checks that `wire` can be converted and applies the acronym adjustment.
fn prepare(wire: &str) -> Result<String, NameError> {
    if let Some(bad) = wire
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
    {
        return Err(NameError::Character(bad));
    }
    if !wire.chars().any(|c| c.is_ascii_alphanumeric()) {
        return Err(NameError::Empty);
    }
    let mut adjusted = wire.to_string();
    for (acronym, word) in MIXED_CASE_ACRONYMS {
        adjusted = adjusted.replace(acronym, word);
    }
    Ok(adjusted)
}

/// The snake_case name of a field or method: `VpcId` → `vpc_id`, `self` → `self_`, `1st` → `_1st`.
pub(crate) fn snake_name(wire: &str) -> Result<String, NameError> {
    let snake = prepare(wire)?.to_snake_case();
    Ok(if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{snake}")
    } else if NON_RAW_KEYWORDS.contains(&snake.as_str()) {
        format!("{snake}_")
    } else {
        snake
    })
}

/// The UpperCamelCase name of a type: `CCN` → `Ccn`, `IPv6Address` → `Ipv6Address`.
pub(crate) fn type_name(wire: &str) -> Result<String, NameError> {
    let camel = prepare(wire)?.to_upper_camel_case();
    Ok(if camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("T{camel}")
    } else if NON_RAW_KEYWORDS.contains(&camel.as_str()) {
        format!("{camel}_")
    } else {
        camel
    })
}

/// The enum variant of an error code: `InvalidVpc.NotFound` → `InvalidVpcNotFound`,
/// `4000` → `Code4000`, `-1` → `CodeMinus1`.
pub(crate) fn variant_name(code: &str) -> Result<String, NameError> {
    let (sign, rest) = match code.strip_prefix('-') {
        Some(rest) => ("Minus", rest),
        None => ("", code),
    };
    let camel = prepare(rest)?.to_upper_camel_case();
    Ok(
        if !sign.is_empty() || camel.starts_with(|c: char| c.is_ascii_digit()) {
            format!("Code{sign}{camel}")
        } else if NON_RAW_KEYWORDS.contains(&camel.as_str()) {
            format!("{camel}_")
        } else {
            camel
        },
    )
}

/// Whether a chosen name needs a raw identifier.
pub(crate) fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// An identifier for a chosen name, raw when the name is a keyword.
pub(crate) fn ident(name: &str) -> Ident {
    if is_keyword(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// How a name was disambiguated, for the docs of the renamed item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Renamed {
    /// The name the item would have had.
    pub natural: String,
    /// Who holds the natural name: a wire name, or a description of a reserved use.
    pub holder: String,
}

/// Hands out unique names within one namespace (the fields of a struct, the types of a module).
///
/// Names are claimed in a fixed order (document order), so the result is deterministic: the first
/// claimant of a natural name keeps it, and each later one gets the smallest numeric suffix
/// (`vpc_id_2`, `Filter2`) that is neither taken nor the natural name of any claimant, so a
/// suffix never steals a name that a later member would have had on its own.
pub(crate) struct NameAllocator {
    separator: &'static str,
    /// Natural names of every claimant, known up front.
    natural: BTreeSet<String>,
    /// Names handed out so far, with their holder.
    taken: std::collections::BTreeMap<String, String>,
}

impl NameAllocator {
    /// `separator` goes between a name and its suffix: `"_"` for snake_case, `""` for types.
    /// `claimants` are the natural names of everything that will be claimed later.
    pub(crate) fn new<'a>(
        separator: &'static str,
        claimants: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        Self {
            separator,
            natural: claimants.into_iter().map(str::to_string).collect(),
            taken: Default::default(),
        }
    }

    /// Marks `name` as used by something that is not a claimant (`build`, `Client`, ...).
    pub(crate) fn reserve(&mut self, name: &str, holder: &str) {
        self.taken.insert(name.to_string(), holder.to_string());
    }

    /// Gives the claimant `holder` (a wire name) its natural name, or a suffixed one.
    pub(crate) fn claim(&mut self, natural: &str, holder: &str) -> (String, Option<Renamed>) {
        let Some(previous) = self.taken.get(natural) else {
            self.taken.insert(natural.to_string(), holder.to_string());
            return (natural.to_string(), None);
        };
        let renamed = Renamed {
            natural: natural.to_string(),
            holder: previous.clone(),
        };
        let mut n = 2u32;
        loop {
            let candidate = format!("{natural}{}{n}", self.separator);
            if !self.taken.contains_key(&candidate) && !self.natural.contains(&candidate) {
                self.taken.insert(candidate.clone(), holder.to_string());
                return (candidate, Some(renamed));
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_names_follow_heck_with_acronyms_and_prefixes() {
        let cases = [
            ("VpcId", "vpc_id"),
            ("vpcId", "vpc_id"),
            ("vpclId", "vpcl_id"),
            ("unVpcId", "un_vpc_id"),
            ("IPv6Address", "ipv6_address"),
            ("IPsecSet", "ipsec_set"),
            ("IKESaLifetimeSeconds", "ike_sa_lifetime_seconds"),
            ("CidrBlock", "cidr_block"),
            ("Type", "type"),
            ("Self", "self_"),
            ("super", "super_"),
            ("1stHop", "_1st_hop"),
            ("subnet-id", "subnet_id"),
        ];
        for (wire, expected) in cases {
            assert_eq!(snake_name(wire).unwrap(), expected, "{wire}");
        }
    }

    #[test]
    fn type_and_variant_names() {
        assert_eq!(
            type_name("SecurityGroupPolicy").unwrap(),
            "SecurityGroupPolicy"
        );
        assert_eq!(type_name("CCN").unwrap(), "Ccn");
        assert_eq!(type_name("IPv6Address").unwrap(), "Ipv6Address");
        assert_eq!(
            type_name("describeVpcEx_data").unwrap(),
            "DescribeVpcExData"
        );
        assert_eq!(
            variant_name("InvalidVpc.NotFound").unwrap(),
            "InvalidVpcNotFound"
        );
        assert_eq!(
            variant_name("AuthFailure.MFAFailure").unwrap(),
            "AuthFailureMfaFailure"
        );
        assert_eq!(variant_name("4000").unwrap(), "Code4000");
        assert_eq!(variant_name("-1").unwrap(), "CodeMinus1");
    }

    #[test]
    fn names_outside_ascii_or_without_letters_are_rejected() {
        assert_eq!(snake_name("vpc名称"), Err(NameError::Character('名')));
        assert_eq!(snake_name("a b"), Err(NameError::Character(' ')));
        assert_eq!(snake_name("__"), Err(NameError::Empty));
        assert_eq!(type_name(""), Err(NameError::Empty));
    }

    #[test]
    fn keywords_become_raw_identifiers() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("async").to_string(), "r#async");
        assert_eq!(ident("vpc_id").to_string(), "vpc_id");
    }

    #[test]
    fn collisions_get_suffixes_in_claim_order_without_stealing_natural_names() {
        // `vpc_id_2` is the natural name of a later member, so the second `vpc_id` skips it.
        let mut names = NameAllocator::new("_", ["vpc_id", "vpc_id", "vpc_id_2", "vpc_id"]);
        assert_eq!(names.claim("vpc_id", "vpcId").0, "vpc_id");
        let (second, renamed) = names.claim("vpc_id", "VpcId");
        assert_eq!(second, "vpc_id_3");
        assert_eq!(
            renamed,
            Some(Renamed {
                natural: "vpc_id".into(),
                holder: "vpcId".into()
            })
        );
        assert_eq!(names.claim("vpc_id_2", "VpcId_2").0, "vpc_id_2");
        assert_eq!(names.claim("vpc_id", "VPCId").0, "vpc_id_4");
    }

    #[test]
    fn reserved_names_push_claimants_to_a_suffix() {
        let mut names = NameAllocator::new("", ["Client", "Filter"]);
        names.reserve("Client", "the generation's client");
        let (client, renamed) = names.claim("Client", "Client");
        assert_eq!(client, "Client2");
        assert_eq!(renamed.unwrap().holder, "the generation's client");
        assert_eq!(names.claim("Filter", "Filter").0, "Filter");
    }
}
