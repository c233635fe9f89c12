//! What a simulator owns: the server's half — the tenant, the EAS mail store beside it, the seeded RNG and the
//! protocol settings, as `server::state::World` holds them — and the devices' half, each simulated phone's own
//! memory (`phone::Phones`). The two halves are separate fields so a request can borrow the server's half while
//! its phone is borrowed from the other.
//!
//! Data only: requests go through `exchange`, cmdlets through `host`.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::eas::{EasConfig, MailStore};
use crate::model::{Tenant, Timestamp};

use super::phone::Phones;

/// The seed of the RNG and the generated mail when none is given (the server's default too).
pub(crate) const DEFAULT_SEED: u64 = 1;

/// The server's half of a simulated world.
#[derive(Clone, Debug)]
pub(crate) struct EasServer {
    pub(crate) tenant: Tenant,
    /// Folders, mail and per-device sync state, generated per mailbox on first access.
    pub(crate) mail: MailStore,
    /// Policy keys and partnership Guids.
    pub(crate) rng: ChaCha8Rng,
    pub(crate) config: EasConfig,
}

/// A tenant, the server state beside it, and the simulated devices.
#[derive(Clone, Debug)]
pub(crate) struct World {
    pub(crate) server: EasServer,
    pub(crate) phones: Phones,
}

impl World {
    /// `seed` drives policy keys, partnership Guids and generated mail; `epoch` is the instant generated mail is
    /// dated relative to. Nothing is generated until a mailbox is first used, so this costs the tenant's move.
    pub(crate) fn new(tenant: Tenant, seed: u64, epoch: Timestamp) -> World {
        World {
            server: EasServer {
                tenant,
                mail: MailStore::new(seed, epoch),
                rng: ChaCha8Rng::seed_from_u64(seed),
                config: EasConfig::default(),
            },
            phones: Phones::default(),
        }
    }

    /// After a cmdlet replaced the tenant (Import-Tenant): the state kept beside it names mailboxes by id, so it
    /// is dropped and every device starts over, as `server::state::World::tenant_replaced` does.
    pub(crate) fn tenant_replaced(&mut self) {
        self.server.mail.clear();
        let _ = self.server.mail.take_touched();
        self.phones.clear();
    }
}
