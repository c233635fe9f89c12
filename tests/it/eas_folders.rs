//! FolderCreate, FolderUpdate, FolderDelete and MoveItems over loopback HTTP, at every protocol version that
//! has them, with each error path's status, the change reaching the mailbox's other devices through
//! FolderSync, and every response checked against Microsoft's response schema (`eas_schema`).
//!
//! Statuses come from MS-ASCMD 2.2.3.177.3/.4/.6/.10 and Exchange 2013's command code ([EX13]
//! PiratesRE/exchange_diff `Microsoft.Exchange.AirSync/FolderCreateCommand.cs`, `FolderUpdateCommand.cs`,
//! `FolderDeleteCommand.cs`, `FolderCommand.cs`, `MoveItemsCommand.cs`), cited case by case.

use easim::eas::{Command, ProtocolVersion};
use easim::load::client::{self, Reply};
use easim::load::session::Session;
use easim::wbxml::Element;
use easim::wbxml::tags::{FolderHierarchy as F, Move as M};

use crate::eas::{device, ready};
use crate::eas_schema::{
    assert_valid, folder_create, folder_sync, folder_update_or_delete, move_items,
};
use crate::support::TestServer;

/// FolderSync from `key`: (Status, new key, Adds, Updates, Deletes as ServerIds).
async fn hierarchy(
    s: &mut Session,
    key: &str,
) -> (u16, String, Vec<String>, Vec<String>, Vec<String>) {
    let r = s
        .send(Command::FolderSync, Some(&client::folder_sync(key)))
        .await
        .unwrap();
    assert_valid(&r, &folder_sync());
    let doc = r.doc().unwrap();
    let ids = |tag: F| -> Vec<String> {
        doc.child(F::Changes)
            .map(|c| {
                c.children_named(tag)
                    .map(|e| e.child_text(F::ServerId).unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    (
        r.status().unwrap(),
        doc.child_text(F::SyncKey).unwrap_or_default().to_string(),
        ids(F::Add),
        ids(F::Update),
        ids(F::Delete),
    )
}

/// The device's current hierarchy key after a full FolderSync.
async fn fresh_key(s: &mut Session) -> String {
    hierarchy(s, "0").await.1
}

fn create(key: &str, parent: &str, name: &str, kind: &str) -> Element {
    Element::new(F::FolderCreate)
        .with_leaf(F::SyncKey, key)
        .with_leaf(F::ParentId, parent)
        .with_leaf(F::DisplayName, name)
        .with_leaf(F::Type, kind)
}

fn update(key: &str, id: &str, parent: &str, name: &str) -> Element {
    Element::new(F::FolderUpdate)
        .with_leaf(F::SyncKey, key)
        .with_leaf(F::ServerId, id)
        .with_leaf(F::ParentId, parent)
        .with_leaf(F::DisplayName, name)
}

fn delete(key: &str, id: &str) -> Element {
    Element::new(F::FolderDelete)
        .with_leaf(F::SyncKey, key)
        .with_leaf(F::ServerId, id)
}

async fn send(s: &mut Session, command: Command, body: &Element) -> Reply {
    let r = s.send(command, Some(body)).await.unwrap();
    let schema = match command {
        Command::FolderCreate => folder_create(),
        Command::FolderUpdate => folder_update_or_delete("FolderHierarchy:FolderUpdate"),
        Command::FolderDelete => folder_update_or_delete("FolderHierarchy:FolderDelete"),
        _ => move_items(),
    };
    assert_valid(&r, &schema);
    r
}

fn text(r: &Reply, tag: F) -> String {
    r.doc()
        .unwrap()
        .child_text(tag)
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn folder_commands_change_the_hierarchy_every_device_sees_at_every_version() {
    let server = TestServer::default().await;
    for (i, version) in ProtocolVersion::SUPPORTED.into_iter().enumerate() {
        // Two devices of one mailbox per version, so each version starts from the standard hierarchy.
        let user = ["alice", "bob", "dave", "alice", "bob"][i];
        let mut a = device(user, &format!("FCA{i}"));
        a.version = version;
        let mut b = device(user, &format!("FCB{i}"));
        b.version = version;
        let mut a = ready(&server, a).await;
        let mut b = ready(&server, b).await;
        let key_a = fresh_key(&mut a).await;
        let key_b = fresh_key(&mut b).await;

        // FolderCreate: Status 1, a new SyncKey and the ServerId (MS-ASCMD 2.2.1.3; FolderCreateCommand.cs).
        let name = format!("Projects {version}");
        let r = send(
            &mut a,
            Command::FolderCreate,
            &create(&key_a, "0", &name, "12"),
        )
        .await;
        assert_eq!(r.status(), Some(1), "{version}: {}", r.xml());
        let key_a = text(&r, F::SyncKey);
        let projects = text(&r, F::ServerId);
        // A subfolder under it, of the generic user type 1.
        let r = send(
            &mut a,
            Command::FolderCreate,
            &create(&key_a, &projects, "2026", "1"),
        )
        .await;
        assert_eq!(r.status(), Some(1), "{version}: {}", r.xml());
        let key_a = text(&r, F::SyncKey);
        let sub = text(&r, F::ServerId);

        // The creating device holds them already: its next FolderSync has no changes, same key.
        let (status, same, adds, _, _) = hierarchy(&mut a, &key_a).await;
        assert_eq!((status, same.as_str(), adds.len()), (1, key_a.as_str(), 0));
        // The other device gets both as Adds, under a new key.
        let (status, key_b, adds, updates, deletes) = hierarchy(&mut b, &key_b).await;
        assert_eq!(status, 1);
        assert_eq!(adds, vec![projects.clone(), sub.clone()], "{version}");
        assert!(updates.is_empty() && deletes.is_empty());

        // FolderUpdate: rename and move under Inbox; the other device gets an Update.
        let r = send(
            &mut a,
            Command::FolderUpdate,
            &update(&key_a, &projects, "5", "Archive"),
        )
        .await;
        assert_eq!(r.status(), Some(1), "{version}: {}", r.xml());
        let key_a = text(&r, F::SyncKey);
        let (_, _, adds, updates, _) = hierarchy(&mut b, &key_b).await;
        assert!(adds.is_empty());
        assert_eq!(updates, vec![projects.clone()]);
        let r = b
            .send(Command::FolderSync, Some(&client::folder_sync("0")))
            .await
            .unwrap();
        let (_, _, all) = client::folder_sync_result(&r.doc().unwrap());
        let moved = all.iter().find(|f| f.server_id == projects).unwrap();
        assert_eq!(
            (moved.name.as_str(), moved.parent_id.as_str(), moved.kind),
            ("Archive", "5", 12)
        );
        let key_b = text_key(&r);

        // FolderDelete removes the folder and its subfolder; the other device gets both Deletes.
        let r = send(&mut a, Command::FolderDelete, &delete(&key_a, &projects)).await;
        assert_eq!(r.status(), Some(1), "{version}: {}", r.xml());
        let (_, _, _, _, deletes) = hierarchy(&mut b, &key_b).await;
        assert_eq!(deletes, vec![projects.clone(), sub.clone()], "{version}");
    }
    server.stop().await;
}

fn text_key(r: &Reply) -> String {
    text(r, F::SyncKey)
}

#[tokio::test]
async fn folder_command_error_paths_get_exchanges_statuses() {
    let server = TestServer::default().await;
    for version in ProtocolVersion::SUPPORTED {
        let mut d = device("dave", &format!("FCERR{}", version.0));
        d.version = version;
        let mut s = ready(&server, d).await;
        let key = fresh_key(&mut s).await;
        let st = |r: &Reply| r.status().unwrap();

        // A wrong, zero or unparsable SyncKey: 9 (FolderCommand.cs ParseRequest/ExecuteCommand:
        // Sync_OutOfDisk = 9, FolderCmd_WrongSyncKeyError). A missing one fails validation: 10.
        for bad in ["999", "0", "abc"] {
            let r = send(&mut s, Command::FolderCreate, &create(bad, "0", "X", "1")).await;
            assert_eq!(st(&r), 9, "{version} key {bad}");
        }
        let no_key = Element::new(F::FolderCreate).with_leaf(F::DisplayName, "X");
        assert_eq!(st(&send(&mut s, Command::FolderCreate, &no_key).await), 10);

        // FolderCreate: unknown parent 5 ("CreateUnderInvalidParentId"); a taken name 2, in any case
        // ("FolderExistsOnCreate"; MS-ASCMD 2.2.3.177.3 value 2); empty name 10 ("EmptyDisplayName"); a type
        // that is no user folder type 10 ("InvalidFolderType"), type 19 3 from 14.0 ("CreateOfSpecialFolder").
        let r = send(
            &mut s,
            Command::FolderCreate,
            &create(&key, "4242", "X", "1"),
        )
        .await;
        assert_eq!(st(&r), 5);
        let r = send(
            &mut s,
            Command::FolderCreate,
            &create(&key, "0", "inbox", "12"),
        )
        .await;
        assert_eq!(st(&r), 2, "Inbox exists at the root");
        let r = send(
            &mut s,
            Command::FolderCreate,
            &create(&key, "0", "  ", "12"),
        )
        .await;
        assert_eq!(st(&r), 10);
        let r = send(
            &mut s,
            Command::FolderCreate,
            &create(&key, "0", "//", "12"),
        )
        .await;
        assert_eq!(
            st(&r),
            2,
            "a name of slashes only (FolderCommand.ParseRequest BadFolderName)"
        );
        let r = send(&mut s, Command::FolderCreate, &create(&key, "0", "X", "2")).await;
        assert_eq!(st(&r), 10, "Inbox is not a type a client creates");
        let r = send(&mut s, Command::FolderCreate, &create(&key, "0", "X", "19")).await;
        let special = if version >= ProtocolVersion::V14_0 {
            3
        } else {
            10
        };
        assert_eq!(st(&r), special, "{version}");
        // Nothing was created by any of these: the key is still current.
        let r = send(
            &mut s,
            Command::FolderCreate,
            &create(&key, "0", &format!("Keep {version}"), "12"),
        )
        .await;
        assert_eq!(st(&r), 1, "{}", r.xml());
        let key = text(&r, F::SyncKey);
        let keep = text(&r, F::ServerId);

        // FolderUpdate: a standard folder 2 ("UpdateOfDefaultFolder"; MS-ASCMD 2.2.3.177.6 value 2); unknown
        // folder 4 ("UpdateToNonExistentFolder"); unknown parent 5 ("UpdateToUnknownParent"); under itself 2
        // ("UpdateUnderSelf"); a sibling's name 2; empty name 10.
        let r = send(
            &mut s,
            Command::FolderUpdate,
            &update(&key, "5", "0", "Mail"),
        )
        .await;
        assert_eq!(st(&r), 2);
        let r = send(
            &mut s,
            Command::FolderUpdate,
            &update(&key, "4242", "0", "Y"),
        )
        .await;
        assert_eq!(st(&r), 4);
        let r = send(
            &mut s,
            Command::FolderUpdate,
            &update(&key, &keep, "4242", "Y"),
        )
        .await;
        assert_eq!(st(&r), 5);
        let r = send(
            &mut s,
            Command::FolderUpdate,
            &update(&key, &keep, &keep, "Y"),
        )
        .await;
        assert_eq!(st(&r), 2);
        let r = send(
            &mut s,
            Command::FolderUpdate,
            &update(&key, &keep, "0", "Sent Items"),
        )
        .await;
        assert_eq!(st(&r), 2);
        let r = send(&mut s, Command::FolderUpdate, &update(&key, &keep, "0", "")).await;
        assert_eq!(st(&r), 10);

        // FolderDelete: a standard folder 3 ("DeleteOfDefaultFolder"; MS-ASCMD 2.2.3.177.4 value 3); unknown 4
        // ("DeleteOfInvalidId").
        let r = send(&mut s, Command::FolderDelete, &delete(&key, "5")).await;
        assert_eq!(st(&r), 3);
        let r = send(&mut s, Command::FolderDelete, &delete(&key, "4242")).await;
        assert_eq!(st(&r), 4);
        // The Inbox is still there.
        let (_, _, adds, _, _) = hierarchy(&mut s, "0").await;
        assert!(adds.contains(&"5".to_string()) && adds.contains(&keep));
    }
    server.stop().await;
}

fn mv(item: &str, src: &str, dst: &str) -> Element {
    Element::new(M::Move)
        .with_leaf(M::SrcMsgId, item)
        .with_leaf(M::SrcFldId, src)
        .with_leaf(M::DstFldId, dst)
}

/// (SrcMsgId, Status, DstMsgId) of each Response.
fn move_responses(r: &Reply) -> Vec<(String, u16, Option<String>)> {
    r.doc()
        .unwrap()
        .children_named(M::Response)
        .map(|e| {
            (
                e.child_text(M::SrcMsgId).unwrap().to_string(),
                e.child_text(M::Status).unwrap().parse().unwrap(),
                e.child_text(M::DstMsgId).map(str::to_string),
            )
        })
        .collect()
}

#[tokio::test]
async fn move_items_moves_mail_and_reports_each_items_status_at_every_version() {
    let server = TestServer::default().await;
    for version in ProtocolVersion::SUPPORTED {
        let mut d = device("bob", &format!("MOVE{}", version.0));
        d.version = version;
        let mut s = ready(&server, d).await;
        let (inbox, inbox_key) = s.sync_all("5", 200).await.unwrap();
        let (_, junk_key) = s.sync_all("7", 200).await.unwrap();
        let first = &inbox[0].server_id;
        let second = &inbox[1].server_id;
        let body = Element::new(M::MoveItems).with_all([
            // 3 success, with the new ServerId (MS-ASCMD 4.15 example; MoveItemsCommand.cs ProcessMovePerFolder).
            mv(first, "5", "7"),
            // 1: the item is not in that folder ("Invalid source item Id").
            mv(second, "10", "7"),
            // 2: unknown destination.
            mv(second, "5", "4242"),
            // 4: source and destination are the same.
            mv(second, "5", "5"),
            // 1: unknown source folder.
            mv("4242:1", "4242", "7"),
            // 5: the same item twice in one request ("Same message cannot be moved to more than one destination").
            mv(first, "5", "3"),
            // 5: calendar is not a mail folder; the simulator's store keeps only mail.
            mv(second, "5", "1"),
        ]);
        let r = send(&mut s, Command::MoveItems, &body).await;
        let res = move_responses(&r);
        // Exchange validates every Move first and answers the refusals as it finds them, then the moves
        // it made (MoveItemsCommand.cs ExecuteCommand: ParseXmlRequest, then ProcessCommand).
        let statuses: Vec<u16> = res.iter().map(|r| r.1).collect();
        assert_eq!(
            statuses,
            vec![1, 2, 4, 1, 5, 5, 3],
            "{version}: {}",
            r.xml()
        );
        let (src, _, dst) = res[6].clone();
        assert_eq!(&src, first);
        let dst = dst.unwrap();
        assert!(dst.starts_with("7:"), "{dst}");
        assert!(res[..6].iter().all(|r| r.2.is_none()));

        // The source collection reports a Delete, the destination an Add with the same subject.
        let r = s
            .send(Command::Sync, Some(&client::sync("5", &inbox_key, 200)))
            .await
            .unwrap();
        assert_eq!(client::sync_result(&r).deletes, vec![first.clone()]);
        let r = s
            .send(Command::Sync, Some(&client::sync("7", &junk_key, 200)))
            .await
            .unwrap();
        let added = client::sync_result(&r).adds;
        assert_eq!(added.len(), 1);
        assert_eq!(added[0].server_id, dst);
        assert_eq!(added[0].subject, inbox[0].subject);

        // Moving it again from its old place: 1.
        let r = send(
            &mut s,
            Command::MoveItems,
            &Element::new(M::MoveItems).with(mv(first, "5", "3")),
        )
        .await;
        assert_eq!(move_responses(&r)[0].1, 1);
    }
    server.stop().await;
}

#[tokio::test]
async fn malformed_move_items_change_nothing() {
    let server = TestServer::default().await;
    let mut s = ready(&server, device("alice", "MOVEBAD")).await;
    let (inbox, _) = s.sync_all("5", 200).await.unwrap();
    // A Move without DstFldId: 103 InvalidXML for the whole request (MoveItemsCommand.cs ParseXmlRequest),
    // and the valid Move before it is not carried out.
    let body = Element::new(M::MoveItems)
        .with(mv(&inbox[0].server_id, "5", "7"))
        .with(
            Element::new(M::Move)
                .with_leaf(M::SrcMsgId, &inbox[1].server_id)
                .with_leaf(M::SrcFldId, "5"),
        );
    let r = s.send(Command::MoveItems, Some(&body)).await.unwrap();
    assert_eq!((r.status, r.status()), (200, Some(103)));
    let (after, _) = s.sync_all("5", 200).await.unwrap();
    assert_eq!(after.len(), inbox.len());
    // 1000 moves or more: 103 (MaxNoOfItemsMove, GlobalSettingsSchema.cs: 1000).
    let many =
        Element::new(M::MoveItems).with_all((0..1000).map(|i| mv(&format!("5:{i}"), "5", "7")));
    let r = s.send(Command::MoveItems, Some(&many)).await.unwrap();
    assert_eq!(r.status(), Some(103));
    // 12.1 cannot carry a global status in the body: HTTP 500 (AirSyncPermanentException(500, InvalidXML)).
    s.device.version = ProtocolVersion::V12_1;
    let r = s
        .send(Command::MoveItems, Some(&Element::new(M::MoveItems)))
        .await
        .unwrap();
    assert_eq!(r.status, 500);
    server.stop().await;
}

#[tokio::test]
async fn a_quarantined_device_is_refused_folder_and_move_commands() {
    let server = TestServer::default().await;
    let (status, _) = server
        .admin(
            "Set-ActiveSyncOrganizationSettings",
            serde_json::json!({"DefaultAccessLevel": "Quarantine"}),
        )
        .await;
    assert_eq!(status, 200);
    let mut s = ready(&server, device("alice", "QFOLD1")).await;
    let key = fresh_key(&mut s).await;
    // Folder commands: 6 ([EX13] FolderCommand.HandleQuarantinedState, Sync_ClientServerConversion = 6).
    let r = send(&mut s, Command::FolderCreate, &create(&key, "0", "Q", "12")).await;
    assert_eq!(r.status(), Some(6));
    let r = send(&mut s, Command::FolderDelete, &delete(&key, "5")).await;
    assert_eq!(r.status(), Some(6));
    // MoveItems: 5 ([EX13] MoveItemsCommand.HandleQuarantinedState), per item with its SrcMsgId.
    let r = send(
        &mut s,
        Command::MoveItems,
        &Element::new(M::MoveItems).with(mv("5:1", "5", "7")),
    )
    .await;
    assert_eq!(move_responses(&r), vec![("5:1".to_string(), 5, None)]);
    server.stop().await;
}
