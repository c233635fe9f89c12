//! Exchange's parameter types, registered with the language's binder as `ParamType::Custom`: identity parameters
//! (`MailboxIdParameter`, `MobileDeviceIdParameter`, … — a string, a Guid, or an object of the kind's types),
//! `Unlimited<UInt32>`, `Unlimited<EnhancedTimeSpan>`, `Unlimited<ByteQuantifiedSize>` and
//! `MultiValuedProperty<string>` (a list replaces, `@{Add=…; Remove=…}` edits). Their conversion errors are built
//! from the binder's `texts`, so they read as PowerShell's.

use crate::model::eq_ci;
use crate::script::binder::parse_u32;
use crate::script::binder::texts::{
    self, array_to_scalar, cannot_bind, cannot_convert, null_not_allowed, number_error,
};
use crate::script::messages::quoted;
use crate::script::{Arg, CustomType, ErrorRecord, MultiValued, ParamType, Value};

/// Which kind of object an identity parameter names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdentityKind {
    Mailbox,
    MobileDevice,
    DeviceAccessRule,
    MailboxPolicy,
    OrganizationSettings,
}

impl IdentityKind {
    /// The .NET parameter type Exchange declares.
    pub const fn type_name(self) -> &'static str {
        match self {
            IdentityKind::Mailbox => "Microsoft.Exchange.Configuration.Tasks.MailboxIdParameter",
            IdentityKind::MobileDevice => {
                "Microsoft.Exchange.Configuration.Tasks.MobileDeviceIdParameter"
            }
            IdentityKind::DeviceAccessRule => {
                "Microsoft.Exchange.Configuration.Tasks.ActiveSyncDeviceAccessRuleIdParameter"
            }
            IdentityKind::MailboxPolicy => {
                "Microsoft.Exchange.Configuration.Tasks.MailboxPolicyIdParameter"
            }
            IdentityKind::OrganizationSettings => {
                "Microsoft.Exchange.Configuration.Tasks.ActiveSyncOrganizationSettingsIdParameter"
            }
        }
    }

    /// The (short) object type names that convert to this identity, e.g. piping Get-Mailbox into -Mailbox.
    pub fn accepts(self) -> &'static [&'static str] {
        match self {
            IdentityKind::Mailbox => &["Mailbox", "CASMailbox"],
            IdentityKind::MobileDevice => &["MobileDevice", "MobileDeviceConfiguration"],
            IdentityKind::DeviceAccessRule => &["ActiveSyncDeviceAccessRule"],
            IdentityKind::MailboxPolicy => &["MobileMailboxPolicy"],
            IdentityKind::OrganizationSettings => &["ActiveSyncOrganizationSettings"],
        }
    }
}

/// The identity parameter type of `kind`.
pub const fn identity(kind: IdentityKind) -> ParamType {
    ParamType::Custom(match kind {
        IdentityKind::Mailbox => &MAILBOX_ID,
        IdentityKind::MobileDevice => &MOBILE_DEVICE_ID,
        IdentityKind::DeviceAccessRule => &DEVICE_ACCESS_RULE_ID,
        IdentityKind::MailboxPolicy => &MAILBOX_POLICY_ID,
        IdentityKind::OrganizationSettings => &ORGANIZATION_SETTINGS_ID,
    })
}

macro_rules! identity_type {
    ($static:ident, $kind:expr, $help:literal) => {
        static $static: CustomType = CustomType {
            type_name: $kind.type_name(),
            help_name: $help,
            takes_list: false,
            convert: |name, value, _culture| to_identity(name, $kind, value).map(Arg::Value),
        };
    };
}

identity_type!(MAILBOX_ID, IdentityKind::Mailbox, "MailboxIdParameter");
identity_type!(
    MOBILE_DEVICE_ID,
    IdentityKind::MobileDevice,
    "MobileDeviceIdParameter"
);
identity_type!(
    DEVICE_ACCESS_RULE_ID,
    IdentityKind::DeviceAccessRule,
    "ActiveSyncDeviceAccessRuleIdParameter"
);
identity_type!(
    MAILBOX_POLICY_ID,
    IdentityKind::MailboxPolicy,
    "MailboxPolicyIdParameter"
);
identity_type!(
    ORGANIZATION_SETTINGS_ID,
    IdentityKind::OrganizationSettings,
    "ActiveSyncOrganizationSettingsIdParameter"
);

