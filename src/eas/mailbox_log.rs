//! The Exchange ActiveSync mailbox log: while `Set-CASMailbox -ActiveSyncDebugLogging $true` is in force for a
//! mailbox, every request one of its partnerships makes is written to that partnership's log
//! (`model::MailboxLog`) as Exchange writes it, for `Get-MobileDeviceStatistics -GetMailboxLog` to return.
//!
//! The entry text follows Exchange 2013's `MailboxLogger` ([EX13] `Microsoft.Exchange.AirSync/MailboxLogger.cs
//! GenerateLog`): one `Name : ` line per datum, its value, a blank line; data in the order `Command.cs` sets them
//! (RequestTime, ServerName, AssemblyVersion, Identifier, RequestHeader, RequestBody, AccessState,
//! AccessStateReason, [DeviceAccessControlRule], ResponseHeader, ResponseBody, ResponseTime), CRLF line ends.
//! Bodies are the XML view Exchange logs without verbose mode: `AirSyncUtility.BuildOuterXml(doc, truncatePII:
//! true)` — tab-indented, `xmlns` where the namespace changes, personal data (`Subject`, `From`, `Data` …) cut
//! to `<Subject xmlns="Email:" bytes="19"/>`, a `Body` to `<Body=N bytes/>`, opaque content in hex — and in a
//! request a `<Mime>` element replaced by `[Mime Removed] BytesCount = N` (`Command.cs GetRequestDataToLog`).
//! A Ping or Sync that waits gets one entry for the request and, when it is answered after a change, one with
//! `WasPending : [Response was pending]` and the response (`PingCommand.cs`, `SyncCommand.cs`).
//!
//! Differences from Exchange, by construction: the RequestHeader is rebuilt from the parsed request (the request
//! line in the plain query form, then Authorization masked, MS-ASProtocolVersion, X-MS-PolicyKey, User-Agent
//! and X-MS-WL) because the EAS layer never sees the raw HTTP headers; a body that is not WBXML is not logged
//! (Exchange refuses it before the command that writes the log runs); ServerName and
//! AssemblyVersion name the simulator (`SERVER_NAME`, `response::SERVER_VERSION`); times are UTC; a request
//! whose partnership was never created (a disabled user, too many devices) is not logged, as the log lives on the
//! partnership; and a wait that ends at its heartbeat adds no second entry.
//!
//! Pure: the caller passes the tenant, the request, the bodies and `now`.

use std::fmt::Write as _;

use crate::model::{MailboxId, Tenant, Timestamp};
use crate::wbxml::{self, Element, Node, page_namespace};

use super::body::Body;
use super::request::{EasRequest, QueryForm};
use super::response::{EasResponse, SERVER_VERSION};

/// The ServerName the simulated entries carry: shaped like an Exchange Online mailbox server's name
/// (`<forest>MB<nnnn>`), in the `EAS` forest no real tenant has (the one `admin::messages::DOMAIN_CONTROLLER`
/// names).
const SERVER_NAME: &str = "EASPR01MB0001";

/// What Exchange writes when a response has no XML ([EX13] `Command.cs LogResponseToMailbox`).
const NO_XML_RESPONSE: &str = "[No XmlResponse]";

