//! Unit tests of the import's value formats and record merging; the CLI tests (`tests/it/import.rs`) cover
//! whole exports.

use super::fields::{is_type_placeholder, parse_time};
use super::{Options, Source, import};

#[test]
fn dates_in_the_formats_exports_hold() {
    let iso = |t| parse_time(t, false).map(|t| t.to_string());
    assert_eq!(
        iso("11/23/2026 8:05:09 PM").as_deref(),
        Some("2026-11-23T20:05:09Z")
    );
    assert_eq!(
        iso("11/23/2026 12:00:00 AM").as_deref(),
        Some("2026-11-23T00:00:00Z")
    );
    assert_eq!(
        iso("2026-11-23T08:07:47.0000000+00:00").as_deref(),
        Some("2026-11-23T08:07:47Z")
    );
    assert_eq!(
        iso("/Date(1795420800000)/").as_deref(),
        Some("2026-11-23T08:00:00Z")
    );
    assert_eq!(
        parse_time("23/11/2026 20:05:09", true)
            .map(|t| t.to_string())
            .as_deref(),
        Some("2026-11-23T20:05:09Z")
    );
    assert_eq!(iso("23/11/2026 20:05:09"), None);
}

#[test]
fn type_placeholders_are_recognised_and_values_are_not() {
    for t in [
        "System.Collections.Generic.List`1[System.String]",
        "Microsoft.Exchange.Data.MultiValuedProperty`1[System.String]",
        "System.Object[]",
        "System.Collections.ArrayList",
        "Deserialized.Microsoft.Exchange.Data.MultiValuedProperty`1[[System.String, mscorlib]]",
    ] {
        assert!(is_type_placeholder(t), "{t}");
    }
    for t in [
        "ABC123;DEF456",
        "System",
        "alice@contoso.com",
        "Microsoft Outlook",
    ] {
        assert!(!is_type_placeholder(t), "{t}");
    }
}

#[test]
fn statistics_join_the_device_of_the_same_partnership() {
    let devices = "\"Identity\",\"DeviceId\",\"DeviceType\",\"DeviceModel\",\"DeviceAccessState\"\n\
                   \"alice\\ExchangeActiveSyncDevices\\iPhone§ABC\",\"ABC\",\"iPhone\",\"iPhone6C2\",\"Allowed\"\n";
    let stats = "\"Identity\",\"DeviceID\",\"LastSuccessSync\"\n\
                 \"alice\\ExchangeActiveSyncDevices\\iPhone§ABC\",\"abc\",\"11/23/2026 8:00:00 AM\"\n";
    let out = import(
        &[
            Source {
                name: "d.csv",
                text: devices,
            },
            Source {
                name: "s.csv",
                text: stats,
            },
        ],
        &Options::default(),
    )
    .expect("imports");
    assert_eq!(out.tenant.device_count(), 1);
    assert_eq!(out.synthesized_mailboxes, 1);
    let (_, d) = out.tenant.devices().next().expect("one device");
    assert_eq!(&*d.device_model, "iPhone6C2");
    assert_eq!(
        d.last_success_sync.map(|t| t.to_string()).as_deref(),
        Some("2026-11-23T08:00:00Z")
    );
}

