//! `EasResponse`, what the endpoint answers, and how a global status goes on the wire (eas-facts §3.2): a
//! `<Root><Status>N</Status></Root>` body when the version carries the code and the command has an XML root,
//! else the bare HTTP code.
//!
//! Pure: it builds bytes and header values; writing them to a socket is the server's job.

use crate::wbxml::{self, Document, Element, Tag, tags};

use super::request::{Command, ProtocolVersion};
use super::status::GlobalStatus;

/// The WBXML content type of requests and responses.
pub const WBXML_CONTENT_TYPE: &str = "application/vnd.ms-sync.wbxml";
/// The multipart content type of ItemOperations answers when the client asks for it.
pub const MULTIPART_CONTENT_TYPE: &str = "application/vnd.ms-sync.multipart";
/// What OPTIONS advertises as the server version (`MS-Server-ActiveSync`).
pub const SERVER_VERSION: &str = "15.1";

/// An answer to one EAS request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EasResponse {
    pub http_status: u16,
    /// Empty for no body.
    pub body: Vec<u8>,
    pub content_type: Option<&'static str>,
    pub headers: Vec<(&'static str, String)>,
    /// The status the answer carries (global, or the command's top-level Status), for logs.
    pub eas_status: Option<u16>,
    /// An error Exchange tarpits (delays); provisioning errors (449 and 140–144) are not delayed.
    pub tarpit: bool,
}

impl EasResponse {
    /// 200 with a WBXML document; `status` is the command's top-level Status, for logs.
    pub fn wbxml(root: Element, status: Option<u16>) -> EasResponse {
        EasResponse {
            http_status: 200,
            body: wbxml::encode(&Document::new(root)),
            content_type: Some(WBXML_CONTENT_TYPE),
            headers: Vec::new(),
            eas_status: status,
            tarpit: false,
        }
    }

    /// 200 with no body (a Sync with nothing to report, a successful SendMail).
    pub fn empty() -> EasResponse {
        EasResponse::http(200)
    }

    /// A bare HTTP status with no body.
    pub fn http(status: u16) -> EasResponse {
        EasResponse {
            http_status: status,
            body: Vec::new(),
            content_type: None,
            headers: Vec::new(),
            eas_status: None,
            tarpit: false,
        }
    }

    /// A plain-text error body (for malformed requests, where a person reading curl output needs the why).
    pub fn text(status: u16, message: String) -> EasResponse {
        EasResponse {
            http_status: status,
            body: format!("{message}\n").into_bytes(),
            content_type: Some("text/plain; charset=utf-8"),
            headers: Vec::new(),
            eas_status: None,
            tarpit: status != 449,
        }
    }

    #[must_use]
    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> EasResponse {
        self.headers.push((name, value.into()));
        self
    }
}

/// The root element of a command's request and response (eas-facts §3.2); `None` for commands without one.
pub fn root_tag(command: Command, version: ProtocolVersion) -> Option<Tag> {
    use tags::*;
    Some(match command {
        Command::Sync => AirSync::Sync.into(),
        Command::FolderSync => FolderHierarchy::FolderSync.into(),
        Command::FolderCreate => FolderHierarchy::FolderCreate.into(),
        Command::FolderDelete => FolderHierarchy::FolderDelete.into(),
        Command::FolderUpdate => FolderHierarchy::FolderUpdate.into(),
        Command::GetItemEstimate => GetItemEstimate::GetItemEstimate.into(),
        Command::MoveItems => Move::MoveItems.into(),
        Command::MeetingResponse => MeetingResponse::MeetingResponse.into(),
        Command::Search => Search::Search.into(),
        Command::Settings => Settings::Settings.into(),
        Command::Ping => Ping::Ping.into(),
        Command::ItemOperations => ItemOperations::ItemOperations.into(),
        Command::Provision => Provision::Provision.into(),
        Command::ResolveRecipients => ResolveRecipients::ResolveRecipients.into(),
        Command::ValidateCert => ValidateCert::ValidateCert.into(),
        Command::Find => Find::Find.into(),
        // Before 14.0 these carry a MIME body, not WBXML.
        Command::SendMail if version >= ProtocolVersion::V14_0 => ComposeMail::SendMail.into(),
        Command::SmartReply if version >= ProtocolVersion::V14_0 => ComposeMail::SmartReply.into(),
        Command::SmartForward if version >= ProtocolVersion::V14_0 => {
            ComposeMail::SmartForward.into()
        }
        _ => return None,
    })
}

/// The Status tag that sits directly under a command's root.
fn status_tag(root: Tag) -> Tag {
    use tags::*;
    let status: Tag = match root.page {
        0 => AirSync::Status.into(),
        5 => Move::Status.into(),
        6 => GetItemEstimate::Status.into(),
        7 => FolderHierarchy::Status.into(),
        8 => MeetingResponse::Status.into(),
        10 => ResolveRecipients::Status.into(),
        11 => ValidateCert::Status.into(),
        13 => Ping::Status.into(),
        14 => Provision::Status.into(),
        15 => Search::Status.into(),
        18 => Settings::Status.into(),
        20 => ItemOperations::Status.into(),
        21 => ComposeMail::Status.into(),
        _ => Find::Status.into(),
    };
    status
}

/// A global error as Exchange puts it on the wire: body Status when possible, else `http_fallback`.
pub fn global_error(
    command: Command,
    version: ProtocolVersion,
    status: GlobalStatus,
    http_fallback: u16,
) -> EasResponse {
    let mut response = match root_tag(command, version) {
        Some(root) if version.carries(status) => {
            let el = Element::new(root).with_leaf(status_tag(root), status.0.to_string());
            EasResponse::wbxml(el, Some(status.0))
        }
        _ => {
            let mut r = EasResponse::http(http_fallback);
            r.eas_status = Some(status.0);
            r
        }
    };
    response.tarpit = !matches!(status.0, 140..=144) && http_fallback != 449;
    response
}

/// A command's own status (not a global code) as `<Root><Status>N</Status></Root>`.
pub fn command_status(command: Command, version: ProtocolVersion, status: u16) -> EasResponse {
    match root_tag(command, version) {
        Some(root) => {
            let el = Element::new(root).with_leaf(status_tag(root), status.to_string());
            EasResponse::wbxml(el, Some(status))
        }
        None => EasResponse::http(400),
    }
}

/// The headers OPTIONS returns (and FolderSync with SyncKey 0 repeats).
pub fn version_headers(accepted: &[ProtocolVersion]) -> Vec<(&'static str, String)> {
    let versions = accepted
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",");
    vec![
        ("MS-ASProtocolVersions", versions),
        ("MS-ASProtocolCommands", Command::ADVERTISED.to_string()),
    ]
}

/// `OPTIONS /Microsoft-Server-ActiveSync`: 200, empty body, the version and command lists (eas-facts §1.4).
pub fn options(accepted: &[ProtocolVersion]) -> EasResponse {
    let mut r = EasResponse::empty();
    r.headers = version_headers(accepted);
    r.headers
        .push(("MS-Server-ActiveSync", SERVER_VERSION.to_string()));
    r.headers.push(("Allow", "OPTIONS,POST".to_string()));
    r.headers.push(("Public", "OPTIONS,POST".to_string()));
    r
}
