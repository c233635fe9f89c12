//! MS-ASCMD global status codes (eas-facts §3.1) as a small value type with the spec's names.
//!
//! How a global status reaches the wire (body Status or bare HTTP code) depends on the protocol version and
//! the command: that is `response`'s job, not this file's.

use std::fmt;

/// A global (common) status code, 101 and up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GlobalStatus(pub u16);

/// Declares the named codes as associated constants and a name table.
macro_rules! statuses {
    ($($konst:ident = $code:expr, $name:expr;)+) => {
        impl GlobalStatus {
            $(pub const $konst: GlobalStatus = GlobalStatus($code);)+

            /// The spec's (and Exchange's) name, e.g. `DeviceIsBlockedForThisUser`.
            pub fn name(self) -> &'static str {
                match self.0 {
                    $($code => $name,)+
                    _ => "Unknown",
                }
            }
        }
    };
}

statuses! {
    INVALID_CONTENT = 101, "InvalidContent";
    INVALID_WBXML = 102, "InvalidWBXML";
    INVALID_XML = 103, "InvalidXML";
    INVALID_COMBINATION_OF_IDS = 105, "InvalidCombinationOfIDs";
    INVALID_IDS = 106, "InvalidIDs";
    DEVICE_ID_MISSING_OR_INVALID = 108, "DeviceIdMissingOrInvalid";
    DEVICE_TYPE_MISSING_OR_INVALID = 109, "DeviceTypeMissingOrInvalid";
    SERVER_ERROR = 110, "ServerError";
    SERVER_ERROR_RETRY_LATER = 111, "ServerErrorRetryLater";
    MESSAGE_HAS_NO_RECIPIENT = 119, "MessageHasNoRecipient";
    MAIL_SUBMISSION_FAILED = 120, "MailSubmissionFailed";
    USER_DISABLED_FOR_SYNC = 126, "UserDisabledForSync";
    DEVICE_IS_BLOCKED_FOR_THIS_USER = 129, "DeviceIsBlockedForThisUser";
    ACCESS_DENIED = 130, "AccessDenied";
    COMMAND_NOT_SUPPORTED = 137, "CommandNotSupported";
    VERSION_NOT_SUPPORTED = 138, "VersionNotSupported";
    REMOTE_WIPE_REQUESTED = 140, "RemoteWipeRequested";
    LEGACY_DEVICE_ON_STRICT_POLICY = 141, "LegacyDeviceOnStrictPolicy";
    DEVICE_NOT_PROVISIONED = 142, "DeviceNotProvisioned";
    POLICY_REFRESH = 143, "PolicyRefresh";
    INVALID_POLICY_KEY = 144, "InvalidPolicyKey";
    ITEM_NOT_FOUND = 150, "ItemNotFound";
    DEVICE_INFORMATION_REQUIRED = 165, "DeviceInformationRequired";
    MAXIMUM_DEVICES_REACHED = 177, "MaximumDevicesReached";
    INVALID_MIME_BODY_COMBINATION = 178, "InvalidMimeBodyCombination";
}

impl fmt::Display for GlobalStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.0, self.name())
    }
}
