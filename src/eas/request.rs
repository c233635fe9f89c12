//! Parsing an EAS request's URI query and headers (MS-ASHTTP, eas-facts §1.1–1.3) into an `EasRequest`:
//! the plain `?Cmd=…&User=…&DeviceId=…&DeviceType=…` form and the base64-encoded byte layout.
//!
//! Pure: the caller hands over the raw query text and the few header values EAS reads. Authentication, the
//! mailbox behind `User=` and the body are not looked at here.

use base64::Engine as _;

use crate::model::is_valid_device_id;

use super::status::GlobalStatus;

/// An EAS protocol version, stored as version × 10 (121, 140, 141, 160, 161) as the base64 form carries it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProtocolVersion(pub u8);

impl ProtocolVersion {
    pub const V12_1: ProtocolVersion = ProtocolVersion(121);
    pub const V14_0: ProtocolVersion = ProtocolVersion(140);
    pub const V14_1: ProtocolVersion = ProtocolVersion(141);
    pub const V16_0: ProtocolVersion = ProtocolVersion(160);
    pub const V16_1: ProtocolVersion = ProtocolVersion(161);
    /// The versions the simulator speaks, oldest first.
    pub const SUPPORTED: [ProtocolVersion; 5] = [
        ProtocolVersion::V12_1,
        ProtocolVersion::V14_0,
        ProtocolVersion::V14_1,
        ProtocolVersion::V16_0,
        ProtocolVersion::V16_1,
    ];

    /// Parses `14.1`, `16.0` … (any `major.minor` the protocol has defined, supported or not).
    pub fn parse(text: &str) -> Option<ProtocolVersion> {
        let (major, minor) = text.trim().split_once('.')?;
        let major: u8 = major.parse().ok()?;
        let minor: u8 = minor.parse().ok()?;
        if minor > 9 || major > 25 {
            return None;
        }
        Some(ProtocolVersion(major * 10 + minor))
    }

    /// The highest global status code this version can carry in a body (eas-facts §3.2): none below 14.0.
    pub fn max_global_status(self) -> u16 {
        match self.0 {
            0..140 => 0,
            140 => 163,
            141..160 => 177,
            160 => 185,
            _ => u16::MAX,
        }
    }

    /// Whether a global status can go in the body, given that the command has an XML root.
    pub fn carries(self, status: GlobalStatus) -> bool {
        status.0 <= self.max_global_status()
    }
}

impl std::fmt::Display for ProtocolVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.0 / 10, self.0 % 10)
    }
}

/// Declares the EAS commands with their names and base64 codes.
macro_rules! commands {
    ($($variant:ident = $code:expr),+ $(,)?) => {
        /// An EAS command (`Cmd=`), with the code the base64 form uses.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Command { $($variant),+ }

        impl Command {
            pub const ALL: &'static [Command] = &[$(Command::$variant),+];

            pub fn name(self) -> &'static str {
                match self { $(Command::$variant => stringify!($variant)),+ }
            }

            /// The base64 command code; `None` for the 2.5-era commands that have none.
            pub fn code(self) -> Option<u8> {
                match self { $(Command::$variant => $code),+ }
            }
        }
    };
}

commands! {
    Sync = Some(0), SendMail = Some(1), SmartForward = Some(2), SmartReply = Some(3), GetAttachment = Some(4),
    GetHierarchy = None, CreateCollection = None, DeleteCollection = None, MoveCollection = None,
    FolderSync = Some(9), FolderCreate = Some(10), FolderDelete = Some(11), FolderUpdate = Some(12),
    MoveItems = Some(13), GetItemEstimate = Some(14), MeetingResponse = Some(15), Search = Some(16),
    Settings = Some(17), Ping = Some(18), ItemOperations = Some(19), Provision = Some(20),
    ResolveRecipients = Some(21), ValidateCert = Some(22), Find = Some(23),
}

impl Command {
    /// Case-insensitive lookup by name, as IIS and Exchange accept `cmd=foldersync`.
    pub fn from_name(name: &str) -> Option<Command> {
        Command::ALL
            .iter()
            .copied()
            .find(|c| c.name().eq_ignore_ascii_case(name))
    }

    pub fn from_code(code: u8) -> Option<Command> {
        Command::ALL
            .iter()
            .copied()
            .find(|c| c.code() == Some(code))
    }

