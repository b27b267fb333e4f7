//! How the legacy v2 API steps aside: Tencent withdrew API 2.0 from the public cloud, so its
//! clients and fluent calls are deprecated, pointing to API 3.0, and its crate is off by default.

use proc_macro2::TokenStream;
use quote::quote;

use super::plan::ModulePlan;
use crate::spec::Generation;

/// Why v2 is deprecated and what to use instead: what `#[deprecated]` and the crate docs say.
pub(crate) const NOTE: &str = "API 2.0 was withdrawn from Tencent Cloud's public cloud: the \
notice 「API2.0下线通知」 (云API, 公告) says its documentation is no longer shown and the \
service was to stop on 2023-01-01. Use the API 3.0 module `v20170312` instead; only private \
and finance-cloud deployments that still document API 2.0 need this one.";

/// Whether the plan is of the withdrawn generation.
pub(crate) fn is_legacy(plan: &ModulePlan<'_>) -> bool {
    plan.spec.generation == Generation::V2
}

/// `#[deprecated(note = …)]` for the public items of the withdrawn generation; nothing for
/// API 3.0.
pub(crate) fn deprecated(plan: &ModulePlan<'_>) -> TokenStream {
    if is_legacy(plan) {
        quote!(#[deprecated(note = #NOTE)])
    } else {
        TokenStream::new()
    }
}
