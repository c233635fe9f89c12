//! Step 3: does the device meet its user's mobile device mailbox policy? Exchange's `IsPolicyCompliant` order
//! (eas-facts §2.3): wipe pending, key absent, never provisioned, refresh due or policy changed, wrong key.

use crate::model::{MobileDevice, MobileDeviceMailboxPolicy, Timestamp, eq_ci};

use super::PolicyFacts;

/// Why a device does not meet its mailbox policy, with the global status the endpoint sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyFailure {
    /// 140: a remote wipe is pending; the device must provision to receive it.
    RemoteWipeRequested,
    /// 141: no policy key was sent and the policy does not allow non-provisionable devices.
    LegacyDeviceOnStrictPolicy,
    /// 142: the device has never provisioned (or sent key 0).
    DeviceNotProvisioned,
    /// 143: the policy changed or its refresh interval passed since the device provisioned.
    PolicyRefresh,
    /// 144: the key sent is not the device's current key.
    InvalidPolicyKey,
}

impl PolicyFailure {
    /// The MS-ASCMD global status code.
    pub fn status(self) -> u16 {
        match self {
            PolicyFailure::RemoteWipeRequested => 140,
            PolicyFailure::LegacyDeviceOnStrictPolicy => 141,
            PolicyFailure::DeviceNotProvisioned => 142,
            PolicyFailure::PolicyRefresh => 143,
            PolicyFailure::InvalidPolicyKey => 144,
        }
    }

    /// The status's name as MS-ASCMD spells it.
    pub fn name(self) -> &'static str {
        match self {
            PolicyFailure::RemoteWipeRequested => "RemoteWipeRequested",
            PolicyFailure::LegacyDeviceOnStrictPolicy => "LegacyDeviceOnStrictPolicy",
            PolicyFailure::DeviceNotProvisioned => "DeviceNotProvisioned",
            PolicyFailure::PolicyRefresh => "PolicyRefresh",
            PolicyFailure::InvalidPolicyKey => "InvalidPolicyKey",
        }
    }
}

/// `Ok(())` when the device may proceed as far as its mailbox policy is concerned.
pub(crate) fn check(
    policy: &MobileDeviceMailboxPolicy,
    device: &MobileDevice,
    facts: PolicyFacts,
    now: Timestamp,
) -> Result<(), PolicyFailure> {
    let presented = match facts {
        PolicyFacts::Exempt => return Ok(()),
        PolicyFacts::Presented(key) => key,
        PolicyFacts::AssumeStored => device.provisioning.policy_key,
    };
    if device.wipe_pending() {
        return Err(PolicyFailure::RemoteWipeRequested);
    }
    let Some(presented) = presented else {
        return if policy.allow_non_provisionable_devices {
            Ok(())
        } else {
            Err(PolicyFailure::LegacyDeviceOnStrictPolicy)
        };
    };
    let prov = &device.provisioning;
    let Some(current) = prov.policy_key else {
        return Err(PolicyFailure::DeviceNotProvisioned);
    };
    if presented == 0 {
        return Err(PolicyFailure::DeviceNotProvisioned);
    }
    let same_policy = prov
        .policy_applied
        .as_deref()
        .is_some_and(|name| eq_ci(name, &policy.name));
    if !same_policy || prov.policy_revision != policy.revision {
        return Err(PolicyFailure::PolicyRefresh);
    }
    if let (Some(interval), Some(updated)) = (
        policy.device_policy_refresh_interval,
        device.last_policy_update_time,
    ) && now.secs_since(updated) >= i64::from(interval)
    {
        return Err(PolicyFailure::PolicyRefresh);
    }
    if presented != current {
        return Err(PolicyFailure::InvalidPolicyKey);
    }
    Ok(())
}
