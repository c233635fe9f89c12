//! Applying one journal entry to the durable state, as the live server applied the change it records: an admin
//! call runs again (`admin::invoke::replay`, with the recorded prompt answers); a partnership record is stored as
//! `eas::partnership` stores one (update the partnership with that DeviceId, or add it); a timestamps entry sets
//! the three timestamps; a mailbox record replaces the mailbox's (an admin call that replaced the tenant drops
//! them all, as the live server drops its mail store); EAS entries then set the RNG position and the tenant's
//! change counter they carry. Pure: state in, state out; an entry that does not fit the state (a bug, or a journal
//! from another tenant) is an error, never a guess.

use crate::admin::invoke;
use crate::model::MobileDevice;
use crate::script::{ConfirmAnswer, ConfirmPrompt, Confirmer, NonInteractive};

use super::entry::{AdminCall, Counters, DeviceTimes, Entry};
use super::snapshot::State;

/// Answers prompts with the answers recorded when the call first ran.
struct Recorded<'a> {
    answers: &'a [ConfirmAnswer],
    next: usize,
}

impl Confirmer for Recorded<'_> {
    fn confirm(&mut self, _prompt: &ConfirmPrompt<'_>) -> ConfirmAnswer {
        let a = self
            .answers
            .get(self.next)
            .copied()
            .unwrap_or(ConfirmAnswer::Unavailable);
        self.next += 1;
        a
    }
}

/// Applies `entry` to `state`.
pub fn apply(state: &mut State, entry: &Entry) -> Result<(), String> {
    match entry {
        Entry::Admin(call) => admin(state, call),
        Entry::Device(record) => {
            store_device(state, &record.device)?;
            set_counters(state, record.counters);
            Ok(())
        }
        Entry::DeviceTimes(times) => {
            device_times(state, times)?;
            set_counters(state, times.counters);
            Ok(())
        }
        Entry::Counters(c) => {
            set_counters(state, *c);
            Ok(())
        }
        Entry::Mailbox(m) => {
            if m.mailbox.0 as usize >= state.tenant.mailbox_count() {
                return Err(format!("no mailbox #{} for a mail record", m.mailbox.0));
            }
            state.mail.insert(m.mailbox, m.record.clone());
            Ok(())
        }
    }
}

/// The counters as the live request left them (replaying its change counted on this tenant's own counter).
fn set_counters(state: &mut State, c: Counters) {
    state.rng_word_pos = c.rng_word_pos;
    state.tenant.set_changes(c.changes);
}

fn admin(state: &mut State, call: &AdminCall) -> Result<(), String> {
    let t = &mut state.tenant;
    let replaced = match &call.answers {
        None => invoke::replay(t, call.now, &call.user, &call.body, &mut NonInteractive),
        Some(answers) => {
            let mut recorded = Recorded { answers, next: 0 };
            invoke::replay(t, call.now, &call.user, &call.body, &mut recorded)
        }
    }?;
    if replaced {
        // As the live server does (`World::tenant_replaced`): mailbox ids now name other mailboxes.
        state.mail.clear();
    }
    Ok(())
}

fn store_device(state: &mut State, device: &MobileDevice) -> Result<(), String> {
    let t = &mut state.tenant;
    if device.mailbox.0 as usize >= t.mailbox_count() {
        return Err(format!(
            "no mailbox #{} for device {}",
            device.mailbox.0, device.device_id
        ));
    }
    match t.find_device(device.mailbox, &device.device_id) {
        Some(key) => t
            .update_device(key, |d| d.clone_from(device))
            .map(|_| ())
            .ok_or_else(|| format!("device {} vanished", device.device_id)),
        None => t
            .add_device(device.clone())
            .map(|_| ())
            .map_err(|e| e.to_string()),
    }
}

fn device_times(state: &mut State, times: &DeviceTimes) -> Result<(), String> {
    let t = &mut state.tenant;
    if times.mailbox.0 as usize >= t.mailbox_count() {
        return Err(format!("no mailbox #{}", times.mailbox.0));
    }
    let key = t
        .find_device(times.mailbox, &times.device_id)
        .ok_or_else(|| {
            format!(
                "no device {} in mailbox #{}",
                times.device_id, times.mailbox.0
            )
        })?;
    t.update_device(key, |d| {
        d.last_sync_attempt_time = times.last_sync_attempt_time;
        d.last_success_sync = times.last_success_sync;
        d.last_ping_heartbeat = times.last_ping_heartbeat;
    })
    .ok_or_else(|| format!("device {} vanished", times.device_id))
}
