//! What a member's value must be before it is sent, beyond its Rust type: rules the docs state
//! that the types cannot (a required list or object that must not be empty, text that must be
//! a number). The form and JSON writers apply them as they write, so that a request that
//! breaks one fails with [`Error::InvalidRequest`](crate::Error::InvalidRequest) naming the
//! member, before anything is signed or sent.

/// A text member the docs describe as a count or an offset (`numeric_strings` in the spec:
/// `偏移量`, `返回数量`, `个数`): present or not, and its text.
pub trait CountText {
    /// The text, when the member is set.
    fn count_text(&self) -> Option<&str>;
}

impl CountText for String {
    fn count_text(&self) -> Option<&str> {
        Some(self)
    }
}

impl CountText for Option<String> {
    fn count_text(&self) -> Option<&str> {
        self.as_deref()
    }
}

/// Why `text` is not a count or an offset (a non-negative decimal integer, as `20` or `0`),
/// or `None` when it is one.
pub fn count_text_error(text: &str) -> Option<String> {
    // 19 digits: what an i64 holds, as the docs' integer members do.
    if !text.is_empty() && text.len() <= 19 && text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!(
        "expected a count or offset (a non-negative integer such as 20), not {text:?}"
    ))
}

/// The reason given for a required member that holds nothing.
pub(crate) const EMPTY_REQUIRED: &str =
    "the member is required and must not be empty (an empty list or an object with no member set sends nothing)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_non_negative_integers() {
        for good in ["0", "20", "100", "9999999999999999999"] {
            assert_eq!(count_text_error(good), None, "{good}");
        }
        for bad in [
            "abc",
            "-5",
            "",
            " 20",
            "2.5",
            "1e3",
            "20abc",
            "+20",
            "99999999999999999999",
        ] {
            let reason = count_text_error(bad).expect(bad);
            assert!(reason.contains(&format!("{bad:?}")), "{reason}");
        }
    }
}
