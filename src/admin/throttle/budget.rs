//! The cmdlet budgets of one profile, per user: fixed windows that start at a user's first call after the last
//! window ended (Exchange's snapshot shows one `LastTimeFrameUpdate` per window, [TECHNET] in `profile`), each
//! allowing `max` calls. A call that finds any of its windows full is refused, charged to none, and told how
//! long until the fullest window ends.
//!
//! Pure: time is given in milliseconds of the profile's clock (the server decides what a millisecond lasts);
//! the map of users is bounded by dropping users whose windows have all ended.

use hashbrown::HashMap;

use super::profile::{Profile, Window};

/// Users remembered before ended windows are dropped.
const PRUNE_ABOVE: usize = 4096;

/// A refused call: which budget, and how long to wait.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Throttled {
    pub part: &'static str,
    pub value: u32,
    /// Until the window that refused the call ends.
    pub retry_after_ms: u64,
}

impl Throttled {
    /// Exchange Online's text for a call over budget. Literal form from two public quotes of it: "This operation
    /// exceeds the throttling budget for policy part 'LocalTime', policy value '3000000',  Budget type:
    /// 'PowerShell'.  Suggested backoff time 887405440 ms." ([TECHNET] in `profile`; the same form in Microsoft
    /// Q&A 418965 "monitor-powershell-exchange-online-limits"), with the part and value of the budget that
    /// refused the call.
    pub fn message(&self) -> String {
        format!(
            "This operation exceeds the throttling budget for policy part '{}', policy value '{}',  Budget type: 'PowerShell'.  Suggested backoff time {} ms.",
            self.part, self.value, self.retry_after_ms
        )
    }

    /// `Retry-After` in whole seconds, rounded up (a client that waits that long finds the window ended).
    pub fn retry_after_secs(&self) -> u64 {
        self.retry_after_ms.div_ceil(1000)
    }
}

#[derive(Clone, Copy, Debug, Default)]
struct Used {
    start_ms: u64,
    count: u32,
}

impl Used {
    /// The count in the window that holds `now`, starting a new window when the last one ended.
    fn current(&mut self, window: &Window, now_ms: u64) -> &mut Used {
        if now_ms.saturating_sub(self.start_ms) >= period_ms(window) || self.count == 0 {
            *self = Used {
                start_ms: now_ms,
                count: 0,
            };
        }
        self
    }

    fn ended(&self, window: Option<&Window>, now_ms: u64) -> bool {
        window.is_none_or(|w| now_ms.saturating_sub(self.start_ms) >= period_ms(w))
    }
}

fn period_ms(window: &Window) -> u64 {
    u64::from(window.period_secs) * 1000
}

#[derive(Clone, Copy, Debug, Default)]
struct UserBudget {
    cmdlets: Used,
    exchange_cmdlets: Used,
    destructive_cmdlets: Used,
}

/// Every user's windows under one profile.
#[derive(Debug)]
pub struct Budgets {
    profile: &'static Profile,
    users: HashMap<String, UserBudget>,
}

impl Budgets {
    pub fn new(profile: &'static Profile) -> Budgets {
        Budgets {
            profile,
            users: HashMap::new(),
        }
    }

    pub fn profile(&self) -> &'static Profile {
        self.profile
    }

    /// Charges one run of the Exchange cmdlet `cmdlet` by `user` at `now_ms`, or refuses it.
    pub fn charge(&mut self, user: &str, cmdlet: &str, now_ms: u64) -> Result<(), Throttled> {
        let profile = self.profile;
        if self.users.len() > PRUNE_ABOVE {
            self.users.retain(|_, b| {
                !(b.cmdlets.ended(profile.cmdlets.as_ref(), now_ms)
                    && b.exchange_cmdlets
                        .ended(profile.exchange_cmdlets.as_ref(), now_ms)
                    && b.destructive_cmdlets
                        .ended(profile.destructive_cmdlets.as_ref(), now_ms))
            });
        }
        let budget = self
            .users
            .entry_ref(user.to_ascii_lowercase().as_str())
            .or_default();
        let destructive = Profile::is_destructive(cmdlet);
        let mut slots: Vec<(&Window, &mut Used)> = Vec::with_capacity(3);
        if let Some(w) = &profile.cmdlets {
            slots.push((w, &mut budget.cmdlets));
        }
        if let Some(w) = &profile.exchange_cmdlets {
            slots.push((w, &mut budget.exchange_cmdlets));
        }
        if destructive && let Some(w) = &profile.destructive_cmdlets {
            slots.push((w, &mut budget.destructive_cmdlets));
        }
        let refused = slots
            .iter_mut()
            .filter_map(|(w, used)| {
                let used = used.current(w, now_ms);
                (used.count >= w.max).then(|| Throttled {
                    part: w.part,
                    value: w.max,
                    retry_after_ms: (used.start_ms + period_ms(w)).saturating_sub(now_ms),
                })
            })
            .max_by_key(|t| t.retry_after_ms);
        if let Some(t) = refused {
            return Err(t);
        }
        for (_, used) in slots {
            used.count += 1;
        }
        Ok(())
    }
}
