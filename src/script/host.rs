//! `CmdletHost`: the seam through which the language runs its embedder's commands. The embedder implements it —
//! in-process against a tenant (`admin::LocalHost`) or remotely through the admin endpoint's InvokeCommand
//! (`remote::RemoteHost`) — and says through `registry` which commands exist and how their objects look.
//!
//! The interpreter binds parameters itself (it has every command's metadata) and hands the host one bound
//! invocation at a time, so a pipeline like `Get-MobileDevice | Remove-MobileDevice` makes one host call per input
//! record, exactly as the Exchange Online module sends one REST call per record.

use crate::model::Timestamp;

use super::cmdlet::{CmdletInfo, Confirmer, Output};
use super::error::ErrorRecord;
use super::params::BoundParameters;
use super::registry::Registry;

/// Runs bound invocations of the embedder's commands.
pub trait CmdletHost {
    /// Runs one invocation and returns everything it wrote, in order. `Err` is a terminating error; the tenant is
    /// then unchanged.
    fn invoke(
        &mut self,
        cmdlet: &'static CmdletInfo,
        args: &BoundParameters,
        confirmer: &mut dyn Confirmer,
    ) -> Result<Output, ErrorRecord>;

    /// The time cmdlets see (wipe requests, creation times) and `Get-Date` returns.
    fn now(&self) -> Timestamp;

    /// The commands this host runs and the default views of what they write.
    fn registry(&self) -> &'static Registry;

    /// `Start-Sleep` moved the script's simulated clock by `ms` (nothing slept). A host that estimates how long the
    /// script would take for real counts it; the others ignore it.
    fn slept(&mut self, _ms: u64) {}
}
