//! Exchange's enumerations as the language's values: for each model enum its .NET type name, its `EnumInfo`
//! (how parameter binding and OPATH parse it) and `From<enum> for Value`. The language itself knows no Exchange
//! enum; it sees `EnumValue`s with these type names.

use crate::model::{
    AccessLevel, BluetoothMode, CalendarAgeFilter, Characteristic, ClientType, DeviceAccessState,
    DeviceAccessStateReason, DevicePolicyApplicationStatus, DeviceStatus, EmailAgeFilter,
    EncryptionSmimeAlgorithm, EwsApplicationAccessPolicy, MimeTextFormat, RecipientTypeDetails,
    SignedSmimeAlgorithm, SmimeNegotiation, UnknownName,
};
use crate::script::value::{EnumInfo, EnumValue, Value};

/// Declares, for each model enum, its .NET type name, its `EnumInfo` and `From<enum> for Value`.
macro_rules! exchange_enums {
    ($($ty:ident => $info:ident, $net:literal;)+) => {
        $(
            pub static $info: EnumInfo = EnumInfo {
                type_name: $net,
                parse: |s| {
                    let v: $ty = s.parse().map_err(|e: UnknownName| UnknownName { type_name: $net, ..e }.to_string())?;
                    Ok(EnumValue { type_name: $net, name: v.name(), number: v as i64 })
                },
                names: || $ty::ALL.iter().map(|v| v.name()).collect(),
            };

            impl From<$ty> for EnumValue {
                fn from(v: $ty) -> EnumValue {
                    EnumValue { type_name: $net, name: v.name(), number: v as i64 }
                }
            }

            impl From<$ty> for Value {
                fn from(v: $ty) -> Value {
                    EnumValue::from(v).into()
                }
            }
        )+

        /// Every Exchange enumeration values can hold, to find one by its .NET type name.
        pub static EXCHANGE_ENUMS: &[&EnumInfo] = &[$(&$info),+];
    };
}

/// The enumeration with this .NET type name (the admin endpoint annotates enum properties with it).
pub fn enum_info(type_name: &str) -> Option<&'static EnumInfo> {
    EXCHANGE_ENUMS
        .iter()
        .copied()
        .find(|i| i.type_name == type_name)
}

exchange_enums! {
    DeviceAccessState => DEVICE_ACCESS_STATE,
        "Microsoft.Exchange.Data.Directory.SystemConfiguration.DeviceAccessState";
    DeviceAccessStateReason => DEVICE_ACCESS_STATE_REASON,
        "Microsoft.Exchange.Data.Directory.SystemConfiguration.DeviceAccessStateReason";
    AccessLevel => DEVICE_ACCESS_LEVEL,
        "Microsoft.Exchange.Data.Directory.SystemConfiguration.DeviceAccessLevel";
    Characteristic => DEVICE_ACCESS_CHARACTERISTIC,
        "Microsoft.Exchange.Data.Directory.SystemConfiguration.DeviceAccessCharacteristic";
    RecipientTypeDetails => RECIPIENT_TYPE_DETAILS,
        "Microsoft.Exchange.Data.Directory.Recipient.RecipientTypeDetails";
    ClientType => MOBILE_CLIENT_TYPE,
        "Microsoft.Exchange.Data.Directory.SystemConfiguration.MobileClientType";
    DeviceStatus => DEVICE_REMOTE_WIPE_STATUS,
        "Microsoft.Exchange.Management.Tasks.DeviceRemoteWipeStatus";
    DevicePolicyApplicationStatus => DEVICE_POLICY_APPLICATION_STATUS,
        "Microsoft.Exchange.Data.Directory.SystemConfiguration.DevicePolicyApplicationStatus";
    BluetoothMode => BLUETOOTH_TYPE,
        "Microsoft.Exchange.Data.Directory.SystemConfiguration.BluetoothType";
    CalendarAgeFilter => CALENDAR_AGE_FILTER_TYPE,
        "Microsoft.Exchange.Data.Directory.SystemConfiguration.CalendarAgeFilterType";
    EmailAgeFilter => EMAIL_AGE_FILTER_TYPE,
        "Microsoft.Exchange.Data.Directory.SystemConfiguration.EmailAgeFilterType";
    SignedSmimeAlgorithm => SIGNED_SMIME_ALGORITHM_TYPE,
        "Microsoft.Exchange.Data.Directory.SystemConfiguration.SignedSMIMEAlgorithmType";
    EncryptionSmimeAlgorithm => ENCRYPTION_SMIME_ALGORITHM_TYPE,
        "Microsoft.Exchange.Data.Directory.SystemConfiguration.EncryptionSMIMEAlgorithmType";
    SmimeNegotiation => SMIME_NEGOTIATION_TYPE,
        "Microsoft.Exchange.Data.Directory.SystemConfiguration.SMIMEEncryptionAlgorithmNegotiationType";
    EwsApplicationAccessPolicy => EWS_APPLICATION_ACCESS_POLICY,
        "Microsoft.Exchange.Data.Directory.EwsApplicationAccessPolicy";
    MimeTextFormat => MIME_TEXT_FORMAT,
        "Microsoft.Exchange.Data.Directory.SystemConfiguration.MimeTextFormat";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_values_parse_with_powershell_errors() {
        let v = (DEVICE_ACCESS_LEVEL.parse)("quarantine").expect("a valid name");
        assert_eq!((v.name, v.number), ("Quarantine", 2));
        let e = (DEVICE_ACCESS_LEVEL.parse)("Maybe").expect_err("not a name");
        assert_eq!(
            e.to_string(),
            "Cannot convert value \"Maybe\" to type \"Microsoft.Exchange.Data.Directory.SystemConfiguration.DeviceAccessLevel\". Error: \"Unable to match the identifier name Maybe to a valid enumerator name. Specify one of the following enumerator names and try again: Allow, Block, Quarantine\""
        );
    }
}
