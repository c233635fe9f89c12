//! What one request may ask for: Exchange's own caps on a request body (folders per Ping and per Sync, collections
//! per GetItemEstimate, operations per ItemOperations) and the WBXML limits that bound everything else, checked
//! on the raw bytes by streaming them through the zero-copy reader, before the server takes its lock and before
//! any tree is built. A request past a cap gets the answer Exchange gives, never a larger tree.
//!
//! Every cap is Exchange 2013's, read from its server code ([EX13] = GitHub `PiratesRE/exchange_diff`, decompiled
//! Exchange 2013 build 15.00.1497): `GlobalSettingsSchema.cs` defines `MaxNumOfFolders` (default 100, range
//! 30-5000) and `MaxRetrievedItems` (default 100), and each command compares its request against one of them as
//! cited beside its row of `CAPS`. Sync's WindowSize needs no cap here: a larger window is honoured as 512
//! (MS-ASCMD 2.2.3.199 "The server interprets ... values above 512 as 512"), which `commands::sync` does.
//!
//! Knows nothing of the tenant or the mail store: it reads bytes and the request line only.

use crate::wbxml::tags::{AirSync, GetItemEstimate, ItemOperations, Ping};
use crate::wbxml::{self, Element, Event, Reader, Tag};

use super::request::{Command, EasRequest};
use super::response::{EasResponse, global_error};
use super::status::GlobalStatus;

/// The limits one request body is read within; part of `EasConfig`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestLimits {
    /// Exchange's `MaxNumOfFolders`: collections one Sync may name, folders one Ping may watch, collections one
    /// GetItemEstimate may ask about (each command compares as its row of `CAPS` says).
    pub max_folders: usize,
    /// Exchange's `MaxRetrievedItems`: operations (Fetch, EmptyFolderContents, Move) in one ItemOperations.
    pub max_retrieved_items: usize,
    /// Recipients (To and Cc) one message sent by SendMail may name. Exchange Online's default recipient limit is
    /// 500 per message (its "Exchange Online limits" page, quoted at uwindsor.teamdynamix.com/TDClient/1975/
    /// Portal/KB/ArticleDet?ID=15636: "Recipient limit | 500 recipients"; a Microsoft Q&A answer adds that
    /// admins may raise it to 1,000). Exchange accepts the submission and its transport refuses the message
    /// with a non-delivery report (`mail_gen::recipient_limit_report`), so SendMail itself still succeeds.
    pub max_recipients: usize,
    /// Bounds on the document itself. Exchange parses a body whole, then its commands look at it; the simulator
    /// stops reading at the first element past `max_elements` instead (20,000 is twenty times what a Sync of 100
    /// collections with 200 client changes holds) and answers 102 InvalidWBXML.
    pub wbxml: wbxml::Limits,
}

impl Default for RequestLimits {
    fn default() -> RequestLimits {
        RequestLimits {
            max_folders: 100,
            max_retrieved_items: 100,
            max_recipients: 500,
            wbxml: wbxml::Limits {
                max_elements: 20_000,
                max_depth: 32,
                // A MIME message is the largest thing a request carries; the server's body limit bounds it first.
                max_string_len: 16 * 1024 * 1024,
                max_opaque_len: 16 * 1024 * 1024,
            },
        }
    }
}

/// How a cap compares the number of children with its limit.
#[derive(Clone, Copy, Debug)]
enum Compare {
    /// Refused when the count is greater than the limit.
    Above,
    /// Refused when the count reaches the limit (Exchange writes `>=` there).
    AtLeast,
}

/// One cap: the children of the element at `path` (root first) may number at most what `limit` gives.
struct Cap {
    command: Command,
    path: &'static [Tag],
    limit: fn(&RequestLimits) -> usize,
    compare: Compare,
    refuse: fn(&EasRequest, &RequestLimits) -> EasResponse,
}

const SYNC_COLLECTIONS: &[Tag] = &[AirSync::Sync.tag(), AirSync::Collections.tag()];
const PING_FOLDERS: &[Tag] = &[Ping::Ping.tag(), Ping::Folders.tag()];
const ESTIMATE_COLLECTIONS: &[Tag] = &[
    GetItemEstimate::GetItemEstimate.tag(),
    GetItemEstimate::Collections.tag(),
];
const ITEM_OPERATIONS: &[Tag] = &[ItemOperations::ItemOperations.tag()];

