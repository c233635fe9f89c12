//! The tenant as an address book, for ResolveRecipients, Search (GAL) and Find (GAL): ambiguous name
//! resolution over the tenant's name index, ordered as Exchange's address book orders it, and a mailbox's
//! GAL properties.
//!
//! Lookups go through `Tenant::anr`, an index of display names, their words, aliases and SMTP addresses: cost
//! follows the matches (bounded by the caller's limit), never the size of the tenant.

use crate::model::{MailboxId, Tenant, eq_ci};
use crate::wbxml::Element;
use crate::wbxml::tags::Gal as G;

/// Mailboxes matching `query` by ANR, at most `limit`, ordered by display name. A query in address form
/// (`SMTP:x@y` or `Name <x@y>`, what Exchange parses as a participant with a routing type before ANR,
/// [EX13] `Microsoft.Exchange.AirSync/AnrManager.cs TryParseNameBeforeAnr`) must match an address exactly.
pub(crate) fn resolve(tenant: &Tenant, query: &str, limit: usize) -> Vec<MailboxId> {
    let q = query.trim();
    let address = match (q.find('<'), q.rfind('>')) {
        (Some(a), Some(b)) if a < b => Some(q[a + 1..b].trim()),
        _ => q
            .get(..5)
            .filter(|p| p.eq_ignore_ascii_case("smtp:"))
            .map(|_| q[5..].trim()),
    };
    let mut ids = match address {
        Some(addr) => tenant
            .find_mailboxes(addr)
            .iter()
            .copied()
            .filter(|&id| eq_ci(&tenant.mailbox(id).primary_smtp_address, addr))
            .collect(),
        None => tenant.anr(q, limit),
    };
    ids.sort_by_cached_key(|&id| (tenant.mailbox(id).display_name.to_lowercase(), id));
    ids
}

/// A mailbox's GAL properties in the order Exchange writes them (DisplayName, Phone, Office, Title, Company,
/// Alias, FirstName, LastName, HomePhone, MobilePhone, EmailAddress), leaving out those it has no value for
/// ([EX13] `Microsoft.Exchange.AirSync/GalSearchProvider.cs BuildResponse`, `schema`). The model keeps a
/// display name, alias and SMTP address.
pub(crate) fn gal_properties(tenant: &Tenant, id: MailboxId) -> Vec<Element> {
    let m = tenant.mailbox(id);
    [
        (G::DisplayName, &m.display_name),
        (G::Alias, &m.alias),
        (G::EmailAddress, &m.primary_smtp_address),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(tag, v)| Element::leaf(tag, v.as_str()))
    .collect()
}

/// Exchange's `MinGALSearchLength` (4): a shorter GAL query finds nothing, unless it starts with a letter of
/// a caseless script ([EX13] `GalSearchProvider.Execute`: `UnicodeCategory.OtherLetter`; `GlobalSettingsSchema.cs`).
pub(crate) fn long_enough(query: &str) -> bool {
    const MIN_GAL_SEARCH_LENGTH: usize = 4;
    let first = query.chars().next();
    let other_letter =
        first.is_some_and(|c| c.is_alphabetic() && !c.is_lowercase() && !c.is_uppercase());
    query.chars().count() >= MIN_GAL_SEARCH_LENGTH || other_letter
}
