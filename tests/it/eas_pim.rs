//! Calendar, Contacts and Tasks over real loopback HTTP: the generated items each folder's first Sync sends
//! (checked against SyncResponse.xsd with the class's AllProps), their determinism, and a client's Add,
//! Change and Delete reaching another device of the same mailbox, for 14.1 and 16.1.
//!
//! Expected values are the specs': MS-ASCAL for calendar items (Recurrence Type 1 is weekly; AllDayEvent 1;
//! DayOfWeek a bit mask, 1 Sunday … 64 Saturday; MeetingStatus 1 a meeting the user organizes, 3 one it was
//! invited to; calendar:Location up to 14.1 and airsyncbase:Location from 16.0, 2.2.2.27 and MS-ASAIRS
//! 2.2.2.28), MS-ASDTYPE 2.7.2 for the Compact DateTime `yyyymmddThhmmssZ`, MS-ASCNTC for contacts, MS-ASTASK
//! for tasks (Complete 1 with a DateCompleted), and MS-ASCMD's Status (Sync) for statuses (1 success; 6 error in
//! client/server conversion; 8 object not found; learn.microsoft.com/en-us/openspecs/exchange_server_protocols/
//! ms-ascmd/08151746-faf7-40a3-832b-b42e88a0b729).

use easim::eas::{Command, ProtocolVersion};
use easim::load::client::{self, Reply, SyncItem};
use easim::load::session::Session;
use easim::wbxml::Element;
use easim::wbxml::tags::{
    AirSync as A, AirSyncBase as B, Calendar as C, Contacts as N, MeetingResponse as M, Tasks as T,
};

use crate::eas::{device, ready};
use crate::eas_schema::{assert_valid, meeting_response, sync_response};
use crate::support::TestServer;

const CALENDAR: &str = "1";
const CONTACTS: &str = "2";
const TASKS: &str = "11";
const DELETED_ITEMS: &str = "3";

const VERSIONS: [ProtocolVersion; 2] = [ProtocolVersion::V14_1, ProtocolVersion::V16_1];

async fn ready_at(server: &TestServer, id: &str, version: ProtocolVersion) -> Session {
    let mut d = device("alice", id);
    d.version = version;
    ready(server, d).await
}

/// Primes a collection (key 0) and syncs it once: the reply, checked against the schema, and its items.
async fn first_sync(
    s: &mut Session,
    folder: &str,
    class: &'static str,
) -> (Reply, Vec<SyncItem>, String) {
    let r = s
        .send(Command::Sync, Some(&client::sync(folder, "0", 100)))
        .await
        .unwrap();
    let key = client::sync_result(&r).key.unwrap();
    let r = s
        .send(Command::Sync, Some(&client::sync(folder, &key, 100)))
        .await
        .unwrap();
    assert_valid(&r, &sync_response(class));
    let res = client::sync_result(&r);
    assert_eq!(res.status, Some(1), "{}", r.xml());
    assert!(!res.more_available);
    (r, res.adds, res.key.unwrap())
}

fn data(item: &SyncItem) -> &Element {
    item.data.as_ref().expect("an Add carries ApplicationData")
}

fn text(item: &SyncItem, tag: impl easim::wbxml::Selector) -> Option<&str> {
    data(item).child_text(tag)
}

/// MS-ASDTYPE 2.7.2 Compact DateTime: `yyyymmddThhmmssZ`.
fn compact(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 16
        && b[8] == b'T'
        && b[15] == b'Z'
        && b[..8].iter().chain(&b[9..15]).all(u8::is_ascii_digit)
}

