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
        Simple::Str(min, max) => (min..=max).contains(&text.chars().count()),
        Simple::Bool => matches!(text, "true" | "false" | "1" | "0"),
        Simple::OneOf(values) => values.contains(&text),
        Simple::Range => text.split_once('-').is_some_and(|(a, b)| {
            [a, b]
                .iter()
                .all(|n| (1..=3).contains(&n.len()) && n.bytes().all(|c| c.is_ascii_digit()))
        }),
        Simple::DateTime => date_time(text),
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
