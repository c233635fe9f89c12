//! ResolveRecipients, Search (GAL and Mailbox) and Find over loopback HTTP: resolution and paging answered
//! from the tenant's name index, each status path, and every answer checked against Microsoft's response
//! schemas (`eas_schema`).
//!
//! Expected behaviour is Exchange 2013's ([EX13] PiratesRE/exchange_diff `Microsoft.Exchange.AirSync/
//! ResolveRecipientsCommand.cs`, `AnrManager.cs`, `SearchCommand.cs`, `GalSearchProvider.cs`,
//! `MailboxSearchProvider.cs`, `GlobalSettingsSchema.cs`), cited case by case; Find's is MS-ASCMD 2.2.1.2.

use easim::eas::{Command, ProtocolVersion};
use easim::load::client::Reply;
use easim::load::session::Session;
use easim::model::{CasSettings, Guid, Mailbox, RecipientTypeDetails, Tenant};
use easim::wbxml::Element;
use easim::wbxml::tags::{
    AirSync as A, ComposeMail as C, Email as E, Find as F, Gal as G, ItemOperations as I,
    ResolveRecipients as R, Search as Q,
};

use crate::eas::{device, ready};
use crate::eas_schema::{
    assert_valid, find, find_gal, item_operations, resolve_recipients, search, validate,
};
use crate::support::{PASSWORD, TestServer, test_config, test_tenant};

/// The test tenant plus Bobby Tables (so "Bob" is ambiguous) and two more Smiths (so "smith" pages).
fn directory_tenant() -> Tenant {
    let mut t = test_tenant();
    for (i, (alias, name)) in [
        ("bobby", "Bobby Tables"),
        ("ann", "Ann Smith"),
        ("zed", "Zed Smith"),
    ]
    .into_iter()
    .enumerate()
    {
        t.add_mailbox(Mailbox {
            guid: Guid::from_random_bits(0x2000 + i as u128),
            name: name.to_string(),
            alias: alias.to_string(),
            display_name: name.to_string(),
            primary_smtp_address: format!("{alias}@contoso.test"),
            user_principal_name: format!("{alias}@contoso.test"),
            recipient_type_details: RecipientTypeDetails::UserMailbox,
            password: PASSWORD.to_string(),
            cas: CasSettings::default(),
        })
        .unwrap();
    }
    t
}

async fn server() -> TestServer {
    TestServer::start(directory_tenant(), test_config()).await
}

// ---- ResolveRecipients ----------------------------------------------------------------------------------------

fn resolve(to: &[&str], options: Option<Element>) -> Element {
    let mut el =
        Element::new(R::ResolveRecipients).with_all(to.iter().map(|t| Element::leaf(R::To, *t)));
    if let Some(o) = options {
        el = el.with(o);
    }
    el
}

/// Per Response: (To, Status, RecipientCount, [(DisplayName, EmailAddress)]).
type Resolved = (String, u16, Option<usize>, Vec<(String, String)>);

async fn send_resolve(s: &mut Session, body: &Element) -> (u16, Vec<Resolved>, Reply) {
    let r = s
        .send(Command::ResolveRecipients, Some(body))
        .await
        .unwrap();
    assert_valid(&r, &resolve_recipients());
    let doc = r.doc().unwrap();
    let out = doc
        .children_named(R::Response)
        .map(|resp| {
            (
                resp.child_text(R::To).unwrap().to_string(),
                resp.child_text(R::Status).unwrap().parse().unwrap(),
                resp.child_text(R::RecipientCount)
                    .map(|c| c.parse().unwrap()),
                resp.children_named(R::Recipient)
                    .map(|rc| {
                        assert_eq!(rc.child_text(R::Type), Some("1"), "a directory entry");
                        (
                            rc.child_text(R::DisplayName).unwrap().to_string(),
                            rc.child_text(R::EmailAddress).unwrap().to_string(),
                        )
                    })
                    .collect(),
            )
        })
        .collect();
    (r.status().unwrap(), out, r)
}

fn pair(name: &str, alias: &str) -> (String, String) {
    (name.to_string(), format!("{alias}@contoso.test"))
}