/// The tags whose content Exchange replaces by its length ([EX13] `AirSyncUtility.cs piiTags`).
const PII_TAGS: &[&str] = &[
    "AccountName",
    "Alias",
    "Anniversary",
    "AssistantName",
    "AssistantPhoneNumber",
    "Email",
    "Name",
    "Birthday",
    "Body",
    "BusinessAddressCity",
    "BusinessAddressCountry",
    "BusinessAddressPostalCode",
    "BusinessAddressState",
    "BusinessAddressStreet",
    "BusinessFaxNumber",
    "BusinessPhoneNumber",
    "Business2PhoneNumber",
    "CarPhoneNumber",
    "Category",
    "CC",
    "Child",
    "CompanyMainPhone",
    "CompanyName",
    "CompressedRTF",
    "Rtf",
    "CustomerId",
    "Data",
    "Department",
    "DisplayTo",
    "Email1Address",
    "Email2Address",
    "Email3Address",
    "FileAs",
    "FirstName",
    "From",
    "GovernmentId",
    "HomeAddressCity",
    "HomeAddressCountry",
    "HomeFaxNumber",
    "HomePhoneNumber",
    "Home2PhoneNumber",
    "HomeAddressPostalCode",
    "HomeAddressState",
    "HomeAddressStreet",
    "IMAddress",
    "IMAddress2",
    "IMAddress3",
    "JobTitle",
    "LastName",
    "Location",
    "ManagerName",
    "MiddleName",
    "MIMEData",
    "MMS",
    "MobilePhoneNumber",
    "NickName",
    "OfficeLocation",
    "Organizer",
    "OrganizerEmail",
    "OrganizerName",
    "OtherAddressCity",
    "OtherAddressCountry",
    "OtherAddressPostalCode",
    "OtherAddressState",
    "OtherAddressStreet",
    "PagerNumber",
    "Picture",
    "Preview",
    "RadioPhoneNumber",
    "ReplyTo",
    "Sender",
    "Spouse",
    "Subject",
    "Suffix",
    "ThreadTopic",
    "Title",
    "To",
    "WebPage",
    "YomiCompanyName",
    "YomiFirstName",
    "YomiLastName",
];

/// Writes the entry for one answered request to its partnership's log, if debug logging is on for the mailbox
/// and the partnership exists. `response` is `None` for a request that now waits (Ping, Sync with Wait).
pub(crate) fn record_request(
    tenant: &mut Tenant,
    mailbox: MailboxId,
    req: &EasRequest,
    body: &Body<'_>,
    response: Option<&EasResponse>,
    now: Timestamp,
) {
    // A body that is not WBXML never reaches Exchange's command, where the log is written.
    if matches!(body, Body::Malformed(_)) || !tenant.mailbox(mailbox).cas.debug_logging_at(now) {
        return;
    }
    let Some(key) = tenant.find_device(mailbox, &req.device_id) else {
        return;
    };
    let user = tenant.mailbox(mailbox).user_principal_name.clone();
    tenant.update_device(key, |d| {
        let mut e = Entry::default();
        e.datum("RequestTime", &log_time(now));
        e.datum("ServerName", SERVER_NAME);
        e.datum("AssemblyVersion", SERVER_VERSION);
        e.datum(
            "Identifier",
            &format!("{:X}", d.mailbox_log.next_identifier()),
        );
        e.datum("RequestHeader", &request_header(req, &user));
        e.datum("RequestBody", &request_body(body));
        e.datum("AccessState", d.access.state.name());
        e.datum("AccessStateReason", d.access.reason.name());
        if let Some(rule) = &d.access.rule {
            e.datum("DeviceAccessControlRule", rule);
        }
        if let Some(r) = response {
            e.datum("ResponseHeader", &response_header(r));
            e.datum("ResponseBody", &response_body(r));
            e.datum("ResponseTime", &log_time(now));
        }
        d.mailbox_log.push(&e.0);
    });
}

/// Writes the second entry of a request that waited and is now answered.
pub(crate) fn record_pending_response(
    tenant: &mut Tenant,
    mailbox: MailboxId,
    device_id: &str,
    response: &EasResponse,
    now: Timestamp,
) {
    if !tenant.mailbox(mailbox).cas.debug_logging_at(now) {
        return;
    }
    let Some(key) = tenant.find_device(mailbox, device_id) else {
        return;
    };
    tenant.update_device(key, |d| {
        let mut e = Entry::default();
        e.datum("WasPending", "[Response was pending]");
        e.datum("ResponseBody", &response_body(response));
        e.datum("ResponseTime", &log_time(now));
        d.mailbox_log.push(&e.0);
    });
}

/// One entry's text, built datum by datum as `GenerateLog` does.
#[derive(Default)]
struct Entry(String);