/// The #11 policy and org settings come in from their exports' columns (the property names
/// Get-MobileDeviceMailboxPolicy and Get-ActiveSyncOrganizationSettings show; values as the reference pages list
/// them), and a policy export without them keeps the reference's defaults.
#[test]
fn the_policys_smime_lists_and_switches_and_the_org_settings_are_imported() {
    use crate::model::{EncryptionSmimeAlgorithm, SignedSmimeAlgorithm, SmimeNegotiation};
    let policies = "\"Name\",\"IsDefault\",\"RequireSignedSMIMEAlgorithm\",\"RequireEncryptionSMIMEAlgorithm\",\"AllowSMIMEEncryptionAlgorithmNegotiation\",\"ApprovedApplicationList\",\"UnapprovedInROMApplicationList\",\"IrmEnabled\",\"UNCAccessEnabled\",\"AllowMobileOTAUpdate\",\"PasswordEnabled\"\n\
                    \"Default\",\"True\",\"MD5\",\"RC2128bit\",\"BlockNegotiation\",\"{aa11, bb22}\",\"{x.exe}\",\"False\",\"False\",\"False\",\"False\"\n\
                    \"Plain\",\"False\",\"\",\"\",\"\",\"{}\",\"{}\",\"\",\"\",\"\",\"True\"\n";
    let org = "\"DefaultAccessLevel\",\"TenantAdminPreference\",\"AllowAccessForUnSupportedPlatform\",\"EnableMobileMailboxPolicyWhenCAInplace\",\"AllowRMSSupportForUnenlightenedApps\"\n\
               \"Allow\",\"Custom\",\"True\",\"True\",\"True\"\n";
    let out = import(
        &[
            Source {
                name: "p.csv",
                text: policies,
            },
            Source {
                name: "o.csv",
                text: org,
            },
        ],
        &Options::default(),
    )
    .expect("imports");
    let p = out.tenant.policy("Default").expect("Default");
    assert_eq!(p.require_signed_smime_algorithm, SignedSmimeAlgorithm::MD5);
    assert_eq!(
        p.require_encryption_smime_algorithm,
        EncryptionSmimeAlgorithm::RC2128bit
    );
    assert_eq!(
        p.allow_smime_encryption_algorithm_negotiation,
        SmimeNegotiation::BlockNegotiation
    );
    assert_eq!(p.approved_application_list, ["aa11", "bb22"]);
    assert_eq!(p.unapproved_in_rom_application_list, ["x.exe"]);
    assert!(!p.irm_enabled && !p.unc_access_enabled && !p.allow_mobile_ota_update);
    // Empty cells: the defaults of New-MobileDeviceMailboxPolicy.md ("The default value is SHA1", "… TripleDES",
    // "… AllowAnyAlgorithmNegotiation", IrmEnabled and AllowMobileOTAUpdate "$true").
    let plain = out.tenant.policy("Plain").expect("Plain");
    assert_eq!(
        plain.require_signed_smime_algorithm,
        SignedSmimeAlgorithm::SHA1
    );
    assert_eq!(
        plain.require_encryption_smime_algorithm,
        EncryptionSmimeAlgorithm::TripleDES
    );
    assert_eq!(
        plain.allow_smime_encryption_algorithm_negotiation,
        SmimeNegotiation::AllowAnyAlgorithmNegotiation
    );
    assert!(plain.irm_enabled && plain.allow_mobile_ota_update);
    assert!(plain.approved_application_list.is_empty());
    let o = &out.tenant.org;
    assert!(o.allow_rms_support_for_unenlightened_apps);
    assert!(o.enable_mobile_mailbox_policy_when_ca_inplace);
    assert_eq!(o.tenant_admin_preference.as_deref(), Some("Custom"));
}

// ---- Get-CASMailbox's other settings (issue #11 item 4) ------------------------------------------------------

#[test]
fn a_cas_export_keeps_the_other_protocols_settings() {
    // Column names and values as Get-CASMailbox prints them (Set-CASMailbox.md's parameters; MimeTextFormat
    // "0: TextOnly"; blank SmtpClientAuthenticationDisabled "This value is the default"); Export-Csv joins a
    // MultiValuedProperty's values only as a type name, so a list is written here as ConvertTo-Json would hold it,
    // `;`-joined text the import already takes for the ActiveSync lists.
    let cas = "\"Name\",\"PrimarySmtpAddress\",\"ActiveSyncEnabled\",\"OWAEnabled\",\"OutlookMobileEnabled\",\"PopMessagesRetrievalMimeFormat\",\"EwsApplicationAccessPolicy\",\"EwsBlockList\",\"SmtpClientAuthenticationDisabled\",\"OwaMailboxPolicy\"\n\
               \"alice\",\"alice@contoso.com\",\"True\",\"False\",\"False\",\"TextOnly\",\"EnforceBlockList\",\"BadApp/1;Other/2\",\"True\",\"Contractors\"\n\
               \"bob\",\"bob@contoso.com\",\"True\",\"True\",\"True\",\"BestBodyFormat\",\"\",\"\",\"\",\"\"\n";
    let out = import(
        &[Source {
            name: "cas.csv",
            text: cas,
        }],
        &Options::default(),
    )
    .expect("imports");
    let find = |name: &str| {
        out.tenant
            .mailboxes()
            .find(|(_, m)| m.name == name)
            .map(|(_, m)| m.cas.clone())
            .expect("imported")
    };
    let alice = find("alice");
    assert!(!alice.owa_enabled && !alice.outlook_mobile_enabled);
    assert_eq!(alice.pop_messages_retrieval_mime_format.name(), "TextOnly");
    assert_eq!(
        alice.ews_application_access_policy.map(|p| p.name()),
        Some("EnforceBlockList")
    );
    assert_eq!(alice.ews_block_list, ["BadApp/1", "Other/2"]);
    assert_eq!(alice.smtp_client_authentication_disabled, Some(true));
    assert_eq!(alice.owa_mailbox_policy.as_deref(), Some("Contractors"));
    let bob = find("bob");
    assert_eq!(
        (
            bob.owa_enabled,
            bob.ews_application_access_policy,
            bob.smtp_client_authentication_disabled,
            bob.owa_mailbox_policy.as_deref()
        ),
        (true, None, None, None)
    );
}