    /// The `MS-ASProtocolCommands` list the OPTIONS response advertises, in the spec's order: the commands
    /// the server supports (MS-ASHTTP 2.2.4.1.2), so only those that work. Left out: GetAttachment (no
    /// attachments; 12.1 only, ItemOperations replaces it) and the 2.5-only GetHierarchy, CreateCollection,
    /// DeleteCollection and MoveCollection (2.5 is not spoken). Exchange also lists those.
    pub const ADVERTISED: &'static str = "Sync,SendMail,SmartForward,SmartReply,FolderSync,FolderCreate,FolderDelete,FolderUpdate,MoveItems,GetItemEstimate,MeetingResponse,Search,Settings,Ping,ItemOperations,Provision,ResolveRecipients,ValidateCert,Find";
}

/// Which of the two URI forms the request used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryForm {
    Plain,
    Base64,
}

/// The header values EAS reads, as the server found them (already decoded to text).
#[derive(Clone, Copy, Debug, Default)]
pub struct Headers<'a> {
    pub protocol_version: Option<&'a str>,
    pub policy_key: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    pub xms_wl: Option<&'a str>,
    pub accept_multipart: Option<&'a str>,
    pub content_type: Option<&'a str>,
}

/// A parsed EAS request line (everything but credentials and body).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EasRequest {
    pub form: QueryForm,
    pub command: Command,
    /// `User=`; optional in the base64 form (the authenticated user is meant).
    pub user: Option<String>,
    pub device_id: String,
    pub device_type: String,
    pub version: ProtocolVersion,
    /// `X-MS-PolicyKey` (plain form) or the base64 policy key; `None` when absent.
    pub policy_key: Option<u32>,
    /// The non-standard `PolicyKey=` query parameter pyactivesync sends in Provision phase 2.
    pub query_policy_key: Option<u32>,
    pub user_agent: String,
    pub xms_wl: String,
    /// LCID from the base64 form.
    pub locale: Option<u16>,
    pub accept_multipart: bool,
    /// `SaveInSent=T` (plain) or Options bit 0x01 (base64): legacy SendMail/SmartReply/SmartForward.
    pub save_in_sent: bool,
    pub collection_id: Option<String>,
    pub item_id: Option<String>,
    pub long_id: Option<String>,
    pub attachment_name: Option<String>,
    pub occurrence: Option<String>,
}

/// How many characters of a request's own value an error quotes: the same bound as the admin side's
/// (`script::messages::QUOTE_LIMIT`, which `eas` may not import), so no query makes a long error.
const QUOTE_LIMIT: usize = 256;

/// `text` whole up to `QUOTE_LIMIT` characters, else its first `QUOTE_LIMIT` characters and `…`.
fn excerpt(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(QUOTE_LIMIT) {
        None => std::borrow::Cow::Borrowed(text),
        Some((end, _)) => std::borrow::Cow::Owned(format!("{}…", &text[..end])),
    }
}

