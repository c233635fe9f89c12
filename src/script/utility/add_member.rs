//! Add-Member: adds a note property to objects (`$o | Add-Member -MemberType NoteProperty -Name X -Value 1`,
//! `Add-Member -InputObject $o -NotePropertyName X -NotePropertyValue 1`, `-NotePropertyMembers @{…}`,
//! `-PassThru`, `-Force`).
//!
//! It changes the object itself, as PowerShell does: objects and hashtables are shared handles, so every variable
//! and array holding the object sees the new member. Other member types than NoteProperty are refused.

use crate::model::eq_ci;
use crate::script::cmdlet::Example;
use crate::script::error::ErrorCategory;
use crate::script::params::ParameterInfo;
use crate::script::value::{Hashtable, Value};

use super::{UArgs, UtilityInfo};
use crate::script::eval::convert::to_str;
use crate::script::eval::flow::{Res, RuntimeError, runtime, unsupported};
use crate::script::eval::interp::Interp;
use crate::script::eval::interp::Stage;

pub(crate) static INFO: UtilityInfo = UtilityInfo {
    name: "Add-Member",
    aliases: &[],
    synopsis: "Adds a note property to objects.",
    params: &[
        ParameterInfo::value("MemberType", "PSMemberTypes")
            .position(0)
            .aliases(&["Type"])
            .help("NoteProperty (the only kind supported)."),
        ParameterInfo::value("Name", "String")
            .position(1)
            .help("The property's name."),
        ParameterInfo::value("Value", "Object")
            .position(2)
            .help("The property's value."),
        ParameterInfo::value("NotePropertyName", "String"),
        ParameterInfo::value("NotePropertyValue", "Object"),
        ParameterInfo::value("NotePropertyMembers", "IDictionary")
            .help("Several properties at once, as a hashtable."),
        ParameterInfo::value("InputObject", "PSObject")
            .piped()
            .help("The object to change."),
        ParameterInfo::switch("PassThru").help("Writes the changed object to the pipeline."),
        ParameterInfo::switch("Force").help("Replaces a property that already exists."),
    ],
    examples: &[Example {
        title: "A property added to objects in a variable",
        input: "$o = [PSCustomObject]@{User='alice'}\n$o | Add-Member -MemberType NoteProperty -Name Devices -Value 2\n$o",
        output: r#"User  Devices
----  -------
alice       2"#,
    }],
    build,
};

struct AddMember {
    members: Vec<(String, Value)>,
    force: bool,
    pass_thru: bool,
    input: Option<Value>,
}

fn exists_error(name: &str) -> RuntimeError {
    runtime(
        ErrorCategory::InvalidOperation,
        "MemberAlreadyExists",
        format!(
            "Cannot add a member with the name \"{name}\" because a member with that name already exists. To overwrite the member anyway, add the Force parameter to your command."
        ),
    )
    .in_command("Add-Member")
}

impl AddMember {
    fn apply(&self, v: Value) -> Result<Value, RuntimeError> {
        match v {
            Value::Object(o) => {
                for (name, value) in &self.members {
                    if o.get(name).is_some() && !self.force {
                        return Err(exists_error(name));
                    }
                    o.set(name.clone(), value.clone());
                }
                Ok(Value::Object(o))
            }
            Value::Hashtable(h) => {
                for (name, value) in &self.members {
                    h.insert(name.clone(), value.clone());
                }
                Ok(Value::Hashtable(h))
            }
            other => Err(
                unsupported(format!("Add-Member on a {}", other.type_name()))
                    .in_command("Add-Member"),
            ),
        }
    }
}

fn build(_it: &mut Interp<'_>, mut args: UArgs) -> Res<Box<dyn Stage>> {
    let mut members = Vec::new();
    if let Some(kind) = args.string("MemberType")
        && !eq_ci(kind.trim(), "NoteProperty")
    {
        return Err(unsupported(format!("Add-Member -MemberType {kind}")).into());
    }
    if let (Some(n), v) = (
        args.take("Name").or_else(|| args.take("NotePropertyName")),
        args.take("Value")
            .or_else(|| args.take("NotePropertyValue")),
    ) {
        members.push((to_str(&n), v.unwrap_or(Value::Null)));
    }
    if let Some(m) = args.take("NotePropertyMembers") {
        let Value::Hashtable(h) = m else {
            return Err(unsupported(
                "Add-Member -NotePropertyMembers with something other than a hashtable",
            )
            .into());
        };
        let h: Hashtable = h;
        for (k, v) in h.iter() {
            members.push((k.to_string(), v.clone()));
        }
    }
    if members.is_empty() {
        return Err(runtime(
            ErrorCategory::InvalidArgument,
            "MissingMandatoryParameter",
            "Cannot process command because of one or more missing mandatory parameters: Name.",
        )
        .in_command("Add-Member")
        .into());
    }
    Ok(Box::new(AddMember {
        members,
        force: args.switch("Force"),
        pass_thru: args.switch("PassThru"),
        input: args.take("InputObject"),
    }))
}

impl Stage for AddMember {
    fn process(
        &mut self,
        _it: &mut Interp<'_>,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> Res<()> {
        let v = match (input, self.input.take()) {
            (Some(v), _) | (None, Some(v)) => v,
            (None, None) => return Ok(()),
        };
        let changed = self.apply(v)?;
        if self.pass_thru {
            out.push(changed);
        }
        Ok(())
    }
}
