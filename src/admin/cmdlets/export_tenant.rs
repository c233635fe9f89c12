//! Export-Tenant (simulator-only): the whole tenant as fixture JSON text (`model::to_json`), one string, so a
//! trainer can snapshot a scenario and restore it with Import-Tenant. The text records the tenant's change
//! counter (`"Changes"`, `Tenant::changes`), so that Import-Tenant can tell how many changes a restore of it
//! would discard. Writing the text to a file is the caller's business.

use crate::model::to_json;

use crate::admin::context::{Cmdlet, CmdletContext};
use crate::script::cmdlet::{CmdletInfo, Example};
use crate::script::error::ErrorRecord;
use crate::script::params::{BoundParameters, ParameterInfo};

pub(super) static INFO: Cmdlet = Cmdlet::new(
    CmdletInfo {
        name: "Export-Tenant",
        synopsis: "Writes the whole tenant as fixture JSON text (simulator only).",
        output_type: Some("System.String"),
        parameters: &[] as &[ParameterInfo],
        default_parameter_set: "",
        confirm_impact: None,
        examples: EXAMPLES,
    },
    run,
);

static EXAMPLES: &[Example] = &[];

fn run(ctx: &mut CmdletContext<'_>, _args: &BoundParameters) -> Result<(), ErrorRecord> {
    let (tenant, out) = ctx.read();
    out.write_object_with(|| to_json(tenant).into());
    Ok(())
}