impl Entry {
    fn datum(&mut self, name: &str, value: &str) {
        let _ = write!(self.0, "{name} : \r\n{value}\r\n\r\n");
    }
}

/// `ExDateTime.Now.ToString(DateTimeFormatInfo.InvariantInfo)`: the invariant culture's general pattern,
/// `MM/dd/yyyy HH:mm:ss`.
fn log_time(t: Timestamp) -> String {
    let c = t.civil();
    format!(
        "{:02}/{:02}/{:04} {:02}:{:02}:{:02}",
        c.month, c.day, c.year, c.hour, c.minute, c.second
    )
}

/// The request line and headers, as `AirSyncRequest.GetHeadersAsString` writes them, rebuilt from the parsed
/// request (see the file comment).
fn request_header(req: &EasRequest, user: &str) -> String {
    let mut query = format!(
        "Cmd={}&User={}&DeviceId={}&DeviceType={}",
        req.command.name(),
        req.user.as_deref().unwrap_or(user),
        req.device_id,
        req.device_type
    );
    for (name, value) in [
        ("CollectionId", &req.collection_id),
        ("ItemId", &req.item_id),
        ("LongId", &req.long_id),
        ("AttachmentName", &req.attachment_name),
        ("Occurrence", &req.occurrence),
    ] {
        if let Some(v) = value {
            let _ = write!(query, "&{name}={v}");
        }
    }
    if req.save_in_sent {
        query.push_str("&SaveInSent=T");
    }
    let mut h = format!("POST /Microsoft-Server-ActiveSync/default.eas?{query} HTTP/1.1\r\n");
    h.push_str("Authorization: ********\r\n");
    let _ = write!(h, "MS-ASProtocolVersion: {}\r\n", req.version);
    // The base64 form carries the policy key in the query; the plain form sends the header.
    if let (Some(key), QueryForm::Plain) = (req.policy_key, req.form) {
        let _ = write!(h, "X-MS-PolicyKey: {key}\r\n");
    }
    if !req.user_agent.is_empty() {
        let _ = write!(h, "User-Agent: {}\r\n", req.user_agent);
    }
    if !req.xms_wl.is_empty() {
        let _ = write!(h, "X-MS-WL: {}\r\n", req.xms_wl);
    }
    h
}

