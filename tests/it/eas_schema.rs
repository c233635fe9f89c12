//! Microsoft's response schemas for the EAS commands, as content models a decoded response is checked
//! against: which children an element may have, in which order, how often, and what its text may be.
//!
//! Transcribed from OfficeDev/Interop-TestSuites, ExchangeActiveSync/Source/Common/ActiveSyncClient/
//! SchemaValidation/*.xsd (the schemas Microsoft's own protocol test suites validate every response with,
//! `SchemaValidation.cs ValidateResponseSchema`); each schema below names its file. The XSD files themselves
//! cannot be vendored here, so their content models are restated as data, element for element. Elements a
//! schema only references from another file (email:Subject inside Search Properties …) are checked for being
//! allowed there, not for their own content (`any()`). Namespaces are written as easim's code pages name them
//! (`Gal` where the XSDs say `GAL`); element names are the WBXML token names (`SmtpAddress`, which
//! Settings.xsd spells `SMTPAddress`).

use easim::wbxml::{Element, Node};

/// How often a particle may occur.
const UNBOUNDED: usize = usize::MAX;

/// Text content an element may have.
#[derive(Clone, Copy)]
pub(crate) enum Simple {
    /// xs:integer.
    Int,
    /// xs:unsignedByte / xs:unsignedInt.
    Unsigned,
    /// xs:string with minLength/maxLength.
    Str(usize, usize),
    /// xs:dateTime.
    DateTime,
    /// xs:boolean.
    Bool,
    /// An enumeration.
    OneOf(&'static [&'static str]),
    /// Search.xsd Range: `[0-9]{1,3}-[0-9]{1,3}`.
    Range,
    /// An unsigned integer restricted to `min..=max` (xs:minInclusive/xs:maxInclusive).
    Between(u64, u64),
    /// Provision.xsd unsignedByteOrEmpty / unsignedIntOrEmpty: an unsigned integer or nothing.
    UnsignedOrEmpty,
}

pub(crate) enum Content {
    Seq(Vec<Decl>),
    All(Vec<Decl>),
    /// xs:choice maxOccurs="unbounded" (a property group).
    Choice(Vec<Decl>),
    Text(Simple),
    /// An element declared in another schema file, not checked here.
    Any,
    Empty,
}

pub(crate) struct Decl {
    name: &'static str,
    min: usize,
    max: usize,
    content: Content,
}

pub(crate) fn el(name: &'static str, min: usize, max: usize, content: Content) -> Decl {
    Decl {
        name,
        min,
        max,
        content,
    }
}

/// Required, once.
pub(crate) fn one(name: &'static str, content: Content) -> Decl {
    el(name, 1, 1, content)
}

/// Optional, at most once.
pub(crate) fn opt(name: &'static str, content: Content) -> Decl {
    el(name, 0, 1, content)
}

/// Optional, any number.
pub(crate) fn many(name: &'static str, content: Content) -> Decl {
    el(name, 0, UNBOUNDED, content)
}

pub(crate) fn any(name: &'static str) -> Decl {
    el(name, 0, UNBOUNDED, Content::Any)
}

/// `Ns:Name` of an element as decoded.
fn qname(e: &Element) -> String {
    let tag = e.tag();
    format!(
        "{}:{}",
        easim::wbxml::page_namespace(tag.page).unwrap_or("?"),
        e.name().unwrap_or("?")
    )
}

