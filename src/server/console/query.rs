//! The console's questions about the tenant, pure over `&Tenant`: the fleet's counts (by state, reason, model,
//! OS) and one page of the device table under a filter. Filters start from the tenant's indexes (owner → the
//! mailbox's devices, model → the model index, state → the state index) and test the rest per candidate, so a
//! page costs the candidates of its most selective indexed filter, not the tenant. Rendering is `page.rs`'s.

use std::cmp::Reverse;

use crate::model::{
    Characteristic, DeviceAccessState, DeviceAccessStateReason, DeviceKey, MobileDevice, Tenant,
    eq_ci,
};

use super::form::Form;

/// Rows per page of the device table.
pub(crate) const PER_PAGE: usize = 50;

/// Bars per chart: the most common values; the rest are summed as "(other)".
pub(crate) const TOP: usize = 8;

/// The device table's filter, from the query string (`state`, `reason`, `model`, `owner`, `rule`, `page`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct DeviceFilter {
    pub(crate) state: Option<DeviceAccessState>,
    pub(crate) reason: Option<DeviceAccessStateReason>,
    /// DeviceModel, case-insensitive, whole value.
    pub(crate) model: Option<String>,
    /// The owning mailbox by any identity (name, alias, SMTP address, UPN).
    pub(crate) owner: Option<String>,
    /// DeviceAccessControlRule's name, case-insensitive.
    pub(crate) rule: Option<String>,
    /// 1-based.
    pub(crate) page: usize,
}

impl DeviceFilter {
    /// Reads the filter; an unknown state or reason or a bad page number is a message for a 400.
    pub(crate) fn from_form(form: &Form) -> Result<DeviceFilter, String> {
        let state = form
            .get("state")
            .map(|s| s.parse::<DeviceAccessState>().map_err(|e| e.to_string()))
            .transpose()?;
        let reason = form
            .get("reason")
            .map(|s| {
                s.parse::<DeviceAccessStateReason>()
                    .map_err(|e| e.to_string())
            })
            .transpose()?;
        let page = match form.get("page") {
            None => 1,
            Some(p) => p
                .parse::<usize>()
                .ok()
                .filter(|&p| p >= 1)
                .ok_or_else(|| "page must be a whole number from 1".to_string())?,
        };
        Ok(DeviceFilter {
            state,
            reason,
            model: form.get("model").map(str::to_string),
            owner: form.get("owner").map(str::to_string),
            rule: form.get("rule").map(str::to_string),
            page,
        })
    }

    /// The filter as a query string without the page (for the pager's links).
    pub(crate) fn query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(s) = self.state {
            parts.push(format!("state={}", s.name()));
        }
        if let Some(r) = self.reason {
            parts.push(format!("reason={}", r.name()));
        }
        for (name, value) in [
            ("model", &self.model),
            ("owner", &self.owner),
            ("rule", &self.rule),
        ] {
            if let Some(v) = value {
                parts.push(format!("{name}={}", super::form::encode(v)));
            }
        }
        parts.join("&")
    }

    fn admits(&self, d: &MobileDevice) -> bool {
        self.state.is_none_or(|s| d.access.state == s)
            && self.reason.is_none_or(|r| d.access.reason == r)
            && self
                .model
                .as_deref()
                .is_none_or(|m| eq_ci(&d.device_model, m))
            && self
                .rule
                .as_deref()
                .is_none_or(|r| d.access.rule.as_deref().is_some_and(|n| eq_ci(n, r)))
    }
}

/// One page of matching devices, in key order.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct DevicePage {
    pub(crate) keys: Vec<DeviceKey>,
    /// How many devices match in all.
    pub(crate) total: usize,
    pub(crate) page: usize,
}

impl DevicePage {
    pub(crate) fn pages(&self) -> usize {
        self.total.div_ceil(PER_PAGE).max(1)
    }
}

