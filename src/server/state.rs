//! The state the server shares between connections: the tenant (and, beside it, whatever per-mailbox protocol
//! state the EAS endpoint keeps) behind one mutex, plus the immutable configuration.
//!
//! One lock keeps an admin change and the next EAS decision strictly ordered: no update is lost and no request
//! sees half an admin operation. Handlers hold it only for pure, short computations.

use std::sync::{Mutex, MutexGuard};

use crate::model::Tenant;

/// Everything mutable the server shares.
pub struct World {
    pub tenant: Tenant,
}

/// Server settings fixed at start.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Largest request body accepted; larger ones get HTTP 413.
    pub max_body_bytes: usize,
    /// The bearer token the admin endpoint requires.
    pub admin_token: String,
}

impl Default for ServerConfig {
    fn default() -> ServerConfig {
        ServerConfig {
            max_body_bytes: 16 * 1024 * 1024,
            admin_token: String::new(),
        }
    }
}

pub struct AppState {
    world: Mutex<World>,
    pub config: ServerConfig,
}

impl AppState {
    pub fn new(tenant: Tenant, config: ServerConfig) -> AppState {
        AppState {
            world: Mutex::new(World { tenant }),
            config,
        }
    }

    /// Locks the shared world. A panic while it was held (a bug) does not take the server down with it: the
    /// data is still consistent because every mutation is applied whole by pure functions.
    pub fn lock(&self) -> MutexGuard<'_, World> {
        self.world
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
