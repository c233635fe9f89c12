//! The runner for the simulator cmdlets' examples: an example's input (PowerShell) run through a `SimHost` on
//! the examples' tenant (`admin::examples`) at its time, returning what a console would show.

use crate::admin::examples::{EXAMPLE_NOW, example_tenant};
use crate::model::{Tenant, Timestamp};
use crate::script::cmdlet::Example;
use crate::script::{Session, StringHost};

use super::host::SimHost;

/// Runs `input` against `tenant` at `now` with the simulator's cmdlets and returns what the console shows,
/// without leading and trailing blank lines, and the tenant as the script left it.
pub fn run_lines(tenant: Tenant, now: Timestamp, input: &str) -> (String, Tenant) {
    let mut host = SimHost::new(tenant, now);
    host.user = "admin@contoso.com".to_string();
    let mut out = StringHost::new();
    Session::default().run(input, &mut host, &mut out);
    (out.text.trim_matches('\n').to_string(), host.into_tenant())
}

/// Runs an example against a fresh example tenant.
pub fn run_example(example: &Example) -> String {
    run_lines(example_tenant(), EXAMPLE_NOW, example.input).0
}