const CAPS: &[Cap] = &[
    // [EX13] Microsoft.Exchange.AirSync/SyncCommand.cs, ParseXmlRequest: `if (xmlNode.ChildNodes.Count >
    // GlobalSettings.MaxNumOfFolders) throw new AirSyncPermanentException(StatusCode.Sync_TooManyFolders,
    // GetMaxFoldersExceededXml())`, that document being `<Sync><Status>15</Status><Limit>100</Limit></Sync>`.
    // MS-ASCMD 2.2.3.177.17 lists Sync Status 15 "Invalid Sync command request" (too many collections).
    Cap {
        command: Command::Sync,
        path: SYNC_COLLECTIONS,
        limit: |l| l.max_folders,
        compare: Compare::Above,
        refuse: |_, l| {
            let el = Element::new(AirSync::Sync)
                .with_leaf(AirSync::Status, "15")
                .with_leaf(AirSync::Limit, l.max_folders.to_string());
            EasResponse::wbxml(el, Some(15))
        },
    },
    // [EX13] Microsoft.Exchange.AirSync/PingCommand.cs, ParseFoldersElement: `if (childNodes.Count >=
    // GlobalSettings.MaxNumOfFolders) base.XmlResponse = PingCommand.FoldersOutOfRangeXml`, that is
    // `<Ping><Status>6</Status><MaxFolders>100</MaxFolders></Ping>` (so 100 folders are already too many).
    // MS-ASCMD 2.2.3.102: MaxFolders "is returned in a response with a status code of 6".
    Cap {
        command: Command::Ping,
        path: PING_FOLDERS,
        limit: |l| l.max_folders,
        compare: Compare::AtLeast,
        refuse: |_, l| {
            let el = Element::new(Ping::Ping)
                .with_leaf(Ping::Status, "6")
                .with_leaf(Ping::MaxFolders, l.max_folders.to_string());
            EasResponse::wbxml(el, Some(6))
        },
    },
    // [EX13] Microsoft.Exchange.AirSync/GetItemEstimateCommand.cs, ReadXmlRequest: `if
    // (xmlNode.ChildNodes.Count >= GlobalSettings.MaxNumOfFolders) throw new
    // AirSyncPermanentException(HttpStatusCode.BadRequest, StatusCode.InvalidXML, …) { ErrorStringForProtocolLogger
    // = "GIE.TooManyFolders" }`: HTTP 400 with the global status 103 InvalidXML.
    Cap {
        command: Command::GetItemEstimate,
        path: ESTIMATE_COLLECTIONS,
        limit: |l| l.max_folders,
        compare: Compare::AtLeast,
        refuse: |req, _| global_error(req.command, req.version, GlobalStatus::INVALID_XML, 400),
    },
    // [EX13] Microsoft.Exchange.AirSync/ItemOperationsCommand.cs, ExecuteCommand: `if
    // (xmlRequest.ChildNodes.Count > GlobalSettings.MaxRetrievedItems)` logs "ItemOperations cap is reached" and
    // answers `BuildXmlResponse("11")`: `<ItemOperations><Status>11</Status></ItemOperations>`.
    Cap {
        command: Command::ItemOperations,
        path: ITEM_OPERATIONS,
        limit: |l| l.max_retrieved_items,
        compare: Compare::Above,
        refuse: |_, _| {
            let el = Element::new(ItemOperations::ItemOperations)
                .with_leaf(ItemOperations::Status, "11");
            EasResponse::wbxml(el, Some(11))
        },
    },
];

/// Why a body is not run.
#[derive(Debug)]
pub(crate) enum Refusal {
    /// Not WBXML as EAS sends it, or past the document limits.
    Malformed,
    /// Past one of Exchange's caps: the answer Exchange gives in place of the command's.
    OverCap(EasResponse),
}

/// Streams `bytes` through the reader within `limits.wbxml`, counting the children each cap of the request's
/// command watches; stops at the first cap passed (nothing after it is read) or at the first decoding error.
pub(crate) fn check(req: &EasRequest, bytes: &[u8], limits: &RequestLimits) -> Result<(), Refusal> {
    let cap = CAPS.iter().find(|c| c.command == req.command);
    let mut reader = Reader::with_limits(bytes, limits.wbxml).map_err(|_| Refusal::Malformed)?;
    // The tags of the open elements, as deep as any cap's path reaches; `open` counts all open elements.
    let mut prefix = [Tag { page: 0, token: 0 }; 2];
    let mut open = 0usize;
    let mut children = 0usize;
    while let Some((_, event)) = reader.next().map_err(|_| Refusal::Malformed)? {
        match event {
            Event::Start { tag, has_content } => {
                if let Some(cap) = cap
                    && open == cap.path.len()
                    && prefix.get(..open) == Some(cap.path)
                {
                    children += 1;
                    let limit = (cap.limit)(limits);
                    let over = match cap.compare {
                        Compare::Above => children > limit,
                        Compare::AtLeast => children >= limit,
                    };
                    if over {
                        return Err(Refusal::OverCap((cap.refuse)(req, limits)));
                    }
                }
                if has_content {
                    if let Some(slot) = prefix.get_mut(open) {
                        *slot = tag;
                    }
                    open += 1;
                    // A new element at a cap's path starts its own count.
                    if cap.is_some_and(|c| open == c.path.len()) {
                        children = 0;
                    }
                }
            }
            Event::End(_) => open = open.saturating_sub(1),
            Event::SwitchPage(_) | Event::Text(_) | Event::Opaque(_) => {}
        }
    }
    Ok(())
}
