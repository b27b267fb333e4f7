//! Helpers of the generated fluent calls (`client.describe_vpcs().limit(20).send()`).

use crate::retry::RetryConfig;

/// Settings of one call that override the client's, from a fluent call's `customize()`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallOptions {
    /// The retry policy of this call; `None` keeps the client's.
    pub retry: Option<RetryConfig>,
}

/// A fluent call whose per-call settings can be changed: implemented by every generated
/// fluent builder.
pub trait Customizable: Sized {
    /// The call's settings.
    fn call_options(&mut self) -> &mut CallOptions;
}

/// The per-call settings of a fluent call, from its `customize()`; each setting hands the call
/// back, ready to send: `client.create_vpc()….customize().retry(RetryConfig::disabled()).send()`.
#[derive(Debug)]
#[must_use = "a setting hands the call back"]
pub struct Customize<B>(B);

impl<B: Customizable> Customize<B> {
    /// Starts customizing `call`.
    pub fn new(call: B) -> Self {
        Customize(call)
    }

    /// Retries this call with `retry` instead of the client's policy (e.g.
    /// [`RetryConfig::disabled`], or [`RetryConfig::repeating_unsafe`] for an action the docs do
    /// not mark safe to repeat, when the caller knows it is).
    pub fn retry(mut self, retry: RetryConfig) -> B {
        self.0.call_options().retry = Some(retry);
        self.0
    }
}

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
