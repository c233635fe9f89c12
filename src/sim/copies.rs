//! `SimCopies`: `easim test`'s isolation with devices that act. A Pester run's discovery and each of its
//! top-level blocks get a `SimHost` over a fresh copy of one tenant, so no `Describe` sees another's changes and
//! every one can make devices send requests (`admin::TenantCopies` is the same over `LocalHost`, without the
//! simulator's cmdlets).

use crate::model::{Tenant, Timestamp};
use crate::script::CmdletHost;
use crate::script::pester::TestHosts;

use super::host::SimHost;

/// Fresh simulated worlds over copies of `base`, at `now`.
pub struct SimCopies<'t> {
    pub base: &'t Tenant,
    pub now: Timestamp,
}

impl SimCopies<'_> {
    fn with_copy(&self, run: &mut dyn FnMut(&mut dyn CmdletHost)) {
        let mut host = SimHost::new(self.base.clone(), self.now);
        run(&mut host);
    }
}

impl TestHosts for SimCopies<'_> {
    fn discovery(&mut self, run: &mut dyn FnMut(&mut dyn CmdletHost)) {
        self.with_copy(run);
    }

    fn fresh(&mut self, run: &mut dyn FnMut(&mut dyn CmdletHost)) {
        self.with_copy(run);
    }
}