#[tokio::test]
async fn resolve_recipients_resolves_by_name_alias_and_address_at_every_version() {
    let server = server().await;
    for version in ProtocolVersion::SUPPORTED {
        let mut d = device("alice", &format!("RR{}", version.0));
        d.version = version;
        let mut s = ready(&server, d).await;
        let (top, res, _) = send_resolve(
            &mut s,
            &resolve(
                &[
                    "bob@contoso.test",
                    "Bob",
                    "jones",
                    "SMTP:dave@contoso.test",
                    "nobody here",
                ],
                None,
            ),
        )
        .await;
        assert_eq!(top, 1);
        // One match: 1 (AnrManager LookupState.FoundExact).
        assert_eq!(
            res[0],
            (
                "bob@contoso.test".into(),
                1,
                Some(1),
                vec![pair("Bob Jones", "bob")]
            )
        );
        // Several: 2, the complete list, sorted by display name (ResolveOneRecipient sorts).
        assert_eq!(
            res[1],
            (
                "Bob".into(),
                2,
                Some(2),
                vec![pair("Bob Jones", "bob"), pair("Bobby Tables", "bobby")]
            )
        );
        // A surname is a word of the display name.
        assert_eq!(res[2].1, 1);
        assert_eq!(res[2].3, vec![pair("Bob Jones", "bob")]);
        // An address with a routing type must match exactly (TryParseNameBeforeAnr).
        assert_eq!(res[3].3, vec![pair("Dave Brown", "dave")]);
        // None: 4, without RecipientCount (AmbiguousRecipientToResolve.BuildXmlResponse).
        assert_eq!(res[4], ("nobody here".into(), 4, None, vec![]));
    }
    server.stop().await;
}

#[tokio::test]
async fn resolve_recipients_options_limit_and_add_availability_and_certificates() {
    let server = server().await;
    let mut s = ready(&server, device("alice", "RROPT")).await;
    // MaxAmbiguousRecipients cuts the list: 3, RecipientCount still the number found.
    let opts = Element::new(R::Options).with_leaf(R::MaxAmbiguousRecipients, "1");
    let (_, res, _) = send_resolve(&mut s, &resolve(&["smith"], Some(opts))).await;
    assert_eq!(res[0].1, 3);
    assert_eq!(res[0].2, Some(3));
    assert_eq!(res[0].3, vec![pair("Alice Smith", "alice")]);
    // Availability for an exact match: Status 1 and one free slot ('0') per 30 minutes of the window (no
    // calendars in the simulator); CertificateRetrieval 2: Certificates Status 7 (no certificate).
    let opts = Element::new(R::Options)
        .with_leaf(R::CertificateRetrieval, "2")
        .with(
            Element::new(R::Availability)
                .with_leaf(R::StartTime, "2026-11-23T08:00:00.000Z")
                .with_leaf(R::EndTime, "2026-11-23T10:00:00.000Z"),
        );
    let (_, _, r) = send_resolve(&mut s, &resolve(&["bob@contoso.test"], Some(opts))).await;
    let doc = r.doc().unwrap();
    let rc = doc.child(R::Response).unwrap().child(R::Recipient).unwrap();
    let av = rc.child(R::Availability).unwrap();
    assert_eq!(av.child_text(R::Status), Some("1"));
    assert_eq!(av.child_text(R::MergedFreeBusy), Some("0000"));
    assert_eq!(
        rc.child(R::Certificates).unwrap().child_text(R::Status),
        Some("7")
    );
    server.stop().await;
}

