//! The crate's own EAS client, pure half: a simulated device's identity and keys, the request bodies it
//! sends (Provision, FolderSync, Sync, Ping, …) and readers for the answers. It speaks EAS like an outside
//! client: WBXML and HTTP semantics only, never the server's internals.
//!
//! No I/O: `session` sends what this builds over a socket.

use crate::eas::request::{encode_base64, encode_plain};
use crate::eas::{Command, Credentials, EasRequest, ProtocolVersion, QueryForm};
use crate::wbxml::tags::{
    AirSync as A, AirSyncBase as B, ComposeMail as C, Email as E, FolderHierarchy as F,
    GetItemEstimate as G, ItemOperations as I, Ping as P, Provision as Pr, Settings as S,
};
use crate::wbxml::{self, Document, Element};

/// A simulated device and the account it signs in with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Device {
    /// The Basic-auth user name (UPN).
    pub user: String,
    pub password: String,
    pub device_id: String,
    pub device_type: String,
    pub model: String,
    pub os: String,
    pub user_agent: String,
    /// What DeviceInformation tells besides model, OS and user agent (Provision, Settings).
    pub info: DeviceDetails,
    pub version: ProtocolVersion,
    pub form: QueryForm,
    /// The final policy key, once provisioned.
    pub policy_key: Option<u32>,
    /// `User=` as sent (defaults to `user`; tests point it at another mailbox).
    pub url_user: Option<String>,
}

impl Device {
    pub fn new(user: &str, password: &str, device_id: &str) -> Device {
        Device {
            user: user.to_string(),
            password: password.to_string(),
            device_id: device_id.to_string(),
            device_type: "iPhone".to_string(),
            model: "iPhone14C3".to_string(),
            os: "iOS 17.4.1 21E236".to_string(),
            user_agent: "Apple-iPhone14C3/2104.236".to_string(),
            info: DeviceDetails::default(),
            version: ProtocolVersion::V16_1,
            form: QueryForm::Plain,
            policy_key: None,
            url_user: None,
        }
    }
}

/// The rest of a device's DeviceInformation (MS-ASCMD Settings `DeviceInformation/Set`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceDetails {
    /// `None`: `<user>'s <DeviceType>`.
    pub friendly_name: Option<String>,
    pub imei: String,
    pub os_language: String,
    pub phone_number: String,
    pub mobile_operator: String,
}

impl Default for DeviceDetails {
    fn default() -> DeviceDetails {
        DeviceDetails {
            friendly_name: None,
            imei: "356938035643809".to_string(),
            os_language: "en-US".to_string(),
            phone_number: "+15555550100".to_string(),
            mobile_operator: "Contoso Mobile".to_string(),
        }
    }
}

/// An HTTP request as the session writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireRequest {
    pub method: &'static str,
    /// Path and query.
    pub target: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

/// An HTTP response as the session read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    /// The decoded WBXML body (`None` when empty or not WBXML).
    pub fn doc(&self) -> Option<Element> {
        if self.body.is_empty() {
            return None;
        }
        wbxml::decode(&self.body).ok().map(|d| d.root)
    }

    /// The root's own Status (a global code or the command's top-level status).
    pub fn status(&self) -> Option<u16> {
        self.doc().and_then(|root| {
            root.elements()
                .find(|e| e.name() == Some("Status"))
                .and_then(|e| e.text())
                .and_then(|t| t.trim().parse().ok())
        })
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The WBXML body as XML text (for assertion messages).
    pub fn xml(&self) -> String {
        match self.doc() {
            Some(root) => wbxml::to_xml(&Document::new(root)),
            None => format!("(no WBXML body: {} bytes)", self.body.len()),
        }
    }
}

/// The EAS path.
pub const EAS_PATH: &str = "/Microsoft-Server-ActiveSync";

/// Builds the HTTP request for a command with a WBXML body (or none).
pub fn request(device: &Device, command: Command, body: Option<&Element>) -> WireRequest {
    let body = body
        .map(|b| wbxml::encode(&Document::new(b.clone())))
        .unwrap_or_default();
    request_bytes(device, command, body, None)
}

