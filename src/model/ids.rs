//! The handles the tenant gives out: a mailbox's index and a device partnership's slot. Their own file, so the
//! device record can name its mailbox without importing the tenant that indexes both.

/// Index of a mailbox in its tenant; stable for the tenant's life (mailboxes are never removed).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MailboxId(pub u32);

/// Slot of a device partnership; stable until the device is removed (then the slot may be reused).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DeviceKey(pub u32);
