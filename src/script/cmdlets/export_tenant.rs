//! Export-Tenant (simulator-only): the whole tenant as fixture JSON text (`model::to_json`), one string, so a
//! trainer can snapshot a scenario and restore it with Import-Tenant. Writing the text to a file is the caller's
//! business.

use crate::model::to_json;

use super::super::cmdlet::{CmdletContext, CmdletInfo, Example};
use super::super::error::ErrorRecord;
use super::super::params::{BoundParameters, ParameterInfo};

pub(super) static INFO: CmdletInfo = CmdletInfo {
    name: "Export-Tenant",
    synopsis: "Writes the whole tenant as fixture JSON text (simulator only).",
    output_type: Some("System.String"),
    parameters: &[] as &[ParameterInfo],
    default_parameter_set: "",
    confirm_impact: None,
    examples: EXAMPLES,
    run,
};

static EXAMPLES: &[Example] = &[];

fn run(ctx: &mut CmdletContext<'_>, _args: &BoundParameters) -> Result<(), ErrorRecord> {
    let (tenant, out) = ctx.read();
    out.write_object_with(|| to_json(tenant).into());
    Ok(())
}