/// Builds the HTTP request with a raw body; `query_policy_key` adds pyactivesync's `PolicyKey=` parameter.
pub fn request_bytes(
    device: &Device,
    command: Command,
    body: Vec<u8>,
    query_policy_key: Option<u32>,
) -> WireRequest {
    let user = device
        .url_user
        .clone()
        .unwrap_or_else(|| device.user.clone());
    let mut line = EasRequest::new(
        command,
        &user,
        &device.device_id,
        &device.device_type,
        device.version,
    );
    line.query_policy_key = query_policy_key;
    let credentials = Credentials {
        user: device.user.clone(),
        password: device.password.clone(),
    };
    let mut headers = vec![
        ("Authorization", credentials.header()),
        ("User-Agent", device.user_agent.clone()),
    ];
    if !body.is_empty() {
        headers.push(("Content-Type", "application/vnd.ms-sync.wbxml".to_string()));
    }
    let target = match device.form {
        QueryForm::Plain => {
            headers.push(("MS-ASProtocolVersion", device.version.to_string()));
            if let Some(k) = device.policy_key {
                headers.push(("X-MS-PolicyKey", k.to_string()));
            }
            format!("{EAS_PATH}?{}", encode_plain(&line))
        }
        QueryForm::Base64 => {
            line.policy_key = device.policy_key;
            line.user = device.url_user.clone();
            format!("{EAS_PATH}?{}", encode_base64(&line))
        }
    };
    WireRequest {
        method: "POST",
        target,
        headers,
        body,
    }
}

/// `OPTIONS /Microsoft-Server-ActiveSync`.
pub fn options(device: &Device) -> WireRequest {
    let credentials = Credentials {
        user: device.user.clone(),
        password: device.password.clone(),
    };
    WireRequest {
        method: "OPTIONS",
        target: EAS_PATH.to_string(),
        headers: vec![("Authorization", credentials.header())],
        body: Vec::new(),
    }
}

fn device_information(device: &Device) -> Element {
    let info = &device.info;
    let friendly = info
        .friendly_name
        .clone()
        .unwrap_or_else(|| format!("{}'s {}", device.user, device.device_type));
    Element::new(S::DeviceInformation).with(
        Element::new(S::Set)
            .with_leaf(S::Model, &device.model)
            .with_leaf(S::IMEI, &info.imei)
            .with_leaf(S::FriendlyName, friendly)
            .with_leaf(S::OS, &device.os)
            .with_leaf(S::OSLanguage, &info.os_language)
            .with_leaf(S::PhoneNumber, &info.phone_number)
            .with_leaf(S::UserAgent, &device.user_agent)
            .with_leaf(S::MobileOperator, &info.mobile_operator),
    )
}

/// Provision phase one (with DeviceInformation, as 14.1+ requires).
pub fn provision_request(device: &Device) -> Element {
    Element::new(Pr::Provision)
        .with(device_information(device))
        .with(
            Element::new(Pr::Policies).with(
                Element::new(Pr::Policy).with_leaf(Pr::PolicyType, "MS-EAS-Provisioning-WBXML"),
            ),
        )
}

/// Provision phase two: acknowledge the temporary key.
pub fn provision_ack(temp_key: u32) -> Element {
    Element::new(Pr::Provision).with(
        Element::new(Pr::Policies).with(
            Element::new(Pr::Policy)
                .with_leaf(Pr::PolicyType, "MS-EAS-Provisioning-WBXML")
                .with_leaf(Pr::PolicyKey, temp_key.to_string())
                .with_leaf(Pr::Status, "1"),
        ),
    )
}

/// Acknowledge a remote wipe.
pub fn wipe_ack(account_only: bool) -> Element {
    let tag = if account_only {
        Pr::AccountOnlyRemoteWipe
    } else {
        Pr::RemoteWipe
    };
    Element::new(Pr::Provision).with(Element::new(tag).with_leaf(Pr::Status, "1"))
}

/// What a Provision answer carried.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProvisionResult {
    pub status: Option<u16>,
    pub policy_status: Option<u16>,
    pub policy_key: Option<u32>,
    pub has_policy_doc: bool,
    pub remote_wipe: bool,
    pub account_only_wipe: bool,
}