/// Exchange's `Unlimited<UInt32>`: a number or `Unlimited` (also -ResultSize).
pub const UNLIMITED: ParamType = ParamType::Custom(&UNLIMITED_TYPE);
/// `Unlimited<EnhancedTimeSpan>`: `[d.]hh:mm:ss` or `Unlimited`; bound as whole seconds.
pub const TIME_SPAN: ParamType = ParamType::Custom(&TIME_SPAN_TYPE);
/// `Unlimited<ByteQuantifiedSize>`: `10 MB`, `512KB`, a byte count, or `Unlimited`; bound as KB (rounded up).
pub const BYTE_SIZE: ParamType = ParamType::Custom(&BYTE_SIZE_TYPE);
/// `MultiValuedProperty<string>`: a list (or `$null`) replaces, `@{Add=…; Remove=…}` edits.
pub const MULTI_VALUED: ParamType = ParamType::Custom(&MULTI_VALUED_TYPE);

/// `ExDateTime`: a date, or text such as `01/24/2018`, `"09/01/2018 5:00 PM"` or `2016-05-06 14:30:00z` (UTC).
pub const DATE_TIME: ParamType = ParamType::Custom(&DATE_TIME_TYPE);

pub static DATE_TIME_TYPE: CustomType = CustomType {
    type_name: "Microsoft.Exchange.ExchangeSystem.ExDateTime",
    help_name: "ExDateTime",
    takes_list: false,
    // Text in the session culture: "Use the short date format that's defined in the Regional Options settings on
    // the computer where you're running the command" (Exchange's reference, e.g. Search-AdminAuditLog -StartDate,
    // https://learn.microsoft.com/powershell/module/exchange/search-adminauditlog).
    convert: |name, value, culture| {
        match value {
        Value::Null => Err(null_not_allowed(name)),
        Value::DateTime(t) => Ok(Arg::Value(Value::DateTime(t))),
        Value::String(ref s) => crate::script::eval::convert::parse_date_in(s, culture)
            .map_err(|what| cannot_bind(name, format!("{what} is not supported by the easim shell.")))?
            .map(|t| Arg::Value(Value::DateTime(t)))
            .ok_or_else(|| {
                cannot_bind(
                    name,
                    format!(
                        "Cannot convert value \"{s}\" to type \"{}\". Error: \"String was not recognized as a valid DateTime.\"",
                        DATE_TIME_TYPE.type_name
                    ),
                )
            }),
        Value::Array(_) => Err(array_to_scalar(name, DATE_TIME_TYPE.type_name)),
        other => Err(cannot_convert(name, &other, DATE_TIME_TYPE.type_name)),
    }
    },
};

pub static UNLIMITED_TYPE: CustomType = CustomType {
    type_name: "Microsoft.Exchange.Data.Unlimited`1[System.UInt32]",
    help_name: "Unlimited",
    takes_list: false,
    convert: |name, value, _culture| match value {
        Value::Null => Err(null_not_allowed(name)),
        Value::String(s) if eq_ci(s.trim(), "Unlimited") => Ok(Arg::Unlimited(None)),
        v => parse_u32(&v)
            .map(|n| Arg::Unlimited(Some(n)))
            .ok_or_else(|| number_error(name, &v, UNLIMITED_TYPE.type_name)),
    },
};

pub static TIME_SPAN_TYPE: CustomType = CustomType {
    type_name: "Microsoft.Exchange.Data.Unlimited`1[Microsoft.Exchange.Data.EnhancedTimeSpan]",
    help_name: "Unlimited",
    takes_list: false,
    convert: |name, value, _culture| {
        unlimited_with(
            name,
            value,
            &TIME_SPAN_TYPE,
            parse_time_span,
            "The value isn't a time span such as 00:15:00 or 90.00:00:00, or Unlimited.",
        )
    },
};

