//! The EAS code pages 0–25 (MS-ASWBXML, EAS 16.1): every tag token with its spec name, the XML namespace of
//! each page, which tags carry opaque (binary) content, and where libwbxml 0.11.8 names a tag differently.
//!
//! This file is a table (exempt from the 800-line rule). It knows names and numbers only; nothing here reads
//! or writes bytes. Names are the spec's (checked against Microsoft's own MS-ASWBXML test-suite tables,
//! libwbxml `wbxml_tables.c`, grommunio-sync `wbxmldefs.php` and Exchange 2013's `AirSyncStringArrays.cs`,
//! eas-facts §5). Tokens dropped from the current spec but still known to those decoders (EAS 2.5 and
//! earlier) are kept, marked "legacy", so old captures decode. `fixtures/wbxml/libwbxml-tags.txt` is
//! libwbxml's table as its tools print it; a unit test holds this file to it.

use std::fmt;

/// Declares the pages and, per page, an enum of its tags; generates the lookup tables from the same lists so
/// names, numbers and the typed constants cannot drift apart.
macro_rules! code_pages {
    ($(
        $(#[$pm:meta])*
        $num:literal $page:ident $ns:literal { $($tok:literal $tag:ident),+ $(,)? }
    )+) => {
        /// An EAS code page. The discriminant is the page number written after SWITCH_PAGE.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum Page { $($page = $num),+ }

        impl Page {
            /// Every page, in page-number order.
            pub const ALL: [Page; 26] = [$(Page::$page),+];

            /// The page with this number.
            pub const fn from_number(n: u8) -> Option<Page> {
                match n { $($num => Some(Page::$page),)+ _ => None }
            }

            /// The page number.
            pub const fn number(self) -> u8 {
                self as u8
            }

            /// The XML namespace without its colon, e.g. `FolderHierarchy`.
            pub const fn namespace(self) -> &'static str {
                match self { $(Page::$page => $ns),+ }
            }

            /// Every tag of this page, in token order.
            pub fn tags(self) -> impl Iterator<Item = Tag> {
                let page = self as u8;
                NAMES[usize::from(page)]
                    .iter()
                    .enumerate()
                    .filter(|(_, name)| name.is_some())
                    .filter_map(move |(token, _)| u8::try_from(token).ok().map(|token| Tag { page, token }))
            }
        }

        $(
            $(#[$pm])*
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
            #[repr(u8)]
            #[allow(clippy::upper_case_acronyms)] // the spec's own spelling: IMEI, OS, UID, MMS
            pub enum $page { $($tag = $tok),+ }

            impl $page {
                /// The page these tags belong to.
                pub const PAGE: Page = Page::$page;

                /// The spec name of this tag.
                pub const fn name(self) -> &'static str {
                    match self { $($page::$tag => stringify!($tag)),+ }
                }

                /// The tag as page and token (`From` in const contexts).
                pub const fn tag(self) -> Tag {
                    Tag { page: $num, token: self as u8 }
                }

                /// The tag with this spec name on this page.
                pub fn from_name(name: &str) -> Option<$page> {
                    match name { $(stringify!($tag) => Some($page::$tag),)+ _ => None }
                }
            }

            impl From<$page> for Tag {
                fn from(tag: $page) -> Tag {
                    Tag { page: $num, token: tag as u8 }
                }
            }
        )+

        /// Spec names indexed by `[page][token]`.
        const NAMES: [[Option<&'static str>; 64]; 26] = [$(names(&[$(($tok, stringify!($tag))),+])),+];

        /// The token of a spec name on a page (the generated `match`es, one per page).
        fn token_of(page: u8, name: &str) -> Option<u8> {
            match page {
                $($num => $page::from_name(name).map(|t| t as u8),)+
                _ => None,
            }
        }
    };
}

/// Builds one page's `token -> name` array at compile time; a token outside 0x05..=0x3F or listed twice
/// stops the build.
const fn names(entries: &[(u8, &'static str)]) -> [Option<&'static str>; 64] {
    let mut out: [Option<&'static str>; 64] = [None; 64];
    let mut i = 0;
    while i < entries.len() {
        let (token, name) = entries[i];
        assert!(token >= 0x05 && token <= 0x3F, "tag tokens are 0x05..=0x3F");
        assert!(out[token as usize].is_none(), "a token is listed twice");
        out[token as usize] = Some(name);
        i += 1;
    }
    out
}

/// A tag identity: code page and token (0x05..=0x3F, without the content bit).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tag {
    pub page: u8,
    pub token: u8,
}

impl Tag {
    /// A tag by page and spec name.
    pub fn by_name(page: Page, name: &str) -> Option<Tag> {
        tag_token(page as u8, name).map(|token| Tag {
            page: page as u8,
            token,
        })
    }

    /// The spec name, if the page and token are known.
    pub fn name(self) -> Option<&'static str> {
        tag_name(self.page, self.token)
    }

    /// The page's namespace (without the colon), if the page is known.
    pub fn namespace(self) -> Option<&'static str> {
        page_namespace(self.page)
    }

    /// True for the tags whose content is binary (OPAQUE) and is written as base64 in the XML view.
    pub fn is_opaque(self) -> bool {
        OPAQUE_TAGS.contains(&(self.page, self.token))
    }
}

impl fmt::Debug for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.namespace(), self.name()) {
            (Some(ns), Some(name)) => write!(f, "{ns}:{name}"),
            _ => write!(f, "Tag({}, 0x{:02X})", self.page, self.token),
        }
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// The spec name of a tag, e.g. `tag_name(7, 0x12) == Some("SyncKey")`.
pub fn tag_name(page: u8, token: u8) -> Option<&'static str> {
    NAMES
        .get(usize::from(page))?
        .get(usize::from(token))
        .copied()
        .flatten()
}