#[tokio::test]
async fn calendar_items_are_generated_with_a_weekly_meeting_an_all_day_event_and_attendees() {
    let server = TestServer::default().await;
    for (i, version) in VERSIONS.into_iter().enumerate() {
        let mut s = ready_at(&server, &format!("CAL{i}"), version).await;
        let (_, items, _) = first_sync(&mut s, CALENDAR, "Calendar").await;
        assert!(items.len() >= 5, "{version}: {} items", items.len());
        for item in &items {
            assert!(item.server_id.starts_with("1:"), "{}", item.server_id);
            for tag in [C::StartTime, C::EndTime, C::DtStamp] {
                assert!(compact(text(item, tag).unwrap()), "{version} {tag:?}");
            }
            assert!(!text(item, C::Subject).unwrap().is_empty());
            assert!(text(item, C::UID).is_some_and(|u| !u.is_empty()));
            // 14.1 writes calendar:Location, 16.1 airsyncbase:Location (never both).
            let old = data(item).child(C::Location).is_some();
            let new = data(item).child(B::Location).is_some();
            if version >= ProtocolVersion::V16_0 {
                assert!(!old, "{version}");
            } else {
                assert!(!new, "{version}");
            }
        }
        let weekly = items
            .iter()
            .find(|i| {
                data(i)
                    .child(C::Recurrence)
                    .is_some_and(|r| r.child_text(C::Type) == Some("1"))
            })
            .expect("a weekly recurring meeting");
        let rec = data(weekly).child(C::Recurrence).unwrap();
        let days: u8 = rec.child_text(C::DayOfWeek).unwrap().parse().unwrap();
        assert_eq!(days.count_ones(), 1, "one weekday");
        assert!(rec.child_text(C::Interval).is_some());
        // A meeting the user organizes: MeetingStatus 1 (MS-ASCAL MeetingStatus), attendees from the tenant.
        assert_eq!(text(weekly, C::MeetingStatus), Some("1"));
        assert_eq!(text(weekly, C::OrganizerEmail), Some("alice@contoso.test"));
        let attendees: Vec<&str> = data(weekly)
            .child(C::Attendees)
            .unwrap()
            .children_named(C::Attendee)
            .map(|a| a.child_text(C::Email).unwrap())
            .collect();
        assert!(!attendees.is_empty());
        assert!(
            attendees
                .iter()
                .all(|a| a.ends_with("@contoso.test") && *a != "alice@contoso.test"),
            "{attendees:?}"
        );
        let location = if version >= ProtocolVersion::V16_0 {
            data(weekly)
                .child(B::Location)
                .and_then(|l| l.child_text(B::DisplayName))
        } else {
            text(weekly, C::Location)
        };
        assert!(location.is_some_and(|l| !l.is_empty()), "{version}");
        // ResponseRequested and ResponseType are 14.0+ (MS-ASCAL 2.2.2.39, 2.2.2.40): 1 = organizer.
        assert_eq!(text(weekly, C::ResponseType), Some("1"));
        let all_day = items
            .iter()
            .find(|i| text(i, C::AllDayEvent) == Some("1"))
            .expect("an all-day event");
        // An all-day event runs midnight to midnight.
        let (start, end) = (
            text(all_day, C::StartTime).unwrap(),
            text(all_day, C::EndTime).unwrap(),
        );
        assert!(
            start.ends_with("T000000Z") && end.ends_with("T000000Z"),
            "{start} {end}"
        );
        assert!(start < end);
        // An invitation from a colleague: MeetingStatus 3.
        assert!(items.iter().any(|i| text(i, C::MeetingStatus) == Some("3")));
    }
    server.stop().await;
}

