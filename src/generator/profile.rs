//! `Profile`: what a generated tenant looks like (size, recipient mix, devices per mailbox, device population,
//! sync ages, personal lists, org default and rules), parsed from the TOML files in `fixtures/profiles/`.
//!
//! Parsing checks every value, pointing at the line and column of a bad one; values that only make sense
//! together (fractions that must not add up past 1, duplicate rules) are checked after and name their fields.
//! Reading files is the caller's job: this takes the text.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde::de::{self, Deserializer};

use super::catalog::{self, Locale, Product};
use crate::model::{AccessLevel, Characteristic, eq_ci};

/// Why a profile was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    /// Not valid TOML, an unknown or missing field, or a value out of range.
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// Values that are fine on their own but not together.
    #[error("{0}")]
    Invalid(String),
}

/// A tenant profile. See `fixtures/profiles/default.toml` for every field, documented.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[serde(default)]
    pub(crate) description: String,
    pub(crate) domain: String,
    pub(crate) mailboxes: u32,
    pub(crate) password: String,
    pub(crate) recipient_types: RecipientTypes,
    pub(crate) users: Users,
    pub(crate) population: BTreeMap<ProductKey, Weight>,
    #[serde(default)]
    pub(crate) outlook: Outlook,
    pub(crate) sync: SyncAges,
    #[serde(default)]
    pub(crate) lists: Lists,
    #[serde(default)]
    pub(crate) org: Org,
    #[serde(default)]
    pub(crate) rules: Vec<Rule>,
}

