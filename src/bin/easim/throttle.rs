//! `--throttle exo|exchange2019|none`: the flag's parser (shared by `easim serve`, which applies the profile at
//! its admin endpoint, and `easim run`, which prints what the script would take in production under it) and
//! `CountingHost`, which records the Exchange cmdlets a script invokes, in order, for that estimate.
//!
//! The budgets, their sources and the estimate itself are `easim::admin::throttle`; nothing here decides a figure.

use easim::admin::throttle::{Profile, Step};
use easim::model::Timestamp;
use easim::script::{BoundParameters, CmdletHost, CmdletInfo, Confirmer, ErrorRecord, Output};

/// The `--throttle` value: a profile, or none.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Throttle(pub(crate) Option<&'static Profile>);

/// clap's parser for `--throttle`.
pub(crate) fn parse_throttle(s: &str) -> Result<Throttle, String> {
    Profile::parse(s).map(Throttle)
}

/// Passes every invocation to `inner` and remembers, in order, the name of each Exchange cmdlet it was given (one
/// entry per call, so a pipeline counts once per record, as the Exchange Online module sends one REST call per
/// record) and each `Start-Sleep`.
pub(crate) struct CountingHost<'a, H: CmdletHost> {
    pub(crate) inner: &'a mut H,
    pub(crate) steps: Vec<Step<'static>>,
}

impl<H: CmdletHost> CmdletHost for CountingHost<'_, H> {
    fn invoke(
        &mut self,
        cmdlet: &'static CmdletInfo,
        args: &BoundParameters,
        confirmer: &mut dyn Confirmer,
    ) -> Result<Output, ErrorRecord> {
        // The simulator's own cmdlets (Invoke-EasRequest, New-SimulatedDevice) do not exist in production.
        if easim::admin::REGISTRY.find(cmdlet.name).is_some() {
            self.steps.push(Step::Call(cmdlet.name));
        }
        self.inner.invoke(cmdlet, args, confirmer)
    }

    fn now(&self) -> Timestamp {
        self.inner.now()
    }

    fn registry(&self) -> &'static easim::script::Registry {
        self.inner.registry()
    }

    fn slept(&mut self, ms: u64) {
        self.steps.push(Step::Sleep(ms));
        self.inner.slept(ms);
    }
}
