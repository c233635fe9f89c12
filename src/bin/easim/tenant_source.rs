//! Where a subcommand gets its tenant: a fixture file, or (once generation is wired in) a built-in profile.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use easim::model::{Tenant, Timestamp};

/// Options that name the tenant a command works on.
#[derive(Args, Debug, Clone)]
pub(crate) struct TenantArgs {
    /// A tenant fixture file (JSON), as written by `easim gen -o`.
    #[arg(long, value_name = "FILE")]
    pub(crate) tenant: PathBuf,
}

impl TenantArgs {
    pub(crate) fn load(&self) -> anyhow::Result<Tenant> {
        easim::persist::load_tenant(&self.tenant).context("cannot load the tenant")
    }
}

/// Parses `--now` (ISO 8601), for reproducible output.
pub(crate) fn parse_now(text: &str) -> Result<Timestamp, String> {
    Timestamp::parse(text).ok_or_else(|| {
        format!("'{text}' is not an ISO 8601 date-time such as 2026-11-23T08:00:00Z")
    })
}

/// The current time, read here in the binary because the library never reads the clock.
pub(crate) fn clock_now() -> Timestamp {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    Timestamp::from_millis(since.as_millis() as i64)
}