/// The page of devices `filter` selects.
pub(crate) fn device_page(tenant: &Tenant, filter: &DeviceFilter) -> DevicePage {
    let skip = (filter.page - 1).saturating_mul(PER_PAGE);
    let candidates: Box<dyn Iterator<Item = DeviceKey> + '_> = if let Some(owner) = &filter.owner {
        let mut keys: Vec<DeviceKey> = tenant
            .find_mailboxes(owner)
            .iter()
            .flat_map(|&m| tenant.devices_of(m).iter().copied())
            .collect();
        keys.sort_unstable();
        Box::new(keys.into_iter())
    } else if let Some(model) = &filter.model {
        Box::new(
            tenant
                .devices_with(Characteristic::DeviceModel, model)
                .into_iter(),
        )
    } else if let Some(state) = filter.state {
        Box::new(tenant.devices_in_state(state))
    } else if filter
        == &(DeviceFilter {
            page: filter.page,
            ..DeviceFilter::default()
        })
    {
        // No filter: the total is known and the page is a slice of the slot order.
        let keys = tenant
            .devices()
            .skip(skip)
            .take(PER_PAGE)
            .map(|(k, _)| k)
            .collect();
        return DevicePage {
            keys,
            total: tenant.device_count(),
            page: filter.page,
        };
    } else {
        Box::new(tenant.devices().map(|(k, _)| k))
    };
    let mut keys = Vec::with_capacity(PER_PAGE);
    let mut total = 0;
    for key in candidates {
        if tenant.device(key).is_some_and(|d| filter.admits(d)) {
            if total >= skip && keys.len() < PER_PAGE {
                keys.push(key);
            }
            total += 1;
        }
    }
    DevicePage {
        keys,
        total,
        page: filter.page,
    }
}

/// The fleet's counts for the charts.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct FleetCounts {
    pub(crate) devices: usize,
    pub(crate) by_state: Vec<(String, usize)>,
    pub(crate) by_reason: Vec<(String, usize)>,
    pub(crate) by_model: Vec<(String, usize)>,
    pub(crate) by_os: Vec<(String, usize)>,
}

/// Counts by state (the state index), model and OS (the value indexes, top `TOP`), and reason (one pass over
/// the devices' stored reasons: there is no reason index; 16 counters, no allocation per device).
pub(crate) fn fleet_counts(tenant: &Tenant) -> FleetCounts {
    let by_state = tenant
        .state_counts()
        .iter()
        .map(|(s, n)| (s.name().to_string(), *n))
        .collect();
    let mut reasons = [0usize; DeviceAccessStateReason::ALL.len()];
    for (_, d) in tenant.devices() {
        if let Some(i) = DeviceAccessStateReason::ALL
            .iter()
            .position(|&r| r == d.access.reason)
        {
            reasons[i] += 1;
        }
    }
    let by_reason = DeviceAccessStateReason::ALL
        .iter()
        .zip(reasons)
        .filter(|(_, n)| *n > 0)
        .map(|(r, n)| (r.name().to_string(), n))
        .collect();
    FleetCounts {
        devices: tenant.device_count(),
        by_state,
        by_reason,
        by_model: top(tenant.value_counts(Characteristic::DeviceModel)),
        by_os: top(tenant.value_counts(Characteristic::DeviceOS)),
    }
}

