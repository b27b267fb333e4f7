//! Mapping of the docs' type cells onto the closed set of spec types.
//!
//! The spellings every edition uses are built in ([`parse_type_cell`]); spellings a later
//! edition adds (`Timestamp ISO8601`, `Date`) are reviewed `[[type]]` entries of
//! `spec/overrides.toml`, held by a [`Vocabulary`].

use std::collections::BTreeMap;

use crate::spec::TypeRef;

/// The type spellings the parser reads: the built-in ones plus reviewed extensions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vocabulary {
    /// A cell spelling, exactly as printed (trimmed) → its type.
    extensions: BTreeMap<String, TypeRef>,
}

impl Vocabulary {
    /// Adds a spelling. Only scalar types make sense here: a named object needs no entry.
    pub fn extend(&mut self, cell: &str, ty: TypeRef) {
        self.extensions.insert(cell.trim().to_string(), ty);
    }

    /// Reads a type cell: an extension (also as `Array of <extension>`), else a built-in
    /// spelling. `None` means the cell is not a type the parser knows.
    pub fn parse(&self, cell: &str) -> Option<DocType> {
        let cell = cell.trim();
        if let Some(t) = self.extensions.get(cell) {
            return Some(DocType::Known(t.clone()));
        }
        if let Some(t) = cell
            .strip_prefix("Array of ")
            .and_then(|inner| self.extensions.get(inner.trim()))
        {
            return Some(DocType::Known(TypeRef::list_of(t.clone())));
        }
        parse_type_cell(cell)
    }
}

/// What a type cell says, before nested structure is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocType {
    /// A scalar or a named object (`String`, `Int`, `Filter`, `Array of Filter`).
    Known(TypeRef),
    /// `Array` with no element type: the element comes from child rows or the `.n` name.
    BareArray,
    /// `Object` with no name: the structure comes from child rows.
    BareObject,
    /// `Object/Array`: the docs say the shape varies.
    Varying,
    /// `无` (none): the table has no rows.
    Nothing,
}

/// Whether a name is an identifier that can name an object type.
fn is_type_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_alphanumeric())
}

fn scalar(cell: &str) -> Option<TypeRef> {
    Some(match cell.to_ascii_lowercase().as_str() {
        "string" => TypeRef::String,
        "int" | "integer" | "int64" | "long" => TypeRef::Integer,
        "uint" | "uint64" => TypeRef::Unsigned,
        "bool" | "boolean" => TypeRef::Boolean,
        "float" | "double" => TypeRef::Float,
        "timestamp" => TypeRef::Timestamp,
        _ => return None,
    })
}

/// Reads a type cell. `None` means the cell is not a type the parser knows.
pub fn parse_type_cell(cell: &str) -> Option<DocType> {
    let cell = cell.trim();
    if let Some(t) = scalar(cell) {
        return Some(DocType::Known(t));
    }
    match cell.to_ascii_lowercase().as_str() {
        "array" => return Some(DocType::BareArray),
        "object" => return Some(DocType::BareObject),
        "object/array" | "array/object" => return Some(DocType::Varying),
        _ => {}
    }
    if super::vocabulary::any(|l| l.no_type).contains(&cell) {
        return Some(DocType::Nothing);
    }
    if let Some(inner) = cell.strip_prefix("Array of ") {
        let inner = inner.trim();
        if let Some(t) = scalar(inner) {
            return Some(DocType::Known(TypeRef::list_of(t)));
        }
        if is_type_name(inner) {
            return Some(DocType::Known(TypeRef::list_of(TypeRef::Object(
                inner.to_string(),
            ))));
        }
        return None;
    }
    if is_type_name(cell) {
        return Some(DocType::Known(TypeRef::Object(cell.to_string())));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_in_the_docs_maps() {
        let cases = [
            ("String", "string"),
            ("string", "string"),
            ("Int", "integer"),
            ("int", "integer"),
            ("Integer", "integer"),
            ("UInt", "unsigned"),
            ("Bool", "boolean"),
            ("bool", "boolean"),
            ("Boolean", "boolean"),
            ("Float", "float"),
            ("Timestamp", "timestamp"),
            ("Array of String", "list<string>"),
            ("Array of Filter", "list<object<Filter>>"),
            ("DefaultVpcSubnet", "object<DefaultVpcSubnet>"),
        ];
        for (cell, want) in cases {
            match parse_type_cell(cell) {
                Some(DocType::Known(t)) => assert_eq!(t.to_string(), want, "{cell}"),
                other => panic!("{cell}: {other:?}"),
            }
        }
        assert_eq!(parse_type_cell("Array"), Some(DocType::BareArray));
        assert_eq!(parse_type_cell("array"), Some(DocType::BareArray));
        assert_eq!(parse_type_cell("Object"), Some(DocType::BareObject));
        assert_eq!(parse_type_cell("Object/Array"), Some(DocType::Varying));
        assert_eq!(parse_type_cell("无"), Some(DocType::Nothing));
    }

    #[test]
    fn extensions_take_precedence_and_apply_inside_arrays() {
        let mut vocabulary = Vocabulary::default();
        vocabulary.extend("Timestamp ISO8601", TypeRef::Timestamp);
        vocabulary.extend("Date", TypeRef::Timestamp);
        let known = |cell: &str| match vocabulary.parse(cell) {
            Some(DocType::Known(t)) => t.to_string(),
            other => panic!("{cell}: {other:?}"),
        };
        assert_eq!(known("Timestamp ISO8601"), "timestamp");
        // Without the entry, `Date` would read as an object named Date.
        assert_eq!(known("Date"), "timestamp");
        assert_eq!(known("Array of Date"), "list<timestamp>");
        assert_eq!(known("Array of Integer"), "list<integer>");
        assert_eq!(
            parse_type_cell("Date"),
            Some(DocType::Known(TypeRef::Object("Date".into())))
        );
        assert_eq!(parse_type_cell("Timestamp ISO8601"), None);
    }

    #[test]
    fn prose_is_not_a_type() {
        assert_eq!(
            parse_type_cell("区域参数，用来标识希望操作哪个区域的数据。"),
            None
        );
        assert_eq!(parse_type_cell("Array of 字符串"), None);
        assert_eq!(parse_type_cell(""), None);
        assert_eq!(parse_type_cell("map"), None);
    }
}