#[tokio::test]
async fn contacts_and_tasks_are_generated_with_phones_addresses_and_due_dates() {
    let server = TestServer::default().await;
    for (i, version) in VERSIONS.into_iter().enumerate() {
        let mut s = ready_at(&server, &format!("CNT{i}"), version).await;
        let (_, contacts, _) = first_sync(&mut s, CONTACTS, "Contacts").await;
        assert!(contacts.len() >= 6, "{version}");
        for c in &contacts {
            for tag in [
                N::FirstName,
                N::LastName,
                N::FileAs,
                N::Email1Address,
                N::BusinessPhoneNumber,
                N::MobilePhoneNumber,
                N::BusinessAddressStreet,
                N::BusinessAddressCity,
                N::BusinessAddressPostalCode,
                N::BusinessAddressCountry,
                N::CompanyName,
            ] {
                assert!(
                    text(c, tag).is_some_and(|v| !v.is_empty()),
                    "{version} {tag:?}"
                );
            }
            assert!(text(c, N::Email1Address).unwrap().contains('@'));
            // FileAs is "Last, First" (Outlook's default).
            assert_eq!(
                text(c, N::FileAs).unwrap(),
                format!(
                    "{}, {}",
                    text(c, N::LastName).unwrap(),
                    text(c, N::FirstName).unwrap()
                )
            );
        }
        let (_, tasks, _) = first_sync(&mut s, TASKS, "Tasks").await;
        assert!(tasks.len() >= 4, "{version}");
        for t in &tasks {
            assert!(text(t, T::UtcDueDate).is_some() && text(t, T::DueDate).is_some());
            assert!(text(t, T::Complete).is_some());
        }
        let done: Vec<&SyncItem> = tasks
            .iter()
            .filter(|t| text(t, T::Complete) == Some("1"))
            .collect();
        assert_eq!(done.len(), 1, "{version}");
        assert!(text(done[0], T::DateCompleted).is_some());
        assert!(
            tasks
                .iter()
                .filter(|t| text(t, T::Complete) == Some("0"))
                .all(|t| text(t, T::DateCompleted).is_none())
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn the_generated_calendar_contacts_and_tasks_are_the_same_bytes_for_the_same_seed() {
    let mut bodies = Vec::new();
    for _ in 0..2 {
        let server = TestServer::default().await;
        let mut s = ready(&server, device("bob", "PIMDET")).await;
        let mut run = Vec::new();
        for (folder, class) in [
            (CALENDAR, "Calendar"),
            (CONTACTS, "Contacts"),
            (TASKS, "Tasks"),
        ] {
            let (r, items, _) = first_sync(&mut s, folder, class).await;
            assert!(!items.is_empty());
            run.push(r.body);
        }
        bodies.push(run);
        server.stop().await;
    }
    assert_eq!(bodies[0], bodies[1]);
}

fn contact_data(first: &str, mobile: &str) -> Element {
    Element::new(A::ApplicationData)
        .with_leaf(N::Email1Address, "nia.okafor@fabrikam.com")
        .with_leaf(N::FirstName, first)
        .with_leaf(N::MobilePhoneNumber, mobile)
        .with_leaf(N::CompanyName, "Fabrikam")
        .with_leaf(N::LastName, "Okafor")
        .with_leaf(N::BusinessAddressStreet, "1 Main St")
}

async fn sync_cmds(s: &mut Session, folder: &str, key: &str, cmds: Vec<Element>) -> Reply {
    s.send(
        Command::Sync,
        Some(&client::sync_with(folder, key, 100, Some(cmds))),
    )
    .await
    .unwrap()
}

async fn estimate(s: &mut Session, folder: &str, key: &str) -> (Option<u16>, Option<u32>) {
    let r = s
        .send(
            Command::GetItemEstimate,
            Some(&client::estimate(folder, key)),
        )
        .await
        .unwrap();
    client::estimate_result(&r.doc().unwrap())
}

#[tokio::test]
async fn a_contact_added_changed_and_deleted_on_one_device_follows_on_the_other() {
    let server = TestServer::default().await;
    for (i, version) in VERSIONS.into_iter().enumerate() {
        let mut a = ready_at(&server, &format!("CA{i}"), version).await;
        let mut b = ready_at(&server, &format!("CB{i}"), version).await;
        let (_, before, key_a) = first_sync(&mut a, CONTACTS, "Contacts").await;
        let (_, _, mut key_b) = first_sync(&mut b, CONTACTS, "Contacts").await;

        // Add: Status 1 and a ServerId in the folder (MS-ASCMD 2.2.3.166.8).
        let r = sync_cmds(
            &mut a,
            CONTACTS,
            &key_a,
            vec![client::add_item(
                "c1",
                contact_data("Nia", "+1 425 555 0100"),
            )],
        )
        .await;
        assert_valid(&r, &sync_response("Contacts"));
        let res = client::sync_result(&r);
        let (cid, sid, status) = res.add_responses[0].clone();
        assert_eq!((cid.as_str(), status), ("c1", Some(1)), "{}", r.xml());
        let sid = sid.unwrap();
        assert!(sid.starts_with("2:"), "{sid}");
        let key_a = res.key.unwrap();

        // B's estimate counts it, and its next Sync brings it.
        assert_eq!(estimate(&mut b, CONTACTS, &key_b).await, (Some(1), Some(1)));
        let r = b
            .send(Command::Sync, Some(&client::sync(CONTACTS, &key_b, 100)))
            .await
            .unwrap();
        assert_valid(&r, &sync_response("Contacts"));
        let res = client::sync_result(&r);
        assert_eq!(res.adds.len(), 1, "{}", r.xml());
        assert_eq!(res.adds[0].server_id, sid);
        assert_eq!(text(&res.adds[0], N::FirstName), Some("Nia"));
        assert_eq!(
            text(&res.adds[0], N::MobilePhoneNumber),
            Some("+1 425 555 0100")
        );
        key_b = res.key.unwrap();

        // Change: the whole item again; an unknown ServerId is object not found (8).
        let r = sync_cmds(
            &mut a,
            CONTACTS,
            &key_a,
            vec![
                client::change_item(&sid, contact_data("Nia", "+1 425 555 0199")),
                client::change_item("2:999999", contact_data("X", "1")),
            ],
        )
        .await;
        assert_valid(&r, &sync_response("Contacts"));
        let doc = r.doc().unwrap();
        let change = doc
            .child(A::Collections)
            .and_then(|c| c.child(A::Collection))
            .and_then(|c| c.child(A::Responses))
            .and_then(|r| r.child(A::Change))
            .expect("a Change response for the unknown item");
        assert_eq!(change.child_text(A::ServerId), Some("2:999999"));
        assert_eq!(change.child_text(A::Status), Some("8"));
        let key_a = client::sync_result(&r).key.unwrap();
        let r = b
            .send(Command::Sync, Some(&client::sync(CONTACTS, &key_b, 100)))
            .await
            .unwrap();
        assert_valid(&r, &sync_response("Contacts"));
        let res = client::sync_result(&r);
        assert_eq!(res.changes.len(), 1, "{}", r.xml());
        assert_eq!(
            text(&res.changes[0], N::MobilePhoneNumber),
            Some("+1 425 555 0199")
        );
        key_b = res.key.unwrap();

        // Delete: in place, a generated contact too; an unknown one is 8.
        let r = sync_cmds(
            &mut a,
            CONTACTS,
            &key_a,
            vec![client::delete(&sid), client::delete(&before[0].server_id)],
        )
        .await;
        assert_eq!(client::sync_result(&r).status, Some(1), "{}", r.xml());
        let key_a = client::sync_result(&r).key.unwrap();
        let r = sync_cmds(&mut a, CONTACTS, &key_a, vec![client::delete(&sid)]).await;
        assert_valid(&r, &sync_response("Contacts"));
        let doc = r.doc().unwrap();
        let delete = doc
            .child(A::Collections)
            .and_then(|c| c.child(A::Collection))
            .and_then(|c| c.child(A::Responses))
            .and_then(|r| r.child(A::Delete))
            .expect("a Delete response");
        assert_eq!(delete.child_text(A::Status), Some("8"));
        let r = b
            .send(Command::Sync, Some(&client::sync(CONTACTS, &key_b, 100)))
            .await
            .unwrap();
        let mut deletes = client::sync_result(&r).deletes;
        deletes.sort();
        let mut expected = vec![sid.clone(), before[0].server_id.clone()];
        expected.sort();
        assert_eq!(deletes, expected, "{}", r.xml());
        // Not moved to Deleted Items: DeletesAsMoves is for mail.
        let (deleted, _) = b.sync_all(DELETED_ITEMS, 100).await.unwrap();
        assert!(
            deleted
                .iter()
                .all(|d| d.data.as_ref().unwrap().child(N::FirstName).is_none())
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn a_meeting_and_a_task_added_on_one_device_reach_the_other_in_its_version() {
    let server = TestServer::default().await;
    for (i, version) in VERSIONS.into_iter().enumerate() {
        let mut a = ready_at(&server, &format!("MA{i}"), version).await;
        let mut b = ready_at(&server, &format!("MB{i}"), version).await;
        let (_, _, key_a) = first_sync(&mut a, CALENDAR, "Calendar").await;
        let (_, _, key_b) = first_sync(&mut b, CALENDAR, "Calendar").await;
        // A weekly meeting as the device writes it: 16.x sends airsyncbase:Location and no UID
        // (MS-ASCAL UID), earlier versions calendar:Location and their own UID.
        let mut meeting = Element::new(A::ApplicationData)
            .with_leaf(C::Timezone, "")
            .with_leaf(C::AllDayEvent, "0")
            .with_leaf(C::BusyStatus, "2")
            .with_leaf(C::EndTime, "20261130T100000Z")
            .with_leaf(C::Sensitivity, "0")
            .with_leaf(C::Subject, "Planning poker")
            .with_leaf(C::StartTime, "20261130T093000Z")
            .with(
                Element::new(C::Attendees).with(
                    Element::new(C::Attendee)
                        .with_leaf(C::Email, "bob@contoso.test")
                        .with_leaf(C::Name, "Bob Jones")
                        .with_leaf(C::AttendeeType, "1"),
                ),
            )
            .with(
                Element::new(C::Recurrence)
                    .with_leaf(C::Type, "1")
                    .with_leaf(C::Interval, "1")
                    .with_leaf(C::DayOfWeek, "2"),
            );
        if version >= ProtocolVersion::V16_0 {
            meeting.push(Element::new(B::Location).with_leaf(B::DisplayName, "Board Room"));
        } else {
            meeting.push(Element::leaf(C::Location, "Board Room"));
            meeting.push(Element::leaf(C::UID, "client-uid-1"));
        }
        let r = sync_cmds(
            &mut a,
            CALENDAR,
            &key_a,
            vec![client::add_item("m1", meeting)],
        )
        .await;
        assert_valid(&r, &sync_response("Calendar"));
        let res = client::sync_result(&r);
        assert_eq!(res.add_responses[0].2, Some(1), "{}", r.xml());
        let sid = res.add_responses[0].1.clone().unwrap();
        // A meeting without a StartTime is not an item: 6.
        let key_a = res.key.unwrap();
        let bad = Element::new(A::ApplicationData).with_leaf(C::Subject, "no time");
        let r = sync_cmds(&mut a, CALENDAR, &key_a, vec![client::add_item("m2", bad)]).await;
        assert_eq!(
            client::sync_result(&r).add_responses[0].2,
            Some(6),
            "{}",
            r.xml()
        );

        let r = b
            .send(Command::Sync, Some(&client::sync(CALENDAR, &key_b, 100)))
            .await
            .unwrap();
        assert_valid(&r, &sync_response("Calendar"));
        let res = client::sync_result(&r);
        assert_eq!(res.adds.len(), 1, "{}", r.xml());
        let got = &res.adds[0];
        assert_eq!(got.server_id, sid);
        assert_eq!(text(got, C::Subject), Some("Planning poker"));
        assert_eq!(text(got, C::StartTime), Some("20261130T093000Z"));
        assert_eq!(text(got, C::OrganizerEmail), Some("alice@contoso.test"));
        assert_eq!(text(got, C::MeetingStatus), Some("1"));
        let rec = data(got).child(C::Recurrence).unwrap();
        assert_eq!(rec.child_text(C::DayOfWeek), Some("2"));
        let uid = text(got, C::UID).unwrap();
        if version >= ProtocolVersion::V16_0 {
            assert!(!uid.is_empty());
            assert_eq!(
                data(got)
                    .child(B::Location)
                    .and_then(|l| l.child_text(B::DisplayName)),
                Some("Board Room")
            );
        } else {
            assert_eq!(uid, "client-uid-1");
            assert_eq!(text(got, C::Location), Some("Board Room"));
        }

        // A task completed on A shows complete on B.
        let (_, tasks, key_a) = first_sync(&mut a, TASKS, "Tasks").await;
        let (_, _, key_b) = first_sync(&mut b, TASKS, "Tasks").await;
        let open = tasks
            .iter()
            .find(|t| text(t, T::Complete) == Some("0"))
            .unwrap();
        let done = Element::new(A::ApplicationData)
            .with_leaf(T::Subject, text(open, T::Subject).unwrap())
            .with_leaf(T::UtcDueDate, text(open, T::UtcDueDate).unwrap())
            .with_leaf(T::DueDate, text(open, T::DueDate).unwrap())
            .with_leaf(T::Complete, "1")
            .with_leaf(T::DateCompleted, "2026-11-24T10:00:00.000Z");
        let r = sync_cmds(
            &mut a,
            TASKS,
            &key_a,
            vec![client::change_item(&open.server_id, done)],
        )
        .await;
        assert_eq!(client::sync_result(&r).status, Some(1), "{}", r.xml());
        let r = b
            .send(Command::Sync, Some(&client::sync(TASKS, &key_b, 100)))
            .await
            .unwrap();
        assert_valid(&r, &sync_response("Tasks"));
        let res = client::sync_result(&r);
        assert_eq!(res.changes.len(), 1, "{}", r.xml());
        assert_eq!(text(&res.changes[0], T::Complete), Some("1"));
        assert_eq!(
            text(&res.changes[0], T::DateCompleted),
            Some("2026-11-24T10:00:00.000Z")
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn an_estimate_before_the_first_sync_counts_the_generated_items() {
    let server = TestServer::default().await;
    let mut s = ready(&server, device("dave", "EST1")).await;
    let r = s
        .send(Command::Sync, Some(&client::sync(TASKS, "0", 100)))
        .await
        .unwrap();
    let key = client::sync_result(&r).key.unwrap();
    let (status, n) = estimate(&mut s, TASKS, &key).await;
    assert_eq!(status, Some(1));
    let r = s
        .send(Command::Sync, Some(&client::sync(TASKS, &key, 100)))
        .await
        .unwrap();
    let adds = client::sync_result(&r).adds;
    assert!(!adds.is_empty());
    assert_eq!(n, Some(adds.len() as u32));
    server.stop().await;
}

#[tokio::test]
async fn every_supported_version_gets_schema_valid_calendar_contacts_and_tasks() {
    let server = TestServer::default().await;
    for (i, version) in ProtocolVersion::SUPPORTED.into_iter().enumerate() {
        let mut s = ready_at(&server, &format!("ALLV{i}"), version).await;
        let (_, events, _) = first_sync(&mut s, CALENDAR, "Calendar").await;
        let (_, contacts, _) = first_sync(&mut s, CONTACTS, "Contacts").await;
        let (_, tasks, _) = first_sync(&mut s, TASKS, "Tasks").await;
        assert!(!events.is_empty() && !contacts.is_empty() && !tasks.is_empty());
        // ResponseRequested is not an element of 12.1 (MS-ASCAL 2.2.2.39); from 14.0 meetings carry it.
        let requested = events
            .iter()
            .any(|e| data(e).child(C::ResponseRequested).is_some());
        assert_eq!(requested, version >= ProtocolVersion::V14_0, "{version}");
    }
    server.stop().await;
}

#[tokio::test]
async fn item_operations_fetches_a_task_in_its_class() {
    use easim::wbxml::tags::ItemOperations as I;
    let server = TestServer::default().await;
    let mut s = ready(&server, device("bob", "IOPIM")).await;
    let (_, tasks, _) = first_sync(&mut s, TASKS, "Tasks").await;
    let r = s
        .send(
            Command::ItemOperations,
            Some(&client::fetch(TASKS, &tasks[0].server_id)),
        )
        .await
        .unwrap();
    let doc = r.doc().unwrap();
    let fetch = doc
        .child(I::Response)
        .and_then(|r| r.child(I::Fetch))
        .expect("a Fetch");
    // MS-ASCMD ItemOperations: Status 1 is success; Class names the class of the item fetched.
    assert_eq!(fetch.child_text(I::Status), Some("1"), "{}", r.xml());
    assert_eq!(fetch.child_text(A::Class), Some("Tasks"));
    let props = fetch.child(I::Properties).unwrap();
    assert_eq!(props.child_text(T::Subject), text(&tasks[0], T::Subject));
    // BodyPreference 2 asked for HTML.
    assert_eq!(
        props.child(B::Body).and_then(|b| b.child_text(B::Type)),
        Some("2")
    );
    server.stop().await;
}

#[tokio::test]
async fn a_contact_added_on_another_device_wakes_a_ping_on_contacts() {
    let server = TestServer::default().await;
    let mut a = ready(&server, device("bob", "PPIM1")).await;
    first_sync(&mut a, CONTACTS, "Contacts").await;
    let addr = server.addr;
    let adder = tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let mut b = Session::connect(addr, device("bob", "PPIM2"))
            .await
            .unwrap();
        b.provision().await.unwrap();
        b.folder_sync().await.unwrap();
        let (_, _, key) = first_sync(&mut b, CONTACTS, "Contacts").await;
        let r = sync_cmds(
            &mut b,
            CONTACTS,
            &key,
            vec![client::add_item(
                "p1",
                contact_data("Ping", "+1 206 555 0142"),
            )],
        )
        .await;
        client::sync_result(&r).add_responses
    });
    // MS-ASCMD Ping Status 2: changes in the folders listed.
    let r = a
        .send(Command::Ping, Some(&client::ping(3000, &[CONTACTS])))
        .await
        .unwrap();
    assert_eq!(
        client::ping_result(&r.doc().unwrap()),
        (Some(2), vec![CONTACTS.to_string()])
    );
    let added = adder.await.unwrap();
    assert_eq!(added[0].2, Some(1));
    server.stop().await;
}

/// A MeetingResponse of (UserResponse, CollectionId, RequestId, with an InstanceId).
fn respond(requests: &[(u8, &str, &str, bool)]) -> Element {
    Element::new(M::MeetingResponse).with_all(requests.iter().map(
        |&(answer, folder, id, instance)| {
            let r = Element::new(M::Request)
                .with_leaf(M::UserResponse, answer.to_string())
                .with_leaf(M::CollectionId, folder)
                .with_leaf(M::RequestId, id);
            if instance {
                r.with_leaf(M::InstanceId, "2026-11-30T09:30:00.000Z")
            } else {
                r
            }
        },
    ))
}

/// (RequestId, Status, CalendarId) of each Result.
fn responded(r: &Reply) -> Vec<(Option<String>, Option<String>, Option<String>)> {
    let root = r
        .doc()
        .unwrap_or_else(|| panic!("no body: HTTP {}", r.status));
    root.children_named(M::Result)
        .map(|res| {
            let t = |tag: M| res.child_text(tag).map(str::to_string);
            (t(M::RequestId), t(M::Status), t(M::CalendarId))
        })
        .collect()
}

/// The test tenant's alice: her own entry among a meeting's attendees.
fn own_status(item: &SyncItem) -> Option<String> {
    data(item)
        .child(C::Attendees)?
        .children_named(C::Attendee)
        .find(|a| a.child_text(C::Email) == Some("alice@contoso.test"))
        .and_then(|a| a.child_text(C::AttendeeStatus).map(str::to_string))
}

// MS-ASCMD 2.2.1.11 MeetingResponse; Status values 2.2.3.177.9 (1 success, 2 invalid meeting request);
// CalendarId 2.2.3.18 (present unless declined); UserResponse 2.2.3.194 (1 accept, 2 tentative, 3 decline);
// MS-ASCAL AttendeeStatus (2 tentative, 3 accept), BusyStatus (1 tentative, 2 busy), ResponseType (14.0+: the
// user's response, 2 tentative).
#[tokio::test]
async fn meeting_response_answers_an_invitation_and_the_other_device_sees_it() {
    for (i, version) in VERSIONS.into_iter().enumerate() {
        // A server each: the first round declines alice's invitation.
        let server = TestServer::default().await;
        let mut a = ready_at(&server, &format!("MR{i}"), version).await;
        let mut b = ready_at(&server, &format!("MRB{i}"), version).await;
        let (_, items, _) = first_sync(&mut a, CALENDAR, "Calendar").await;
        let (_, _, key_b) = first_sync(&mut b, CALENDAR, "Calendar").await;
        let (inbox, _) = a.sync_all("5", 200).await.unwrap();
        // The generated calendar's items by MeetingStatus (MS-ASCAL): 3 invited, 0 an appointment, 1 organizer.
        let with_status = |status: &str| -> String {
            items
                .iter()
                .find(|i| text(i, C::MeetingStatus) == Some(status))
                .unwrap_or_else(|| panic!("no generated item with MeetingStatus {status}"))
                .server_id
                .clone()
        };
        let (invite, appointment, organized) =
            (with_status("3"), with_status("0"), with_status("1"));

        // Tentative: Status 1 with the calendar item's id; the other device gets a Change.
        let r = a
            .send(
                Command::MeetingResponse,
                Some(&respond(&[(2, CALENDAR, &invite, false)])),
            )
            .await
            .unwrap();
        assert_valid(&r, &meeting_response());
        let one = |s: &str, cal: Option<&str>| {
            (
                Some(s.to_string()),
                Some("1".to_string()),
                cal.map(str::to_string),
            )
        };
        assert_eq!(
            responded(&r),
            vec![one(&invite, Some(&invite))],
            "{version}"
        );
        let r = b
            .send(Command::Sync, Some(&client::sync(CALENDAR, &key_b, 100)))
            .await
            .unwrap();
        assert_valid(&r, &sync_response("Calendar"));
        let res = client::sync_result(&r);
        assert_eq!(res.changes.len(), 1, "{version}: {}", r.xml());
        let changed = &res.changes[0];
        assert_eq!(changed.server_id, invite);
        assert_eq!(own_status(changed).as_deref(), Some("2"), "{version}");
        assert_eq!(text(changed, C::BusyStatus), Some("1"), "{version}");
        assert_eq!(text(changed, C::ResponseType), Some("2"), "{version}");
        let key_b = res.key.unwrap();

        // What is not an invitation, or names an instance, is Status 2, and nothing changes.
        let refused = [
            (1, CALENDAR, appointment.as_str(), false),
            (1, CALENDAR, organized.as_str(), false),
            (1, CALENDAR, "1:999999", false),
            (1, "5", inbox[0].server_id.as_str(), false),
            (1, CALENDAR, invite.as_str(), true),
        ];
        let r = a
            .send(Command::MeetingResponse, Some(&respond(&refused)))
            .await
            .unwrap();
        assert_valid(&r, &meeting_response());
        let statuses: Vec<_> = responded(&r)
            .into_iter()
            .map(|(id, s, cal)| (id, s, cal.is_some()))
            .collect();
        let want: Vec<_> = refused
            .iter()
            .map(|&(_, _, id, _)| (Some(id.to_string()), Some("2".to_string()), false))
            .collect();
        assert_eq!(statuses, want, "{version}");
        let r = b
            .send(Command::Sync, Some(&client::sync(CALENDAR, &key_b, 100)))
            .await
            .unwrap();
        assert!(
            client::sync_result(&r).changes.is_empty(),
            "{version}: {}",
            r.xml()
        );

        // Decline: no CalendarId, and the meeting leaves the calendar.
        let r = a
            .send(
                Command::MeetingResponse,
                Some(&respond(&[(3, CALENDAR, &invite, false)])),
            )
            .await
            .unwrap();
        assert_valid(&r, &meeting_response());
        assert_eq!(responded(&r), vec![one(&invite, None)], "{version}");
        let r = b
            .send(Command::Sync, Some(&client::sync(CALENDAR, &key_b, 100)))
            .await
            .unwrap();
        assert_eq!(
            client::sync_result(&r).deletes,
            vec![invite.clone()],
            "{version}: {}",
            r.xml()
        );

        // A Request without a UserResponse: 103 InvalidXML (UserResponse is required, MS-ASCMD 2.2.3.194).
        let bad = Element::new(M::MeetingResponse).with(
            Element::new(M::Request)
                .with_leaf(M::CollectionId, CALENDAR)
                .with_leaf(M::RequestId, &appointment),
        );
        let r = a.send(Command::MeetingResponse, Some(&bad)).await.unwrap();
        assert_eq!(r.status(), Some(103), "{version}");
        server.stop().await;
    }
}