/// The `TOP` largest counts (ties by name), then "(other)" for the rest.
fn top(counts: Option<Vec<(&str, usize)>>) -> Vec<(String, usize)> {
    let mut counts = counts.unwrap_or_default();
    counts.sort_unstable_by_key(|&(name, n)| (Reverse(n), name));
    let rest: usize = counts.iter().skip(TOP).map(|(_, n)| n).sum();
    let mut out: Vec<(String, usize)> = counts
        .into_iter()
        .take(TOP)
        .map(|(name, n)| (if name.is_empty() { "(none)" } else { name }.to_string(), n))
        .collect();
    if rest > 0 {
        out.push(("(other)".to_string(), rest));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Guid, Mailbox, RecipientTypeDetails};

    /// 300 mailboxes with 0–3 devices each over 7 models and 4 OSes, states spread over them. Built here (the
    /// server may not use the generator, even in tests).
    fn tenant() -> Tenant {
        let mut t = Tenant::new("console.test");
        let mut n = 0u32;
        for m in 0..300u32 {
            let name = format!("user{m:03}");
            let id = t
                .add_mailbox(Mailbox {
                    guid: Guid::from_random_bits(0x1000 + u128::from(m)),
                    name: name.clone(),
                    alias: name.clone(),
                    display_name: name.clone(),
                    primary_smtp_address: format!("{name}@console.test"),
                    user_principal_name: format!("{name}@console.test"),
                    recipient_type_details: RecipientTypeDetails::UserMailbox,
                    password: String::new(),
                    cas: Default::default(),
                })
                .expect("distinct mailboxes");
            for d in 0..(m % 4) {
                let mut dev = MobileDevice::new(
                    Guid::from_random_bits(0x9000_0000 + u128::from(n)),
                    id,
                    &format!("DEV{m}X{d}"),
                    "iPhone",
                );
                dev.device_model = format!("Model{}", n % 7).into();
                dev.device_os = format!("iOS {}", n % 4).into();
                match n % 5 {
                    0 => {
                        dev.access.state = DeviceAccessState::Quarantined;
                        dev.access.reason = DeviceAccessStateReason::DeviceRule;
                        dev.access.rule = Some(format!("R{} (DeviceModel)", n % 3));
                    }
                    1 => {
                        dev.access.state = DeviceAccessState::Blocked;
                        dev.access.reason = DeviceAccessStateReason::Individual;
                    }
                    _ => {
                        dev.access.state = DeviceAccessState::Allowed;
                        dev.access.reason = DeviceAccessStateReason::Global;
                    }
                }
                t.add_device(dev).expect("distinct devices");
                n += 1;
            }
        }
        t
    }

    /// Every combination of filters answers what a plain scan of all devices answers, page by page.
    #[test]
    fn indexed_filters_agree_with_a_scan() {
        let t = tenant();
        let (_, some) = t.devices().nth(7).expect("devices");
        let model = some.device_model.to_uppercase();
        let owner = t.mailbox(some.mailbox).primary_smtp_address.to_uppercase();
        let states = [
            None,
            Some(DeviceAccessState::Quarantined),
            Some(DeviceAccessState::Allowed),
        ];
        let reasons = [None, Some(DeviceAccessStateReason::Individual)];
        let models = [None, Some(model.clone())];
        let owners = [None, Some(owner.clone())];
        let rules = [None, Some("r1 (devicemodel)".to_string())];
        let mut checked = 0;
        for state in states {
            for reason in reasons {
                for model in &models {
                    for owner in &owners {
                        for rule in &rules {
                            let filter = DeviceFilter {
                                state,
                                reason,
                                model: model.clone(),
                                owner: owner.clone(),
                                rule: rule.clone(),
                                page: 1,
                            };
                            let owner_of = |d: &MobileDevice| {
                                owner.as_deref().is_none_or(|o| {
                                    eq_ci(&t.mailbox(d.mailbox).primary_smtp_address, o)
                                })
                            };
                            let expected: Vec<DeviceKey> = t
                                .devices()
                                .filter(|(_, d)| filter.admits(d) && owner_of(d))
                                .map(|(k, _)| k)
                                .collect();
                            for page in 1..=expected.len().div_ceil(PER_PAGE).max(1) {
                                let got = device_page(
                                    &t,
                                    &DeviceFilter {
                                        page,
                                        ..filter.clone()
                                    },
                                );
                                assert_eq!(got.total, expected.len(), "{filter:?}");
                                let want: Vec<DeviceKey> = expected
                                    .iter()
                                    .copied()
                                    .skip((page - 1) * PER_PAGE)
                                    .take(PER_PAGE)
                                    .collect();
                                assert_eq!(got.keys, want, "{filter:?} page {page}");
                            }
                            checked += usize::from(!expected.is_empty());
                        }
                    }
                }
            }
        }
        assert!(
            checked > 10,
            "enough combinations select something: {checked}"
        );
        let beyond = device_page(
            &t,
            &DeviceFilter {
                page: 10_000,
                ..DeviceFilter::default()
            },
        );
        assert!(beyond.keys.is_empty() && beyond.total == t.device_count());
    }

    #[test]
    fn counts_add_up_and_keep_the_top_values() {
        let t = tenant();
        let c = fleet_counts(&t);
        let sum = |rows: &[(String, usize)]| rows.iter().map(|(_, n)| n).sum::<usize>();
        assert_eq!(c.devices, t.device_count());
        for rows in [&c.by_state, &c.by_reason, &c.by_model, &c.by_os] {
            assert_eq!(sum(rows), c.devices, "{rows:?}");
        }
        assert_eq!(c.by_state.len(), 5);
        assert!(c.by_model.len() <= TOP + 1);
        assert!(
            c.by_model
                .windows(2)
                .take(TOP - 1)
                .all(|w| w[0].1 >= w[1].1),
            "{:?}",
            c.by_model
        );
        let quarantined = t
            .devices()
            .filter(|(_, d)| d.access.state == DeviceAccessState::Quarantined)
            .count();
        assert!(
            c.by_state
                .contains(&("Quarantined".to_string(), quarantined))
        );
    }
}