pub static BYTE_SIZE_TYPE: CustomType = CustomType {
    type_name: "Microsoft.Exchange.Data.Unlimited`1[Microsoft.Exchange.Data.ByteQuantifiedSize]",
    help_name: "Unlimited",
    takes_list: false,
    convert: |name, value, _culture| {
        unlimited_with(
            name,
            value,
            &BYTE_SIZE_TYPE,
            parse_size_kb,
            "The value isn't a size such as 10 MB or 512 KB, or Unlimited.",
        )
    },
};

pub static MULTI_VALUED_TYPE: CustomType = CustomType {
    type_name: "Microsoft.Exchange.Data.MultiValuedProperty`1[System.String]",
    help_name: "MultiValuedProperty",
    takes_list: true,
    convert: |name, value, _culture| to_multi(name, value).map(Arg::Multi),
};

/// `Unlimited`, or what `parse` makes of the value, with Exchange's reason when it can't.
fn unlimited_with(
    name: &str,
    value: Value,
    ty: &CustomType,
    parse: fn(&Value) -> Option<u32>,
    reason: &str,
) -> Result<Arg, ErrorRecord> {
    match value {
        Value::Null => Err(null_not_allowed(name)),
        Value::String(s) if eq_ci(s.trim(), "Unlimited") => Ok(Arg::Unlimited(None)),
        v => parse(&v).map(|n| Arg::Unlimited(Some(n))).ok_or_else(|| {
            cannot_bind(
                name,
                format!(
                    "Cannot convert value \"{}\" to type \"{}\". Error: \"{reason}\"",
                    quoted(&v.to_text()),
                    ty.type_name
                ),
            )
        }),
    }
}

/// `[d.]hh:mm:ss` to whole seconds.
fn parse_time_span(value: &Value) -> Option<u32> {
    let Value::String(s) = value else {
        return None;
    };
    let s = s.trim();
    let (days, rest) = match s.split_once('.') {
        Some((d, r)) if r.contains(':') => (d.parse::<u64>().ok()?, r),
        _ if !s.contains(':') => (s.parse::<u64>().ok()?, "0:0:0"),
        _ => (0, s),
    };
    let mut parts = rest.split(':').map(|p| p.parse::<u64>().ok());
    let (h, m, sec) = (
        parts.next()??,
        parts.next()??,
        parts.next().unwrap_or(Some(0))?,
    );
    if parts.next().is_some() || h > 23 || m > 59 || sec > 59 {
        return None;
    }
    u32::try_from(days * 86_400 + h * 3600 + m * 60 + sec).ok()
}

/// `10 MB`, `512KB`, `1.5 GB` or a byte count, to KB rounded up.
fn parse_size_kb(value: &Value) -> Option<u32> {
    let bytes: f64 = match value {
        Value::Int(i) if *i >= 0 => *i as f64,
        Value::Double(d) if *d >= 0.0 => *d,
        Value::String(s) => {
            let s = s.trim();
            let split = s.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(s.len());
            let (num, unit) = s.split_at(split);
            let n: f64 = num.trim().replace(',', "").parse().ok()?;
            let mult = match unit.trim().to_ascii_uppercase().as_str() {
                "" | "B" => 1.0,
                "KB" => 1024.0,
                "MB" => 1024.0 * 1024.0,
                "GB" => 1024.0 * 1024.0 * 1024.0,
                _ => return None,
            };
            if n < 0.0 {
                return None;
            }
            n * mult
        }
        _ => return None,
    };
    let kb = (bytes / 1024.0).ceil();
    (kb <= f64::from(u32::MAX)).then_some(kb as u32)
}

fn to_identity(name: &str, kind: IdentityKind, value: Value) -> Result<Value, ErrorRecord> {
    match value {
        Value::Null => Err(null_not_allowed(name)),
        Value::String(s) if s.trim().is_empty() => Err(texts::null_or_empty(name)),
        v @ Value::String(_) => Ok(v),
        Value::Guid(g) => Ok(Value::str(g.to_string())),
        Value::Int(_) => Ok(Value::str(value.to_text())),
        Value::Object(o) if kind.accepts().contains(&o.short_type_name()) => {
            match o.get("Guid").or_else(|| o.get("Identity")) {
                Some(v @ (Value::Guid(_) | Value::String(_))) => Ok(Value::str(v.to_text())),
                _ => Err(cannot_convert(
                    name,
                    &Value::Object(o.clone()),
                    kind.type_name(),
                )),
            }
        }
        Value::Array(_) => Err(array_to_scalar(name, kind.type_name())),
        other => Err(cannot_convert(name, &other, kind.type_name())),
    }
}

