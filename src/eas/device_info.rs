//! `DeviceInfo`: the DeviceInformation a Provision or Settings body carries (model, IMEI, OS, UserAgent …) and
//! how it is written onto a partnership. The dispatcher applies it before the access decision, because rules
//! match the model and OS it reports.
//!
//! Reading and applying only: which partnership it lands on, and when that is stored, is `eas::partnership`'s.

use crate::model::MobileDevice;
use crate::wbxml::Element;
use crate::wbxml::tags::Settings as S;

/// The values of a `DeviceInformation/Set`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct DeviceInfo {
    model: Option<String>,
    imei: Option<String>,
    friendly_name: Option<String>,
    os: Option<String>,
    os_language: Option<String>,
    phone_number: Option<String>,
    user_agent: Option<String>,
    enable_outbound_sms: Option<bool>,
    mobile_operator: Option<String>,
}

/// The DeviceInformation a Provision or Settings body carries.
pub(crate) fn device_information(root: &Element) -> Option<DeviceInfo> {
    let set = root.child(S::DeviceInformation)?.child(S::Set)?;
    let text = |tag: S| set.child_text(tag).map(|t| t.trim().to_string());
    Some(DeviceInfo {
        model: text(S::Model),
        imei: text(S::IMEI),
        friendly_name: text(S::FriendlyName),
        os: text(S::OS),
        os_language: text(S::OSLanguage),
        phone_number: text(S::PhoneNumber),
        user_agent: text(S::UserAgent),
        enable_outbound_sms: text(S::EnableOutboundSMS).map(|t| t == "1"),
        mobile_operator: text(S::MobileOperator),
    })
}

impl DeviceInfo {
    /// Stores the values on the partnership; returns whether a UserAgent was among them.
    pub(crate) fn apply(&self, d: &mut MobileDevice) -> bool {
        if let Some(m) = self.model.as_deref().filter(|m| !m.is_empty()) {
            d.device_model = m.into();
        }
        if let Some(v) = &self.imei {
            d.device_imei = v.clone();
        }
        if let Some(v) = &self.friendly_name {
            d.friendly_name = v.clone();
        }
        if let Some(v) = &self.os {
            d.device_os = v.as_str().into();
        }
        if let Some(v) = &self.os_language {
            d.device_os_language = v.as_str().into();
        }
        if let Some(v) = &self.phone_number {
            d.device_telephone_number = v.clone();
        }
        if let Some(v) = self.enable_outbound_sms {
            d.device_enable_outbound_sms = v;
        }
        if let Some(v) = &self.mobile_operator {
            d.device_mobile_operator = v.as_str().into();
        }
        d.device_information_received = true;
        match self.user_agent.as_deref().filter(|u| !u.is_empty()) {
            Some(ua) => {
                d.device_user_agent = ua.into();
                true
            }
            None => false,
        }
    }
}
