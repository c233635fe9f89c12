//! The objects cmdlets write, built from the tenant with Exchange's property names, order and type names, and
//! the filterable records behind `-Filter` (one schema per object kind, shared by the object and its filter so
//! the two cannot disagree).
//!
//! Building objects is all this does: finding which objects to build is the cmdlets' job.

pub mod audit;
pub mod device;
pub mod exo;
pub mod mailbox;
pub mod org;
pub mod policy;
pub mod rule;

pub const MAILBOX_TYPE: &str = "Microsoft.Exchange.Data.Directory.Management.Mailbox";
pub const CAS_MAILBOX_TYPE: &str = "Microsoft.Exchange.Data.Directory.Management.CASMailbox";
pub const MOBILE_DEVICE_TYPE: &str = "Microsoft.Exchange.Data.Directory.Management.MobileDevice";
pub const MOBILE_DEVICE_CONFIGURATION_TYPE: &str =
    "Microsoft.Exchange.Data.Directory.Management.MobileDeviceConfiguration";
pub const DEVICE_ACCESS_RULE_TYPE: &str =
    "Microsoft.Exchange.Data.Directory.SystemConfiguration.ActiveSyncDeviceAccessRule";
pub const ORGANIZATION_SETTINGS_TYPE: &str =
    "Microsoft.Exchange.Data.Directory.SystemConfiguration.ActiveSyncOrganizationSettings";
pub const MAILBOX_POLICY_TYPE: &str =
    "Microsoft.Exchange.Data.Directory.SystemConfiguration.MobileMailboxPolicy";