/// Why a request line was refused. `status()` says how it goes on the wire.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    #[error(
        "the request has no query string (expected ?Cmd=…&User=…&DeviceId=…&DeviceType=… or the base64 form)"
    )]
    MissingQuery,
    #[error("the query is neither the plain form nor valid base64")]
    BadBase64,
    #[error("the base64 query ends early: {0}")]
    Truncated(&'static str),
    #[error("the query has no Cmd parameter")]
    MissingCommand,
    #[error("unknown command '{}'", excerpt(.0))]
    UnknownCommand(String),
    #[error("the {0} parameter appears more than once")]
    Duplicate(&'static str),
    #[error("DeviceId is missing")]
    MissingDeviceId(Command),
    #[error("DeviceId '{}' is invalid: at most 32 letters and digits", excerpt(.1))]
    InvalidDeviceId(Command, String),
    #[error("DeviceType is missing")]
    MissingDeviceType(Command),
    #[error("the MS-ASProtocolVersion header is required with the plain query form")]
    MissingVersion(Command),
    #[error("protocol version '{}' is not supported (supported: {})", excerpt(.1), .2)]
    UnsupportedVersion(Command, String, String),
    #[error("X-MS-PolicyKey '{}' is not a decimal uint32", excerpt(.0))]
    BadPolicyKey(String),
    #[error("a query parameter is not valid percent-encoded UTF-8")]
    BadEncoding,
}

impl RequestError {
    /// The command, when it was recognised before the error (then the error can be a body Status).
    pub fn command(&self) -> Option<Command> {
        match self {
            RequestError::MissingDeviceId(c)
            | RequestError::InvalidDeviceId(c, _)
            | RequestError::MissingDeviceType(c)
            | RequestError::MissingVersion(c)
            | RequestError::UnsupportedVersion(c, ..) => Some(*c),
            _ => None,
        }
    }

    /// The global status that describes the error, when there is one (108, 109); else plain HTTP 400 (or 501
    /// for an unknown command).
    pub fn status(&self) -> Option<GlobalStatus> {
        match self {
            RequestError::MissingDeviceId(_) | RequestError::InvalidDeviceId(..) => {
                Some(GlobalStatus::DEVICE_ID_MISSING_OR_INVALID)
            }
            RequestError::MissingDeviceType(_) => {
                Some(GlobalStatus::DEVICE_TYPE_MISSING_OR_INVALID)
            }
            _ => None,
        }
    }

    /// The HTTP status when the error cannot go in a body.
    pub fn http_status(&self) -> u16 {
        match self {
            RequestError::UnknownCommand(_) => 501,
            _ => 400,
        }
    }
}

/// Parses the query and headers. `accepted` lists the protocol versions the server accepts.
pub fn parse(
    query: Option<&str>,
    headers: &Headers<'_>,
    accepted: &[ProtocolVersion],
) -> Result<EasRequest, RequestError> {
    let query = query
        .filter(|q| !q.is_empty())
        .ok_or(RequestError::MissingQuery)?;
    let mut req = if is_plain(query) {
        parse_plain(query, headers)?
    } else {
        parse_base64(query)?
    };
    if !accepted.contains(&req.version) {
        let list = accepted
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(",");
        return Err(RequestError::UnsupportedVersion(
            req.command,
            req.version.to_string(),
            list,
        ));
    }
    req.user_agent = headers.user_agent.unwrap_or_default().to_string();
    req.xms_wl = headers.xms_wl.unwrap_or_default().to_string();
    // The base64 form may already have set it through its Options bits.
    req.accept_multipart |= headers
        .accept_multipart
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("T"));
    if req.device_id.is_empty() {
        return Err(RequestError::MissingDeviceId(req.command));
    }
    if !is_valid_device_id(&req.device_id) {
        return Err(RequestError::InvalidDeviceId(
            req.command,
            req.device_id.clone(),
        ));
    }
    if req.device_type.trim().is_empty() {
        return Err(RequestError::MissingDeviceType(req.command));
    }
    Ok(req)
}

/// The plain form names its parameters; the base64 form is one opaque token.
fn is_plain(query: &str) -> bool {
    query.split('&').any(|pair| {
        pair.split_once('=')
            .is_some_and(|(k, _)| k.eq_ignore_ascii_case("Cmd"))
    })
}

fn parse_plain(query: &str, headers: &Headers<'_>) -> Result<EasRequest, RequestError> {
    let mut cmd = None;
    let mut user = None;
    let mut device_id = None;
    let mut device_type = None;
    let mut save_in_sent = false;
    let mut query_policy_key = None;
    let mut collection_id = None;
    let mut item_id = None;
    let mut long_id = None;
    let mut attachment_name = None;
    let mut occurrence = None;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = percent_decode(value)?;
        let slot: (&mut Option<String>, &'static str) = match key.to_ascii_lowercase().as_str() {
            "cmd" => (&mut cmd, "Cmd"),
            "user" => (&mut user, "User"),
            "deviceid" => (&mut device_id, "DeviceId"),
            "devicetype" => (&mut device_type, "DeviceType"),
            "collectionid" => (&mut collection_id, "CollectionId"),
            "itemid" => (&mut item_id, "ItemId"),
            "longid" => (&mut long_id, "LongId"),
            "attachmentname" => (&mut attachment_name, "AttachmentName"),
            "occurrence" => (&mut occurrence, "Occurrence"),
            "saveinsent" => {
                save_in_sent = value.eq_ignore_ascii_case("T");
                continue;
            }
            "policykey" => {
                query_policy_key = Some(parse_key(&value)?);
                continue;
            }
            // Exchange ignores parameters it does not know.
            _ => continue,
        };
        if slot.0.is_some() {
            return Err(RequestError::Duplicate(slot.1));
        }
        *slot.0 = Some(value);
    }
    let cmd = cmd
        .filter(|c| !c.is_empty())
        .ok_or(RequestError::MissingCommand)?;
    let command = Command::from_name(&cmd).ok_or(RequestError::UnknownCommand(cmd))?;
    let version = match headers.protocol_version {
        None => return Err(RequestError::MissingVersion(command)),
        Some(v) => ProtocolVersion::parse(v).ok_or_else(|| {
            RequestError::UnsupportedVersion(command, v.to_string(), String::new())
        })?,
    };
    let policy_key = headers.policy_key.map(parse_key).transpose()?;
    Ok(EasRequest {
        form: QueryForm::Plain,
        command,
        user,
        device_id: device_id.unwrap_or_default(),
        device_type: device_type.unwrap_or_default(),
        version,
        policy_key,
        query_policy_key,
        user_agent: String::new(),
        xms_wl: String::new(),
        locale: None,
        accept_multipart: false,
        save_in_sent,
        collection_id,
        item_id,
        long_id,
        attachment_name,
        occurrence,
    })
}