/// The token of a spec name on a page, e.g. `tag_token(7, "SyncKey") == Some(0x12)`. Exact, case-sensitive.
pub fn tag_token(page: u8, name: &str) -> Option<u8> {
    token_of(page, name)
}

/// The namespace of a page without its colon, e.g. `page_namespace(7) == Some("FolderHierarchy")`.
pub fn page_namespace(page: u8) -> Option<&'static str> {
    Page::from_number(page).map(Page::namespace)
}

/// The page of a namespace. Accepts `FolderHierarchy` and `FolderHierarchy:`, any ASCII case, and `GAL` (the
/// spelling of MS-ASCMD's schemas) for page 16, which Exchange and libwbxml write `Gal:`.
pub fn page_by_namespace(ns: &str) -> Option<u8> {
    let ns = ns.strip_suffix(':').unwrap_or(ns);
    Page::ALL
        .iter()
        .find(|p| p.namespace().eq_ignore_ascii_case(ns))
        .map(|p| *p as u8)
}

/// The tags whose content is opaque bytes, shown as base64 in XML; exactly the set libwbxml treats as binary.
const OPAQUE_TAGS: &[(u8, u8)] = &[
    (10, 0x1C), // ResolveRecipients:Data (picture)
    (15, 0x20), // Search:ConversationId
    (16, 0x12), // Gal:Data (picture)
    (17, 0x1F), // AirSyncBase:Content
    (20, 0x18), // ItemOperations:ConversationId
    (21, 0x10), // ComposeMail:Mime
    (22, 0x09), // Email2:ConversationId
    (22, 0x0A), // Email2:ConversationIndex
];

