//! ValidateCert (MS-ASCMD 2.2.1.22): one `Certificate{Status}` per certificate the client sent. The simulator
//! holds no trust store, so every non-empty certificate gets `EasConfig::certificate_status` (1, valid,
//! unless a test or the server configuration says otherwise); an empty one 10, as Exchange maps
//! `ChainValidityStatus.EmptyCertificate` ([EX13] `Microsoft.Exchange.AirSync/ValidateCertCommand.cs
//! CheckStatus`).
//!
//! Errors as Exchange gives them (same file): an element other than CertificateChain, Certificates and
//! CheckCrl, or 100 certificates or more in one list (`MaxRetrievedItems`), is Status 2 with no certificate
//! entries; a quarantined device gets 17 (`HandleQuarantinedState`).

use crate::wbxml::Element;
use crate::wbxml::tags::ValidateCert as V;

use super::super::context::Cx;
use super::super::response::EasResponse;

/// Exchange's `MaxRetrievedItems` default ([EX13] `GlobalSettingsSchema.cs`).
const MAX_CERTIFICATES: usize = 100;

pub(crate) fn run(cx: &mut Cx<'_>, root: Option<&Element>) -> EasResponse {
    if cx.quarantined() {
        return status(17);
    }
    let Some(root) = root else {
        return status(2);
    };
    let mut certificates = Vec::new();
    for el in root.elements() {
        if el.is(&V::Certificates) || el.is(&V::CertificateChain) {
            let list: Vec<&Element> = el.elements().collect();
            if list.len() >= MAX_CERTIFICATES {
                return status(2);
            }
            if el.is(&V::Certificates) {
                certificates = list;
            }
        } else if !el.is(&V::CheckCRL) {
            return status(2);
        }
    }
    let configured = cx.config.certificate_status;
    let mut out = Element::new(V::ValidateCert).with_leaf(V::Status, "1");
    for cert in certificates {
        let empty = cert
            .bytes()
            .is_none_or(|b| b.iter().all(u8::is_ascii_whitespace));
        let s = if empty { 10 } else { configured };
        out.push(Element::new(V::Certificate).with_leaf(V::Status, s.to_string()));
    }
    EasResponse::wbxml(out, Some(1))
}

fn status(status: u16) -> EasResponse {
    EasResponse::wbxml(
        Element::new(V::ValidateCert).with_leaf(V::Status, status.to_string()),
        Some(status),
    )
}
