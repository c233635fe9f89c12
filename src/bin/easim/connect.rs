//! `--connect URL --token T`: where the shell and `easim run` send their Exchange cmdlets when they should run on a
//! running `easim serve` (its admin endpoint) instead of an in-process tenant. The token may also come from
//! `EASIM_ADMIN_TOKEN`, as `easim serve` reads it.
//!
//! Only option parsing, building the `RemoteHost`, and `AnyHost` (in-process or remote, chosen at start); the
//! hosts themselves are `easim::sim` (in-process: Exchange's cmdlets plus the device simulator's) and
//! `easim::remote` (only Exchange's cmdlets, as the server's admin endpoint has them).

use anyhow::{Context, bail};
use clap::Args;
use easim::durable::JournalingHost;
use easim::model::Timestamp;
use easim::remote::{RemoteConfig, RemoteHost};
use easim::script::{BoundParameters, CmdletHost, CmdletInfo, Confirmer, ErrorRecord, Output};
use easim::sim::SimHost;

/// Options that point a command at a running `easim serve`.
#[derive(Args, Debug, Clone)]
pub(crate) struct ConnectArgs {
    /// Run the Exchange cmdlets on a running `easim serve`: its admin endpoint as printed at start
    /// (`http://127.0.0.1:8081/adminapi/beta/contoso.com/InvokeCommand`) or just `http://HOST:PORT`.
    #[arg(long, value_name = "URL", conflicts_with_all = ["tenant", "profile"])]
    pub(crate) connect: Option<String>,
    /// The admin endpoint's bearer token (as given to or printed by `easim serve`); else $EASIM_ADMIN_TOKEN.
    #[arg(long, value_name = "TOKEN", requires = "connect")]
    pub(crate) token: Option<String>,
}

impl ConnectArgs {
    /// The remote host, checked with one call (so a wrong address or token is reported before anything runs);
    /// `None` without `--connect`.
    pub(crate) fn host(&self, now: Timestamp) -> anyhow::Result<Option<RemoteHost>> {
        let Some(url) = &self.connect else {
            return Ok(None);
        };
        let token = match &self.token {
            Some(t) => t.clone(),
            None => match std::env::var("EASIM_ADMIN_TOKEN") {
                Ok(t) if !t.trim().is_empty() => t,
                _ => bail!(
                    "--connect needs the admin token: give --token TOKEN or set EASIM_ADMIN_TOKEN (easim serve prints the token it generated, or uses its --admin-token)"
                ),
            },
        };
        let mut host = RemoteHost::new(RemoteConfig::new(url.clone(), token), now)
            .context("cannot connect")?;
        host.check()
            .map_err(|e| anyhow::anyhow!("{}", e.message))
            .context("cannot connect")?;
        Ok(Some(host))
    }
}

/// Where a session's cmdlets run: in-process against a simulated world it owns, or on a running `easim serve`.
pub(crate) enum AnyHost {
    Local(Box<SimHost>),
    /// In-process, with every Exchange cmdlet journaled in a state directory (`--state`).
    Journaling(Box<JournalingHost<SimHost>>),
    Remote(Box<RemoteHost>),
}

impl AnyHost {
    /// The clock `Get-Date` reads (the server's cmdlets use the server's clock).
    pub(crate) fn set_now(&mut self, now: Timestamp) {
        match self {
            AnyHost::Local(h) => h.set_now(now),
            AnyHost::Journaling(h) => h.inner.set_now(now),
            AnyHost::Remote(h) => h.now = now,
        }
    }
}

impl CmdletHost for AnyHost {
    fn invoke(
        &mut self,
        cmdlet: &'static CmdletInfo,
        args: &BoundParameters,
        confirmer: &mut dyn Confirmer,
    ) -> Result<Output, ErrorRecord> {
        match self {
            AnyHost::Local(h) => h.invoke(cmdlet, args, confirmer),
            AnyHost::Journaling(h) => h.invoke(cmdlet, args, confirmer),
            AnyHost::Remote(h) => h.invoke(cmdlet, args, confirmer),
        }
    }

    fn now(&self) -> Timestamp {
        match self {
            AnyHost::Local(h) => h.now(),
            AnyHost::Journaling(h) => h.now(),
            AnyHost::Remote(h) => h.now(),
        }
    }

    fn registry(&self) -> &'static easim::script::Registry {
        match self {
            AnyHost::Local(h) => h.registry(),
            AnyHost::Journaling(h) => h.registry(),
            AnyHost::Remote(h) => h.registry(),
        }
    }
}
