//! The Exchange enumerations the tenant stores, named and numbered as Exchange names them (eas-facts §6.4).
//!
//! Each enum parses its name case-insensitively (`FromStr`) and prints it (`Display`) exactly as Exchange
//! prints it, so cmdlets, fixtures and OPATH filters share one spelling.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Declares a fieldless enum with its Exchange names; generates `ALL`, `name`, `Display` and `FromStr`.
macro_rules! exchange_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $num:expr),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name { $($variant = $num),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn name(self) -> &'static str {
                match self { $($name::$variant => stringify!($variant)),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }

        impl FromStr for $name {
            type Err = UnknownName;
            fn from_str(s: &str) -> Result<$name, UnknownName> {
                let t = s.trim();
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.name().eq_ignore_ascii_case(t) || (*v as i64).to_string() == t)
                    .ok_or_else(|| UnknownName {
                        type_name: stringify!($name),
                        value: s.to_string(),
                        expected: $name::ALL.iter().map(|v| v.name()).collect::<Vec<_>>().join(", "),
                    })
            }
        }
    };
}

/// A name that is not one of an enum's values; its message lists the values, as PowerShell's binder does.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "Cannot convert value \"{value}\" to type \"{type_name}\". Error: \"Unable to match the identifier name {value} to a valid enumerator name. Specify one of the following enumerator names and try again: {expected}\""
)]
pub struct UnknownName {
    pub type_name: &'static str,
    pub value: String,
    pub expected: String,
}

exchange_enum! {
    /// The state of a device partnership (`DeviceAccessState`).
    DeviceAccessState { Unknown = 0, Allowed = 1, Blocked = 2, Quarantined = 3, DeviceDiscovery = 4 }
}

exchange_enum! {
    /// Why a device has its state (`DeviceAccessStateReason`).
    DeviceAccessStateReason {
        Unknown = 0, Global = 1, Individual = 2, DeviceRule = 3, Upgrade = 4, Policy = 5,
        UserAgentsChanges = 6, RecentCommands = 7, Watsons = 8, OutOfBudgets = 9, SyncCommands = 10,
        EnableNotificationEmail = 11, CommandFrequency = 12, ExternallyManaged = 51,
        ExternalCompliance = 52, ExternalEnrollment = 53,
    }
}

exchange_enum! {
    /// The level of a device access rule or of the organization default.
    AccessLevel { Allow = 0, Block = 1, Quarantine = 2 }
}

exchange_enum! {
    /// What a device access rule matches on.
    Characteristic { DeviceType = 0, DeviceModel = 1, DeviceOS = 2, UserAgent = 3, XMSWLHeader = 4 }
}

exchange_enum! {
    /// Mailbox kinds (`RecipientTypeDetails`), the ones a tenant of this simulator holds.
    RecipientTypeDetails { UserMailbox = 1, SharedMailbox = 4, RoomMailbox = 16, EquipmentMailbox = 32 }
}

exchange_enum! {
    /// Which protocol a partnership syncs with (`ClientType`); REST is the older Outlook mobile architecture.
    ClientType { EAS = 1, MOWA = 2, REST = 3, Outlook = 4 }
}

exchange_enum! {
    /// Get-MobileDeviceStatistics `Status`.
    DeviceStatus { DeviceOk = 0, DeviceBlocked = 1, DeviceWipePending = 2, DeviceWipeSucceeded = 3 }
}

exchange_enum! {
    /// How far the device applied its mailbox policy.
    DevicePolicyApplicationStatus {
        Unknown = 0, NotApplied = 1, AppliedInFull = 2, PartiallyApplied = 3, ExternallyManaged = 4,
    }
}

exchange_enum! {
    /// The Bluetooth setting of a mobile device mailbox policy.
    BluetoothMode { Disable = 0, HandsfreeOnly = 1, Allow = 2 }
}

exchange_enum! {
    /// A mobile device mailbox policy's MaxCalendarAgeFilter (Exchange's `CalendarAgeFilterType`; the numbers are
    /// MS-ASPROV's MaxCalendarAgeFilter values).
    CalendarAgeFilter { All = 0, TwoWeeks = 4, OneMonth = 5, ThreeMonths = 6, SixMonths = 7 }
}

