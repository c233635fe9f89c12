//! Behaviour models as data: how a real mail client talks EAS (its identity strings, Ping heartbeat and how it
//! adapts, Sync window, send rate, back-off after server errors), read from TOML files in `fixtures/fleet/`
//! that are built into the binary. Every figure there cites a public description of the client, or says that
//! none is public and names the documented bound it uses instead.
//!
//! Pure: parsing and the arithmetic of the heartbeat and back-off. The loop that acts on a model is `fleet`.
//! Outlook for iOS and Android is deliberately not a model: it does not speak EAS to Exchange Online (see
//! `OUTLOOK_NOT_EAS`).

use serde::Deserialize;

use crate::eas::ProtocolVersion;

use super::client::Device;

/// The models built into the binary, by name, with their TOML text.
const BUILTIN: &[(&str, &str)] = &[
    (
        "ios-mail",
        include_str!("../../fixtures/fleet/ios-mail.toml"),
    ),
    ("android", include_str!("../../fixtures/fleet/android.toml")),
    (
        "windows-mail",
        include_str!("../../fixtures/fleet/windows-mail.toml"),
    ),
];

/// Why Outlook for iOS and Android has no model: what it sends never reaches an EAS endpoint.
pub const OUTLOOK_NOT_EAS: &str = "Outlook for iOS and Android is not modelled: with Exchange Online it does \
     not use Exchange ActiveSync for mail, it syncs through Microsoft's protocol translator in Azure with the \
     Outlook device API (learn.microsoft.com, \"Outlook for iOS and Android in Exchange Online: FAQ\"), so an EAS \
     endpoint never sees its mail traffic";

/// A client's behaviour, as its TOML file describes it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Behaviour {
    pub name: String,
    pub description: String,
    pub device: Identity,
    pub ping: Heartbeat,
    pub sync: SyncSettings,
    pub rates: Rates,
    pub retry: Retry,
}

/// What the device says it is.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    pub device_type: String,
    pub model: String,
    pub os: String,
    pub user_agent: String,
    pub version: String,
}

/// The Ping heartbeat in seconds: where it starts, its bounds and how much an expired Ping grows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Heartbeat {
    pub heartbeat: u32,
    pub min_heartbeat: u32,
    pub max_heartbeat: u32,
    pub step: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncSettings {
    pub window_size: usize,
}

/// How often the user acts, per hour of simulated time.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rates {
    pub send_per_hour: f64,
    /// ItemOperations fetches of the newest Inbox item (opening a message or its attachment).
    pub fetch_per_hour: f64,
}

/// The wait after a server error, in seconds: `retry`, doubling up to `max_retry`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retry {
    pub retry: u32,
    pub max_retry: u32,
}

/// Why a model cannot be had.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("{0}")]
    Outlook(&'static str),
    #[error("there is no device model '{name}'; the models are {}, and mixed", names().join(", "))]
    Unknown { name: String },
    #[error("the device model '{name}' cannot be read: {message}")]
    Invalid { name: String, message: String },
}

/// The built-in models' names, in file order.
pub fn names() -> Vec<&'static str> {
    BUILTIN.iter().map(|(n, _)| *n).collect()
}

/// Reads a model's TOML text and checks it.
pub fn parse(name: &str, text: &str) -> Result<Behaviour, ModelError> {
    let invalid = |message: String| ModelError::Invalid {
        name: name.to_string(),
        message,
    };
    let b: Behaviour = toml::from_str(text).map_err(|e| invalid(e.message().to_string()))?;
    let p = b.ping;
    if !(p.min_heartbeat <= p.heartbeat && p.heartbeat <= p.max_heartbeat) {
        return Err(invalid(format!(
            "the heartbeat {} is outside its bounds {}-{}",
            p.heartbeat, p.min_heartbeat, p.max_heartbeat
        )));
    }
    if ProtocolVersion::parse(&b.device.version).is_none() {
        return Err(invalid(format!(
            "'{}' is not an EAS protocol version",
            b.device.version
        )));
    }
    if !(1..=512).contains(&b.sync.window_size) {
        return Err(invalid(format!(
            "window_size {} is outside MS-ASCMD's 1-512",
            b.sync.window_size
        )));
    }
    for (name, rate) in [
        ("send_per_hour", b.rates.send_per_hour),
        ("fetch_per_hour", b.rates.fetch_per_hour),
    ] {
        if !(rate.is_finite() && rate >= 0.0) {
            return Err(invalid(format!("{name} must be 0 or more")));
        }
    }
    if b.retry.retry == 0 || b.retry.retry > b.retry.max_retry {
        return Err(invalid(
            "retry must be at least 1 and at most max_retry".to_string(),
        ));
    }
    Ok(b)
}