pub fn provision_result(root: &Element) -> ProvisionResult {
    let num = |e: Option<&Element>, tag: Pr| -> Option<u32> {
        e.and_then(|e| e.child_text(tag))
            .and_then(|t| t.trim().parse().ok())
    };
    let policy = root.child(Pr::Policies).and_then(|p| p.child(Pr::Policy));
    ProvisionResult {
        status: num(Some(root), Pr::Status).map(|s| s as u16),
        policy_status: num(policy, Pr::Status).map(|s| s as u16),
        policy_key: num(policy, Pr::PolicyKey),
        has_policy_doc: policy
            .and_then(|p| p.child(Pr::Data))
            .and_then(|d| d.child(Pr::EASProvisionDoc))
            .is_some(),
        remote_wipe: root.child(Pr::RemoteWipe).is_some(),
        account_only_wipe: root.child(Pr::AccountOnlyRemoteWipe).is_some(),
    }
}

pub fn folder_sync(key: &str) -> Element {
    Element::new(F::FolderSync).with_leaf(F::SyncKey, key)
}

/// A folder from FolderSync.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FolderInfo {
    pub server_id: String,
    pub parent_id: String,
    pub name: String,
    pub kind: u8,
}

/// (Status, SyncKey, folders) of a FolderSync answer.
pub fn folder_sync_result(root: &Element) -> (Option<u16>, Option<String>, Vec<FolderInfo>) {
    let status = root
        .child_text(F::Status)
        .and_then(|s| s.trim().parse().ok());
    let key = root.child_text(F::SyncKey).map(str::to_string);
    let folders = root
        .child(F::Changes)
        .map(|c| {
            c.children_named(F::Add)
                .map(|a| FolderInfo {
                    server_id: a.child_text(F::ServerId).unwrap_or_default().to_string(),
                    parent_id: a.child_text(F::ParentId).unwrap_or_default().to_string(),
                    name: a.child_text(F::DisplayName).unwrap_or_default().to_string(),
                    kind: a
                        .child_text(F::Type)
                        .and_then(|t| t.trim().parse().ok())
                        .unwrap_or(0),
                })
                .collect()
        })
        .unwrap_or_default();
    (status, key, folders)
}

/// A Sync of one collection.
pub fn sync(collection: &str, key: &str, window: usize) -> Element {
    sync_with(collection, key, window, None)
}

/// A Sync of one collection with client commands (Add/Change/Delete/Fetch elements).
pub fn sync_with(
    collection: &str,
    key: &str,
    window: usize,
    commands: Option<Vec<Element>>,
) -> Element {
    let mut c = Element::new(A::Collection)
        .with_leaf(A::SyncKey, key)
        .with_leaf(A::CollectionId, collection)
        .with_leaf(A::WindowSize, window.to_string());
    if key != "0" {
        c = c.with(
            Element::new(A::Options).with(
                Element::new(B::BodyPreference)
                    .with_leaf(B::Type, "1")
                    .with_leaf(B::TruncationSize, "32768"),
            ),
        );
    }
    if let Some(cmds) = commands {
        c = c.with(Element::new(A::Commands).with_all(cmds));
    }
    Element::new(A::Sync).with(Element::new(A::Collections).with(c))
}

/// The same Sync as a long poll: answer when something changes or after `seconds` (HeartbeatInterval).
pub fn with_heartbeat(sync: Element, seconds: u32) -> Element {
    sync.with_leaf(A::HeartbeatInterval, seconds.to_string())
}

/// The same Sync as a long poll of `minutes` (Wait).
pub fn with_wait(sync: Element, minutes: u32) -> Element {
    sync.with_leaf(A::Wait, minutes.to_string())
}

/// A client change marking an item read or unread.
pub fn mark_read(server_id: &str, read: bool) -> Element {
    Element::new(A::Change)
        .with_leaf(A::ServerId, server_id)
        .with(Element::new(A::ApplicationData).with_leaf(E::Read, if read { "1" } else { "0" }))
}

/// A client delete.
pub fn delete(server_id: &str) -> Element {
    Element::new(A::Delete).with_leaf(A::ServerId, server_id)
}

