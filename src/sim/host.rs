//! `SimHost`: a `script::CmdletHost` that owns a whole simulated world — the tenant, the EAS server state beside
//! it (mail store, seeded RNG, protocol settings), the simulated devices' memory, the clock and the user — and
//! runs the simulator's cmdlets itself; every other command goes to `admin::LocalHost` over its tenant, so
//! Exchange's cmdlets behave exactly as they do in-process without the simulator.
//!
//! Construction moves the tenant in and allocates nothing per mailbox (mail is generated on first use), so a test
//! runner can build one per test from a cloned tenant.

use crate::admin::LocalHost;
use crate::eas::{EasConfig, MailStore};
use crate::model::{Tenant, Timestamp};
use crate::script::{
    BoundParameters, CmdletHost, CmdletInfo, Confirmer, Emitted, ErrorRecord, Output, Registry,
};

use super::cmdlets;
use super::world::{DEFAULT_SEED, World};

/// Runs Exchange's cmdlets and the simulator's against a world it owns (`easim run`/`easim shell` without
/// `--connect`, `easim test`).
#[derive(Clone, Debug)]
pub struct SimHost {
    world: World,
    now: Timestamp,
    /// Who runs the cmdlets (LastDeviceWipeRequestor).
    pub user: String,
}

impl SimHost {
    /// A world around `tenant` at `now`, seeded with the server's default seed (1); generated mail is dated
    /// relative to `now`.
    pub fn new(tenant: Tenant, now: Timestamp) -> SimHost {
        SimHost::with_seed(tenant, now, DEFAULT_SEED)
    }

    /// The same with another seed for policy keys, partnership Guids and generated mail.
    pub fn with_seed(tenant: Tenant, now: Timestamp, seed: u64) -> SimHost {
        SimHost {
            world: World::new(tenant, seed, now),
            now,
            user: "Administrator".to_string(),
        }
    }

    /// Protocol settings other than the default (e.g. only 16.1 accepted, as Exchange Online).
    pub fn with_eas_config(mut self, config: EasConfig) -> SimHost {
        self.world.server.config = config;
        self
    }

    pub fn tenant(&self) -> &Tenant {
        &self.world.server.tenant
    }

    /// The tenant as the session left it.
    pub fn into_tenant(self) -> Tenant {
        self.world.server.tenant
    }

    /// The EAS server's per-mailbox state (folders, mail, sync state) beside the tenant.
    pub fn mail(&self) -> &MailStore {
        &self.world.server.mail
    }

    /// Moves the clock cmdlets and simulated requests see.
    pub fn set_now(&mut self, now: Timestamp) {
        self.now = now;
    }
}

impl CmdletHost for SimHost {
    fn invoke(
        &mut self,
        cmdlet: &'static CmdletInfo,
        args: &BoundParameters,
        confirmer: &mut dyn Confirmer,
    ) -> Result<Output, ErrorRecord> {
        if let Some(sim) = cmdlets::of_info(cmdlet) {
            let object = (sim.run)(&mut self.world, self.now, args)?;
            return Ok(Output {
                items: vec![Emitted::Object(object.into())],
            });
        }
        let mut local = LocalHost::new(&mut self.world.server.tenant, self.now);
        local.user.clone_from(&self.user);
        let result = local.invoke(cmdlet, args, confirmer);
        if local.replaced_tenant() {
            self.world.tenant_replaced();
        }
        result
    }

    fn now(&self) -> Timestamp {
        self.now
    }

    fn registry(&self) -> &'static Registry {
        &super::REGISTRY
    }
}
