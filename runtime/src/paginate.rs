//! Paging through list actions: a [`Stream`] of pages or of the items on them.
//!
//! Generated paginators describe one action with a [`Paging`] (how to set the offset and the
//! limit of a request, and how to read the total count and the items of a page) and call
//! [`pages`] with a function that sends one request. The loop:
//!
//! - asks for pages of the caller's limit, capped at the documented maximum, else of the
//!   documented maximum, else of the service's default size (the limit is then left unset);
//! - moves the offset on by the number of items each page returned;
//! - stops after a page that reaches the total count (read afresh from every page, so a count
//!   that changes while paging is honoured), after a short page (fewer items than asked for)
//!   and after an empty page;
//! - yields an error as the stream's last item: retries are the client's business, the stream
//!   does not repeat a failed page.

use std::future::Future;

pub use futures_core::Stream;
use futures_util::stream::{self, StreamExt};

/// How one list action pages, as generated for it.
pub struct Paging<Req, Resp> {
    /// The largest page size the documentation states (`最大值为100`), if it states one.
    pub max_limit: Option<u64>,
    /// The caller's limit of the request, if set.
    pub limit: fn(&Req) -> Option<u64>,
    /// The caller's starting offset of the request (0 when unset).
    pub offset: fn(&Req) -> u64,
    /// Sets the offset and, when known, the page size of the request for one page.
    pub set_window: fn(&mut Req, u64, Option<u64>),
    /// The total count a page reports, if it reports one.
    pub total: fn(&Resp) -> Option<u64>,
    /// How many items a page holds.
    pub count: fn(&Resp) -> usize,
}

impl<Req, Resp> Clone for Paging<Req, Resp> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<Req, Resp> Copy for Paging<Req, Resp> {}

impl<Req, Resp> Paging<Req, Resp> {
    /// The page size used for `request`: the caller's limit capped at the documented maximum,
    /// else the documented maximum, else none (the service's default).
    pub fn page_size(&self, request: &Req) -> Option<u64> {
        match ((self.limit)(request), self.max_limit) {
            (Some(limit), Some(max)) => Some(limit.clamp(1, max)),
            (Some(limit), None) => Some(limit.max(1)),
            (None, max) => max,
        }
    }
}

struct State<Req, Resp, F> {
    request: Req,
    paging: Paging<Req, Resp>,
    call: F,
    offset: u64,
    page_size: Option<u64>,
    done: bool,
}

/// The pages of a list action, starting at the request's offset. `request` is `Err` when the
/// request could not be built: the stream then yields that error alone.
pub fn pages<Req, Resp, E, F, Fut>(
    request: Result<Req, E>,
    paging: Paging<Req, Resp>,
    call: F,
) -> impl Stream<Item = Result<Resp, E>>
where
    Req: Clone,
    F: FnMut(Req) -> Fut,
    Fut: Future<Output = Result<Resp, E>>,
{
    let (state, error) = match request {
        Ok(request) => {
            let state = State {
                offset: (paging.offset)(&request),
                page_size: paging.page_size(&request),
                request,
                paging,
                call,
                done: false,
            };
            (Some(state), None)
        }
        Err(error) => (None, Some(error)),
    };
    let failed = stream::iter(error.map(Err));
    let paged = stream::unfold(state, |state| async move {
        let mut state = state?;
        if state.done {
            return None;
        }
        let mut request = state.request.clone();
        (state.paging.set_window)(&mut request, state.offset, state.page_size);
        match (state.call)(request).await {
            Err(error) => {
                state.done = true;
                Some((Err(error), Some(state)))
            }
            Ok(page) => {
                let count = (state.paging.count)(&page) as u64;
                state.offset += count;
                let short = state.page_size.is_some_and(|size| count < size);
                let reached =
                    (state.paging.total)(&page).is_some_and(|total| state.offset >= total);
                state.done = count == 0 || short || reached;
                Some((Ok(page), Some(state)))
            }
        }
    });
    failed.chain(paged)
}

/// The items of every page, in order; an error ends the stream as its last item.
pub fn items<Resp, Item, E>(
    pages: impl Stream<Item = Result<Resp, E>>,
    items_of: fn(Resp) -> Vec<Item>,
) -> impl Stream<Item = Result<Item, E>> {
    pages.flat_map(move |page| {
        let items: Vec<Result<Item, E>> = match page {
            Ok(page) => items_of(page).into_iter().map(Ok).collect(),
            Err(error) => vec![Err(error)],
        };
        stream::iter(items)
    })
}

/// Reads a number the docs may type as text (`"20"`), as generated getters of limits need.
pub fn number(text: &str) -> Option<u64> {
    text.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Debug, Default)]
    struct Req {
        offset: Option<u64>,
        limit: Option<u64>,
    }

    struct Page {
        total: Option<u64>,
        items: Vec<u32>,
    }

    const PAGING: Paging<Req, Page> = Paging {
        max_limit: Some(100),
        limit: |r| r.limit,
        offset: |r| r.offset.unwrap_or(0),
        set_window: |r, offset, limit| {
            r.offset = Some(offset);
            r.limit = limit;
        },
        total: |p| p.total,
        count: |p| p.items.len(),
    };

    fn block_on<T>(future: impl Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(future)
    }

    /// Serves `items` (of which the service claims `total`) and records each (offset, limit).
    fn run(request: Req, items: u32, total: Option<u64>) -> (Vec<usize>, Vec<(u64, Option<u64>)>) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = seen.clone();
        let stream = pages(Ok::<_, ()>(request), PAGING, move |req: Req| {
            record
                .lock()
                .unwrap()
                .push((req.offset.unwrap(), req.limit));
            let start = req.offset.unwrap() as u32;
            let end = (start + req.limit.unwrap_or(20) as u32).min(items);
            let page = Page {
                total,
                items: (start..end.max(start)).collect(),
            };
            async move { Ok(page) }
        });
        let sizes = block_on(stream.map(|p| p.unwrap().items.len()).collect::<Vec<_>>());
        let calls = seen.lock().unwrap().clone();
        (sizes, calls)
    }

    #[test]
    fn three_full_pages_stop_at_the_total() {
        let (sizes, calls) = run(
            Req {
                limit: Some(10),
                offset: None,
            },
            30,
            Some(30),
        );
        assert_eq!(sizes, [10, 10, 10]);
        assert_eq!(calls, [(0, Some(10)), (10, Some(10)), (20, Some(10))]);
    }

    #[test]
    fn a_short_page_ends_without_a_total() {
        let (sizes, calls) = run(
            Req {
                limit: Some(10),
                offset: Some(5),
            },
            27,
            None,
        );
        assert_eq!(sizes, [10, 10, 2]);
        assert_eq!(calls.first(), Some(&(5, Some(10))));
    }

    #[test]
    fn the_limit_is_capped_at_the_documented_maximum_and_defaults_to_it() {
        let (_, calls) = run(
            Req {
                limit: Some(500),
                offset: None,
            },
            150,
            Some(150),
        );
        assert_eq!(calls, [(0, Some(100)), (100, Some(100))]);
        let (_, calls) = run(Req::default(), 50, Some(50));
        assert_eq!(calls, [(0, Some(100))]);
    }

    #[test]
    fn a_build_error_is_the_only_item() {
        let stream = pages(Err::<Req, _>("missing"), PAGING, |_req: Req| async {
            Ok::<Page, &str>(Page {
                total: None,
                items: vec![],
            })
        });
        let all = block_on(stream.collect::<Vec<_>>());
        assert_eq!(all.len(), 1);
        assert!(matches!(all[0], Err("missing")));
    }
}