#[tokio::test]
async fn resolve_recipients_refuses_malformed_requests_with_status_5() {
    let server = server().await;
    let mut s = ready(&server, device("alice", "RRBAD")).await;
    let window = |start: &str, end: &str| {
        Element::new(R::Options).with(
            Element::new(R::Availability)
                .with_leaf(R::StartTime, start)
                .with_leaf(R::EndTime, end),
        )
    };
    let hundred: Vec<String> = (0..100).map(|i| format!("user{i}")).collect();
    let hundred: Vec<&str> = hundred.iter().map(String::as_str).collect();
    // ReadXmlRequest / ParseOptionsNode / ParseAvailabilityNode: every one of these is the validation error
    // XML, Status 5.
    let cases = [
        resolve(&[], None),
        resolve(&[""], None),
        resolve(&hundred, None),
        resolve(&["bob"], Some(Element::new(R::Options))),
        resolve(
            &["bob"],
            Some(Element::new(R::Options).with_leaf(R::MaxAmbiguousRecipients, "many")),
        ),
        // End before start; a window under 30 minutes; one over 62 days.
        resolve(
            &["bob"],
            Some(window(
                "2026-11-23T10:00:00.000Z",
                "2026-11-23T08:00:00.000Z",
            )),
        ),
        resolve(
            &["bob"],
            Some(window(
                "2026-11-23T10:00:00.000Z",
                "2026-11-23T10:10:00.000Z",
            )),
        ),
        resolve(
            &["bob"],
            Some(window(
                "2026-01-01T00:00:00.000Z",
                "2026-06-01T00:00:00.000Z",
            )),
        ),
        resolve(&["bob"], Some(window("yesterday", "today"))),
    ];
    for (i, body) in cases.iter().enumerate() {
        let (top, res, r) = send_resolve(&mut s, body).await;
        assert_eq!((top, res.len()), (5, 0), "case {i}: {}", r.xml());
    }
    server.stop().await;
}

// ---- Search ---------------------------------------------------------------------------------------------------

fn search_gal(query: &str, range: Option<&str>) -> Element {
    let mut store = Element::new(Q::Store)
        .with_leaf(Q::Name, "GAL")
        .with_leaf(Q::Query, query);
    if let Some(r) = range {
        store = store.with(Element::new(Q::Options).with_leaf(Q::Range, r));
    }
    Element::new(Q::Search).with(store)
}

/// (Store Status, results' Properties, Range, Total).
async fn send_search(
    s: &mut Session,
    body: &Element,
) -> (u16, Vec<Element>, Option<String>, Option<String>) {
    let r = s.send(Command::Search, Some(body)).await.unwrap();
    assert_valid(&r, &search());
    let doc = r.doc().unwrap();
    assert_eq!(doc.child_text(Q::Status), Some("1"));
    let store = doc.child(Q::Response).unwrap().child(Q::Store).unwrap();
    let results: Vec<Element> = store
        .children_named(Q::Result)
        .filter(|r| r.elements().next().is_some())
        .cloned()
        .collect();
    (
        store.child_text(Q::Status).unwrap().parse().unwrap(),
        results,
        store.child_text(Q::Range).map(str::to_string),
        store.child_text(Q::Total).map(str::to_string),
    )
}

fn gal_names(results: &[Element]) -> Vec<String> {
    results
        .iter()
        .map(|r| {
            r.child(Q::Properties)
                .unwrap()
                .child_text(G::DisplayName)
                .unwrap()
                .to_string()
        })
        .collect()
}

#[tokio::test]
async fn search_gal_pages_with_range_and_total_at_every_version() {
    let server = server().await;
    for version in ProtocolVersion::SUPPORTED {
        let mut d = device("bob", &format!("SGAL{}", version.0));
        d.version = version;
        let mut s = ready(&server, d).await;
        let (status, results, range, total) = send_search(&mut s, &search_gal("smith", None)).await;
        assert_eq!(status, 1);
        assert_eq!(
            gal_names(&results),
            ["Alice Smith", "Ann Smith", "Zed Smith"]
        );
        // No Range asked: no Range or Total (GalSearchProvider.BuildResponse: rangeSpecified).
        assert_eq!((range, total), (None, None));
        let props = results[0].child(Q::Properties).unwrap();
        assert_eq!(props.child_text(G::Alias), Some("alice"));
        assert_eq!(
            props.child_text(G::EmailAddress),
            Some("alice@contoso.test")
        );
        // A page: Range is what was returned, Total what was found.
        let (_, results, range, total) =
            send_search(&mut s, &search_gal("Smith", Some("1-1"))).await;
        assert_eq!(gal_names(&results), ["Ann Smith"]);
        assert_eq!(
            (range.as_deref(), total.as_deref()),
            (Some("1-1"), Some("3"))
        );
        // Past the end: one empty Result, no Range or Total.
        let (status, results, range, _) =
            send_search(&mut s, &search_gal("smith", Some("5-9"))).await;
        assert_eq!((status, results.len(), range), (1, 0, None));
        // Fewer than 4 characters finds nothing (MinGALSearchLength = 4).
        let (status, results, _, _) = send_search(&mut s, &search_gal("Bob", None)).await;
        assert_eq!((status, results.len()), (1, 0));
        let (_, results, _, _) = send_search(&mut s, &search_gal("Bobb", None)).await;
        assert_eq!(gal_names(&results), ["Bobby Tables"]);
    }
    server.stop().await;
}