/// Checks `root` against `decl`; `Err` lists every violation with its path.
pub(crate) fn validate(root: &Element, decl: &Decl) -> Result<(), String> {
    let mut errors = Vec::new();
    if qname(root) != decl.name {
        errors.push(format!("root is {} not {}", qname(root), decl.name));
    } else {
        check(root, decl, decl.name, &mut errors);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

/// Asserts the decoded response is valid against `decl`, showing the XML when it is not.
pub(crate) fn assert_valid(reply: &easim::load::client::Reply, decl: &Decl) {
    let doc = reply
        .doc()
        .unwrap_or_else(|| panic!("no WBXML body (HTTP {})", reply.status));
    if let Err(e) = validate(&doc, decl) {
        panic!("schema violations:\n{e}\nin\n{}", reply.xml());
    }
}

fn check(e: &Element, decl: &Decl, path: &str, errors: &mut Vec<String>) {
    let kids: Vec<&Element> = e.elements().collect();
    let has_text = e
        .children
        .iter()
        .any(|n| matches!(n, Node::Text(t) if !t.is_empty()) || matches!(n, Node::Opaque(_)));
    match &decl.content {
        Content::Any => {}
        Content::Empty => {
            if !e.children.is_empty() {
                errors.push(format!("{path}: must be empty"));
            }
        }
        Content::Text(simple) => {
            if !kids.is_empty() {
                errors.push(format!("{path}: must hold text only"));
            } else if let Some(text) = e.text()
                && !simple_ok(*simple, text)
            {
                errors.push(format!("{path}: {text:?} is not a valid value"));
            }
        }
        Content::Seq(particles) => {
            no_text(has_text, path, errors);
            let mut i = 0;
            for p in particles {
                let mut n = 0;
                while i < kids.len() && n < p.max && qname(kids[i]) == p.name {
                    check(kids[i], p, &format!("{path}/{}", p.name), errors);
                    i += 1;
                    n += 1;
                }
                if n < p.min {
                    errors.push(format!("{path}: expected {} here", p.name));
                }
            }
            for k in &kids[i..] {
                errors.push(format!("{path}: unexpected {} (order or count)", qname(k)));
            }
        }
        Content::All(particles) => {
            no_text(has_text, path, errors);
            for p in particles {
                let found: Vec<&&Element> = kids.iter().filter(|k| qname(k) == p.name).collect();
                if found.len() < p.min {
                    errors.push(format!("{path}: {} is required", p.name));
                }
                if found.len() > p.max {
                    errors.push(format!("{path}: {} too many times", p.name));
                }
                for k in found {
                    check(k, p, &format!("{path}/{}", p.name), errors);
                }
            }
            for k in &kids {
                if !particles.iter().any(|p| p.name == qname(k)) {
                    errors.push(format!("{path}: {} is not allowed here", qname(k)));
                }
            }
        }
        Content::Choice(options) => {
            no_text(has_text, path, errors);
            for k in &kids {
                match options.iter().find(|p| p.name == qname(k)) {
                    Some(p) => check(k, p, &format!("{path}/{}", p.name), errors),
                    None => errors.push(format!("{path}: {} is not allowed here", qname(k))),
                }
            }
        }
    }
}

fn no_text(has_text: bool, path: &str, errors: &mut Vec<String>) {
    if has_text {
        errors.push(format!("{path}: text is not allowed in element content"));
    }
}

fn simple_ok(simple: Simple, text: &str) -> bool {
    match simple {
        Simple::Int => {
            let t = text.strip_prefix('-').unwrap_or(text);
            !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
        }
        Simple::Unsigned => !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()),
        Simple::UnsignedOrEmpty => text.bytes().all(|b| b.is_ascii_digit()),
        Simple::Str(min, max) => (min..=max).contains(&text.chars().count()),
        Simple::Bool => matches!(text, "true" | "false" | "1" | "0"),
        Simple::OneOf(values) => values.contains(&text),
        Simple::Range => text.split_once('-').is_some_and(|(a, b)| {
            [a, b]
                .iter()
                .all(|n| (1..=3).contains(&n.len()) && n.bytes().all(|c| c.is_ascii_digit()))
        }),
        Simple::DateTime => date_time(text),
        Simple::Between(min, max) => {
            !text.is_empty()
                && text.bytes().all(|b| b.is_ascii_digit())
                && text.parse::<u64>().is_ok_and(|n| (min..=max).contains(&n))
        }
    }
}

/// xs:dateTime: `YYYY-MM-DDThh:mm:ss[.fff][Z|±hh:mm]`.
fn date_time(text: &str) -> bool {
    let b = text.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    if b.len() < 19
        || !digits(0..4)
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
        || b[10] != b'T'
        || !digits(11..13)
        || b[13] != b':'
        || !digits(14..16)
        || b[16] != b':'
        || !digits(17..19)
    {
        return false;
    }
    let mut rest = &text[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    matches!(rest, "" | "Z")
        || (rest.len() == 6
            && (rest.starts_with('+') || rest.starts_with('-'))
            && rest.as_bytes()[3] == b':')
}

// ---- the schemas ---------------------------------------------------------------------------------------------

use Content::{All, Any, Choice, Seq, Text};
use Simple::{Int, Str, Unsigned};

/// FolderHierarchy.xsd: ServerId, ParentId and SyncKey are strings of 1–64 characters; Status an integer.
const ID: Content = Text(Str(1, 64));

fn fh_status() -> Decl {
    one("FolderHierarchy:Status", Text(Int))
}

/// FolderSyncResponse.xsd.
pub(crate) fn folder_sync() -> Decl {
    let entry = |name| {
        many(
            name,
            Seq(vec![
                one("FolderHierarchy:ServerId", ID),
                one("FolderHierarchy:ParentId", ID),
                one("FolderHierarchy:DisplayName", Text(Str(0, UNBOUNDED))),
                one("FolderHierarchy:Type", Text(Int)),
            ]),
        )
    };
    one(
        "FolderHierarchy:FolderSync",
        Seq(vec![
            fh_status(),
            opt("FolderHierarchy:SyncKey", ID),
            opt(
                "FolderHierarchy:Changes",
                Seq(vec![
                    opt("FolderHierarchy:Count", Text(Unsigned)),
                    entry("FolderHierarchy:Update"),
                    many(
                        "FolderHierarchy:Delete",
                        Seq(vec![one("FolderHierarchy:ServerId", ID)]),
                    ),
                    entry("FolderHierarchy:Add"),
                ]),
            ),
        ]),
    )
}

/// FolderCreateResponse.xsd.
pub(crate) fn folder_create() -> Decl {
    one(
        "FolderHierarchy:FolderCreate",
        Seq(vec![
            fh_status(),
            opt("FolderHierarchy:SyncKey", ID),
            opt("FolderHierarchy:ServerId", ID),
        ]),
    )
}

/// FolderUpdateResponse.xsd and FolderDeleteResponse.xsd (the same model).
pub(crate) fn folder_update_or_delete(root: &'static str) -> Decl {
    one(
        root,
        Seq(vec![fh_status(), opt("FolderHierarchy:SyncKey", ID)]),
    )
}

/// MoveItemsResponse.xsd.
pub(crate) fn move_items() -> Decl {
    one(
        "Move:MoveItems",
        Seq(vec![
            opt("Move:Status", Text(Int)),
            many(
                "Move:Response",
                Seq(vec![
                    one("Move:SrcMsgId", Text(Str(1, 64))),
                    one("Move:Status", Text(Int)),
                    opt("Move:DstMsgId", Text(Str(1, 64))),
                ]),
            ),
        ]),
    )
}

/// MeetingResponseResponse.xsd: Result (1..unbounded) of RequestId?, Status, CalendarId?, InstanceId? (24
/// characters).
pub(crate) fn meeting_response() -> Decl {
    one(
        "MeetingResponse:MeetingResponse",
        Seq(vec![el(
            "MeetingResponse:Result",
            1,
            UNBOUNDED,
            Seq(vec![
                opt("MeetingResponse:RequestId", Text(Str(0, 64))),
                one("MeetingResponse:Status", Text(Int)),
                opt("MeetingResponse:CalendarId", Text(Str(0, 64))),
                opt("MeetingResponse:InstanceId", Text(Str(24, 24))),
            ]),
        )]),
    )
}

/// SendMailResponse.xsd, SmartReplyResponse.xsd, SmartForwardResponse.xsd: `<Root><Status/>?</Root>`.
pub(crate) fn compose_mail(root: &'static str) -> Decl {
    one(root, All(vec![opt("ComposeMail:Status", Text(Int))]))
}

/// ValidateCertResponse.xsd.
pub(crate) fn validate_cert() -> Decl {
    one(
        "ValidateCert:ValidateCert",
        Seq(vec![
            one("ValidateCert:Status", Text(Unsigned)),
            many(
                "ValidateCert:Certificate",
                Seq(vec![many("ValidateCert:Status", Text(Unsigned))]),
            ),
        ]),
    )
}

/// SettingsResponse.xsd, with the shared elements of Settings.xsd.
pub(crate) fn settings() -> Decl {
    let status = || opt("Settings:Status", Text(Int));
    let empty = || Content::Empty;
    let oof_message = || {
        el(
            "Settings:OofMessage",
            0,
            3,
            All(vec![
                opt("Settings:AppliesToInternal", empty()),
                opt("Settings:AppliesToExternalKnown", empty()),
                opt("Settings:AppliesToExternalUnknown", empty()),
                opt("Settings:Enabled", Text(Str(1, UNBOUNDED))),
                opt("Settings:ReplyMessage", Text(Str(0, UNBOUNDED))),
                opt("Settings:BodyType", Text(Str(1, UNBOUNDED))),
            ]),
        )
    };
    let email_addresses = || {
        opt(
            "Settings:EmailAddresses",
            Seq(vec![
                many("Settings:SmtpAddress", Text(Str(0, UNBOUNDED))),
                opt("Settings:PrimarySmtpAddress", Text(Str(0, UNBOUNDED))),
            ]),
        )
    };
    one(
        "Settings:Settings",
        All(vec![
            status(),
            opt(
                "Settings:Oof",
                All(vec![
                    status(),
                    opt(
                        "Settings:Get",
                        Seq(vec![
                            opt("Settings:OofState", Text(Simple::OneOf(&["0", "1", "2"]))),
                            opt("Settings:StartTime", Text(Simple::DateTime)),
                            opt("Settings:EndTime", Text(Simple::DateTime)),
                            oof_message(),
                        ]),
                    ),
                ]),
            ),
            opt("Settings:DeviceInformation", All(vec![status()])),
            opt("Settings:DevicePassword", All(vec![status()])),
            opt(
                "Settings:UserInformation",
                All(vec![
                    status(),
                    opt(
                        "Settings:Get",
                        All(vec![
                            email_addresses(),
                            opt(
                                "Settings:Accounts",
                                Seq(vec![el(
                                    "Settings:Account",
                                    1,
                                    UNBOUNDED,
                                    All(vec![
                                        opt("Settings:AccountId", Text(Str(0, UNBOUNDED))),
                                        opt("Settings:AccountName", Text(Str(0, UNBOUNDED))),
                                        opt("Settings:UserDisplayName", Text(Str(0, UNBOUNDED))),
                                        opt("Settings:SendDisabled", Text(Simple::Bool)),
                                        email_addresses(),
                                    ]),
                                )]),
                            ),
                        ]),
                    ),
                ]),
            ),
        ]),
    )
}

/// ResolveRecipientsResponse.xsd.
pub(crate) fn resolve_recipients() -> Decl {
    let rr = |n| n;
    one(
        "ResolveRecipients:ResolveRecipients",
        Seq(vec![
            one(rr("ResolveRecipients:Status"), Text(Int)),
            many(
                "ResolveRecipients:Response",
                Seq(vec![
                    one("ResolveRecipients:To", Text(Str(0, 256))),
                    one("ResolveRecipients:Status", Text(Int)),
                    opt("ResolveRecipients:RecipientCount", Text(Int)),
                    many(
                        "ResolveRecipients:Recipient",
                        Seq(vec![
                            one("ResolveRecipients:Type", Text(Unsigned)),
                            one("ResolveRecipients:DisplayName", Text(Str(0, UNBOUNDED))),
                            one("ResolveRecipients:EmailAddress", Text(Str(0, UNBOUNDED))),
                            opt(
                                "ResolveRecipients:Availability",
                                Seq(vec![
                                    one("ResolveRecipients:Status", Text(Int)),
                                    opt(
                                        "ResolveRecipients:MergedFreeBusy",
                                        Text(Str(0, UNBOUNDED)),
                                    ),
                                ]),
                            ),
                            opt(
                                "ResolveRecipients:Certificates",
                                Seq(vec![
                                    one("ResolveRecipients:Status", Text(Int)),
                                    opt("ResolveRecipients:CertificateCount", Text(Int)),
                                    opt("ResolveRecipients:RecipientCount", Text(Int)),
                                    many("ResolveRecipients:Certificate", Text(Str(0, UNBOUNDED))),
                                    opt(
                                        "ResolveRecipients:MiniCertificate",
                                        Text(Str(0, UNBOUNDED)),
                                    ),
                                ]),
                            ),
                            many("ResolveRecipients:Picture", Any),
                        ]),
                    ),
                ]),
            ),
        ]),
    )
}

/// GAL.xsd TopLevelSchemaProps: the GAL properties (all strings) and Picture.
fn gal_props() -> Vec<Decl> {
    let mut v: Vec<Decl> = [
        "Gal:DisplayName",
        "Gal:Phone",
        "Gal:Office",
        "Gal:Title",
        "Gal:Company",
        "Gal:Alias",
        "Gal:FirstName",
        "Gal:LastName",
        "Gal:HomePhone",
        "Gal:MobilePhone",
        "Gal:EmailAddress",
    ]
    .into_iter()
    .map(|n| many(n, Text(Str(0, UNBOUNDED))))
    .collect();
    v.push(many("Gal:Picture", Any));
    v
}

/// SearchResponse.xsd; Properties is the SearchProperties group (the email, AirSyncBase and GAL members the
/// simulator can return are listed; the group has many more).
pub(crate) fn search() -> Decl {
    let mut props: Vec<Decl> = [
        "AirSyncBase:Body",
        "AirSyncBase:NativeBodyType",
        "Email:To",
        "Email:Cc",
        "Email:From",
        "Email:Subject",
        "Email:ReplyTo",
        "Email:DateReceived",
        "Email:DisplayTo",
        "Email:ThreadTopic",
        "Email:Importance",
        "Email:Read",
        "Email:MessageClass",
        "Email:InternetCPID",
        "Email:Flag",
        "Email:ContentClass",
        "Email2:ConversationId",
        "Email2:ConversationIndex",
    ]
    .into_iter()
    .map(any)
    .collect();
    props.extend(gal_props());
    one(
        "Search:Search",
        Seq(vec![
            opt("Search:Status", Text(Int)),
            opt(
                "Search:Response",
                All(vec![one(
                    "Search:Store",
                    Seq(vec![
                        one("Search:Status", Text(Int)),
                        many(
                            "Search:Result",
                            Seq(vec![
                                opt("AirSync:Class", Any),
                                opt("Search:LongId", Text(Str(1, 256))),
                                opt("AirSync:CollectionId", Any),
                                opt("Search:Properties", Choice(props)),
                            ]),
                        ),
                        opt("Search:Range", Text(Simple::Range)),
                        opt("Search:Total", Text(Int)),
                    ]),
                )]),
            ),
        ]),
    )
}

/// FindResponse.xsd for GAL results: the same, except that Class, ServerId and CollectionId, which a
/// directory entry does not have, are left out ("GAL results have neither": pyactivesync 0.17.0
/// `models.py FindItem`, written against Exchange Online). The schema requires them without a GAL case.
pub(crate) fn find_gal() -> Decl {
    let mut decl = find();
    if let Content::Seq(top) = &mut decl.content
        && let Some(Decl {
            content: All(parts),
            ..
        }) = top.get_mut(1)
        && let Some(Decl {
            content: Seq(result),
            ..
        }) = parts.get_mut(2)
    {
        for p in result.iter_mut().take(3) {
            p.min = 0;
        }
    }
    decl
}

/// FindResponse.xsd. Interop-TestSuites' copy caps Result at one (its Response is an xs:all, and XSD 1.0
/// allows no repeated particle there); MS-ASCMD 6.8 "Find Response Schema" declares it maxOccurs="unbounded",
/// which is what a page of results needs, so that is the bound checked here.
pub(crate) fn find() -> Decl {
    let mut props: Vec<Decl> = [
        "Email:Subject",
        "Email:DateReceived",
        "Email:DisplayTo",
        "Find:DisplayCc",
        "Find:DisplayBcc",
        "Email:Importance",
        "Email:Read",
        "Email2:IsDraft",
        "Find:Preview",
        "Email:From",
    ]
    .into_iter()
    .map(|n| many(n, Text(Str(0, UNBOUNDED))))
    .collect();
    props.push(many("Find:HasAttachments", Text(Simple::Bool)));
    props.extend(gal_props());
    one(
        "Find:Find",
        Seq(vec![
            one("Find:Status", Text(Int)),
            opt(
                "Find:Response",
                All(vec![
                    one("ItemOperations:Store", Any),
                    one("Find:Status", Text(Int)),
                    many(
                        "Find:Result",
                        Seq(vec![
                            one("AirSync:Class", Any),
                            one("AirSync:ServerId", Any),
                            one("AirSync:CollectionId", Any),
                            one("Find:Properties", Choice(props)),
                        ]),
                    ),
                    opt("Find:Range", Text(Simple::Range)),
                    opt("Find:Total", Text(Int)),
                ]),
            ),
        ]),
    )
}

/// The checker bites: documents the XSDs reject are rejected, for each kind of rule.
#[test]
fn the_checker_rejects_what_the_schemas_reject() {
    use easim::wbxml::tags::{FolderHierarchy as F, Settings as S};
    let ok = Element::new(F::FolderCreate)
        .with_leaf(F::Status, "1")
        .with_leaf(F::SyncKey, "2")
        .with_leaf(F::ServerId, "100");
    assert_eq!(validate(&ok, &folder_create()), Ok(()));
    let cases = [
        // Sequence order.
        Element::new(F::FolderCreate)
            .with_leaf(F::Status, "1")
            .with_leaf(F::ServerId, "100")
            .with_leaf(F::SyncKey, "2"),
        // A required element missing.
        Element::new(F::FolderCreate).with_leaf(F::SyncKey, "2"),
        // An element the model does not have.
        ok.clone().with_leaf(F::DisplayName, "x"),
        // A value of the wrong type, and one too short.
        Element::new(F::FolderCreate).with_leaf(F::Status, "one"),
        Element::new(F::FolderCreate)
            .with_leaf(F::Status, "1")
            .with_leaf(F::SyncKey, ""),
    ];
    for bad in &cases {
        assert!(validate(bad, &folder_create()).is_err(), "{bad:?}");
    }
    // xs:all: twice is too many; xs:dateTime.
    let twice = Element::new(S::Settings)
        .with_leaf(S::Status, "1")
        .with_leaf(S::Status, "1");
    assert!(validate(&twice, &settings()).is_err());
    let date = |d: &str| {
        Element::new(S::Settings)
            .with(Element::new(S::Oof).with(Element::new(S::Get).with_leaf(S::StartTime, d)))
    };
    assert_eq!(
        validate(&date("2026-11-23T08:30:00.000Z"), &settings()),
        Ok(())
    );
    assert!(validate(&date("next Monday"), &settings()).is_err());
}

/// ItemOperationsResponse.xsd (Fetch; Move and EmptyFolderContents, which the simulator does not answer, are
/// left out).
pub(crate) fn item_operations() -> Decl {
    one(
        "ItemOperations:ItemOperations",
        Seq(vec![
            one("ItemOperations:Status", Text(Int)),
            opt(
                "ItemOperations:Response",
                Seq(vec![many(
                    "ItemOperations:Fetch",
                    Seq(vec![
                        one("ItemOperations:Status", Text(Int)),
                        opt("AirSync:CollectionId", Any),
                        opt("AirSync:ServerId", Any),
                        opt("Search:LongId", Text(Str(1, 256))),
                        opt("AirSync:Class", Any),
                        opt("DocumentLibrary:LinkId", Any),
                        opt("AirSyncBase:FileReference", Any),
                        opt("ItemOperations:Properties", Any),
                    ]),
                )]),
            ),
        ]),
    )
}

// ---- Sync, with the ApplicationData of the calendar, contact and task classes ---------------------------------

/// xs:string of any length.
const STRING: Content = Text(Str(0, UNBOUNDED));

fn between(min: u64, max: u64) -> Content {
    Text(Simple::Between(min, max))
}

/// AirSyncBase.xsd Body: Type, EstimatedDataSize, Truncated, Data, Preview, Part, in that sequence.
fn airsyncbase_body() -> Decl {
    el(
        "AirSyncBase:Body",
        0,
        UNBOUNDED,
        Seq(vec![
            one("AirSyncBase:Type", Text(Unsigned)),
            opt("AirSyncBase:EstimatedDataSize", Text(Unsigned)),
            opt("AirSyncBase:Truncated", Text(Simple::Bool)),
            opt("AirSyncBase:Data", STRING),
            opt("AirSyncBase:Preview", STRING),
            opt("ItemOperations:Part", Any),
        ]),
    )
}

/// AirSyncBase.xsd Location (16.0 and 16.1): an xs:all of optional address parts.
fn airsyncbase_location() -> Decl {
    many(
        "AirSyncBase:Location",
        All(vec![
            opt("AirSyncBase:DisplayName", STRING),
            opt("AirSyncBase:Annotation", STRING),
            opt("AirSyncBase:Street", STRING),
            opt("AirSyncBase:City", STRING),
            opt("AirSyncBase:State", STRING),
            opt("AirSyncBase:Country", STRING),
            opt("AirSyncBase:PostalCode", STRING),
            opt("AirSyncBase:Latitude", STRING),
            opt("AirSyncBase:Longitude", STRING),
            opt("AirSyncBase:Accuracy", STRING),
            opt("AirSyncBase:Altitude", STRING),
            opt("AirSyncBase:AltitudeAccuracy", STRING),
            opt("AirSyncBase:LocationUri", STRING),
        ]),
    )
}

/// Calendar.xsd group AllProps (the version with ClientUid and airsyncbase:Location in exceptions), each
/// element with its declared type.
fn calendar_props() -> Vec<Decl> {
    let recurrence = All(vec![
        one("Calendar:Type", between(0, 6)),
        opt("Calendar:Occurrences", between(0, 65_535)),
        opt("Calendar:Interval", between(0, 999)),
        opt("Calendar:WeekOfMonth", between(1, 5)),
        opt("Calendar:DayOfWeek", between(1, 127)),
        opt("Calendar:MonthOfYear", between(1, 12)),
        opt("Calendar:Until", STRING),
        opt("Calendar:DayOfMonth", between(1, 31)),
        opt("Calendar:CalendarType", between(0, 23)),
        opt("Calendar:IsLeapMonth", between(0, 1)),
        opt("Calendar:FirstDayOfWeek", between(0, 6)),
    ]);
    let attendee = All(vec![
        one("Calendar:Email", STRING),
        one("Calendar:Name", STRING),
        opt(
            "Calendar:AttendeeStatus",
            Text(Simple::OneOf(&["0", "2", "3", "4", "5"])),
        ),
        opt(
            "Calendar:AttendeeType",
            Text(Simple::OneOf(&["1", "2", "3"])),
        ),
        opt("MeetingResponse:ProposedStartTime", Any),
        opt("MeetingResponse:ProposedEndTime", Any),
    ]);
    vec![
        many("Calendar:Timezone", STRING),
        many("Calendar:AllDayEvent", Text(Unsigned)),
        many("Calendar:Body", STRING),
        many("Calendar:BodyTruncated", Text(Simple::Bool)),
        many("Calendar:BusyStatus", between(0, 3)),
        many("Calendar:OrganizerName", STRING),
        many("Calendar:OrganizerEmail", STRING),
        many("Calendar:DtStamp", STRING),
        many("Calendar:EndTime", STRING),
        many("Calendar:Location", STRING),
        many("Calendar:Reminder", STRING),
        many("Calendar:Sensitivity", between(0, 3)),
        many("Calendar:Subject", STRING),
        many("Calendar:StartTime", STRING),
        many("Calendar:UID", Text(Str(0, 300))),
        many(
            "Calendar:MeetingStatus",
            Text(Simple::OneOf(&[
                "0", "1", "3", "5", "7", "9", "11", "13", "15",
            ])),
        ),
        many(
            "Calendar:Attendees",
            Seq(vec![many("Calendar:Attendee", attendee)]),
        ),
        many(
            "Calendar:Categories",
            Seq(vec![el("Calendar:Category", 0, 300, STRING)]),
        ),
        many("Calendar:Recurrence", recurrence),
        any("Calendar:Exceptions"),
        many("Calendar:ResponseRequested", Text(Simple::Bool)),
        many("Calendar:AppointmentReplyTime", STRING),
        many("Calendar:ResponseType", Text(Unsigned)),
        many("Calendar:DisallowNewTimeProposal", Text(Simple::Bool)),
        many("Calendar:OnlineMeetingConfLink", STRING),
        many("Calendar:OnlineMeetingExternalLink", STRING),
    ]
}

/// Contacts.xsd group AllProps: strings, but for the dates (xs:dateTime) and the numbers.
fn contacts_props() -> Vec<Decl> {
    const STRINGS: [&str; 47] = [
        "Contacts:AssistantName",
        "Contacts:AssistantPhoneNumber",
        "Contacts:Body",
        "Contacts:Business2PhoneNumber",
        "Contacts:BusinessAddressCity",
        "Contacts:BusinessPhoneNumber",
        "Contacts:WebPage",
        "Contacts:BusinessAddressCountry",
        "Contacts:Department",
        "Contacts:Email1Address",
        "Contacts:Email2Address",
        "Contacts:Email3Address",
        "Contacts:BusinessFaxNumber",
        "Contacts:FileAs",
        "Contacts:Alias",
        "Contacts:FirstName",
        "Contacts:MiddleName",
        "Contacts:HomeAddressCity",
        "Contacts:HomeAddressCountry",
        "Contacts:HomeFaxNumber",
        "Contacts:HomePhoneNumber",
        "Contacts:Home2PhoneNumber",
        "Contacts:HomeAddressPostalCode",
        "Contacts:HomeAddressState",
        "Contacts:HomeAddressStreet",
        "Contacts:MobilePhoneNumber",
        "Contacts:Suffix",
        "Contacts:CompanyName",
        "Contacts:OtherAddressCity",
        "Contacts:OtherAddressCountry",
        "Contacts:CarPhoneNumber",
        "Contacts:OtherAddressPostalCode",
        "Contacts:OtherAddressState",
        "Contacts:OtherAddressStreet",
        "Contacts:PagerNumber",
        "Contacts:Title",
        "Contacts:BusinessAddressPostalCode",
        "Contacts:LastName",
        "Contacts:Spouse",
        "Contacts:BusinessAddressState",
        "Contacts:BusinessAddressStreet",
        "Contacts:JobTitle",
        "Contacts:YomiFirstName",
        "Contacts:YomiLastName",
        "Contacts:YomiCompanyName",
        "Contacts:OfficeLocation",
        "Contacts:RadioPhoneNumber",
    ];
    let mut out: Vec<Decl> = STRINGS.iter().map(|name| many(name, STRING)).collect();
    out.extend([
        many("Contacts:Anniversary", Text(Simple::DateTime)),
        many("Contacts:Birthday", Text(Simple::DateTime)),
        many("Contacts:BodySize", Text(Int)),
        many("Contacts:BodyTruncated", Text(Unsigned)),
        many("Contacts:WeightedRank", Text(Int)),
        many("Contacts:Picture", STRING),
        many(
            "Contacts:Categories",
            Seq(vec![el("Contacts:Category", 0, 300, STRING)]),
        ),
        many(
            "Contacts:Children",
            Seq(vec![el("Contacts:Child", 0, 300, STRING)]),
        ),
    ]);
    out
}

/// Tasks.xsd group AllProps.
fn tasks_props() -> Vec<Decl> {
    let recurrence = All(vec![
        one("Tasks:Type", between(0, 6)),
        opt("Tasks:Start", Text(Simple::DateTime)),
        opt("Tasks:Until", Text(Simple::DateTime)),
        opt("Tasks:Occurrences", between(0, 255)),
        opt("Tasks:Interval", between(0, 999)),
        opt("Tasks:DayOfWeek", between(1, 254)),
        opt("Tasks:DayOfMonth", between(1, 31)),
        opt("Tasks:WeekOfMonth", between(1, 5)),
        opt("Tasks:MonthOfYear", between(1, 12)),
        opt("Tasks:Regenerate", Text(Unsigned)),
        opt("Tasks:DeadOccur", Text(Unsigned)),
        opt("Tasks:CalendarType", between(0, 23)),
        opt("Tasks:IsLeapMonth", between(0, 1)),
        opt("Tasks:FirstDayOfWeek", between(0, 6)),
    ]);
    vec![
        many("Tasks:Subject", STRING),
        many("Tasks:Body", STRING),
        many("Tasks:BodySize", Text(Int)),
        many("Tasks:BodyTruncated", Text(Simple::Bool)),
        many("Tasks:Importance", Text(Unsigned)),
        many("Tasks:UtcStartDate", Text(Simple::DateTime)),
        many("Tasks:StartDate", Text(Simple::DateTime)),
        many("Tasks:UtcDueDate", Text(Simple::DateTime)),
        many("Tasks:DueDate", Text(Simple::DateTime)),
        many(
            "Tasks:Categories",
            Seq(vec![el("Tasks:Category", 0, 300, STRING)]),
        ),
        many("Tasks:Recurrence", recurrence),
        many("Tasks:Complete", Text(Unsigned)),
        many("Tasks:DateCompleted", Text(Simple::DateTime)),
        many("Tasks:Sensitivity", between(0, 3)),
        many("Tasks:ReminderTime", Text(Simple::DateTime)),
        many("Tasks:ReminderSet", Text(Unsigned)),
        many("Tasks:OrdinalDate", Text(Simple::DateTime)),
        many("Tasks:SubOrdinalDate", STRING),
    ]
}

/// SyncResponse.xsd ApplicationData (of Add, Change and Fetch): a choice of AirSyncBase's Attachments,
/// Body, BodyPart, NativeBodyType, InstanceId and Location and the classes' AllProps groups, here narrowed
/// to the one class a collection holds (`Calendar`, `Contacts` or `Tasks`).
fn application_data(class: &str) -> Content {
    let mut props = vec![
        any("AirSyncBase:Attachments"),
        airsyncbase_body(),
        any("AirSyncBase:BodyPart"),
        many("AirSyncBase:NativeBodyType", Text(Unsigned)),
        many("AirSyncBase:InstanceId", STRING),
        airsyncbase_location(),
    ];
    props.extend(match class {
        "Calendar" => calendar_props(),
        "Contacts" => contacts_props(),
        "Tasks" => tasks_props(),
        other => panic!("no ApplicationData model for class {other}"),
    });
    Choice(props)
}

/// SyncResponse.xsd Sync: Status, then Collections of Collection, each a choice of SyncKey, CollectionId,
/// Status, Commands (Delete, SoftDelete, Change, Add), Responses (Change*, Add*, Delete, Fetch in sequence)
/// and MoreAvailable; ApplicationData as `application_data(class)`.
pub(crate) fn sync_response(class: &'static str) -> Decl {
    let add = Seq(vec![
        opt("AirSync:Class", STRING),
        one("AirSync:ServerId", ID),
        one("AirSync:ApplicationData", application_data(class)),
    ]);
    let change = Seq(vec![
        opt("AirSync:Class", STRING),
        one("AirSync:ServerId", ID),
        one("AirSync:ApplicationData", application_data(class)),
    ]);
    let commands = Choice(vec![
        many(
            "AirSync:Delete",
            Seq(vec![
                opt("AirSync:Class", STRING),
                one("AirSync:ServerId", ID),
            ]),
        ),
        many("AirSync:SoftDelete", Seq(vec![one("AirSync:ServerId", ID)])),
        many("AirSync:Change", change),
        many("AirSync:Add", add),
    ]);
    let responses = Seq(vec![
        many(
            "AirSync:Change",
            Seq(vec![
                opt("AirSync:Class", STRING),
                one("AirSync:ServerId", ID),
                opt("AirSyncBase:InstanceId", STRING),
                one("AirSync:Status", Text(Int)),
            ]),
        ),
        many(
            "AirSync:Add",
            Seq(vec![
                opt("AirSync:Class", STRING),
                one("AirSync:ClientId", STRING),
                opt("AirSync:ServerId", ID),
                one("AirSync:Status", Text(Int)),
                opt("AirSync:ApplicationData", application_data(class)),
            ]),
        ),
        opt(
            "AirSync:Delete",
            Seq(vec![
                one("AirSync:ServerId", ID),
                opt("AirSyncBase:InstanceId", STRING),
                one("AirSync:Status", Text(Int)),
            ]),
        ),
        opt(
            "AirSync:Fetch",
            Seq(vec![
                opt("AirSync:ServerId", ID),
                one("AirSync:Status", Text(Int)),
                opt("AirSync:ApplicationData", application_data(class)),
            ]),
        ),
    ]);
    let collection = Choice(vec![
        many("AirSync:SyncKey", ID),
        many("AirSync:CollectionId", ID),
        many("AirSync:Status", Text(Int)),
        many("AirSync:Commands", commands),
        many("AirSync:Responses", responses),
        many("AirSync:MoreAvailable", Content::Empty),
    ]);
    one(
        "AirSync:Sync",
        Seq(vec![
            opt("AirSync:Status", Text(Int)),
            opt("AirSync:Limit", Text(Int)),
            opt(
                "AirSync:Collections",
                Seq(vec![many("AirSync:Collection", collection)]),
            ),
        ]),
    )
}

/// The class models bite: an element of another class, a value out of its range and a misplaced
/// AirSyncBase Body child are rejected.
#[test]
fn the_sync_models_reject_what_the_class_schemas_reject() {
    use easim::wbxml::tags::{
        AirSync as A, AirSyncBase as B, Calendar as C, Contacts as N, Tasks as T,
    };
    let doc = |data: Element| {
        Element::new(A::Sync).with(
            Element::new(A::Collections).with(
                Element::new(A::Collection)
                    .with_leaf(A::SyncKey, "2")
                    .with_leaf(A::CollectionId, "1")
                    .with_leaf(A::Status, "1")
                    .with(
                        Element::new(A::Commands).with(
                            Element::new(A::Add)
                                .with_leaf(A::ServerId, "1:1")
                                .with(data),
                        ),
                    ),
            ),
        )
    };
    let ok = Element::new(A::ApplicationData)
        .with_leaf(C::Subject, "x")
        .with(
            Element::new(C::Recurrence)
                .with_leaf(C::Type, "1")
                .with_leaf(C::Interval, "1")
                .with_leaf(C::DayOfWeek, "2"),
        );
    assert_eq!(
        validate(&doc(ok.clone()), &sync_response("Calendar")),
        Ok(())
    );
    let bad = [
        // A task property in a calendar item.
        ok.clone().with_leaf(T::Subject, "x"),
        // BusyStatus is 0–3 (Calendar.xsd).
        ok.clone().with_leaf(C::BusyStatus, "7"),
        // DayOfWeek is 1–127.
        Element::new(A::ApplicationData).with(
            Element::new(C::Recurrence)
                .with_leaf(C::Type, "1")
                .with_leaf(C::DayOfWeek, "128"),
        ),
        // Data before Type in a Body.
        ok.clone().with(
            Element::new(B::Body)
                .with_leaf(B::Data, "x")
                .with_leaf(B::Type, "1"),
        ),
    ];
    for b in &bad {
        assert!(
            validate(&doc(b.clone()), &sync_response("Calendar")).is_err(),
            "{b:?}"
        );
    }
    // Contacts.xsd Birthday is xs:dateTime.
    let contact = Element::new(A::ApplicationData).with_leaf(N::Birthday, "1985-03-12");
    assert!(validate(&doc(contact), &sync_response("Contacts")).is_err());
}

/// ProvisionResponse.xsd, with Provision.xsd's EASProvisionDoc: every setting optional, in this sequence; the
/// unsignedByteOrEmpty / unsignedIntOrEmpty settings (MinDevicePasswordLength …) may be empty (Unlimited).
pub(crate) fn provision() -> Decl {
    let b = |name| opt(name, Text(Simple::Bool));
    let n = |name| opt(name, Text(Unsigned));
    let i = |name| opt(name, Text(Int));
    let e = |name| opt(name, Text(Simple::UnsignedOrEmpty));
    let doc = Seq(vec![
        b("Provision:DevicePasswordEnabled"),
        b("Provision:AlphanumericDevicePasswordRequired"),
        b("Provision:PasswordRecoveryEnabled"),
        b("Provision:RequireStorageCardEncryption"),
        b("Provision:AttachmentsEnabled"),
        e("Provision:MinDevicePasswordLength"),
        e("Provision:MaxInactivityTimeDeviceLock"),
        e("Provision:MaxDevicePasswordFailedAttempts"),
        e("Provision:MaxAttachmentSize"),
        b("Provision:AllowSimpleDevicePassword"),
        e("Provision:DevicePasswordExpiration"),
        n("Provision:DevicePasswordHistory"),
        b("Provision:AllowStorageCard"),
        b("Provision:AllowCamera"),
        b("Provision:RequireDeviceEncryption"),
        b("Provision:AllowUnsignedApplications"),
        b("Provision:AllowUnsignedInstallationPackages"),
        n("Provision:MinDevicePasswordComplexCharacters"),
        b("Provision:AllowWiFi"),
        b("Provision:AllowTextMessaging"),
        b("Provision:AllowPOPIMAPEmail"),
        n("Provision:AllowBluetooth"),
        b("Provision:AllowIrDA"),
        b("Provision:RequireManualSyncWhenRoaming"),
        b("Provision:AllowDesktopSync"),
        n("Provision:MaxCalendarAgeFilter"),
        b("Provision:AllowHTMLEmail"),
        n("Provision:MaxEmailAgeFilter"),
        i("Provision:MaxEmailBodyTruncationSize"),
        i("Provision:MaxEmailHTMLBodyTruncationSize"),
        b("Provision:RequireSignedSMIMEMessages"),
        b("Provision:RequireEncryptedSMIMEMessages"),
        i("Provision:RequireSignedSMIMEAlgorithm"),
        i("Provision:RequireEncryptionSMIMEAlgorithm"),
        i("Provision:AllowSMIMEEncryptionAlgorithmNegotiation"),
        b("Provision:AllowSMIMESoftCerts"),
        b("Provision:AllowBrowser"),
        b("Provision:AllowConsumerEmail"),
        b("Provision:AllowRemoteDesktop"),
        b("Provision:AllowInternetSharing"),
        opt(
            "Provision:UnapprovedInROMApplicationList",
            Seq(vec![many(
                "Provision:ApplicationName",
                Text(Str(0, usize::MAX)),
            )]),
        ),
        opt(
            "Provision:ApprovedApplicationList",
            Seq(vec![many("Provision:Hash", Text(Str(0, usize::MAX)))]),
        ),
    ]);
    one(
        "Provision:Provision",
        Seq(vec![
            el("Settings:DeviceInformation", 0, 1, Any),
            one("Provision:Status", Text(Unsigned)),
            opt(
                "Provision:Policies",
                Seq(vec![one(
                    "Provision:Policy",
                    Seq(vec![
                        one("Provision:PolicyType", Text(Str(0, usize::MAX))),
                        one("Provision:Status", Text(Unsigned)),
                        opt("Provision:PolicyKey", Text(Str(0, usize::MAX))),
                        opt(
                            "Provision:Data",
                            Seq(vec![one("Provision:EASProvisionDoc", doc)]),
                        ),
                    ]),
                )]),
            ),
            opt("Provision:RemoteWipe", Content::Empty),
        ]),
    )
}
