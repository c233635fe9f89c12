//! `LocalHost`: the shell's Exchange cmdlets run in-process against a tenant the caller owns (the language's
//! `CmdletHost` seam; `remote::RemoteHost` is the other side of it, over the admin endpoint).

use crate::model::{Tenant, Timestamp};

use crate::script::pester::TestHosts;
use crate::script::{
    BoundParameters, CmdletHost, CmdletInfo, Confirmer, ErrorRecord, Output, Registry,
};

use super::cmdlets;
use super::context::{CmdletContext, invoke};

#[cfg(test)]
mod tests;

/// Runs cmdlets in-process against a tenant the caller owns (`easim run` without `--connect`, tests).
pub struct LocalHost<'t> {
    pub tenant: &'t mut Tenant,
    pub now: Timestamp,
    /// Who runs the cmdlets (LastDeviceWipeRequestor).
    pub user: String,
    /// Set once a cmdlet replaced the whole tenant (Import-Tenant), so whoever keeps state beside it knows.
    replaced_tenant: bool,
}

impl<'t> LocalHost<'t> {
    pub fn new(tenant: &'t mut Tenant, now: Timestamp) -> LocalHost<'t> {
        LocalHost {
            tenant,
            now,
            user: "Administrator".to_string(),
            replaced_tenant: false,
        }
    }

    /// Whether a cmdlet run through this host replaced the whole tenant: state kept beside it (EAS sync state,
    /// which names mailboxes by id) is then stale.
    pub fn replaced_tenant(&self) -> bool {
        self.replaced_tenant
    }
}

impl CmdletHost for LocalHost<'_> {
    fn invoke(
        &mut self,
        cmdlet: &'static CmdletInfo,
        args: &BoundParameters,
        confirmer: &mut dyn Confirmer,
    ) -> Result<Output, ErrorRecord> {
        let cmdlet = cmdlets::of_info(cmdlet)?;
        let mut ctx =
            CmdletContext::new(self.tenant, self.now, confirmer).with_user(self.user.clone());
        let result = invoke(&mut ctx, cmdlet, args);
        self.replaced_tenant |= ctx.replaced_tenant();
        if let Some(old) = ctx.take_replaced() {
            // Freeing a `large` tenant takes most of a second (Import-Tenant): the script goes on meanwhile.
            std::thread::spawn(move || drop(old));
        }
        result?;
        Ok(ctx.take_output())
    }

    fn now(&self) -> Timestamp {
        self.now
    }

    fn registry(&self) -> &'static Registry {
        &super::REGISTRY
    }
}

/// Gives a Pester run's discovery and each of its top-level blocks a `LocalHost` over a fresh copy of one tenant
/// (`easim test`'s isolation: no `Describe` sees another's changes).
pub struct TenantCopies<'t> {
    pub base: &'t Tenant,
    pub now: Timestamp,
}

impl TenantCopies<'_> {
    fn with_copy(&self, run: &mut dyn FnMut(&mut dyn CmdletHost)) {
        let mut tenant = self.base.clone();
        let mut host = LocalHost::new(&mut tenant, self.now);
        run(&mut host);
    }
}

impl TestHosts for TenantCopies<'_> {
    fn discovery(&mut self, run: &mut dyn FnMut(&mut dyn CmdletHost)) {
        self.with_copy(run);
    }

    fn fresh(&mut self, run: &mut dyn FnMut(&mut dyn CmdletHost)) {
        self.with_copy(run);
    }
}