#[tokio::test]
async fn search_refuses_bad_stores_queries_and_ranges() {
    let server = server().await;
    let mut s = ready(&server, device("bob", "SBAD")).await;
    let long = "x".repeat(257);
    let unknown = Element::new(Q::Search).with(
        Element::new(Q::Store)
            .with_leaf(Q::Name, "DocumentLibrary")
            .with_leaf(Q::Query, "x"),
    );
    // Store Status 2: a store the server has no provider for (SearchCommand.CreateProvider), a Range with
    // min > max, a query over 256 characters (GalSearchProvider.ParseOptions/ParseQueryNode).
    for body in [
        unknown,
        search_gal("smith", Some("3-1")),
        search_gal(&long, None),
    ] {
        let (status, results, _, _) = send_search(&mut s, &body).await;
        assert_eq!((status, results.len()), (2, 0));
    }
    server.stop().await;
}

fn search_mailbox(and: Vec<Element>, range: Option<&str>) -> Element {
    let mut store = Element::new(Q::Store)
        .with_leaf(Q::Name, "Mailbox")
        .with(Element::new(Q::Query).with(Element::new(Q::And).with_all(and)));
    if let Some(r) = range {
        store = store.with(Element::new(Q::Options).with_leaf(Q::Range, r));
    }
    Element::new(Q::Search).with(store)
}

