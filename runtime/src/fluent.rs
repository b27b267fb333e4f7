//! Helpers of the generated fluent calls (`client.describe_vpcs().limit(20).send()`).

/// A value for a member the documentation types as `String` but describes as a number
/// (`Offset`, `Limit`): a string as before, or an integer. Either way the wire carries the
/// decimal text, exactly as the docs say.
///
/// ```
/// use tcgen_runtime::fluent::NumberText;
/// assert_eq!(20.into_text(), "20");
/// assert_eq!("20".into_text(), "20");
/// ```
pub trait NumberText {
    /// The text sent on the wire.
    fn into_text(self) -> String;
}

impl NumberText for String {
    fn into_text(self) -> String {
        self
    }
}

impl NumberText for &str {
    fn into_text(self) -> String {
        self.to_owned()
    }
}

impl NumberText for &String {
    fn into_text(self) -> String {
        self.clone()
    }
}

macro_rules! integers {
    ($($ty:ty),*) => {
        $(impl NumberText for $ty {
            fn into_text(self) -> String {
                self.to_string()
            }
        })*
    };
}

integers!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);