fn parse_key(text: &str) -> Result<u32, RequestError> {
    text.trim()
        .parse()
        .map_err(|_| RequestError::BadPolicyKey(text.to_string()))
}

/// Decodes `%XX` escapes and `+` (a space in query strings) into UTF-8 text.
fn percent_decode(text: &str) -> Result<String, RequestError> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).ok_or(RequestError::BadEncoding)?;
                let hex = std::str::from_utf8(hex).map_err(|_| RequestError::BadEncoding)?;
                out.push(u8::from_str_radix(hex, 16).map_err(|_| RequestError::BadEncoding)?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| RequestError::BadEncoding)
}

/// Percent-decodes without treating `+` as a space (base64 uses `+`).
fn unescape_base64(text: &str) -> Result<Vec<u8>, RequestError> {
    let decoded = percent_decode(&text.replace('+', "%2B"))?;
    let decoded = decoded.trim_end_matches('&').trim();
    let engine = base64::engine::general_purpose::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    engine.decode(decoded).map_err(|_| RequestError::BadBase64)
}

/// A cursor over the base64 bytes.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn byte(&mut self, what: &'static str) -> Result<u8, RequestError> {
        let (&b, rest) = self
            .bytes
            .split_first()
            .ok_or(RequestError::Truncated(what))?;
        self.bytes = rest;
        Ok(b)
    }

    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], RequestError> {
        if self.bytes.len() < n {
            return Err(RequestError::Truncated(what));
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }
}

fn parse_base64(query: &str) -> Result<EasRequest, RequestError> {
    let bytes = unescape_base64(query)?;
    let mut r = Reader { bytes: &bytes };
    let version = ProtocolVersion(r.byte("protocol version")?);
    let code = r.byte("command code")?;
    let command =
        Command::from_code(code).ok_or_else(|| RequestError::UnknownCommand(format!("#{code}")))?;
    let locale = r.take(2, "locale")?;
    let locale = u16::from_le_bytes([locale[0], locale[1]]);
    let id_len = r.byte("DeviceId length")?;
    let id = r.take(usize::from(id_len), "DeviceId")?;
    let device_id = if id.iter().all(u8::is_ascii_alphanumeric) {
        String::from_utf8_lossy(id).into_owned()
    } else {
        id.iter().map(|b| format!("{b:02X}")).collect()
    };
    let key_len = r.byte("policy key length")?;
    let policy_key = match key_len {
        0 => None,
        4 => {
            let k = r.take(4, "policy key")?;
            Some(u32::from_le_bytes([k[0], k[1], k[2], k[3]]))
        }
        _ => {
            return Err(RequestError::Truncated(
                "policy key (length must be 0 or 4)",
            ));
        }
    };
    let type_len = r.byte("DeviceType length")?;
    let device_type = text(r.take(usize::from(type_len), "DeviceType")?)?;
    let mut req = EasRequest {
        form: QueryForm::Base64,
        command,
        user: None,
        device_id,
        device_type,
        version,
        policy_key,
        query_policy_key: None,
        user_agent: String::new(),
        xms_wl: String::new(),
        locale: Some(locale),
        accept_multipart: false,
        save_in_sent: false,
        collection_id: None,
        item_id: None,
        long_id: None,
        attachment_name: None,
        occurrence: None,
    };
    while !r.bytes.is_empty() {
        let tag = r.byte("parameter tag")?;
        let len = r.byte("parameter length")?;
        let value = r.take(usize::from(len), "parameter value")?;
        match tag {
            0 => req.attachment_name = Some(text(value)?),
            1 => req.collection_id = Some(text(value)?),
            3 => req.item_id = Some(text(value)?),
            4 => req.long_id = Some(text(value)?),
            6 => req.occurrence = Some(text(value)?),
            7 => {
                let bits = value.first().copied().unwrap_or(0);
                req.save_in_sent = bits & 0x01 != 0;
                req.accept_multipart = bits & 0x02 != 0;
            }
            8 => req.user = Some(text(value)?),
            _ => {}
        }
    }
    Ok(req)
}