#[tokio::test]
async fn search_mailbox_finds_mail_by_free_text_and_date_and_its_long_id_replies() {
    let server = server().await;
    for version in ProtocolVersion::SUPPORTED {
        let mut d = device("alice", &format!("SMBX{}", version.0));
        d.version = version;
        let mut s = ready(&server, d).await;
        let (inbox, _) = s.sync_all("5", 500).await.unwrap();
        let target = &inbox[3];
        let subject = target.subject.clone().unwrap();
        let word = subject
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| w.len() >= 4)
            .unwrap()
            .to_lowercase();
        let body = search_mailbox(
            vec![
                Element::leaf(A::Class, "Email"),
                Element::leaf(A::CollectionId, "5"),
                Element::leaf(Q::FreeText, word.clone()),
            ],
            Some("0-99"),
        );
        let (status, results, range, total) = send_search(&mut s, &body).await;
        assert_eq!(status, 1);
        assert!(!results.is_empty());
        assert_eq!(total.unwrap().parse::<usize>().unwrap(), results.len());
        assert_eq!(range.unwrap(), format!("0-{}", results.len() - 1));
        let hit = results
            .iter()
            .find(|r| {
                r.child(Q::Properties).unwrap().child_text(E::Subject) == Some(subject.as_str())
            })
            .expect("the message whose subject has the word");
        assert_eq!(hit.child_text(A::Class), Some("Email"));
        assert_eq!(hit.child_text(A::CollectionId), Some("5"));
        let long_id = hit.child_text(Q::LongId).unwrap().to_string();
        // Newest first.
        let dates: Vec<String> = results
            .iter()
            .map(|r| {
                r.child(Q::Properties)
                    .unwrap()
                    .child_text(E::DateReceived)
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");

        // A date bound: after the newest message nothing matches (one empty Result).
        let after = search_mailbox(
            vec![
                Element::leaf(A::Class, "Email"),
                Element::new(Q::GreaterThan)
                    .with(Element::new(E::DateReceived))
                    .with_leaf(Q::Value, "2099-01-01T00:00:00.000Z"),
            ],
            None,
        );
        let (status, results, _, _) = send_search(&mut s, &after).await;
        assert_eq!((status, results.len()), (1, 0));

        // An unknown folder: 11, FolderSync needed (MailboxSearchProvider.ParseQueryNode).
        let unknown = search_mailbox(vec![Element::leaf(A::CollectionId, "4242")], None);
        assert_eq!(send_search(&mut s, &unknown).await.0, 11);

        // The LongId fetches the item through ItemOperations (search:LongId in Fetch, as ItemOperationsResponse.xsd has it)…
        let fetch = Element::new(I::ItemOperations).with(
            Element::new(I::Fetch)
                .with_leaf(I::Store, "Mailbox")
                .with_leaf(Q::LongId, &long_id),
        );
        let r = s.send(Command::ItemOperations, Some(&fetch)).await.unwrap();
        assert_valid(&r, &item_operations());
        let fetched = r
            .doc()
            .unwrap()
            .child(I::Response)
            .unwrap()
            .child(I::Fetch)
            .unwrap()
            .clone();
        assert_eq!(fetched.child_text(I::Status), Some("1"));
        assert_eq!(fetched.child_text(Q::LongId), Some(long_id.as_str()));
        assert_eq!(
            fetched.child(I::Properties).unwrap().child_text(E::Subject),
            hit.child(Q::Properties).unwrap().child_text(E::Subject)
        );
        // …and stands for the item in SmartReply (14.0+ only: LongId is a ComposeMail element there).
        if version >= ProtocolVersion::V14_0 {
            let reply = Element::new(C::SmartReply)
                .with_leaf(C::ClientId, "lr1")
                .with(Element::new(C::Source).with_leaf(C::LongId, &long_id))
                .with(Element::opaque(
                    C::Mime,
                    b"To: bob@contoso.test\r\nSubject: Re: found it\r\n\r\nThis one.\r\n".to_vec(),
                ));
            let r = s.send(Command::SmartReply, Some(&reply)).await.unwrap();
            assert_eq!((r.status, r.body.len()), (200, 0), "{}", r.xml());
        }
    }
    server.stop().await;
}

#[tokio::test]
async fn search_needs_a_folder_sync_and_is_refused_in_quarantine() {
    let server = server().await;
    let mut s = crate::eas::session(&server, device("alice", "SNOFS")).await;
    s.provision().await.unwrap();
    let body = search_mailbox(vec![Element::leaf(Q::FreeText, "hello")], None);
    assert_eq!(send_search(&mut s, &body).await.0, 11);
    server
        .admin(
            "Set-ActiveSyncOrganizationSettings",
            serde_json::json!({"DefaultAccessLevel": "Quarantine"}),
        )
        .await;
    let mut q = ready(&server, device("bob", "SQUAR")).await;
    // Store Status 3 (SearchCommand.HandleQuarantinedState).
    assert_eq!(send_search(&mut q, &search_gal("smith", None)).await.0, 3);
    server.stop().await;
}

// ---- Find -------------------------------------------------------------------------------------------------------

fn find_request(criterion: Element) -> Element {
    Element::new(F::Find)
        .with_leaf(F::SearchId, "3b3f0d5e-6c3a-4f5e-9d3e-7a1b2c3d4e5f")
        .with(Element::new(F::ExecuteSearch).with(criterion))
}

fn find_mailbox(text: &str, folder: Option<&str>, range: &str) -> Element {
    let mut query = Element::new(F::Query)
        .with_leaf(F::FreeText, text)
        .with_leaf(A::Class, "Email");
    if let Some(f) = folder {
        query = query.with_leaf(A::CollectionId, f);
    }
    find_request(
        Element::new(F::MailBoxSearchCriterion)
            .with(query)
            .with(Element::new(F::Options).with_leaf(F::Range, range)),
    )
}

#[tokio::test]
async fn find_searches_the_mailbox_and_the_gal_on_16_1() {
    let server = server().await;
    let mut s = ready(&server, device("alice", "FIND161")).await;
    let (inbox, _) = s.sync_all("5", 500).await.unwrap();
    let subject = inbox[2].subject.clone().unwrap();
    let word = subject
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| w.len() >= 4)
        .unwrap()
        .to_string();
    let r = s
        .send(Command::Find, Some(&find_mailbox(&word, Some("5"), "0-99")))
        .await
        .unwrap();
    assert_valid(&r, &find());
    let doc = r.doc().unwrap();
    assert_eq!(doc.child_text(F::Status), Some("1"));
    let resp = doc.child(F::Response).unwrap();
    assert_eq!(
        resp.child_text(easim::wbxml::tags::ItemOperations::Store),
        Some("Mailbox")
    );
    let results: Vec<&Element> = resp.children_named(F::Result).collect();
    // The message is among the results, under its ServerId, with its subject.
    let hit = results
        .iter()
        .find(|r| r.child_text(A::ServerId) == Some(inbox[2].server_id.as_str()))
        .expect("found by a word of its subject");
    assert_eq!(
        hit.child(F::Properties).unwrap().child_text(E::Subject),
        Some(subject.as_str())
    );
    assert_eq!(hit.child_text(A::CollectionId), Some("5"));
    let total: usize = resp.child_text(F::Total).unwrap().parse().unwrap();
    assert_eq!(total, results.len());
    // One result per page; Total stays the number found.
    let r = s
        .send(Command::Find, Some(&find_mailbox(&word, None, "0-0")))
        .await
        .unwrap();
    assert_valid(&r, &find());
    let resp = r.doc().unwrap().child(F::Response).unwrap().clone();
    assert_eq!(resp.children_named(F::Result).count(), 1);
    assert_eq!(resp.child_text(F::Range), Some("0-0"));

    // GAL: the directory entries' GAL properties.
    let gal = find_request(
        Element::new(F::GALSearchCriterion)
            .with_leaf(F::Query, "smith")
            .with(Element::new(F::Options).with_leaf(F::Range, "0-9")),
    );
    let r = s.send(Command::Find, Some(&gal)).await.unwrap();
    assert_valid(&r, &find_gal());
    assert!(
        validate(&r.doc().unwrap(), &find()).is_err(),
        "the stricter schema does bite"
    );
    let doc = r.doc().unwrap();
    let resp = doc.child(F::Response).unwrap();
    assert_eq!(
        resp.child_text(easim::wbxml::tags::ItemOperations::Store),
        Some("GAL")
    );
    let names: Vec<&str> = resp
        .children_named(F::Result)
        .map(|r| {
            r.child(F::Properties)
                .unwrap()
                .child_text(G::DisplayName)
                .unwrap()
        })
        .collect();
    assert_eq!(names, ["Alice Smith", "Ann Smith", "Zed Smith"]);
    assert_eq!(resp.child_text(F::Total), Some("3"));

    // Malformed: no SearchId, a GAL query under 4 characters, an unknown folder: Status 2, no Response.
    let no_id = Element::new(F::Find).with(
        Element::new(F::ExecuteSearch)
            .with(Element::new(F::GALSearchCriterion).with_leaf(F::Query, "smith")),
    );
    let short = find_request(Element::new(F::GALSearchCriterion).with_leaf(F::Query, "abc"));
    for body in [no_id, short, find_mailbox("x", Some("4242"), "0-9")] {
        let r = s.send(Command::Find, Some(&body)).await.unwrap();
        assert_valid(&r, &find());
        assert_eq!(r.status(), Some(2));
        assert!(r.doc().unwrap().child(F::Response).is_none());
    }
    // Find does not exist before 16.1: 137 CommandNotSupported (in the body from 14.0, HTTP 501 before).
    for (version, http, status) in [
        (ProtocolVersion::V16_0, 200, Some(137)),
        (ProtocolVersion::V12_1, 501, None),
    ] {
        s.device.version = version;
        let r = s
            .send(Command::Find, Some(&find_mailbox(&word, None, "0-9")))
            .await
            .unwrap();
        assert_eq!((r.status, r.status()), (http, status), "{version}");
    }
    server.stop().await;
}