/// A built-in model by name (`outlook` gets the reason it has none).
pub fn builtin(name: &str) -> Result<Behaviour, ModelError> {
    if name.to_ascii_lowercase().starts_with("outlook") {
        return Err(ModelError::Outlook(OUTLOOK_NOT_EAS));
    }
    let (_, text) =
        BUILTIN
            .iter()
            .find(|(n, _)| *n == name)
            .ok_or_else(|| ModelError::Unknown {
                name: name.to_string(),
            })?;
    parse(name, text)
}

/// Which models a fleet runs: one for every device, or (`mixed`) every built-in model in turn, device by
/// device — equal shares, since no public census of EAS clients is used.
#[derive(Clone, Debug, PartialEq)]
pub struct Mix {
    models: Vec<Behaviour>,
}

impl Mix {
    /// `ios-mail`, `android`, `windows-mail` or `mixed`.
    pub fn named(name: &str) -> Result<Mix, ModelError> {
        let models = if name == "mixed" {
            names().into_iter().map(builtin).collect::<Result<_, _>>()?
        } else {
            vec![builtin(name)?]
        };
        Ok(Mix { models })
    }

    /// The model of the `i`th device.
    pub fn for_device(&self, i: usize) -> &Behaviour {
        &self.models[i % self.models.len()]
    }
}

impl Behaviour {
    /// The device as this client presents itself (same account and id).
    pub fn dress(&self, device: &Device) -> Device {
        let mut d = device.clone();
        d.device_type.clone_from(&self.device.device_type);
        d.model.clone_from(&self.device.model);
        d.os.clone_from(&self.device.os);
        d.user_agent.clone_from(&self.device.user_agent);
        if let Some(v) = ProtocolVersion::parse(&self.device.version) {
            d.version = v;
        }
        d
    }

    /// The heartbeat after a Ping that expired with no changes (grown by `step`, within the bounds).
    pub fn grown(&self, heartbeat: u32) -> u32 {
        heartbeat
            .saturating_add(self.ping.step)
            .clamp(self.ping.min_heartbeat, self.ping.max_heartbeat)
    }

    /// The wait after the `n`th server error in a row (n from 1): `retry` doubled n-1 times, at most `max_retry`.
    pub fn backoff(&self, n: u32) -> u32 {
        let doubled = u64::from(self.retry.retry) << n.saturating_sub(1).min(32);
        doubled.min(u64::from(self.retry.max_retry)) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_model_reads_and_keeps_its_heartbeat_within_exchanges_bounds() {
        for name in names() {
            let b = builtin(name).expect("a built-in model reads");
            assert_eq!(b.name, name);
            // Exchange accepts 60-3540 s (MS-ASCMD 2.2.3.88.1 <6>; src/eas/context.rs).
            assert!(b.ping.min_heartbeat >= 60 && b.ping.max_heartbeat <= 3540);
        }
    }

    #[test]
    fn android_grows_its_heartbeat_as_aosp_easping_does() {
        // AOSP EasPing.java: 8 minutes, +5 minutes per expired Ping, at most 28 minutes.
        let b = builtin("android").expect("built in");
        let steps: Vec<u32> = std::iter::successors(Some(b.ping.heartbeat), |h| Some(b.grown(*h)))
            .take(6)
            .collect();
        assert_eq!(steps, [480, 780, 1080, 1380, 1680, 1680]);
    }

    #[test]
    fn backoff_doubles_up_to_its_bound() {
        let b = builtin("ios-mail").expect("built in");
        let waits: Vec<u32> = (1..=8).map(|n| b.backoff(n)).collect();
        assert_eq!(waits, [60, 120, 240, 480, 960, 1920, 3540, 3540]);
        assert_eq!(b.backoff(1000), 3540);
    }

    #[test]
    fn outlook_and_unknown_names_are_refused_with_the_reason() {
        let outlook = Mix::named("outlook").expect_err("no model").to_string();
        assert!(outlook.contains("not use Exchange ActiveSync"), "{outlook}");
        let unknown = Mix::named("blackberry").expect_err("no model").to_string();
        assert_eq!(
            unknown,
            "there is no device model 'blackberry'; the models are ios-mail, android, windows-mail, and mixed"
        );
    }

    #[test]
    fn bad_model_text_is_an_error_not_a_panic() {
        let text = include_str!("../../fixtures/fleet/android.toml")
            .replace("\nheartbeat = 480", "\nheartbeat = 99");
        let e = parse("x", &text).expect_err("out of bounds").to_string();
        assert_eq!(
            e,
            "the device model 'x' cannot be read: the heartbeat 99 is outside its bounds 480-1680"
        );
        let e = parse("x", "name = 1").expect_err("not a model").to_string();
        assert!(e.starts_with("the device model 'x' cannot be read:"), "{e}");
    }

    #[test]
    fn mixed_takes_every_model_in_turn() {
        let mix = Mix::named("mixed").expect("built in");
        let names: Vec<&str> = (0..4).map(|i| mix.for_device(i).name.as_str()).collect();
        assert_eq!(names, ["ios-mail", "android", "windows-mail", "ios-mail"]);
    }
}