/// A client add of a draft-like message.
pub fn add_message(client_id: &str, subject: &str, to: &str) -> Element {
    Element::new(A::Add).with_leaf(A::ClientId, client_id).with(
        Element::new(A::ApplicationData)
            .with_leaf(E::To, to)
            .with_leaf(E::Subject, subject)
            .with(
                Element::new(B::Body)
                    .with_leaf(B::Type, "1")
                    .with_leaf(B::Data, "draft body"),
            ),
    )
}

/// A client Add of any class: `data` is the ApplicationData element (a calendar, contact or task item).
pub fn add_item(client_id: &str, data: Element) -> Element {
    Element::new(A::Add)
        .with_leaf(A::ClientId, client_id)
        .with(data)
}

/// A client Change of a whole item: `data` is its new ApplicationData.
pub fn change_item(server_id: &str, data: Element) -> Element {
    Element::new(A::Change)
        .with_leaf(A::ServerId, server_id)
        .with(data)
}

/// One item in a Sync answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncItem {
    pub server_id: String,
    pub subject: Option<String>,
    pub from: Option<String>,
    pub read: Option<bool>,
    pub body: Option<String>,
    /// The whole ApplicationData, for the properties of other classes.
    pub data: Option<Element>,
}

/// What a Sync answer carried for its first collection.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncResult {
    /// The top-level Status (a global error) when there is no collection.
    pub top_status: Option<u16>,
    pub status: Option<u16>,
    pub key: Option<String>,
    pub adds: Vec<SyncItem>,
    pub changes: Vec<SyncItem>,
    pub deletes: Vec<String>,
    /// (ClientId, ServerId, Status) of Add responses.
    pub add_responses: Vec<(String, Option<String>, Option<u16>)>,
    pub more_available: bool,
    /// The body was empty (nothing to report).
    pub empty: bool,
}

fn sync_item(el: &Element) -> SyncItem {
    let data = el.child(A::ApplicationData);
    let text = |tag: E| data.and_then(|d| d.child_text(tag)).map(str::to_string);
    SyncItem {
        server_id: el.child_text(A::ServerId).unwrap_or_default().to_string(),
        subject: text(E::Subject),
        from: text(E::From),
        read: text(E::Read).map(|r| r == "1"),
        body: data
            .and_then(|d| d.child(B::Body))
            .and_then(|b| b.child_text(B::Data))
            .map(str::to_string),
        data: data.cloned(),
    }
}

pub fn sync_result(reply: &Reply) -> SyncResult {
    let Some(root) = reply.doc() else {
        return SyncResult {
            empty: reply.body.is_empty(),
            ..SyncResult::default()
        };
    };
    let mut r = SyncResult {
        top_status: root
            .child_text(A::Status)
            .and_then(|s| s.trim().parse().ok()),
        ..SyncResult::default()
    };
    let Some(c) = root
        .child(A::Collections)
        .and_then(|cs| cs.child(A::Collection))
    else {
        return r;
    };
    r.status = c.child_text(A::Status).and_then(|s| s.trim().parse().ok());
    r.key = c.child_text(A::SyncKey).map(str::to_string);
    r.more_available = c.child(A::MoreAvailable).is_some();
    if let Some(cmds) = c.child(A::Commands) {
        for el in cmds.elements() {
            if el.is(&A::Add) {
                r.adds.push(sync_item(el));
            } else if el.is(&A::Change) {
                r.changes.push(sync_item(el));
            } else if el.is(&A::Delete) {
                r.deletes
                    .push(el.child_text(A::ServerId).unwrap_or_default().to_string());
            }
        }
    }
    if let Some(resps) = c.child(A::Responses) {
        for el in resps.children_named(A::Add) {
            r.add_responses.push((
                el.child_text(A::ClientId).unwrap_or_default().to_string(),
                el.child_text(A::ServerId).map(str::to_string),
                el.child_text(A::Status).and_then(|s| s.trim().parse().ok()),
            ));
        }
    }
    r
}

pub fn ping(heartbeat: u32, folders: &[&str]) -> Element {
    Element::new(P::Ping)
        .with_leaf(P::HeartbeatInterval, heartbeat.to_string())
        .with(Element::new(P::Folders).with_all(folders.iter().map(|id| {
            Element::new(P::Folder)
                .with_leaf(P::Id, *id)
                .with_leaf(P::Class, "Email")
        })))
}

