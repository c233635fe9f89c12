//! New-Object for the one kind blog scripts build with it (`New-Object PSObject -Property @{…}`), and the
//! session commands scripts copied from blogs start with (Connect-ExchangeOnline, Import-Module,
//! Add-PSSnapin, Set-StrictMode, Clear-Host), accepted and doing nothing: the simulated tenant is already
//! connected.

use crate::script::cmdlet::Example;
use crate::script::params::ParameterInfo;
use crate::script::value::Value;

use super::{UArgs, UtilityInfo};
use crate::script::eval::convert::{custom_object, to_str};
use crate::script::eval::flow::{Res, unsupported};
use crate::script::eval::interp::Interp;
use crate::script::eval::interp::Stage;

pub(crate) static NEW_OBJECT: UtilityInfo = UtilityInfo {
    name: "New-Object",
    aliases: &[],
    synopsis: "Creates a PSObject (PSCustomObject) with the given properties.",
    params: &[
        ParameterInfo::value("TypeName", "String")
            .position(0)
            .help("PSObject or PSCustomObject; other .NET types are not supported."),
        ParameterInfo::value("Property", "IDictionary").help("The new object's properties."),
        ParameterInfo::value("ArgumentList", "Object[]")
            .position(1)
            .aliases(&["Args"]),
    ],
    examples: &[Example {
        title: "An object from a hashtable",
        input: "New-Object PSObject -Property @{User='alice'; Devices=2}",
        output: r#"User  Devices
----  -------
alice       2"#,
    }],
    build: build_new_object,
};

fn build_new_object(_it: &mut Interp<'_>, args: UArgs) -> Res<Box<dyn Stage>> {
    let type_name = args.string("TypeName").unwrap_or_default();
    let t = type_name.to_ascii_lowercase();
    if !matches!(
        t.as_str(),
        "psobject"
            | "pscustomobject"
            | "system.management.automation.psobject"
            | "system.object"
            | "object"
    ) {
        return Err(unsupported(format!("New-Object {type_name}")).into());
    }
    let mut o = custom_object();
    match args.get("Property") {
        Some(Value::Hashtable(h)) => {
            for (k, v) in h.iter() {
                o.push(k.to_string(), v.clone());
            }
        }
        Some(other) => {
            return Err(unsupported(format!("New-Object -Property {}", to_str(other))).into());
        }
        None => {}
    }
    let value = Value::Object(o);
    Ok(Box::new(super::MapStage {
        f: move |_: &mut Interp<'_>, _: Option<Value>, out: &mut Vec<Value>| -> Res<()> {
            out.push(value.clone());
            Ok(())
        },
    }))
}

fn nothing(_it: &mut Interp<'_>, _args: UArgs) -> Res<Box<dyn Stage>> {
    Ok(Box::new(super::MapStage {
        f: |_: &mut Interp<'_>, _: Option<Value>, _: &mut Vec<Value>| Ok(()),
    }))
}

/// Parameters the session commands accept (and ignore).
const ANY: &[ParameterInfo] = &[
    ParameterInfo::value("Name", "String")
        .position(0)
        .remaining(),
    ParameterInfo::value("UserPrincipalName", "String"),
    ParameterInfo::value("Credential", "PSCredential"),
    ParameterInfo::value("ConnectionUri", "String"),
    ParameterInfo::value("Organization", "String"),
    ParameterInfo::value("Version", "Object"),
    ParameterInfo::switch("ShowBanner"),
    ParameterInfo::switch("ShowProgress"),
    ParameterInfo::switch("Force"),
    ParameterInfo::switch("DisableNameChecking"),
    ParameterInfo::switch("Off"),
];

pub(crate) static CONNECT_EXCHANGE_ONLINE: UtilityInfo = UtilityInfo {
    name: "Connect-ExchangeOnline",
    aliases: &[],
    synopsis: "Accepted and does nothing: the easim shell is already connected to its tenant.",
    params: ANY,
    examples: &[],
    build: nothing,
};

pub(crate) static DISCONNECT_EXCHANGE_ONLINE: UtilityInfo = UtilityInfo {
    name: "Disconnect-ExchangeOnline",
    aliases: &[],
    synopsis: "Accepted and does nothing.",
    params: ANY,
    examples: &[],
    build: nothing,
};

pub(crate) static IMPORT_MODULE: UtilityInfo = UtilityInfo {
    name: "Import-Module",
    aliases: &["ipmo"],
    synopsis: "Accepted and does nothing: the Exchange cmdlets are built in.",
    params: ANY,
    examples: &[],
    build: nothing,
};

pub(crate) static ADD_PSSNAPIN: UtilityInfo = UtilityInfo {
    name: "Add-PSSnapin",
    aliases: &[],
    synopsis: "Accepted and does nothing: the Exchange cmdlets are built in.",
    params: ANY,
    examples: &[],
    build: nothing,
};

pub(crate) static SET_STRICT_MODE: UtilityInfo = UtilityInfo {
    name: "Set-StrictMode",
    aliases: &[],
    synopsis: "Accepted and does nothing (a script that runs under strict mode runs the same without it).",
    params: ANY,
    examples: &[],
    build: nothing,
};

pub(crate) static CLEAR_HOST: UtilityInfo = UtilityInfo {
    name: "Clear-Host",
    aliases: &["cls", "clear"],
    synopsis: "Accepted and does nothing when running scripts.",
    params: &[],
    examples: &[],
    build: nothing,
};
