//! The state directory end to end on a temporary directory: first open, replay, torn tails, damage, locks.

use std::path::Path;

use super::*;
use crate::admin::examples::example_tenant;
use crate::model::{MobileDevice, Timestamp};

const NOW: Timestamp = Timestamp::from_secs(1_795_000_000);

fn initial() -> Result<State, String> {
    Ok(State {
        tenant: example_tenant(),
        seed: 7,
        mail_epoch: NOW,
        rng_word_pos: 0,
        mail: Default::default(),
    })
}

fn set_cas(identity: &str, enabled: bool) -> Entry {
    let body = format!(
        r#"{{"CmdletInput":{{"CmdletName":"Set-CASMailbox","Parameters":{{"Identity":"{identity}","ActiveSyncEnabled":{enabled}}}}}}}"#
    );
    Entry::Admin(AdminCall {
        now: NOW,
        user: "admin@contoso.com".into(),
        body: body.into_bytes(),
        answers: None,
    })
}

fn open(dir: &Path) -> Result<(Durable, State, OpenReport), DurableError> {
    Durable::open(dir, DurableConfig::default(), initial)
}

/// Applies `entries` to `state` as the live side would, and journals them.
fn record(d: &Durable, state: &mut State, entries: &[Entry]) {
    for e in entries {
        apply(state, e).expect("applies live");
        let seq = d.journal().append(e);
        d.journal().commit(seq).expect("commits");
    }
}

#[test]
fn a_new_directory_starts_from_the_initial_state_and_replays_what_was_journaled() {
    let dir = tempfile::tempdir().expect("dir");
    let (d, mut live, report) = open(dir.path()).expect("opens");
    assert!(!report.resumed);
    record(
        &d,
        &mut live,
        &[set_cas("alice", false), set_cas("bob", false)],
    );
    assert_eq!(live.tenant.audit.len(), 2);
    drop(d); // no snapshot: as after kill -9
    let (_d, replayed, report) = open(dir.path()).expect("reopens");
    assert_eq!(
        (report.resumed, report.replayed, report.torn.len()),
        (true, 2, 0)
    );
    assert_eq!(replayed, live);
    let alice = replayed.tenant.find_mailboxes("alice")[0];
    assert!(!replayed.tenant.mailbox(alice).cas.active_sync_enabled);
}

#[test]
fn a_snapshot_compacts_the_journal() {
    let dir = tempfile::tempdir().expect("dir");
    let (d, mut live, _) = open(dir.path()).expect("opens");
    record(&d, &mut live, &[set_cas("alice", false)]);
    let seq = d.snapshot().expect("snapshot");
    assert_eq!(seq, 1);
    record(&d, &mut live, &[set_cas("carol", false)]);
    let segments = list_segments(dir.path()).expect("lists");
    assert_eq!(
        segments.len(),
        1,
        "the covered segment is gone: {segments:?}"
    );
    drop(d);
    let (_d, replayed, report) = open(dir.path()).expect("reopens");
    assert_eq!((report.snapshot_seq, report.replayed), (1, 1));
    assert_eq!(replayed, live);
}

#[test]
fn device_records_and_timestamps_replay() {
    let dir = tempfile::tempdir().expect("dir");
    let (d, mut live, _) = open(dir.path()).expect("opens");
    let bob = live.tenant.find_mailboxes("bob")[0];
    let mut device = MobileDevice::new(
        crate::model::Guid::from_random_bits(99),
        bob,
        "NewPhone1",
        "iPhone",
    );
    device.first_sync_time = Some(NOW);
    let times = DeviceTimes {
        mailbox: bob,
        device_id: "newphone1".into(),
        last_sync_attempt_time: Some(NOW.add_secs(60)),
        last_success_sync: Some(NOW.add_secs(60)),
        last_ping_heartbeat: Some(480),
        counters: Counters {
            rng_word_pos: 16,
            changes: 40,
        },
    };
    record(
        &d,
        &mut live,
        &[
            Entry::Device(Box::new(DeviceRecord {
                device,
                counters: Counters {
                    rng_word_pos: 16,
                    changes: 39,
                },
            })),
            Entry::DeviceTimes(times),
        ],
    );
    drop(d);
    let (_d, replayed, _) = open(dir.path()).expect("reopens");
    assert_eq!(replayed, live);
    assert_eq!((replayed.rng_word_pos, replayed.tenant.changes()), (16, 40));
    let key = replayed
        .tenant
        .find_device(bob, "NEWPHONE1")
        .expect("the new partnership");
    let stored = replayed.tenant.device(key).expect("stored");
    assert_eq!(stored.last_ping_heartbeat, Some(480));
}

#[test]
fn a_torn_tail_is_dropped_and_reported() {
    let dir = tempfile::tempdir().expect("dir");
    let (d, mut live, _) = open(dir.path()).expect("opens");
    record(&d, &mut live, &[set_cas("alice", false)]);
    let kept = live.clone();
    record(&d, &mut live, &[set_cas("bob", false)]);
    let path = d.journal().current_segment();
    drop(d);
    let len = std::fs::metadata(&path).expect("segment").len();
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .expect("opens");
    file.set_len(len - 3).expect("tears the last record");
    drop(file);
    let (_d, replayed, report) = open(dir.path()).expect("a torn tail is not an error");
    assert_eq!(report.replayed, 1);
    assert_eq!(report.torn.len(), 1, "{:?}", report.torn);
    assert!(report.torn[0].contains("torn tail"), "{}", report.torn[0]);
    assert_eq!(replayed, kept);
}