fn text(bytes: &[u8]) -> Result<String, RequestError> {
    String::from_utf8(bytes.to_vec()).map_err(|_| RequestError::BadEncoding)
}

/// Encodes a request line in the base64 form (used by the crate's own client and tests).
pub fn encode_base64(req: &EasRequest) -> String {
    let mut b = vec![req.version.0, req.command.code().unwrap_or(0)];
    b.extend_from_slice(&req.locale.unwrap_or(0x0409).to_le_bytes());
    b.push(req.device_id.len() as u8);
    b.extend_from_slice(req.device_id.as_bytes());
    match req.policy_key {
        Some(k) => {
            b.push(4);
            b.extend_from_slice(&k.to_le_bytes());
        }
        None => b.push(0),
    }
    b.push(req.device_type.len() as u8);
    b.extend_from_slice(req.device_type.as_bytes());
    let mut param = |tag: u8, value: &Option<String>| {
        if let Some(v) = value {
            b.push(tag);
            b.push(v.len() as u8);
            b.extend_from_slice(v.as_bytes());
        }
    };
    param(0, &req.attachment_name);
    param(1, &req.collection_id);
    param(3, &req.item_id);
    param(4, &req.long_id);
    param(6, &req.occurrence);
    param(8, &req.user);
    let options = u8::from(req.save_in_sent) | (u8::from(req.accept_multipart) << 1);
    if options != 0 {
        b.extend_from_slice(&[7, 1, options]);
    }
    base64::engine::general_purpose::STANDARD.encode(b)
}

/// Encodes the plain query string (without the leading `?`).
pub fn encode_plain(req: &EasRequest) -> String {
    let mut q = format!(
        "Cmd={}&User={}&DeviceId={}&DeviceType={}",
        req.command.name(),
        escape(req.user.as_deref().unwrap_or_default()),
        escape(&req.device_id),
        escape(&req.device_type)
    );
    for (name, value) in [
        ("CollectionId", &req.collection_id),
        ("ItemId", &req.item_id),
        ("LongId", &req.long_id),
        ("AttachmentName", &req.attachment_name),
        ("Occurrence", &req.occurrence),
    ] {
        if let Some(v) = value {
            q.push_str(&format!("&{name}={}", escape(v)));
        }
    }
    if req.save_in_sent {
        q.push_str("&SaveInSent=T");
    }
    if let Some(k) = req.query_policy_key {
        q.push_str(&format!("&PolicyKey={k}"));
    }
    q
}

/// Percent-encodes everything but unreserved characters.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl EasRequest {
    /// A request for `command` with no parameters beyond the required ones (for clients and tests).
    pub fn new(
        command: Command,
        user: &str,
        device_id: &str,
        device_type: &str,
        version: ProtocolVersion,
    ) -> EasRequest {
        EasRequest {
            form: QueryForm::Plain,
            command,
            user: Some(user.to_string()),
            device_id: device_id.to_string(),
            device_type: device_type.to_string(),
            version,
            policy_key: None,
            query_policy_key: None,
            user_agent: String::new(),
            xms_wl: String::new(),
            locale: None,
            accept_multipart: false,
            save_in_sent: false,
            collection_id: None,
            item_id: None,
            long_id: None,
            attachment_name: None,
            occurrence: None,
        }
    }

    /// The policy key the request presents: the header (or base64 field), else pyactivesync's query parameter.
    pub fn presented_key(&self) -> Option<u32> {
        self.policy_key.or(self.query_policy_key)
    }
}
