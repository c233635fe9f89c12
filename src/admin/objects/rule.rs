//! The ActiveSyncDeviceAccessRule object (New/Get-ActiveSyncDeviceAccessRule).

use crate::model::DeviceAccessRule;

use super::DEVICE_ACCESS_RULE_TYPE;
use crate::script::value::{PsObject, Value};

pub fn rule_object(rule: &DeviceAccessRule) -> PsObject {
    let name = rule.name();
    let mut o = PsObject::with_capacity(DEVICE_ACCESS_RULE_TYPE, 8);
    o.push("Name", name.as_str());
    o.push("QueryString", rule.query_string.as_str());
    o.push("Characteristic", rule.characteristic);
    o.push("AccessLevel", rule.access_level);
    o.push("Identity", name);
    o.push("Guid", rule.guid);
    o.push("WhenCreated", Value::opt_date(rule.when_created));
    o.push("IsValid", true);
    o
}
