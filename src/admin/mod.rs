//! The Exchange admin domain: what an Exchange admin API call means, independent of how it arrives. For now the
//! InvokeCommand wire format (`wire`, one copy used by the admin endpoint and the remote cmdlet host) and the
//! InvokeCommand logic (`invoke`: body → cmdlet → binding → run against the tenant → paging, `$select`,
//! confirmation → answer).
//!
//! Pure: no sockets, no clock, no HTTP library. Imports `script`, `model` and `access`; never `server`, `remote`,
//! `tokio` or `hyper` (they are the shells around it).

pub mod invoke;
pub mod wire;