#[test]
fn damage_a_missing_snapshot_and_a_held_lock_are_errors() {
    let dir = tempfile::tempdir().expect("dir");
    let (d, mut live, _) = open(dir.path()).expect("opens");
    assert!(matches!(open(dir.path()), Err(DurableError::Locked { .. })));
    record(
        &d,
        &mut live,
        &[set_cas("alice", false), set_cas("bob", false)],
    );
    let path = d.journal().current_segment();
    drop(d);
    let mut bytes = std::fs::read(&path).expect("segment");
    bytes[segment::MAGIC.len() + 10] ^= 0x55; // inside the first record
    std::fs::write(&path, &bytes).expect("damaged");
    let err = open(dir.path())
        .err()
        .expect("damage before an intact record is an error");
    assert!(err.to_string().contains("damaged, not torn"), "{err}");

    std::fs::write(dir.path().join(snapshot::FILE_NAME), b"{\"format\":").expect("garbled");
    let err = open(dir.path())
        .err()
        .expect("a corrupt snapshot is an error");
    assert!(matches!(err, DurableError::CorruptSnapshot { .. }), "{err}");

    std::fs::remove_file(dir.path().join(snapshot::FILE_NAME)).expect("removed");
    let err = open(dir.path()).err().expect("segments without a snapshot");
    assert!(matches!(err, DurableError::MissingSnapshot { .. }), "{err}");
}

/// Answers prompts from a list, as a person at the shell would.
struct Answers(Vec<crate::script::ConfirmAnswer>);

impl crate::script::Confirmer for Answers {
    fn confirm(&mut self, _: &crate::script::ConfirmPrompt<'_>) -> crate::script::ConfirmAnswer {
        if self.0.is_empty() {
            crate::script::ConfirmAnswer::Unavailable
        } else {
            self.0.remove(0)
        }
    }
}

#[test]
fn the_shells_calls_replay_with_the_answers_their_prompts_got() {
    use crate::admin::LocalHost;
    use crate::script::{CmdletHost, ConfirmAnswer, NamedArg, Value, bind};

    let dir = tempfile::tempdir().expect("dir");
    let (d, mut live, _) = open(dir.path()).expect("opens");
    let d = std::sync::Arc::new(d);
    let remove = crate::admin::cmdlets::find("Remove-MobileDevice").expect("a cmdlet");
    let set = crate::admin::cmdlets::find("Set-CASMailbox").expect("a cmdlet");
    let ids: Vec<String> = live
        .tenant
        .devices()
        .map(|(_, dev)| live.tenant.device_identity(dev))
        .collect();
    {
        let mut host = JournalingHost::new(
            LocalHost::new(&mut live.tenant, NOW),
            d.clone(),
            "Administrator",
        );
        // Two removals: the person says No to the first prompt and Yes to the second.
        let mut answers = Answers(vec![ConfirmAnswer::No, ConfirmAnswer::Yes]);
        for id in &ids[..2] {
            let args =
                bind(remove, vec![], vec![NamedArg::new("Identity", id.as_str())]).expect("binds");
            host.invoke(remove, &args, &mut answers).expect("runs");
        }
        // A failed call is journaled too (its audit entry is a change).
        let args = bind(
            set,
            vec![],
            vec![
                NamedArg::new("Identity", "nobody"),
                NamedArg::new("ActiveSyncEnabled", Value::Bool(false)),
            ],
        )
        .expect("binds");
        assert!(host.invoke(set, &args, &mut answers).is_err());
    }
    assert_eq!(
        live.tenant.device_count(),
        example_tenant().device_count() - 1
    );
    assert_eq!(live.tenant.audit.len(), 3);
    drop(d);
    let (_d, replayed, report) = open(dir.path()).expect("reopens");
    assert_eq!(report.replayed, 3);
    assert_eq!(replayed, live);
}

// ---- Set-CASMailbox's Exchange Online settings (issue #11 item 4) --------------------------------------------

#[test]
fn set_casmailbox_settings_replay_and_survive_a_snapshot() {
    let call = |params: &str| {
        Entry::Admin(AdminCall {
            now: NOW,
            user: "admin@contoso.com".into(),
            body: format!(
                r#"{{"CmdletInput":{{"CmdletName":"Set-CASMailbox","Parameters":{{"Identity":"bob",{params}}}}}}}"#
            )
            .into_bytes(),
            answers: None,
        })
    };
    let dir = tempfile::tempdir().expect("dir");
    let (d, mut live, _) = open(dir.path()).expect("opens");
    record(
        &d,
        &mut live,
        &[
            call(
                r#""OutlookMobileEnabled":false,"PopMessagesRetrievalMimeFormat":"Tnef","EwsApplicationAccessPolicy":"EnforceBlockList","EwsBlockList":["X/1","Y/2"],"SmtpClientAuthenticationDisabled":true"#,
            ),
            call(r#""OwaMailboxPolicy":null,"EwsAllowOutlook":false"#),
        ],
    );
    let bob = live.tenant.find_mailboxes("bob")[0];
    let cas = live.tenant.mailbox(bob).cas.clone();
    assert!(!cas.outlook_mobile_enabled);
    assert_eq!(cas.pop_messages_retrieval_mime_format.name(), "Tnef");
    assert_eq!(cas.ews_block_list, ["X/1", "Y/2"]);
    assert_eq!(cas.smtp_client_authentication_disabled, Some(true));
    assert_eq!(
        (cas.owa_mailbox_policy.as_deref(), cas.ews_allow_outlook),
        (None, Some(false))
    );
    drop(d);
    let (d, replayed, report) = open(dir.path()).expect("reopens");
    assert_eq!(report.replayed, 2);
    assert_eq!(replayed, live);
    d.snapshot().expect("snapshot");
    drop(d);
    let (_d, restored, report) = open(dir.path()).expect("reopens from the snapshot");
    assert_eq!((report.snapshot_seq, report.replayed), (2, 0));
    assert_eq!(restored.tenant.mailbox(bob).cas, cas);
}
