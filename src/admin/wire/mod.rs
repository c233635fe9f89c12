//! The InvokeCommand wire format (`POST /adminapi/{beta|v1.0}/{tenant}/InvokeCommand`, shaped like Exchange
//! Online's REST management API, eas-facts §8), defined once: the admin endpoint (`server`) and the remote cmdlet
//! host (`remote`) both use these functions for every byte they write or read, so the two cannot drift.
//!
//! Each shape keeps its writer and its reader side by side, and `tests.rs` checks that reading what was written
//! gives back the same value:
//! - `request`: the body `{"CmdletInput":{"CmdletName":…,"Parameters":{…}}}` and the `Prefer` / `X-AnchorMailbox`
//!   header values.
//! - `values`: cmdlet output values with their `@data.type` / `@odata.type` annotations (objects, enums, dates,
//!   Guids, doubles, typed collections, hashtables).
//! - `response`: a page (`@odata.context`, `value`, `@adminapi.warnings`, `@adminapi.information`,
//!   `@adminapi.errors`, `@odata.nextLink`) and the `error` body (details, innererror, `@adminapi.terminating`).
//! - `json`: an order-keeping JSON tree for the small members of an answer.
//!
//! Pure: bytes in, values out. No HTTP (headers, statuses and sockets belong to `server` and `remote`), no
//! decision about what a call answers (`admin::invoke`).

mod json;
mod request;
mod response;
mod values;

#[cfg(test)]
mod tests;

pub use request::{
    BodyError, DEFAULT_PAGE_SIZE, Mode, anchor_mailbox, anchor_user, page_size, parse_request,
    prefer_page_size, request_body,
};
pub use response::{
    Failure, Page, WireError, error_body, non_terminating_body, page_body, parse_failure,
    parse_page,
};
pub use values::{ValueSeed, ValuesSeed, date_text, interned, write_str, write_value};
