//! The device values rules are matched against, per characteristic (eas-facts §6.3).
//!
//! DeviceModel falls back to DeviceType when the device never sent a model, as Exchange does.

use std::fmt::Write as _;

use crate::model::{Characteristic, MobileDevice};

#[derive(Clone, Copy)]
pub(crate) struct DeviceRuleView<'a> {
    device: &'a MobileDevice,
}

impl<'a> DeviceRuleView<'a> {
    pub(crate) fn of(device: &'a MobileDevice) -> DeviceRuleView<'a> {
        DeviceRuleView { device }
    }

    #[inline]
    pub(crate) fn value(self, c: Characteristic) -> &'a str {
        let d = self.device;
        match c {
            Characteristic::DeviceType => &d.device_type,
            Characteristic::DeviceModel if d.device_model.is_empty() => &d.device_type,
            Characteristic::DeviceModel => &d.device_model,
            Characteristic::DeviceOS => &d.device_os,
            Characteristic::UserAgent => &d.device_user_agent,
            Characteristic::XMSWLHeader => &d.xms_wl_header,
        }
    }

    /// `DeviceType 'iPhone', DeviceModel 'iPhone6C2', …` for traces (empty values left out).
    pub(crate) fn describe(self, out: &mut String) {
        let mut first = true;
        for &c in Characteristic::ALL {
            let v = self.value(c);
            if v.is_empty() {
                continue;
            }
            if !first {
                out.push_str(", ");
            }
            first = false;
            let _ = write!(out, "{c} '{v}'");
        }
        if first {
            out.push_str("(the device reported no values)");
        }
    }
}