/// The request body as logged: the XML view of a WBXML body with `<Mime>` removed, a MIME body as text. A body
/// refused for Exchange's caps before decoding (`Body::OverCap`) is logged empty.
fn request_body(body: &Body<'_>) -> String {
    match body {
        Body::Wbxml(root) => request_xml(root),
        Body::Mime(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        Body::None | Body::Malformed(_) | Body::OverCap(_) => String::new(),
    }
}

/// The XML view of a WBXML request, `<Mime>` removed.
pub(crate) fn request_xml(root: &Element) -> String {
    remove_mime(&outer_xml(root))
}

/// `Regex.Replace(text, "<Mime>([\s\S]*)</Mime>", "<Mime>[Mime Removed] BytesCount = {n}</Mime>", IgnoreCase)`
/// where `n` is the byte count of the whole match (greedy: first `<Mime>` to last `</Mime>`).
fn remove_mime(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let (Some(start), Some(end)) = (lower.find("<mime>"), lower.rfind("</mime>")) else {
        return text.to_string();
    };
    if end < start {
        return text.to_string();
    }
    let end = end + "</mime>".len();
    format!(
        "{}<Mime>[Mime Removed] BytesCount = {}</Mime>{}",
        &text[..start],
        end - start,
        &text[end..]
    )
}

/// The status line and headers as `AirSyncResponse.GetHeadersAsString` writes them, with the headers the
/// server adds (Content-Type, MS-Server-ActiveSync) first.
fn response_header(r: &EasResponse) -> String {
    let mut h = format!("HTTP/1.1 {} {}\r\n", r.http_status, reason(r.http_status));
    if let Some(ct) = r.content_type {
        let _ = write!(h, "Content-Type: {ct}\r\n");
    }
    if !r.headers.iter().any(|(k, _)| *k == "MS-Server-ActiveSync") {
        let _ = write!(h, "MS-Server-ActiveSync: {SERVER_VERSION}\r\n");
    }
    for (name, value) in &r.headers {
        let _ = write!(h, "{name}: {value}\r\n");
    }
    h
}

/// The reason phrases of the statuses the EAS endpoint answers with.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        413 => "Request Entity Too Large",
        449 => "Retry With",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// The response body as logged: the XML view of a WBXML body, or `[No XmlResponse]`.
fn response_body(r: &EasResponse) -> String {
    if r.body.is_empty() {
        return NO_XML_RESPONSE.to_string();
    }
    match wbxml::decode(&r.body) {
        Ok(doc) => outer_xml(&doc.root),
        Err(_) => NO_XML_RESPONSE.to_string(),
    }
}

/// `AirSyncUtility.BuildOuterXml(document, truncatePII: true)`.
pub(crate) fn outer_xml(root: &Element) -> String {
    let mut out = String::from(r#"<?xml version="1.0" encoding="utf-8" ?>"#);
    write_element(&mut out, root, 0, None);
    out
}

fn write_element(out: &mut String, el: &Element, depth: usize, parent_ns: Option<&str>) {
    out.push_str("\r\n");
    for _ in 0..depth {
        out.push('\t');
    }
    let name = el.name().unwrap_or("Unknown");
    out.push('<');
    out.push_str(name);
    if name == "Body" {
        if !el.children.is_empty()
            && let Some(n) = body_size(el)
        {
            let _ = write!(out, "={n} bytes");
        }
        out.push_str("/>");
        return;
    }
    // The namespace URI of the XML Exchange builds: the code page's name with its colon (`AirSync:`).
    let ns = page_namespace(el.page).unwrap_or("");
    if parent_ns != Some(ns) {
        let _ = write!(out, " xmlns=\"{ns}:\"");
    }
    if el.children.is_empty() {
        out.push_str("/>");
        return;
    }
    if PII_TAGS.contains(&name) {
        let _ = write!(out, " bytes=\"{}\"/>", utf16_len(&inner_text(el)));
        return;
    }
    out.push('>');
    let mut data = false;
    for child in &el.children {
        match child {
            Node::Element(c) => write_element(out, c, depth + 1, Some(ns)),
            Node::Text(t) => {
                escape_into(out, t);
                data = true;
            }
            Node::Opaque(bytes) => {
                for b in bytes {
                    let _ = write!(out, "{b:02X}");
                }
                data = true;
            }
        }
    }
    if !data {
        out.push_str("\r\n");
        for _ in 0..depth {
            out.push('\t');
        }
    }
    let _ = write!(out, "</{name}>");
}

/// A Body's size: its EstimatedDataSize when that is a number, else the length of its Data.
fn body_size(el: &Element) -> Option<usize> {
    if let Some(size) = el.child_text("EstimatedDataSize")
        && !size.is_empty()
    {
        return size.parse().ok().or_else(|| data_len(el));
    }
    data_len(el)
}

fn data_len(el: &Element) -> Option<usize> {
    el.child("Data").map(|d| utf16_len(&inner_text(d)))
}

/// .NET's `XmlNode.InnerText`: the concatenated text of every descendant, in document order.
fn inner_text(el: &Element) -> String {
    fn collect(el: &Element, s: &mut String) {
        for child in &el.children {
            match child {
                Node::Element(c) => collect(c, s),
                Node::Text(t) => s.push_str(t),
                Node::Opaque(b) => s.push_str(&String::from_utf8_lossy(b)),
            }
        }
    }
    let mut s = String::new();
    collect(el, &mut s);
    s
}

/// A .NET string's Length (UTF-16 code units).
fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '&' => out.push_str("&amp;"),
            '\'' => out.push_str("&apos;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}
