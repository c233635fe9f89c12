//! `CmdletHost`: where the shell's Exchange cmdlets run — in-process against a tenant (`LocalHost`), or remotely
//! through the admin endpoint's InvokeCommand (implemented outside `script`, since it does I/O).
//!
//! The interpreter binds parameters itself (it has every cmdlet's metadata) and hands the host one bound invocation
//! at a time, so a pipeline like `Get-MobileDevice | Remove-MobileDevice` makes one host call per input record,
//! exactly as the Exchange Online module sends one REST call per record.

use crate::model::{Tenant, Timestamp};

use super::{BoundParameters, CmdletContext, CmdletInfo, Confirmer, ErrorRecord, Output, invoke};

/// Runs bound Exchange cmdlet invocations.
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
}

/// Runs cmdlets in-process against a tenant the caller owns (`easim run` without `--connect`, tests).
pub struct LocalHost<'t> {
    pub tenant: &'t mut Tenant,
    pub now: Timestamp,
    /// Who runs the cmdlets (LastDeviceWipeRequestor).
    pub user: String,
}

impl<'t> LocalHost<'t> {
    pub fn new(tenant: &'t mut Tenant, now: Timestamp) -> LocalHost<'t> {
        LocalHost {
            tenant,
            now,
            user: "Administrator".to_string(),
        }
    }
}

impl CmdletHost for LocalHost<'_> {
    fn invoke(
        &mut self,
        cmdlet: &'static CmdletInfo,
        args: &BoundParameters,
        confirmer: &mut dyn Confirmer,
    ) -> Result<Output, ErrorRecord> {
        let mut ctx =
            CmdletContext::new(self.tenant, self.now, confirmer).with_user(self.user.clone());
        invoke(&mut ctx, cmdlet, args)?;
        Ok(ctx.take_output())
    }

    fn now(&self) -> Timestamp {
        self.now
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::{NonInteractive, bind, cmdlets};

    #[test]
    fn local_host_runs_a_bound_cmdlet_and_returns_its_output() {
        let text = include_str!("../../fixtures/tenants/scenario-a.json");
        let mut tenant = crate::model::from_json(text).expect("the fixture is a tenant");
        let mut host = LocalHost::new(&mut tenant, Timestamp::from_secs(1_795_000_000));
        let info = cmdlets::find("get-mailbox").expect("a cmdlet");
        let args = bind(info, vec!["megan.bowen@contoso.com".into()], vec![]).expect("binds");
        let out = host.invoke(info, &args, &mut NonInteractive).expect("runs");
        assert_eq!(out.objects().count(), 1);
        let info = cmdlets::find("Get-Mailbox").expect("a cmdlet");
        let args = bind(info, vec!["nobody".into()], vec![]).expect("binds");
        // As in Exchange, an identity that is not found is a non-terminating error of a Get- cmdlet.
        let out = host.invoke(info, &args, &mut NonInteractive).expect("runs");
        let errors: Vec<String> = out.errors().map(|e| e.to_string()).collect();
        assert_eq!(
            errors,
            ["The operation couldn't be performed because 'nobody' couldn't be found."]
        );
    }
}