exchange_enum! {
    /// A mobile device mailbox policy's MaxEmailAgeFilter (Exchange's `EmailAgeFilterType`; the numbers are
    /// MS-ASPROV's MaxEmailAgeFilter values).
    EmailAgeFilter { All = 0, OneDay = 1, ThreeDays = 2, OneWeek = 3, TwoWeeks = 4, OneMonth = 5 }
}

exchange_enum! {
    /// A mobile device mailbox policy's RequireSignedSMIMEAlgorithm (Exchange's `SignedSMIMEAlgorithmType`, "SHA1
    /// or MD5": Set-MobileDeviceMailboxPolicy.md). The numbers are MS-ASPROV 2.2.2.50's codes (0 = SHA1, 1 = MD5).
    #[allow(clippy::upper_case_acronyms)]
    SignedSmimeAlgorithm { SHA1 = 0, MD5 = 1 }
}

exchange_enum! {
    /// A mobile device mailbox policy's RequireEncryptionSMIMEAlgorithm (Exchange's `EncryptionSMIMEAlgorithmType`,
    /// members in the order of the Exchange SDK's enumeration page). The numbers are MS-ASPROV 2.2.2.48's codes
    /// (0 = TripleDES, 1 = DES, 2 = RC2128bit, 3 = RC264bit, 4 = RC240bit).
    #[allow(clippy::upper_case_acronyms)]
    EncryptionSmimeAlgorithm { TripleDES = 0, DES = 1, RC2128bit = 2, RC264bit = 3, RC240bit = 4 }
}

exchange_enum! {
    /// A mobile device mailbox policy's AllowSMIMEEncryptionAlgorithmNegotiation (Exchange's
    /// `SMIMEEncryptionAlgorithmNegotiationType`). The numbers are MS-ASPROV 2.2.2.13's codes (0 = do not
    /// negotiate, 1 = negotiate a strong algorithm, 2 = negotiate any algorithm).
    SmimeNegotiation {
        BlockNegotiation = 0, OnlyStrongAlgorithmNegotiation = 1, AllowAnyAlgorithmNegotiation = 2,
    }
}

exchange_enum! {
    /// Set-CASMailbox -EwsApplicationAccessPolicy: which of the mailbox's EWS lists applies (Set-CASMailbox.md:
    /// "EnforceAllowList: Only applications specified in the EwsAllowList parameter are allowed …",
    /// "EnforceBlockList: Applications specified in the EwsBlockList parameter aren't allowed …").
    EwsApplicationAccessPolicy { EnforceAllowList = 0, EnforceBlockList = 1 }
}

exchange_enum! {
    /// Set-CASMailbox -PopMessagesRetrievalMimeFormat / -ImapMessagesRetrievalMimeFormat (Exchange's
    /// `MimeTextFormat`), numbered as Set-CASMailbox.md lists them ("0: TextOnly" … "6: Tnef").
    MimeTextFormat {
        TextOnly = 0, HtmlOnly = 1, HtmlAndTextAlternative = 2, TextEnrichedOnly = 3,
        TextEnrichedAndTextAlternative = 4, BestBodyFormat = 5, Tnef = 6,
    }
}

exchange_enum! {
    /// Which access sequence the tenant uses: the documented nine steps, or Exchange 2013's server code
    /// (characteristic order UserAgent, DeviceOS, DeviceModel, DeviceType; first match wins; DeviceDiscovery).
    Precedence { Documented = 0, Exchange2013 = 1 }
}

impl Characteristic {
    /// The characteristics Exchange 2013 checks, in the order it checks them.
    pub const EXCHANGE_2013_ORDER: [Characteristic; 4] = [
        Characteristic::UserAgent,
        Characteristic::DeviceOS,
        Characteristic::DeviceModel,
        Characteristic::DeviceType,
    ];
}

impl AccessLevel {
    /// The device state a rule or default of this level produces.
    pub fn state(self) -> DeviceAccessState {
        match self {
            AccessLevel::Allow => DeviceAccessState::Allowed,
            AccessLevel::Block => DeviceAccessState::Blocked,
            AccessLevel::Quarantine => DeviceAccessState::Quarantined,
        }
    }
}
