//! Compare-DeviceAccess (easim's own cmdlet, not Exchange's): `easim whatif` inside the shell. Runs the
//! `-Change` script block's text on a copy of the tenant and writes one object per device whose access would
//! change (most severe first), after the transition matrix as information lines. The tenant is not changed.
//!
//! The block runs in a fresh session (`admin::whatif::run_change`), not in the caller's: it sees none of the
//! caller's variables or functions, so a change block must be self-contained, as a `-Change` file for
//! `easim whatif` is. That keeps the cmdlet the same wherever it runs (the shell, a script, the admin endpoint).
//! Its cmdlets run on the copy through `CopyHost` below, not `admin::LocalHost`: `host` uses `cmdlets`, so
//! `cmdlets` using `host` would be an import cycle (the tidy test forbids it); `CopyHost` is the few lines of
//! `LocalHost` it needs, over the same `invoke`.

use super::super::whatif::{self, ABSENT, Access, Change};
use crate::admin::context::{Cmdlet, CmdletContext, invoke};
use crate::model::{Tenant, Timestamp};
use crate::script::cmdlet::{CmdletInfo, Confirmer, Example, Output};
use crate::script::error::{ErrorCategory, ErrorRecord};
use crate::script::params::{BoundParameters, ParamType, ParameterInfo};
use crate::script::value::{PsObject, Value};
use crate::script::{CmdletHost, Registry};

/// The type name of the objects written.
pub(super) const CHANGE_TYPE: &str = "Easim.DeviceAccessChange";

const PARAMS: [ParameterInfo; 1] = [ParameterInfo::new("Change", ParamType::Filter)
    .mandatory()
    .position(0)
    .help("The change to try, as a script block ({ Remove-ActiveSyncDeviceAccessRule … }) or its text.")];

pub(super) static INFO: Cmdlet = Cmdlet::new(
    CmdletInfo {
        name: "Compare-DeviceAccess",
        synopsis: "Shows which devices' access a change would alter, from what to what, without making it.",
        output_type: Some(CHANGE_TYPE),
        parameters: &PARAMS,
        default_parameter_set: "",
        confirm_impact: None,
        examples: EXAMPLES,
    },
    run,
);

static EXAMPLES: &[Example] = &[Example {
    title: "What removing the iPhone 5s rule would do",
    input: "Compare-DeviceAccess -Change { Remove-ActiveSyncDeviceAccessRule 'iPhone6C2 (DeviceModel)' -Confirm:$false } | Format-Table Owner,Before,After,Step",
    output: r#"Allowed/DeviceRule -> Quarantined/Global: 2 devices (LostAccess)
Allowed/Individual -> Allowed/Individual: 1 device
Quarantined/Global -> Quarantined/Global: 1 device

Owner             Before             After              Step
-----             ------             -----              ----
alice@contoso.com Allowed/DeviceRule Quarantined/Global OrgDefault
bob@contoso.com   Allowed/DeviceRule Quarantined/Global OrgDefault"#,
}];

fn label(a: Option<&Access>) -> String {
    a.map_or_else(|| ABSENT.to_string(), Access::label)
}

/// The object written for one changed device.
fn change_object(c: &Change) -> PsObject {
    let mut o = PsObject::with_capacity(CHANGE_TYPE, 9);
    o.push("Identity", c.identity.as_str());
    o.push("Owner", c.owner.as_str());
    o.push("DeviceId", c.device_id.as_str());
    o.push("DeviceModel", c.model.as_str());
    o.push("Change", c.kind.name());
    o.push("Before", label(c.before.as_ref()));
    o.push("After", label(c.after.as_ref()));
    o.push("Step", c.after.as_ref().map(|a| Value::from(a.step.name())));
    o.push(
        "Rule",
        c.after
            .as_ref()
            .and_then(|a| a.rule.as_deref())
            .map(Value::from),
    );
    o
}

/// Runs the change block's cmdlets in-process on the copy.
struct CopyHost<'t> {
    tenant: &'t mut Tenant,
    now: Timestamp,
    user: String,
}

impl CmdletHost for CopyHost<'_> {
    fn invoke(
        &mut self,
        cmdlet: &'static CmdletInfo,
        args: &BoundParameters,
        confirmer: &mut dyn Confirmer,
    ) -> Result<Output, ErrorRecord> {
        let cmdlet = super::of_info(cmdlet)?;
        let mut ctx =
            CmdletContext::new(self.tenant, self.now, confirmer).with_user(self.user.clone());
        invoke(&mut ctx, cmdlet, args)?;
        Ok(ctx.take_output())
    }

    fn now(&self) -> Timestamp {
        self.now
    }

    fn registry(&self) -> &'static Registry {
        &crate::admin::REGISTRY
    }
}

fn run(ctx: &mut CmdletContext<'_>, args: &BoundParameters) -> Result<(), ErrorRecord> {
    let script = args.string("Change").unwrap_or_default().to_string();
    let now = ctx.now;
    let user = ctx.user.clone();
    let (tenant, out) = ctx.read();
    let mut copy = tenant.clone();
    let changed = whatif::run_change(
        &mut CopyHost {
            tenant: &mut copy,
            now,
            user,
        },
        &script,
    );
    if !changed.completed() {
        return Err(ErrorRecord::new(
            ErrorCategory::InvalidOperation,
            "ChangeFailed,Compare-DeviceAccess",
            format!(
                "The -Change script did not run to its end, so there is nothing to compare:\n{}",
                changed.errors.trim_end()
            ),
        ));
    }
    let report = whatif::compare(tenant, &copy, now);
    for t in &report.transitions {
        let devices = if t.count == 1 { "device" } else { "devices" };
        let kind = t
            .kind
            .map(|k| format!(" ({})", k.name()))
            .unwrap_or_default();
        out.write_information(format!(
            "{} -> {}: {} {devices}{kind}",
            t.from, t.to, t.count
        ));
    }
    for c in &report.changes {
        out.write_object(change_object(c));
    }
    Ok(())
}