/// Relative weights of the mailbox kinds (RecipientTypeDetails). Only user mailboxes get devices.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RecipientTypes {
    #[serde(rename = "UserMailbox", default)]
    pub(crate) user: Weight,
    #[serde(rename = "SharedMailbox", default)]
    pub(crate) shared: Weight,
    #[serde(rename = "RoomMailbox", default)]
    pub(crate) room: Weight,
    #[serde(rename = "EquipmentMailbox", default)]
    pub(crate) equipment: Weight,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Users {
    /// Fraction of user mailboxes with ActiveSyncEnabled = $false.
    #[serde(default)]
    pub(crate) active_sync_disabled: Fraction,
    /// Weights of 0, 1, 2, … device partnerships per user mailbox.
    pub(crate) devices_per_mailbox: Vec<Weight>,
    /// Weights of the locales users' devices are set up in.
    pub(crate) languages: BTreeMap<LocaleKey, Weight>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Outlook {
    /// Fraction of Outlook mobile partnerships on the older REST architecture (the rest are ClientType Outlook).
    #[serde(default)]
    pub(crate) rest_fraction: Fraction,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SyncAges {
    /// How long ago active devices last synced, in hours.
    pub(crate) active_last_sync_hours: Span,
    /// Fraction of devices that stopped syncing long ago.
    #[serde(default)]
    pub(crate) stale_fraction: Fraction,
    /// How long ago stale devices last synced, in days.
    pub(crate) stale_last_sync_days: Span,
    /// Fraction of partnerships that never completed a sync (LastSuccessSync empty).
    #[serde(default)]
    pub(crate) never_synced_fraction: Fraction,
    /// How long before its last sync attempt a partnership was created, in days.
    pub(crate) partnership_age_days: Span,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Lists {
    /// Fraction of devices on their owner's ActiveSyncAllowedDeviceIDs.
    #[serde(default)]
    pub(crate) allow_fraction: Fraction,
    /// Fraction of devices on their owner's ActiveSyncBlockedDeviceIDs.
    #[serde(default)]
    pub(crate) block_fraction: Fraction,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Org {
    /// ActiveSyncOrganizationSettings DefaultAccessLevel.
    #[serde(default = "allow")]
    pub(crate) default_access_level: AccessLevel,
}

impl Default for Org {
    fn default() -> Org {
        Org {
            default_access_level: AccessLevel::Allow,
        }
    }
}

fn allow() -> AccessLevel {
    AccessLevel::Allow
}

/// A device access rule the tenant starts with.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Rule {
    pub(crate) characteristic: Characteristic,
    pub(crate) query_string: String,
    pub(crate) access_level: AccessLevel,
}

/// A relative weight: finite and not negative.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Weight(pub(crate) f64);

/// A fraction in `[0, 1]`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Fraction(pub(crate) f64);

/// A range `[low, high]` of non-negative numbers with low ≤ high.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Span {
    pub(crate) low: f64,
    pub(crate) high: f64,
}

/// A catalog product named by its key (`iphone-5s`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct ProductKey(pub(crate) &'static Product);

/// A locale named by its language tag (`en-US`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct LocaleKey(pub(crate) &'static Locale);

impl<'de> Deserialize<'de> for Weight {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Weight, D::Error> {
        let w = f64::deserialize(d)?;
        if !w.is_finite() || w < 0.0 {
            return Err(de::Error::custom(format!(
                "a weight must be a number of at least 0, not {w}"
            )));
        }
        Ok(Weight(w))
    }
}

impl<'de> Deserialize<'de> for Fraction {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Fraction, D::Error> {
        let f = f64::deserialize(d)?;
        if !(0.0..=1.0).contains(&f) {
            return Err(de::Error::custom(format!(
                "a fraction must be between 0 and 1, not {f}"
            )));
        }
        Ok(Fraction(f))
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Span, D::Error> {
        let [low, high] = <[f64; 2]>::deserialize(d)?;
        if !low.is_finite() || !high.is_finite() || low < 0.0 || low > high {
            return Err(de::Error::custom(format!(
                "expected [low, high] with 0 <= low <= high, not [{low}, {high}]"
            )));
        }
        Ok(Span { low, high })
    }
}

impl<'de> Deserialize<'de> for ProductKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ProductKey, D::Error> {
        let key = String::deserialize(d)?;
        catalog::product(&key).map(ProductKey).ok_or_else(|| {
            let known: Vec<&str> = catalog::PRODUCTS.iter().map(|p| p.key).collect();
            de::Error::custom(format!(
                "unknown catalog product '{key}'; known products: {}",
                known.join(", ")
            ))
        })
    }
}

impl<'de> Deserialize<'de> for LocaleKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<LocaleKey, D::Error> {
        let key = String::deserialize(d)?;
        catalog::locale_named(&key).map(LocaleKey).ok_or_else(|| {
            let known: Vec<&str> = catalog::LOCALES.iter().map(|l| l.language).collect();
            de::Error::custom(format!(
                "unknown language '{key}'; known languages: {}",
                known.join(", ")
            ))
        })
    }
}

// Keys compare by what they name, so maps keyed by them iterate in catalog order.
impl PartialEq for ProductKey {
    fn eq(&self, other: &ProductKey) -> bool {
        self.0.key == other.0.key
    }
}
impl Eq for ProductKey {}
impl PartialOrd for ProductKey {
    fn partial_cmp(&self, other: &ProductKey) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for ProductKey {
    fn cmp(&self, other: &ProductKey) -> std::cmp::Ordering {
        product_index(self.0).cmp(&product_index(other.0))
    }
}

fn product_index(p: &Product) -> usize {
    catalog::PRODUCTS
        .iter()
        .position(|q| q.key == p.key)
        .unwrap_or(usize::MAX)
}

impl PartialEq for LocaleKey {
    fn eq(&self, other: &LocaleKey) -> bool {
        self.0.language == other.0.language
    }
}
impl Eq for LocaleKey {}
impl PartialOrd for LocaleKey {
    fn partial_cmp(&self, other: &LocaleKey) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for LocaleKey {
    fn cmp(&self, other: &LocaleKey) -> std::cmp::Ordering {
        self.0.language.cmp(other.0.language)
    }
}

/// The largest profile accepted (MailboxId is 32 bits; this keeps a typo from asking for billions).
pub(crate) const MAX_MAILBOXES: u32 = 2_000_000;
/// The most partnerships a profile may give one mailbox (Exchange's EasMaxDevices default).
pub(crate) const MAX_DEVICES_PER_MAILBOX: usize = 100;

impl Profile {
    /// Parses and checks a profile.
    pub fn parse(text: &str) -> Result<Profile, ProfileError> {
        let profile: Profile = toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|s| line_column(text, s.start))
                .unwrap_or((1, 1));
            ProfileError::Syntax {
                line,
                column,
                message: e.message().trim_end().to_string(),
            }
        })?;
        profile.check()?;
        Ok(profile)
    }

    /// What the profile is for, from its `description`.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The SMTP domain of every mailbox.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// How many mailboxes the tenant gets.
    pub fn mailboxes(&self) -> u32 {
        self.mailboxes
    }

    /// The Basic-auth password every generated mailbox shares.
    pub fn password(&self) -> &str {
        &self.password
    }

    /// The mean number of device partnerships per mailbox this profile asks for.
    pub fn expected_devices_per_mailbox(&self) -> f64 {
        let r = &self.recipient_types;
        let kinds = r.user.0 + r.shared.0 + r.room.0 + r.equipment.0;
        let total: f64 = self.users.devices_per_mailbox.iter().map(|w| w.0).sum();
        let mean: f64 = self
            .users
            .devices_per_mailbox
            .iter()
            .enumerate()
            .map(|(n, w)| n as f64 * w.0)
            .sum::<f64>()
            / total;
        mean * r.user.0 / kinds
    }

    fn check(&self) -> Result<(), ProfileError> {
        let invalid = |m: String| Err(ProfileError::Invalid(m));
        if self.mailboxes == 0 || self.mailboxes > MAX_MAILBOXES {
            return invalid(format!(
                "mailboxes must be between 1 and {MAX_MAILBOXES}, not {}",
                self.mailboxes
            ));
        }
        let domain_ok = self.domain.contains('.')
            && !self.domain.starts_with(['.', '-'])
            && !self.domain.ends_with(['.', '-'])
            && self
                .domain
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
        if !domain_ok {
            return invalid(format!(
                "domain '{}' is not a DNS domain such as contoso.com",
                self.domain
            ));
        }
        if self.password.is_empty() {
            return invalid("password must not be empty".to_string());
        }
        let r = &self.recipient_types;
        if r.user.0 + r.shared.0 + r.room.0 + r.equipment.0 <= 0.0 {
            return invalid("[recipient_types] needs at least one weight above 0".to_string());
        }
        let per_mailbox = &self.users.devices_per_mailbox;
        if per_mailbox.len() > MAX_DEVICES_PER_MAILBOX + 1 {
            return invalid(format!(
                "[users] devices_per_mailbox has weights for up to {} devices; the most is {MAX_DEVICES_PER_MAILBOX}",
                per_mailbox.len() - 1
            ));
        }
        if per_mailbox.iter().all(|w| w.0 <= 0.0) {
            return invalid(
                "[users] devices_per_mailbox needs at least one weight above 0 (the first is for 0 devices)"
                    .to_string(),
            );
        }
        let wants_devices = r.user.0 > 0.0 && per_mailbox.iter().skip(1).any(|w| w.0 > 0.0);
        if wants_devices && self.population.values().all(|w| w.0 <= 0.0) {
            return invalid(
                "[population] needs at least one product with a weight above 0".to_string(),
            );
        }
        if self.users.languages.values().all(|w| w.0 <= 0.0) {
            return invalid("[users] languages needs at least one weight above 0".to_string());
        }
        let s = &self.sync;
        if s.stale_fraction.0 + s.never_synced_fraction.0 > 1.0 {
            return invalid(format!(
                "[sync] stale_fraction + never_synced_fraction is {}; it must be at most 1",
                s.stale_fraction.0 + s.never_synced_fraction.0
            ));
        }
        let l = &self.lists;
        if l.allow_fraction.0 + l.block_fraction.0 > 1.0 {
            return invalid(format!(
                "[lists] allow_fraction + block_fraction is {}; it must be at most 1",
                l.allow_fraction.0 + l.block_fraction.0
            ));
        }
        for (i, rule) in self.rules.iter().enumerate() {
            if rule.query_string.trim().is_empty() {
                return invalid(format!(
                    "[[rules]] #{}: query_string must not be empty",
                    i + 1
                ));
            }
            let earlier = self.rules[..i].iter().any(|o| {
                o.characteristic == rule.characteristic
                    && eq_ci(&o.query_string, &rule.query_string)
            });
            if earlier {
                return invalid(format!(
                    "[[rules]] #{}: a rule for {} '{}' is already defined above",
                    i + 1,
                    rule.characteristic,
                    rule.query_string
                ));
            }
        }
        Ok(())
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, column)
}