/// The HeartbeatInterval a Ping answer names (with Status 5: the nearest interval the server allows).
pub fn ping_limit(root: &Element) -> Option<u32> {
    root.child_text(P::HeartbeatInterval)
        .and_then(|s| s.trim().parse().ok())
}

/// (Status, changed folder ids) of a Ping answer.
pub fn ping_result(root: &Element) -> (Option<u16>, Vec<String>) {
    let status = root
        .child_text(P::Status)
        .and_then(|s| s.trim().parse().ok());
    let folders = root
        .child(P::Folders)
        .map(|f| {
            f.children_named(P::Folder)
                .filter_map(|e| e.text().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    (status, folders)
}

pub fn estimate(collection: &str, key: &str) -> Element {
    Element::new(G::GetItemEstimate).with(
        Element::new(G::Collections).with(
            Element::new(G::Collection)
                .with_leaf(A::SyncKey, key)
                .with_leaf(G::CollectionId, collection),
        ),
    )
}

/// (Response Status, Estimate) of the first collection.
pub fn estimate_result(root: &Element) -> (Option<u16>, Option<u32>) {
    let resp = root.child(G::Response);
    (
        resp.and_then(|r| r.child_text(G::Status))
            .and_then(|s| s.trim().parse().ok()),
        resp.and_then(|r| r.child(G::Collection))
            .and_then(|c| c.child_text(G::Estimate))
            .and_then(|s| s.trim().parse().ok()),
    )
}

pub fn fetch(collection: &str, server_id: &str) -> Element {
    Element::new(I::ItemOperations).with(
        Element::new(I::Fetch)
            .with_leaf(I::Store, "Mailbox")
            .with_leaf(A::CollectionId, collection)
            .with_leaf(A::ServerId, server_id)
            .with(
                Element::new(I::Options)
                    .with(Element::new(B::BodyPreference).with_leaf(B::Type, "2")),
            ),
    )
}

/// (top Status, Fetch Status, Subject, Body data) of an ItemOperations answer.
pub fn fetch_result(root: &Element) -> (Option<u16>, Option<u16>, Option<String>, Option<String>) {
    let top = root
        .child_text(I::Status)
        .and_then(|s| s.trim().parse().ok());
    let f = root.child(I::Response).and_then(|r| r.child(I::Fetch));
    let fs = f
        .and_then(|f| f.child_text(I::Status))
        .and_then(|s| s.trim().parse().ok());
    let props = f.and_then(|f| f.child(I::Properties));
    let subject = props
        .and_then(|p| p.child_text(E::Subject))
        .map(str::to_string);
    let body = props
        .and_then(|p| p.child(B::Body))
        .and_then(|b| b.child_text(B::Data))
        .map(str::to_string);
    (top, fs, subject, body)
}

/// A plain-text RFC 5322 message for SendMail.
pub fn message(from: &str, to: &str, subject: &str, body: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}

pub fn send_mail(mime: &[u8], save_in_sent: bool) -> Element {
    let mut el = Element::new(C::SendMail).with_leaf(C::ClientId, "easim-1");
    if save_in_sent {
        el = el.with(Element::new(C::SaveInSentItems));
    }
    el.with(Element::opaque(C::Mime, mime.to_vec()))
}

/// A Settings request updating DeviceInformation.
pub fn settings_device_information(device: &Device) -> Element {
    Element::new(S::Settings).with(device_information(device))
}

/// A Settings request for UserInformation and the Oof state.
pub fn settings_get() -> Element {
    Element::new(S::Settings)
        .with(Element::new(S::UserInformation).with(Element::new(S::Get)))
        .with(Element::new(S::Oof).with(Element::new(S::Get).with_leaf(S::BodyType, "Text")))
}

/// A Settings request turning Oof on with one message.
pub fn settings_oof_set(message: &str) -> Element {
    Element::new(S::Settings).with(
        Element::new(S::Oof).with(
            Element::new(S::Set).with_leaf(S::OofState, "1").with(
                Element::new(S::OofMessage)
                    .with(Element::new(S::AppliesToInternal))
                    .with_leaf(S::Enabled, "1")
                    .with_leaf(S::ReplyMessage, message)
                    .with_leaf(S::BodyType, "Text"),
            ),
        ),
    )
}