/// Where libwbxml 0.11.8 prints a name other than the spec's (`wbxml2xml -l ACTIVESYNC` output; its
/// `xml2wbxml` wants the same names). The XML reader accepts these too, so libwbxml's output can be encoded.
const LIBWBXML_NAMES: &[(u8, u8, &str)] = &[
    (1, 0x07, "AssistantTelephoneNumber"),
    (1, 0x0D, "BusinessCity"),
    (1, 0x0E, "BusinessCountry"),
    (1, 0x0F, "BusinessPostalCode"),
    (1, 0x10, "BusinessState"),
    (1, 0x11, "BusinessStreet"),
    (1, 0x21, "HomeCity"),
    (1, 0x22, "HomeCountry"),
    (1, 0x23, "HomePostalCode"),
    (1, 0x24, "HomeState"),
    (1, 0x25, "HomeStreet"),
    (1, 0x2D, "OtherCity"),
    (1, 0x2E, "OtherCountry"),
    (1, 0x2F, "OtherPostalCode"),
    (1, 0x30, "OtherState"),
    (1, 0x31, "OtherStreet"),
    (2, 0x09, "AttOId"),
    (2, 0x19, "Reply-To"),
    (2, 0x1D, "DTStamp"),
    (2, 0x29, "Recurrence_Type"),
    (2, 0x2A, "Recurrence_Until"),
    (2, 0x2B, "Recurrence_Occurrences"),
    (2, 0x2C, "Recurrence_Interval"),
    (2, 0x2D, "Recurrence_DayOfWeek"),
    (2, 0x2E, "Recurrence_DayOfMonth"),
    (2, 0x2F, "Recurrence_WeekOfMonth"),
    (2, 0x30, "Recurrence_MonthOfYear"),
    (2, 0x3B, "FlagStatus"),
    (4, 0x05, "TimeZone"),
    (4, 0x09, "Attendee_Email"),
    (4, 0x0A, "Attendee_Name"),
    (4, 0x10, "Compressed_RTF"),
    (4, 0x11, "DTStamp"),
    (4, 0x15, "Exception_Deleted"),
    (4, 0x16, "Exception_StartTime"),
    (4, 0x19, "Organizer_Email"),
    (4, 0x1A, "Organizer_Name"),
    (4, 0x1C, "Recurrence_Type"),
    (4, 0x1D, "Recurrence_Until"),
    (4, 0x1E, "Recurrence_Occurrences"),
    (4, 0x1F, "Recurrence_Interval"),
    (4, 0x20, "Recurrence_DayOfWeek"),
    (4, 0x21, "Recurrence_DayOfMonth"),
    (4, 0x22, "Recurrence_WeekOfMonth"),
    (4, 0x23, "Recurrence_MonthOfYear"),
    (4, 0x29, "Attendee_Status"),
    (4, 0x2A, "Attendee_Type"),
    (9, 0x0D, "UTCDueDate"),
    (9, 0x10, "Recurrence_Type"),
    (9, 0x11, "Recurrence_Start"),
    (9, 0x12, "Recurrence_Until"),
    (9, 0x13, "Recurrence_Occurrences"),
    (9, 0x14, "Recurrence_Interval"),
    (9, 0x15, "Recurrence_DayOfMonth"),
    (9, 0x16, "Recurrence_DayOfWeek"),
    (9, 0x17, "Recurrence_WeekOfMonth"),
    (9, 0x18, "Recurrence_MonthOfYear"),
    (9, 0x19, "Recurrence_Regenerate"),
    (9, 0x1A, "Recurrence_DeadOccur"),
    (9, 0x1F, "UTCStartDate"),
    (14, 0x10, "DeviceEncryptionEnabled"),
    (18, 0x2B, "ihsManagementInformation"),
    (21, 0x10, "MIME"),
    (24, 0x12, "RMOwner"),
    (24, 0x18, "RemoveRightsManagementDistribution"),
];

/// Tags libwbxml 0.11.8 does not know at all (it fails with "can't encode Literal" or prints `<unknown>`):
/// the whole Find page, plus these.
const LIBWBXML_MISSING: &[(u8, u8)] = &[
    (4, 0x2B),
    (4, 0x2C),
    (4, 0x2D),
    (4, 0x2E),
    (4, 0x2F),
    (4, 0x30),
    (4, 0x31),
    (4, 0x32),
    (8, 0x10),
    (8, 0x11),
    (14, 0x3B),
];

/// The name libwbxml's tools use for a tag: its own spelling where it differs, else the spec name.
pub fn libwbxml_name(page: u8, token: u8) -> Option<&'static str> {
    LIBWBXML_NAMES
        .iter()
        .find(|(p, t, _)| *p == page && *t == token)
        .map(|(_, _, name)| *name)
        .or_else(|| tag_name(page, token))
}

/// The token for a libwbxml spelling on a page (only the spellings that differ from the spec).
pub(crate) fn libwbxml_token(page: u8, name: &str) -> Option<u8> {
    LIBWBXML_NAMES
        .iter()
        .find(|(p, _, n)| *p == page && *n == name)
        .map(|(_, t, _)| *t)
}

/// True if libwbxml 0.11.8 can encode and decode this tag (interop tests and generators skip the rest).
pub fn libwbxml_knows(tag: Tag) -> bool {
    tag.page != Page::Find as u8
        && tag_name(tag.page, tag.token).is_some()
        && !LIBWBXML_MISSING.contains(&(tag.page, tag.token))
}

