//! HTTP Basic credentials: parsing the `Authorization` header, checking them against the tenant's users, and
//! checking that the URI's `User=` names the authenticated user (no one reaches another user's mailbox).
//!
//! User names are accepted as Exchange accepts them: UPN, primary SMTP address, alias, or `DOMAIN\alias`.

use base64::Engine as _;

use crate::model::{MailboxId, RecipientTypeDetails, Tenant};

/// A user name and password from a Basic `Authorization` header.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub user: String,
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

impl Credentials {
    /// Parses `Basic <base64(user:password)>`; `None` for other schemes or malformed values.
    pub fn from_header(value: &str) -> Option<Credentials> {
        let (scheme, token) = value.trim().split_once(' ')?;
        if !scheme.eq_ignore_ascii_case("Basic") {
            return None;
        }
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(token.trim())
            .ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let (user, password) = text.split_once(':')?;
        Some(Credentials {
            user: user.to_string(),
            password: password.to_string(),
        })
    }

    /// The header value for these credentials.
    pub fn header(&self) -> String {
        let token = base64::engine::general_purpose::STANDARD
            .encode(format!("{}:{}", self.user, self.password));
        format!("Basic {token}")
    }
}

/// Strips a `DOMAIN\` prefix.
fn bare(user: &str) -> &str {
    user.rsplit_once('\\').map_or(user, |(_, u)| u).trim()
}

/// The user mailbox these credentials sign in to, if the user exists and the password matches.
pub fn authenticate(tenant: &Tenant, credentials: &Credentials) -> Option<MailboxId> {
    let name = bare(&credentials.user);
    if name.is_empty() {
        return None;
    }
    tenant.find_mailboxes(name).iter().copied().find(|&id| {
        let m = tenant.mailbox(id);
        m.recipient_type_details == RecipientTypeDetails::UserMailbox
            && !m.password.is_empty()
            && m.password == credentials.password
    })
}

/// Whether the URI's `User=` names `mailbox` (any of its identities).
pub fn names_mailbox(tenant: &Tenant, user: &str, mailbox: MailboxId) -> bool {
    tenant.find_mailboxes(bare(user)) == [mailbox]
}