/// A list or `@{Add=…; Remove=…}` as Exchange's `MultiValuedProperty<string>` takes it ([EX13]
/// `Microsoft.Exchange.Data/MultiValuedProperty.cs`): a list replaces, and its `$null` entries are skipped (the
/// constructor adds only `obj != null`); an Add of `$null`, alone or in a list, is refused (`TryAddInternal`:
/// `ArgumentNullException("item", ErrorCannotAddNullValue)`, which surfaces as this binding error; the inner text
/// is the simulator's, Exchange's resource string not being public); a Remove of `$null` removes nothing.
/// Empty strings are kept: the cmdlet validates the values it stores.
fn to_multi(name: &str, value: Value) -> Result<MultiValued, ErrorRecord> {
    let list = |v: Value, adding: bool| -> Result<Vec<String>, ErrorRecord> {
        let item = |i: Value| -> Result<Option<String>, ErrorRecord> {
            match i {
                Value::Null if adding => Err(null_added(name)),
                Value::Null => Ok(None),
                Value::Hashtable(_) | Value::Object(_) | Value::Array(_) => {
                    Err(cannot_convert(name, &i, "System.String"))
                }
                i => Ok(Some(i.to_text())),
            }
        };
        match v {
            Value::Null if adding => Err(null_added(name)),
            Value::Null => Ok(Vec::new()),
            Value::Array(items) => items
                .into_vec()
                .into_iter()
                .filter_map(|i| item(i).transpose())
                .collect(),
            v => Ok(item(v)?.into_iter().collect()),
        }
    };
    match value {
        Value::Hashtable(h) => {
            let mut add = Vec::new();
            let mut remove = Vec::new();
            for (k, v) in h.iter() {
                if eq_ci(&k, "Add") {
                    add = list(v, true)?;
                } else if eq_ci(&k, "Remove") {
                    remove = list(v, false)?;
                } else {
                    return Err(cannot_bind(
                        name,
                        format!(
                            "The hash table key \"{}\" isn't valid for a multi-valued property. Use \"Add\" and \"Remove\", for example @{{Add=\"value1\"; Remove=\"value2\"}}.",
                            quoted(&k)
                        ),
                    ));
                }
            }
            Ok(MultiValued::Edit { add, remove })
        }
        v => list(v, false).map(MultiValued::Replace),
    }
}

/// Applies a MultiValuedProperty argument to a stored list: a plain list replaces it, `@{Add=…; Remove=…}` edits
/// it; the result has no case-insensitive duplicates and keeps first-seen order.
pub fn edit_list(list: &mut Vec<String>, edit: &MultiValued) {
    let push_unique = |list: &mut Vec<String>, v: &str| {
        if !list.iter().any(|x| eq_ci(x, v)) {
            list.push(v.to_string());
        }
    };
    match edit {
        MultiValued::Replace(values) => {
            list.clear();
            for v in values {
                push_unique(list, v);
            }
        }
        MultiValued::Edit { add, remove } => {
            list.retain(|x| !remove.iter().any(|r| eq_ci(x, r)));
            for v in add {
                push_unique(list, v);
            }
        }
    }
}

/// `@{Add=$null}`: the binding error around MultiValuedProperty's ArgumentNullException (see `to_multi`).
fn null_added(name: &str) -> ErrorRecord {
    cannot_bind(
        name,
        format!(
            "Cannot convert value \"System.Collections.Hashtable\" to type \"{}\". Error: \"A null value can't be added to a multivalued property. Parameter name: item\"",
            MULTI_VALUED_TYPE.type_name
        ),
    )
}

