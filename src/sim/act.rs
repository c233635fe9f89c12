//! A simulated device sends one command: its memory builds the request (`phone`), the simulated server answers
//! it (`exchange`), the device remembers what the answer gave it, and the answer becomes the cmdlets' object
//! (`answer`). Both simulator cmdlets end here.

use crate::eas::Command;
use crate::model::{MailboxId, Timestamp};
use crate::script::{ErrorCategory, ErrorRecord, PsObject};

use super::answer::Answer;
use super::exchange;
use super::phone::{Overrides, Unable};
use super::world::World;

/// Makes the device `device_id` of `mailbox` (already in the world's phones) send `command` at `now`.
pub(crate) fn act(
    world: &mut World,
    now: Timestamp,
    mailbox: MailboxId,
    device_id: &str,
    command: Command,
    overrides: &Overrides,
) -> Result<PsObject, ErrorRecord> {
    let phone = world
        .phones
        .get_mut(mailbox, device_id)
        .ok_or_else(|| crate::admin::messages::not_found(device_id))?;
    let (wire, sent) = phone.request(command, overrides).map_err(|e| match e {
        Unable::NothingToFetch => ErrorRecord::new(
            ErrorCategory::InvalidOperation,
            "NothingToFetch",
            format!(
                "The device '{}' has received no item to fetch: send a Sync that delivers items first.",
                phone.device.device_id
            ),
        )
        .with_target(device_id),
    })?;
    let version = overrides.version.unwrap_or(phone.device.version);
    let exchanged = exchange::send(&mut world.server, now, &wire);
    phone.learn(sent, &exchanged.reply);
    let answer = Answer {
        command,
        version,
        mailbox,
        device_id: &phone.device.device_id,
        reply: &exchanged.reply,
        access: exchanged.access.as_ref(),
        policy_key: phone.device.policy_key,
    };
    Ok(answer.to_object(&world.server.tenant))
}