code_pages! {
    /// Page 0: Sync and shared collection elements.
    0 AirSync "AirSync" {
        0x05 Sync, 0x06 Responses, 0x07 Add, 0x08 Change, 0x09 Delete, 0x0A Fetch, 0x0B SyncKey,
        0x0C ClientId, 0x0D ServerId, 0x0E Status, 0x0F Collection, 0x10 Class,
        0x11 Version, // legacy
        0x12 CollectionId, 0x13 GetChanges, 0x14 MoreAvailable, 0x15 WindowSize, 0x16 Commands, 0x17 Options,
        0x18 FilterType,
        0x19 Truncation, 0x1A RTFTruncation, // legacy (2.x)
        0x1B Conflict, 0x1C Collections, 0x1D ApplicationData, 0x1E DeletesAsMoves,
        0x1F NotifyGUID, // legacy
        0x20 Supported, 0x21 SoftDelete, 0x22 MIMESupport, 0x23 MIMETruncation, 0x24 Wait, 0x25 Limit,
        0x26 Partial, 0x27 ConversationMode, 0x28 MaxItems, 0x29 HeartbeatInterval,
    }

    /// Page 1: contact properties.
    1 Contacts "Contacts" {
        0x05 Anniversary, 0x06 AssistantName, 0x07 AssistantPhoneNumber, 0x08 Birthday,
        0x09 Body, 0x0A BodySize, 0x0B BodyTruncated, // legacy (AirSyncBase:Body since 12.0)
        0x0C Business2PhoneNumber, 0x0D BusinessAddressCity, 0x0E BusinessAddressCountry,
        0x0F BusinessAddressPostalCode, 0x10 BusinessAddressState, 0x11 BusinessAddressStreet,
        0x12 BusinessFaxNumber, 0x13 BusinessPhoneNumber, 0x14 CarPhoneNumber, 0x15 Categories, 0x16 Category,
        0x17 Children, 0x18 Child, 0x19 CompanyName, 0x1A Department, 0x1B Email1Address, 0x1C Email2Address,
        0x1D Email3Address, 0x1E FileAs, 0x1F FirstName, 0x20 Home2PhoneNumber, 0x21 HomeAddressCity,
        0x22 HomeAddressCountry, 0x23 HomeAddressPostalCode, 0x24 HomeAddressState, 0x25 HomeAddressStreet,
        0x26 HomeFaxNumber, 0x27 HomePhoneNumber, 0x28 JobTitle, 0x29 LastName, 0x2A MiddleName,
        0x2B MobilePhoneNumber, 0x2C OfficeLocation, 0x2D OtherAddressCity, 0x2E OtherAddressCountry,
        0x2F OtherAddressPostalCode, 0x30 OtherAddressState, 0x31 OtherAddressStreet, 0x32 PagerNumber,
        0x33 RadioPhoneNumber, 0x34 Spouse, 0x35 Suffix, 0x36 Title, 0x37 WebPage, 0x38 YomiCompanyName,
        0x39 YomiFirstName, 0x3A YomiLastName,
        0x3B CompressedRTF, // legacy
        0x3C Picture, 0x3D Alias, 0x3E WeightedRank,
    }

    /// Page 2: email properties.
    2 Email "Email" {
        0x05 Attachment, 0x06 Attachments, 0x07 AttName, 0x08 AttSize, 0x09 AttOid, 0x0A AttMethod,
        0x0B AttRemoved, 0x0C Body, 0x0D BodySize, 0x0E BodyTruncated, // legacy (AirSyncBase since 12.0)
        0x0F DateReceived,
        0x10 DisplayName, // legacy
        0x11 DisplayTo, 0x12 Importance, 0x13 MessageClass, 0x14 Subject, 0x15 Read, 0x16 To, 0x17 Cc,
        0x18 From, 0x19 ReplyTo, 0x1A AllDayEvent, 0x1B Categories, 0x1C Category, 0x1D DtStamp, 0x1E EndTime,
        0x1F InstanceType, 0x20 BusyStatus, 0x21 Location, 0x22 MeetingRequest, 0x23 Organizer,
        0x24 RecurrenceId, 0x25 Reminder, 0x26 ResponseRequested, 0x27 Recurrences, 0x28 Recurrence,
        0x29 Type, 0x2A Until, 0x2B Occurrences, 0x2C Interval, 0x2D DayOfWeek, 0x2E DayOfMonth,
        0x2F WeekOfMonth, 0x30 MonthOfYear, 0x31 StartTime, 0x32 Sensitivity, 0x33 TimeZone, 0x34 GlobalObjId,
        0x35 ThreadTopic,
        0x36 MIMEData, 0x37 MIMETruncated, 0x38 MIMESize, // legacy (2.5)
        0x39 InternetCPID, 0x3A Flag, 0x3B Status, 0x3C ContentClass, 0x3D FlagType, 0x3E CompleteTime,
        0x3F DisallowNewTimeProposal,
    }

    /// Page 3: AirNotify, obsolete; tokens kept so old captures decode.
    3 AirNotify "AirNotify" {
        0x05 Notify, 0x06 Notification, 0x07 Version, 0x08 LifeTime, 0x09 DeviceInfo, 0x0A Enable, 0x0B Folder,
        0x0C ServerId, 0x0D DeviceAddress, 0x0E ValidCarrierProfiles, 0x0F CarrierProfile, 0x10 Status,
        0x11 Responses, 0x12 Devices, 0x13 Device, 0x14 Id, 0x15 Expiry, 0x16 NotifyGUID,
        0x17 DeviceFriendlyName,
    }

    /// Page 4: calendar properties.
    4 Calendar "Calendar" {
        0x05 Timezone, 0x06 AllDayEvent, 0x07 Attendees, 0x08 Attendee, 0x09 Email, 0x0A Name,
        0x0B Body, 0x0C BodyTruncated, // legacy
        0x0D BusyStatus, 0x0E Categories, 0x0F Category,
        0x10 Rtf, // legacy
        0x11 DtStamp, 0x12 EndTime, 0x13 Exception, 0x14 Exceptions, 0x15 Deleted, 0x16 ExceptionStartTime,
        0x17 Location, 0x18 MeetingStatus, 0x19 OrganizerEmail, 0x1A OrganizerName, 0x1B Recurrence, 0x1C Type,
        0x1D Until, 0x1E Occurrences, 0x1F Interval, 0x20 DayOfWeek, 0x21 DayOfMonth, 0x22 WeekOfMonth,
        0x23 MonthOfYear, 0x24 Reminder, 0x25 Sensitivity, 0x26 Subject, 0x27 StartTime, 0x28 UID,
        0x29 AttendeeStatus, 0x2A AttendeeType,
        // legacy (Exchange 2013 and grommunio still decode these; libwbxml does not)
        0x2B Attachment, 0x2C Attachments, 0x2D AttName, 0x2E AttSize, 0x2F AttOid, 0x30 AttMethod,
        0x31 AttRemoved, 0x32 DisplayName,
        0x33 DisallowNewTimeProposal, 0x34 ResponseRequested, 0x35 AppointmentReplyTime, 0x36 ResponseType,
        0x37 CalendarType, 0x38 IsLeapMonth, 0x39 FirstDayOfWeek, 0x3A OnlineMeetingConfLink,
        0x3B OnlineMeetingExternalLink, 0x3C ClientUid,
    }

    /// Page 5: MoveItems.
    5 Move "Move" {
        0x05 MoveItems, 0x06 Move, 0x07 SrcMsgId, 0x08 SrcFldId, 0x09 DstFldId, 0x0A Response, 0x0B Status,
        0x0C DstMsgId,
    }

    /// Page 6: GetItemEstimate.
    6 GetItemEstimate "GetItemEstimate" {
        0x05 GetItemEstimate,
        0x06 Version, // legacy
        0x07 Collections, 0x08 Collection, 0x09 Class, 0x0A CollectionId,
        0x0B DateTime, // legacy
        0x0C Estimate, 0x0D Response, 0x0E Status,
    }

    /// Page 7: FolderSync, FolderCreate, FolderDelete, FolderUpdate.
    7 FolderHierarchy "FolderHierarchy" {
        0x05 Folders, 0x06 Folder, // legacy
        0x07 DisplayName, 0x08 ServerId, 0x09 ParentId, 0x0A Type,
        0x0B Response, // legacy
        0x0C Status,
        0x0D ContentClass, // legacy
        0x0E Changes, 0x0F Add, 0x10 Delete, 0x11 Update, 0x12 SyncKey, 0x13 FolderCreate, 0x14 FolderDelete,
        0x15 FolderUpdate, 0x16 FolderSync, 0x17 Count,
        0x18 Version, // legacy
    }

    /// Page 8: MeetingResponse.
    8 MeetingResponse "MeetingResponse" {
        0x05 CalendarId, 0x06 CollectionId, 0x07 MeetingResponse, 0x08 RequestId, 0x09 Request, 0x0A Result,
        0x0B Status, 0x0C UserResponse,
        0x0D Version, // legacy
        0x0E InstanceId, 0x10 ProposedStartTime, 0x11 ProposedEndTime, 0x12 SendResponse,
    }

    /// Page 9: task properties.
    9 Tasks "Tasks" {
        0x05 Body, 0x06 BodySize, 0x07 BodyTruncated, // legacy
        0x08 Categories, 0x09 Category, 0x0A Complete, 0x0B DateCompleted, 0x0C DueDate, 0x0D UtcDueDate,
        0x0E Importance, 0x0F Recurrence, 0x10 Type, 0x11 Start, 0x12 Until, 0x13 Occurrences, 0x14 Interval,
        0x15 DayOfMonth, 0x16 DayOfWeek, 0x17 WeekOfMonth, 0x18 MonthOfYear, 0x19 Regenerate, 0x1A DeadOccur,
        0x1B ReminderSet, 0x1C ReminderTime, 0x1D Sensitivity, 0x1E StartDate, 0x1F UtcStartDate, 0x20 Subject,
        0x21 CompressedRTF, // legacy
        0x22 OrdinalDate, 0x23 SubOrdinalDate, 0x24 CalendarType, 0x25 IsLeapMonth, 0x26 FirstDayOfWeek,
    }

    /// Page 10: ResolveRecipients.
    10 ResolveRecipients "ResolveRecipients" {
        0x05 ResolveRecipients, 0x06 Response, 0x07 Status, 0x08 Type, 0x09 Recipient, 0x0A DisplayName,
        0x0B EmailAddress, 0x0C Certificates, 0x0D Certificate, 0x0E MiniCertificate, 0x0F Options, 0x10 To,
        0x11 CertificateRetrieval, 0x12 RecipientCount, 0x13 MaxCertificates, 0x14 MaxAmbiguousRecipients,
        0x15 CertificateCount, 0x16 Availability, 0x17 StartTime, 0x18 EndTime, 0x19 MergedFreeBusy,
        0x1A Picture, 0x1B MaxSize, 0x1C Data, 0x1D MaxPictures,
    }

    /// Page 11: ValidateCert.
    11 ValidateCert "ValidateCert" {
        0x05 ValidateCert, 0x06 Certificates, 0x07 Certificate, 0x08 CertificateChain, 0x09 CheckCRL,
        0x0A Status,
    }

    /// Page 12: more contact properties.
    12 Contacts2 "Contacts2" {
        0x05 CustomerId, 0x06 GovernmentId, 0x07 IMAddress, 0x08 IMAddress2, 0x09 IMAddress3, 0x0A ManagerName,
        0x0B CompanyMainPhone, 0x0C AccountName, 0x0D NickName, 0x0E MMS,
    }

    /// Page 13: Ping.
    13 Ping "Ping" {
        0x05 Ping,
        0x06 AutdState, // not used by the protocol
        0x07 Status, 0x08 HeartbeatInterval, 0x09 Folders, 0x0A Folder, 0x0B Id, 0x0C Class, 0x0D MaxFolders,
    }

    /// Page 14: Provision and the EASProvisionDoc policy settings.
    14 Provision "Provision" {
        0x05 Provision, 0x06 Policies, 0x07 Policy, 0x08 PolicyType, 0x09 PolicyKey, 0x0A Data, 0x0B Status,
        0x0C RemoteWipe, 0x0D EASProvisionDoc, 0x0E DevicePasswordEnabled,
        0x0F AlphanumericDevicePasswordRequired, 0x10 RequireStorageCardEncryption, 0x11 PasswordRecoveryEnabled,
        0x12 DocumentBrowseEnabled, // legacy
        0x13 AttachmentsEnabled, 0x14 MinDevicePasswordLength, 0x15 MaxInactivityTimeDeviceLock,
        0x16 MaxDevicePasswordFailedAttempts, 0x17 MaxAttachmentSize, 0x18 AllowSimpleDevicePassword,
        0x19 DevicePasswordExpiration, 0x1A DevicePasswordHistory, 0x1B AllowStorageCard, 0x1C AllowCamera,
        0x1D RequireDeviceEncryption, 0x1E AllowUnsignedApplications, 0x1F AllowUnsignedInstallationPackages,
        0x20 MinDevicePasswordComplexCharacters, 0x21 AllowWiFi, 0x22 AllowTextMessaging,
        0x23 AllowPOPIMAPEmail, 0x24 AllowBluetooth, 0x25 AllowIrDA, 0x26 RequireManualSyncWhenRoaming,
        0x27 AllowDesktopSync, 0x28 MaxCalendarAgeFilter, 0x29 AllowHTMLEmail, 0x2A MaxEmailAgeFilter,
        0x2B MaxEmailBodyTruncationSize, 0x2C MaxEmailHTMLBodyTruncationSize, 0x2D RequireSignedSMIMEMessages,
        0x2E RequireEncryptedSMIMEMessages, 0x2F RequireSignedSMIMEAlgorithm,
        0x30 RequireEncryptionSMIMEAlgorithm, 0x31 AllowSMIMEEncryptionAlgorithmNegotiation,
        0x32 AllowSMIMESoftCerts, 0x33 AllowBrowser, 0x34 AllowConsumerEmail, 0x35 AllowRemoteDesktop,
        0x36 AllowInternetSharing, 0x37 UnapprovedInROMApplicationList, 0x38 ApplicationName,
        0x39 ApprovedApplicationList, 0x3A Hash, 0x3B AccountOnlyRemoteWipe,
    }

    /// Page 15: Search.
    15 Search "Search" {
        0x05 Search, 0x07 Store, 0x08 Name, 0x09 Query, 0x0A Options, 0x0B Range, 0x0C Status, 0x0D Response,
        0x0E Result, 0x0F Properties, 0x10 Total, 0x11 EqualTo, 0x12 Value, 0x13 And, 0x14 Or, 0x15 FreeText,
        0x17 DeepTraversal, 0x18 LongId, 0x19 RebuildResults, 0x1A LessThan, 0x1B GreaterThan,
        0x1C Schema, 0x1D Supported, // legacy
        0x1E UserName, 0x1F Password, 0x20 ConversationId, 0x21 Picture, 0x22 MaxSize, 0x23 MaxPictures,
    }

    /// Page 16: global address list properties (namespace written `Gal:` by Exchange and libwbxml).
    16 Gal "Gal" {
        0x05 DisplayName, 0x06 Phone, 0x07 Office, 0x08 Title, 0x09 Company, 0x0A Alias, 0x0B FirstName,
        0x0C LastName, 0x0D HomePhone, 0x0E MobilePhone, 0x0F EmailAddress, 0x10 Picture, 0x11 Status,
        0x12 Data,
    }

    /// Page 17: bodies, attachments and locations shared by all item classes.
    17 AirSyncBase "AirSyncBase" {
        0x05 BodyPreference, 0x06 Type, 0x07 TruncationSize, 0x08 AllOrNone, 0x0A Body, 0x0B Data,
        0x0C EstimatedDataSize, 0x0D Truncated, 0x0E Attachments, 0x0F Attachment, 0x10 DisplayName,
        0x11 FileReference, 0x12 Method, 0x13 ContentId, 0x14 ContentLocation, 0x15 IsInline,
        0x16 NativeBodyType, 0x17 ContentType, 0x18 Preview, 0x19 BodyPartPreference, 0x1A BodyPart,
        0x1B Status, 0x1C Add, 0x1D Delete, 0x1E ClientId, 0x1F Content, 0x20 Location, 0x21 Annotation,
        0x22 Street, 0x23 City, 0x24 State, 0x25 Country, 0x26 PostalCode, 0x27 Latitude, 0x28 Longitude,
        0x29 Accuracy, 0x2A Altitude, 0x2B AltitudeAccuracy, 0x2C LocationUri, 0x2D InstanceId,
    }

    /// Page 18: Settings.
    18 Settings "Settings" {
        0x05 Settings, 0x06 Status, 0x07 Get, 0x08 Set, 0x09 Oof, 0x0A OofState, 0x0B StartTime, 0x0C EndTime,
        0x0D OofMessage, 0x0E AppliesToInternal, 0x0F AppliesToExternalKnown, 0x10 AppliesToExternalUnknown,
        0x11 Enabled, 0x12 ReplyMessage, 0x13 BodyType, 0x14 DevicePassword, 0x15 Password,
        0x16 DeviceInformation, 0x17 Model, 0x18 IMEI, 0x19 FriendlyName, 0x1A OS, 0x1B OSLanguage,
        0x1C PhoneNumber, 0x1D UserInformation, 0x1E EmailAddresses, 0x1F SmtpAddress, 0x20 UserAgent,
        0x21 EnableOutboundSMS, 0x22 MobileOperator, 0x23 PrimarySmtpAddress, 0x24 Accounts, 0x25 Account,
        0x26 AccountId, 0x27 AccountName, 0x28 UserDisplayName, 0x29 SendDisabled,
        0x2B RightsManagementInformation,
    }

    /// Page 19: DocumentLibrary.
    19 DocumentLibrary "DocumentLibrary" {
        0x05 LinkId, 0x06 DisplayName, 0x07 IsFolder, 0x08 CreationDate, 0x09 LastModifiedDate, 0x0A IsHidden,
        0x0B ContentLength, 0x0C ContentType,
    }

    /// Page 20: ItemOperations.
    20 ItemOperations "ItemOperations" {
        0x05 ItemOperations, 0x06 Fetch, 0x07 Store, 0x08 Options, 0x09 Range, 0x0A Total, 0x0B Properties,
        0x0C Data, 0x0D Status, 0x0E Response, 0x0F Version, 0x10 Schema, 0x11 Part, 0x12 EmptyFolderContents,
        0x13 DeleteSubFolders, 0x14 UserName, 0x15 Password, 0x16 Move, 0x17 DstFldId, 0x18 ConversationId,
        0x19 MoveAlways,
    }

    /// Page 21: SendMail, SmartReply, SmartForward.
    21 ComposeMail "ComposeMail" {
        0x05 SendMail, 0x06 SmartForward, 0x07 SmartReply, 0x08 SaveInSentItems, 0x09 ReplaceMime,
        0x0B Source, 0x0C FolderId, 0x0D ItemId, 0x0E LongId, 0x0F InstanceId, 0x10 Mime, 0x11 ClientId,
        0x12 Status, 0x13 AccountId, 0x15 Forwardees, 0x16 Forwardee, 0x17 ForwardeeName, 0x18 ForwardeeEmail,
    }

    /// Page 22: email properties added in 14.0 and later.
    22 Email2 "Email2" {
        0x05 UmCallerID, 0x06 UmUserNotes, 0x07 UmAttDuration, 0x08 UmAttOrder, 0x09 ConversationId,
        0x0A ConversationIndex, 0x0B LastVerbExecuted, 0x0C LastVerbExecutionTime, 0x0D ReceivedAsBcc,
        0x0E Sender, 0x0F CalendarType, 0x10 IsLeapMonth, 0x11 AccountId, 0x12 FirstDayOfWeek,
        0x13 MeetingMessageType, 0x15 IsDraft, 0x16 Bcc, 0x17 Send,
    }

    /// Page 23: note properties.
    23 Notes "Notes" {
        0x05 Subject, 0x06 MessageClass, 0x07 LastModifiedDate, 0x08 Categories, 0x09 Category,
    }

    /// Page 24: IRM.
    24 RightsManagement "RightsManagement" {
        0x05 RightsManagementSupport, 0x06 RightsManagementTemplates, 0x07 RightsManagementTemplate,
        0x08 RightsManagementLicense, 0x09 EditAllowed, 0x0A ReplyAllowed, 0x0B ReplyAllAllowed,
        0x0C ForwardAllowed, 0x0D ModifyRecipientsAllowed, 0x0E ExtractAllowed, 0x0F PrintAllowed,
        0x10 ExportAllowed, 0x11 ProgrammaticAccessAllowed, 0x12 Owner, 0x13 ContentExpiryDate,
        0x14 TemplateID, 0x15 TemplateName, 0x16 TemplateDescription, 0x17 ContentOwner,
        0x18 RemoveRightsManagementProtection,
    }

    /// Page 25: Find (16.1). libwbxml 0.11.8 does not have this page.
    25 Find "Find" {
        0x05 Find, 0x06 SearchId, 0x07 ExecuteSearch, 0x08 MailBoxSearchCriterion, 0x09 Query, 0x0A Status,
        0x0B FreeText, 0x0C Options, 0x0D Range, 0x0E DeepTraversal, 0x11 Response, 0x12 Result,
        0x13 Properties, 0x14 Preview, 0x15 HasAttachments, 0x16 Total, 0x17 DisplayCc, 0x18 DisplayBcc,
        0x19 GALSearchCriterion, 0x20 MaxPictures, 0x21 MaxSize, 0x22 Picture,
    }
}