/// `System.Guid` (the EXO V3 cmdlets' -ExternalDirectoryObjectId): a Guid's text; anything else is .NET's
/// conversion error, as PowerShell 5.1 words it ("Cannot bind parameter 'SubscriptionId'. Cannot convert value
/// "…" to type "System.Guid". Error: "Guid should contain 32 digits with 4 dashes
/// (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)."", quoted from New-AzManagementGroupSubscription output in a public
/// script's notes). Bound as the Guid's canonical text.
pub const GUID: ParamType = ParamType::Custom(&GUID_TYPE);

pub static GUID_TYPE: CustomType = CustomType {
    type_name: "System.Guid",
    help_name: "Guid",
    takes_list: false,
    convert: |name, value, _culture| match value {
        Value::Null => Err(null_not_allowed(name)),
        Value::Guid(g) => Ok(Arg::Value(Value::str(g.to_string()))),
        Value::Array(_) => Err(array_to_scalar(name, GUID_TYPE.type_name)),
        v => match crate::model::Guid::parse(v.to_text().trim()) {
            Some(g) => Ok(Arg::Value(Value::str(g.to_string()))),
            None => Err(cannot_bind(
                name,
                format!(
                    "Cannot convert value \"{}\" to type \"System.Guid\". Error: \"Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).\"",
                    crate::script::messages::quoted(&v.to_text())
                ),
            )),
        },
    },
};

/// `Nullable<bool>` (Set-CASMailbox -EwsAllowOutlook, -SmtpClientAuthenticationDisabled): a Boolean as
/// `ParamType::Bool` takes it, or `$null`, which clears the setting (bound as `Value::Null`).
pub const NULLABLE_BOOL: ParamType = ParamType::Custom(&NULLABLE_BOOL_TYPE);

pub static NULLABLE_BOOL_TYPE: CustomType = CustomType {
    type_name: "System.Nullable`1[System.Boolean]",
    help_name: "Boolean",
    takes_list: false,
    convert: |name, value, _culture| match value {
        Value::Null => Ok(Arg::Value(Value::Null)),
        Value::Bool(b) => Ok(Arg::Value(Value::Bool(b))),
        Value::Int(i) => Ok(Arg::Value(Value::Bool(i != 0))),
        Value::Double(d) => Ok(Arg::Value(Value::Bool(d != 0.0))),
        v => Err(texts::not_a_boolean(name, &v)),
    },
};

/// `Nullable<EwsApplicationAccessPolicy>` (Set-CASMailbox -EwsApplicationAccessPolicy; Exchange 2013's
/// `CASMailbox.EwsApplicationAccessPolicy` is `EwsApplicationAccessPolicy?`): a name or number as the enum's
/// `EnumInfo` parses it, with its error text, or `$null` (the blank the property has by default).
pub const NULLABLE_EWS_APPLICATION_ACCESS_POLICY: ParamType =
    ParamType::Custom(&NULLABLE_EWS_APPLICATION_ACCESS_POLICY_TYPE);

pub static NULLABLE_EWS_APPLICATION_ACCESS_POLICY_TYPE: CustomType = CustomType {
    type_name: "System.Nullable`1[Microsoft.Exchange.Data.Directory.EwsApplicationAccessPolicy]",
    help_name: "EwsApplicationAccessPolicy",
    takes_list: false,
    convert: |name, value, _culture| {
        let info = &crate::admin::enums::EWS_APPLICATION_ACCESS_POLICY;
        match value {
            Value::Null => Ok(Arg::Value(Value::Null)),
            Value::Enum(e) if e.type_name == info.type_name => Ok(Arg::Value(Value::Enum(e))),
            v @ (Value::String(_) | Value::Int(_) | Value::Enum(_)) => (info.parse)(&v.to_text())
                .map(|e| Arg::Value(e.into()))
                .map_err(|e| cannot_bind(name, e)),
            Value::Array(_) => Err(array_to_scalar(
                name,
                NULLABLE_EWS_APPLICATION_ACCESS_POLICY_TYPE.type_name,
            )),
            other => Err(cannot_convert(
                name,
                &other,
                NULLABLE_EWS_APPLICATION_ACCESS_POLICY_TYPE.type_name,
            )),
        }
    },
};
