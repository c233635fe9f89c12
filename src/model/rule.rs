//! Device access rules and `RuleSet`, their index by (characteristic, case-folded query string).
//!
//! Exchange names a rule `<QueryString> (<Characteristic>)`, so there is at most one rule per pair; the index makes
//! matching a device cost one hash lookup per characteristic whatever the number of rules.

use std::sync::Arc;

use hashbrown::HashMap;
use serde::{Deserialize, Serialize};

use super::{
    AccessLevel, Characteristic, Guid, ModelError, Timestamp,
    ci::{CiKey, CiRef},
};

/// The longest rule Name Exchange stores; longer names are shortened with a hash suffix.
pub const MAX_RULE_NAME: usize = 64;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeviceAccessRule {
    pub guid: Guid,
    pub query_string: String,
    pub characteristic: Characteristic,
    pub access_level: AccessLevel,
    #[serde(default)]
    pub when_created: Option<Timestamp>,
}

impl DeviceAccessRule {
    /// `<QueryString> (<Characteristic>)`, shortened to 64 characters with a stable hash as Exchange does.
    pub fn name(&self) -> String {
        let full = format!("{} ({})", self.query_string, self.characteristic);
        // No more bytes than the limit means no more characters either (and skips counting them).
        if full.len() <= MAX_RULE_NAME || full.chars().count() <= MAX_RULE_NAME {
            return full;
        }
        // FNV-1a: stable across runs and platforms, unlike std's RandomState.
        let hash = full.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        let suffix = format!("{hash:016x}");
        let keep = MAX_RULE_NAME - suffix.len();
        let mut name: String = full.chars().take(keep).collect();
        name.push_str(&suffix);
        name
    }
}

/// All device access rules of a tenant, in creation order, with a lookup index and each rule's Name (formatted
/// once here rather than on every access decision a rule makes).
#[derive(Clone, Debug, Default)]
pub struct RuleSet {
    rules: Vec<DeviceAccessRule>,
    names: Vec<Arc<str>>,
    index: [HashMap<CiKey, usize>; 5],
}

impl RuleSet {
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &DeviceAccessRule> {
        self.rules.iter()
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The rule for `characteristic` whose query string equals `value` (case-insensitively), if any.
    #[inline]
    pub fn lookup(&self, characteristic: Characteristic, value: &str) -> Option<&DeviceAccessRule> {
        self.lookup_named(characteristic, value)
            .map(|(rule, _)| rule)
    }

    /// `lookup`, with the rule's Name.
    #[inline]
    pub fn lookup_named(
        &self,
        characteristic: Characteristic,
        value: &str,
    ) -> Option<(&DeviceAccessRule, &Arc<str>)> {
        let map = &self.index[characteristic as usize];
        // Query strings are never empty, so an empty value (a device that sent no OS, say) matches nothing.
        if map.is_empty() || value.is_empty() {
            return None;
        }
        map.get(&CiRef(value))
            .map(|&i| (&self.rules[i], &self.names[i]))
    }

    /// The rule with this Name or Guid (case-insensitive), if any.
    pub fn find(&self, identity: &str) -> Option<&DeviceAccessRule> {
        let guid = Guid::parse(identity);
        self.rules
            .iter()
            .find(|r| Some(r.guid) == guid || super::ci::eq_ci(&r.name(), identity.trim()))
    }

    /// Adds a rule; a second rule for the same (characteristic, query string) is refused, as in Exchange.
    pub fn insert(&mut self, rule: DeviceAccessRule) -> Result<(), ModelError> {
        if rule.query_string.trim().is_empty() {
            return Err(ModelError::EmptyQueryString);
        }
        if self
            .lookup(rule.characteristic, &rule.query_string)
            .is_some()
        {
            return Err(ModelError::DuplicateRule(rule.name()));
        }
        let slot = &mut self.index[rule.characteristic as usize];
        slot.insert(CiKey::new(&rule.query_string), self.rules.len());
        self.names.push(rule.name().into());
        self.rules.push(rule);
        Ok(())
    }

    /// Removes the rule with this Guid and returns it.
    pub fn remove(&mut self, guid: Guid) -> Option<DeviceAccessRule> {
        let pos = self.rules.iter().position(|r| r.guid == guid)?;
        let rule = self.rules.remove(pos);
        self.names.remove(pos);
        self.reindex();
        Some(rule)
    }

    /// Changes a rule's AccessLevel (the only property Set-ActiveSyncDeviceAccessRule changes).
    pub fn set_access_level(&mut self, guid: Guid, level: AccessLevel) -> bool {
        match self.rules.iter_mut().find(|r| r.guid == guid) {
            Some(rule) => {
                rule.access_level = level;
                true
            }
            None => false,
        }
    }

    fn reindex(&mut self) {
        for map in &mut self.index {
            map.clear();
        }
        for (i, rule) in self.rules.iter().enumerate() {
            self.index[rule.characteristic as usize].insert(CiKey::new(&rule.query_string), i);
        }
    }
}

impl PartialEq for RuleSet {
    fn eq(&self, other: &RuleSet) -> bool {
        self.rules == other.rules
    }
}
