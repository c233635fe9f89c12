//! Unit tests of the generator: determinism, the profile's distributions within tolerance, unique identities,
//! timeline and access invariants, realistic catalog strings, profile errors, and a snapshot of a tiny tenant.

use expect_test::{Expect, expect};
use hashbrown::HashSet;

use super::catalog::{self, IOS_RELEASES, Kind};
use super::generate::stamp;
use super::ids;
use super::*;
use crate::model::{
    ClientType, DeviceAccessState, DeviceAccessStateReason, RecipientTypeDetails, Tenant,
    Timestamp, to_json,
};

fn now() -> Timestamp {
    Timestamp::parse("2026-11-23T00:00:00Z").unwrap()
}

fn builtin(name: &str) -> Profile {
    Profile::parse(builtin_profile(name).unwrap()).unwrap()
}

#[track_caller]
fn check(actual: impl AsRef<str>, expect: Expect) {
    expect.assert_eq(actual.as_ref());
}

const TINY: &str = r#"
description = "tiny"
domain = "contoso.com"
mailboxes = 8
password = "P@ssw0rd!"
[recipient_types]
UserMailbox = 3
SharedMailbox = 1
[users]
devices_per_mailbox = [0, 1, 2]
languages = { "en-US" = 1, "de-DE" = 1 }
[population]
"iphone-5s" = 3
"galaxy-s21" = 1
"outlook-ios" = 1
"outlook-android" = 1
"windows-mail" = 1
[outlook]
rest_fraction = 0.5
[sync]
active_last_sync_hours = [0, 48]
stale_fraction = 0.2
stale_last_sync_days = [30, 400]
never_synced_fraction = 0.2
partnership_age_days = [1, 700]
[lists]
allow_fraction = 0.2
[org]
default_access_level = "Quarantine"
[[rules]]
characteristic = "DeviceModel"
query_string = "iPhone6C2"
access_level = "Allow"
"#;

/// A readable digest of a tenant: each mailbox, then its devices' identity, strings, times and state.
fn summary(t: &Tenant) -> String {
    let mut out = format!(
        "{} mailboxes, {} devices, org default {}, {} rule(s)\n",
        t.mailbox_count(),
        t.device_count(),
        t.org.default_access_level,
        t.rules.len()
    );
    let opt = |ts: Option<Timestamp>| ts.map_or("-".to_string(), |t| t.to_string());
    for (id, m) in t.mailboxes() {
        out += &format!(
            "{} | {} | {} | {} | EAS {} | allow {:?} block {:?}\n",
            m.name,
            m.display_name,
            m.primary_smtp_address,
            m.recipient_type_details,
            m.cas.active_sync_enabled,
            m.cas.allowed_device_ids,
            m.cas.blocked_device_ids
        );
        for &k in t.devices_of(id) {
            let d = t.device(k).unwrap();
            out += &format!(
                "  {}\n    {} | {} | {} | {} | {} {} | {:?} | {} | {} | {}\n    first {} attempt {} success {} | {} / {}\n",
                t.device_identity(d),
                d.device_model,
                d.device_os,
                d.device_user_agent,
                d.device_os_language,
                d.client_type,
                d.client_version,
                d.friendly_name,
                d.device_imei,
                d.device_telephone_number,
                d.device_mobile_operator,
                opt(d.first_sync_time),
                opt(d.last_sync_attempt_time),
                opt(d.last_success_sync),
                d.access.state,
                d.access.reason,
            );
        }
    }
    out
}

#[test]
fn builtin_profiles_parse_and_are_listed() {
    let sizes: Vec<String> = builtin_profile_names()
        .iter()
        .map(|n| {
            let p = builtin(n);
            format!(
                "{n}: {} mailboxes, ~{:.0} devices",
                p.mailboxes(),
                p.expected_devices_per_mailbox() * f64::from(p.mailboxes())
            )
        })
        .collect();
    check(
        sizes.join("\n"),
        expect![[r#"
            small: 50 mailboxes, ~65 devices
            default: 1000 mailboxes, ~1363 devices
            large: 100000 mailboxes, ~247950 devices
            scenario-a: 2000 mailboxes, ~2280 devices"#]],
    );
    assert!(builtin_profile("nope").is_none());
}

#[test]
fn same_seed_gives_identical_json_and_another_seed_does_not() {
    let p = builtin("small");
    let a = to_json(&generate(&p, 7, now()));
    let b = to_json(&generate(&p, 7, now()));
    let c = to_json(&generate(&p, 8, now()));
    assert_eq!(a, b);
    assert_ne!(a, c);
    // The fixture reads back into an equal tenant.
    let back = crate::model::from_json(&a).unwrap();
    assert_eq!(to_json(&back), a);
}

#[test]
fn tiny_profile_snapshot() {
    let t = generate(&Profile::parse(TINY).unwrap(), 1, now());
    check(
        summary(&t),
        expect![[r#"
        8 mailboxes, 11 devices, org default Quarantine, 1 rule(s)
        Dylan Yamamoto | Dylan Yamamoto | dylan.yamamoto@contoso.com | UserMailbox | EAS true | allow ["SECFEF2576002841"] block []
          Dylan Yamamoto\ExchangeActiveSyncDevices\SAMSUNGSMG991B§SECFEF2576002841
            SM-G991B | Android 15.0.0 | Android-SAMSUNG-SM-G991B/101.150301 | en-US | EAS 16.1 | "Galaxy S21" | 357729168583493 | +14255550162 | Verizon
            first 2026-05-21T07:44:42Z attempt 2026-11-22T19:13:34Z success 2026-11-22T19:13:34Z | Allowed / Individual
          Dylan Yamamoto\ExchangeActiveSyncDevices\iPhone§ApplNKLGNL28ECC8
            iPhone6C2 | iOS 12.5.7 16H81 | Apple-iPhone6C2/1608.81 | en-US | EAS 16.1 | "Dylan's iPhone" | 356329592213881 | +14255550189 | T-Mobile
            first 2025-03-08T07:52:50Z attempt 2026-11-21T00:10:58Z success 2026-11-21T00:10:58Z | Allowed / DeviceRule
        Reception Berlin | Reception Berlin | reception.berlin@contoso.com | SharedMailbox | EAS true | allow [] block []
        Maja Farah | Maja Farah | maja.farah@contoso.com | UserMailbox | EAS true | allow [] block []
          Maja Farah\ExchangeActiveSyncDevices\iPhone§ApplHDVTE1JCZC41
            iPhone6C2 | iOS 12.5.7 16H81 | Apple-iPhone6C2/1608.81 | de-DE | EAS 16.1 | "Maja's iPhone" | 352884976879560 |  | Vodafone.de
            first 2025-04-05T12:25:08Z attempt 2026-11-21T00:45:23Z success 2026-11-21T00:45:23Z | Allowed / DeviceRule
          Maja Farah\ExchangeActiveSyncDevices\REST§Outlook§5a2a8c403b16d71662178a98e509adc1
            Outlook for iOS and Android | iOS 26.0.1 | Outlook-iOS/2.0 | de-DE | REST 1.0 | "Outlook for iOS" |  |  | 
            first 2024-10-05T10:27:00Z attempt 2026-03-29T04:47:40Z success 2026-03-29T04:47:40Z | Quarantined / Global
        Joseph Seidel | Joseph Seidel | joseph.seidel@contoso.com | UserMailbox | EAS true | allow ["ApplNMZ29R7ET0SX"] block []
          Joseph Seidel\ExchangeActiveSyncDevices\iPhone§ApplNMZ29R7ET0SX
            iPhone |  | Apple-iPhone6C2/1607.102 |  | EAS 16.1 | "" |  |  | 
            first 2026-05-31T09:30:38Z attempt 2026-11-21T17:34:44Z success - | Allowed / Individual
          Joseph Seidel\ExchangeActiveSyncDevices\SAMSUNGSMG991B§SEC7D758C1E37A40
            SM-G991B | Android 14.0.0 | Android-SAMSUNG-SM-G991B/101.140301 | en-US | EAS 16.1 | "Galaxy S21" | 357934933283383 |  | AT&T
            first 2026-09-25T08:09:34Z attempt 2026-11-22T14:18:01Z success 2026-11-22T14:18:01Z | Quarantined / Global
        Abigail Haas | Abigail Haas | abigail.haas@contoso.com | UserMailbox | EAS true | allow [] block []
          Abigail Haas\ExchangeActiveSyncDevices\REST§Outlook§de1911d0fda4540e263cf5315936a33d
            Outlook for iOS and Android | iOS 26.1 | Outlook-iOS/2.0 | en-US | REST 1.0 | "Outlook for iOS" |  |  | 
            first 2026-04-05T12:35:36Z attempt 2026-06-15T16:22:28Z success - | Quarantined / Global
          Abigail Haas\ExchangeActiveSyncDevices\REST§Outlook§9ef543e82c7b8d6b140f4156d4955471
            Outlook for iOS and Android | iOS 26.1 | Outlook-iOS/2.0 | en-US | REST 1.0 | "Outlook for iOS" |  |  | 
            first 2024-11-15T15:53:08Z attempt 2025-11-25T16:38:34Z success - | Quarantined / Global
        Greta Cook | Greta Cook | greta.cook@contoso.com | UserMailbox | EAS true | allow [] block []
          Greta Cook\ExchangeActiveSyncDevices\Outlook§2be3514e4a02af205f546ba8370544a2
            Outlook for iOS and Android | Android 14 | Outlook-Android/2.0 | en-US | Outlook 1.0 | "Outlook for Android" |  |  | 
            first 2024-04-14T13:47:07Z attempt 2025-12-01T17:46:38Z success 2025-12-01T17:46:38Z | Quarantined / Global
          Greta Cook\ExchangeActiveSyncDevices\iPhone§ApplH4ZXJDZLJS9G
            iPhone6C2 | iOS 12.4.1 16G102 | Apple-iPhone6C2/1607.102 | en-US | EAS 16.1 | "Greta's iPhone" | 358121624064715 |  | AT&T
            first 2026-03-13T15:45:46Z attempt 2026-11-22T20:36:25Z success 2026-11-22T20:36:25Z | Allowed / DeviceRule
        Patrick Foster | Patrick Foster | patrick.foster@contoso.com | UserMailbox | EAS true | allow [] block []
          Patrick Foster\ExchangeActiveSyncDevices\WindowsMail§B7BE5A7AE324470E1B4C4DB26DDF5238
            Surface Pro 9 | Windows 10.0.19045 | MSFT-WIN-3/10.0.19045 | de-DE | EAS 16.1 | "DESKTOP-FQMHP7P" |  |  | 
            first 2026-02-07T22:45:51Z attempt 2026-11-21T11:28:33Z success 2026-11-21T11:28:33Z | Quarantined / Global
        Events Seattle | Events Seattle | events.seattle@contoso.com | SharedMailbox | EAS true | allow [] block []
    "#]],
    );
}

#[test]
fn default_profile_distributions_are_within_tolerance() {
    let p = builtin("default");
    let t = generate(&p, 1, now());
    assert_eq!(t.mailbox_count(), 1000);
    let users = t
        .mailboxes()
        .filter(|(_, m)| m.recipient_type_details == RecipientTypeDetails::UserMailbox)
        .count();
    assert!((900..=970).contains(&users), "user mailboxes: {users}");
    let expected = p.expected_devices_per_mailbox() * 1000.0;
    let n = t.device_count() as f64;
    assert!(
        (n / expected - 1.0).abs() < 0.1,
        "{n} devices, expected ~{expected}"
    );
    let share = |f: &dyn Fn(&crate::model::MobileDevice) -> bool| {
        t.devices().filter(|(_, d)| f(d)).count() as f64 / n
    };
    let outlook = share(&|d| &*d.device_type == "Outlook");
    assert!((0.25..0.40).contains(&outlook), "Outlook share {outlook}");
    // The profile's never-synced share, and (apart from it) the Outlook partnerships without a LastSuccessSync.
    let outlook_unsynced =
        |d: &crate::model::MobileDevice| crate::generator::catalog::outlook_without_success_sync(d);
    let never = share(&|d| d.last_success_sync.is_none() && !outlook_unsynced(d));
    assert!((0.01..0.06).contains(&never), "never synced {never}");
    let outlook_never = share(&|d| outlook_unsynced(d) && d.last_success_sync.is_none()) / outlook;
    assert!(
        (0.15..0.35).contains(&outlook_never),
        "Outlook without LastSuccessSync {outlook_never}"
    );
    let month_ago = now().add_secs(-30 * 86_400);
    let stale = share(&|d| d.last_sync_attempt_time.is_some_and(|a| a < month_ago));
    assert!((0.08..0.20).contains(&stale), "stale {stale}");
    let rest = t
        .devices()
        .filter(|(_, d)| d.client_type == ClientType::REST)
        .count() as f64
        / (outlook * n);
    assert!((0.25..0.45).contains(&rest), "REST among Outlook {rest}");
    let disabled = t
        .mailboxes()
        .filter(|(_, m)| !m.cas.active_sync_enabled)
        .count();
    assert!((5..=45).contains(&disabled), "EAS disabled {disabled}");
}

#[test]
fn identities_are_unique() {
    let t = generate(&builtin("default"), 3, now());
    let mut seen = HashSet::new();
    for (_, d) in t.devices() {
        assert!(seen.insert(t.device_identity(d).to_lowercase()));
    }
    let mut guids = HashSet::new();
    for (_, m) in t.mailboxes() {
        assert!(guids.insert(m.guid));
        for key in [&m.name, &m.alias, &m.primary_smtp_address] {
            assert_eq!(t.find_mailboxes(key).len(), 1, "{key} is ambiguous");
        }
        assert_eq!(m.primary_smtp_address, format!("{}@contoso.com", m.alias));
        assert_eq!(m.user_principal_name, m.primary_smtp_address);
    }
    for (_, d) in t.devices() {
        assert!(guids.insert(d.guid));
    }
}

#[test]
fn devices_keep_their_invariants() {
    for name in ["default", "scenario-a"] {
        let t = generate(&builtin(name), 11, now());
        for (_, d) in t.devices() {
            let owner = t.mailbox(d.mailbox);
            let what = t.device_identity(d);
            assert_eq!(
                owner.recipient_type_details,
                RecipientTypeDetails::UserMailbox
            );
            let first = d.first_sync_time.unwrap();
            let attempt = d.last_sync_attempt_time.unwrap();
            assert!(first < attempt, "{what}");
            assert!(attempt <= now(), "{what}");
            if let Some(success) = d.last_success_sync {
                assert!(first <= success && success <= attempt, "{what}");
                assert!(d.provisioning.policy_key.is_some(), "{what}");
                assert!(d.device_information_received, "{what}");
            } else if !crate::generator::catalog::outlook_without_success_sync(d) {
                // Outlook mobile partnerships without a LastSuccessSync are provisioned all the same.
                assert!(d.provisioning.policy_key.is_none(), "{what}");
            }
            assert!(
                d.device_id.len() <= 32 && d.device_id.bytes().all(|b| b.is_ascii_alphanumeric())
            );
            assert!(
                d.device_imei.is_empty() || ids::luhn_valid(&d.device_imei),
                "{what}"
            );
            assert!(
                d.device_imei.is_empty() || d.device_imei.len() == 15,
                "{what}"
            );
            let outlook = &*d.device_type == "Outlook";
            assert_eq!(
                outlook,
                matches!(d.client_type, ClientType::REST | ClientType::Outlook),
                "{what}"
            );
            if !d.device_information_received {
                assert_eq!(d.device_model, d.device_type, "{what}");
            }
            assert_eq!(
                d.access,
                stamp(&t.rules, t.org.default_access_level, &owner.cas, d),
                "{what}"
            );
        }
    }
}

#[test]
fn catalog_strings_are_realistic() {
    let s5 = catalog::product("iphone-5s").unwrap();
    assert_eq!((s5.model, s5.kind), ("iPhone6C2", Kind::Iphone));
    let r = IOS_RELEASES.iter().find(|r| r.build == "16B92").unwrap();
    assert_eq!(r.ua_build(), "1602.92");
    let r = IOS_RELEASES.iter().find(|r| r.build == "19H386").unwrap();
    assert_eq!(r.ua_build(), "1908.386");
    assert!(ids::luhn_valid("490154203237518"));
    assert!(!ids::luhn_valid("490154203237519"));

    let t = generate(&builtin("default"), 5, now());
    let mut seen = std::collections::BTreeSet::new();
    for (_, d) in t.devices().filter(|(_, d)| d.device_information_received) {
        let line = match &*d.device_model {
            "iPhone6C2" => {
                assert_eq!(&*d.device_type, "iPhone");
                assert!(d.device_os.starts_with("iOS 12."), "{}", d.device_os);
                assert!(d.device_user_agent.starts_with("Apple-iPhone6C2/160"));
                "iphone-5s"
            }
            "SM-G991B" => {
                assert_eq!(&*d.device_type, "SAMSUNGSMG991B");
                assert!(d.device_os.starts_with("Android 1"));
                assert!(
                    d.device_user_agent
                        .starts_with("Android-SAMSUNG-SM-G991B/101.")
                );
                "galaxy-s21"
            }
            "Outlook for iOS and Android" => {
                assert_eq!(&*d.device_type, "Outlook");
                let ios = d.device_os.starts_with("iOS ");
                let ua = if ios {
                    "Outlook-iOS/2.0"
                } else {
                    "Outlook-Android/2.0"
                };
                assert_eq!(&*d.device_user_agent, ua);
                assert_eq!(d.device_id.len(), 32);
                "outlook"
            }
            _ if &*d.device_type == "WindowsMail" => {
                assert!(d.device_os.starts_with("Windows 10.0."));
                assert!(
                    d.friendly_name.starts_with("DESKTOP-")
                        || d.friendly_name.starts_with("LAPTOP-")
                );
                "windows-mail"
            }
            _ => continue,
        };
        seen.insert(line);
    }
    check(
        format!("{seen:?}"),
        expect![[r#"{"galaxy-s21", "iphone-5s", "outlook", "windows-mail"}"#]],
    );
}

#[test]
fn scenario_a_allows_the_new_model_by_rule_and_quarantines_the_rest() {
    let t = generate(&builtin("scenario-a"), 1, now());
    let mut counts = std::collections::BTreeMap::new();
    for (_, d) in t.devices() {
        let model = if &*d.device_model == "iPhone6C2" {
            "iPhone6C2"
        } else {
            "other"
        };
        *counts
            .entry(format!("{model}: {} / {}", d.access.state, d.access.reason))
            .or_insert(0) += 1;
        if d.access.reason == DeviceAccessStateReason::DeviceRule {
            assert_eq!(d.access.rule.as_deref(), Some("iPhone6C2 (DeviceModel)"));
        }
    }
    let lines: Vec<String> = counts.keys().cloned().collect();
    check(
        lines.join("\n"),
        expect![[r#"
            iPhone6C2: Allowed / DeviceRule
            iPhone6C2: Allowed / Individual
            iPhone6C2: Blocked / Individual
            other: Allowed / Individual
            other: Blocked / Individual
            other: Quarantined / Global"#]],
    );
    let rule_allowed = t
        .devices()
        .filter(|(_, d)| d.access.state == DeviceAccessState::Allowed)
        .filter(|(_, d)| d.access.reason == DeviceAccessStateReason::DeviceRule)
        .count();
    assert!(
        (400..700).contains(&rule_allowed),
        "{rule_allowed} allowed by the rule"
    );
}

#[test]
fn products_released_after_now_are_left_out() {
    let then = Timestamp::parse("2019-01-01T00:00:00Z").unwrap();
    let t = generate(&builtin("default"), 1, then);
    for (_, d) in t.devices() {
        assert!(d.last_sync_attempt_time.unwrap() <= then);
        assert!(!matches!(
            &*d.device_model,
            "iPhone12C1" | "iPhone18C1" | "SM-S931B"
        ));
        assert!(!d.device_os.starts_with("iOS 26"), "{}", d.device_os);
    }
    assert!(t.device_count() > 500);
}

#[test]
fn bad_profiles_get_clear_errors() {
    let errors: Vec<String> = [
        TINY.replace("\"galaxy-s21\" = 1", "\"galaxy-s99\" = 1"),
        TINY.replace("rest_fraction = 0.5", "rest_fraction = 1.5"),
        TINY.replace("mailboxes = 8", "mailboxes = 8\ncolour = \"blue\""),
        TINY.replace("stale_fraction = 0.2", "stale_fraction = 0.9"),
        TINY.replace("[0, 48]", "[48, 0]"),
        TINY.replace("\"de-DE\" = 1", "\"xx-XX\" = 1"),
        TINY.replace("default_access_level = \"Quarantine\"", "default_access_level = \"Deny\""),
        format!("{TINY}[[rules]]\ncharacteristic = \"DeviceModel\"\nquery_string = \"IPHONE6C2\"\naccess_level = \"Block\"\n"),
        TINY.replace("domain = \"contoso.com\"", "domain = \"contoso\""),
        TINY.replace("mailboxes = 8", "mailboxes = 8 8"),
    ]
    .iter()
    .map(|text| Profile::parse(text).unwrap_err().to_string())
    .collect();
    check(
        errors.join("\n"),
        expect![[r#"
        line 14, column 1: unknown catalog product 'galaxy-s99'; known products: iphone-5s, iphone-6, iphone-6s, iphone-se, iphone-7, iphone-8, iphone-x, iphone-xr, iphone-xs, iphone-11, iphone-11-pro, iphone-se-2, iphone-12, iphone-12-pro, iphone-13, iphone-13-pro, iphone-se-3, iphone-14, iphone-14-pro, iphone-15, iphone-15-pro, iphone-16, iphone-16-pro, iphone-16e, iphone-17, iphone-17-pro, ipad-6, ipad-air-4, ipad-pro-11-4, galaxy-s7, galaxy-s9, galaxy-s10, galaxy-s20, galaxy-s21, galaxy-s22, galaxy-s23, galaxy-s24, galaxy-s25, galaxy-a52, galaxy-a54, galaxy-xcover6, pixel-6, pixel-7, pixel-8, pixel-9, xiaomi-13, oneplus-11, moto-g54, outlook-ios, outlook-android, windows-mail
        line 19, column 17: a fraction must be between 0 and 1, not 1.5
        line 5, column 1: unknown field `colour`, expected one of `description`, `domain`, `mailboxes`, `password`, `recipient_types`, `users`, `population`, `outlook`, `sync`, `lists`, `org`, `rules`
        [sync] stale_fraction + never_synced_fraction is 1.1; it must be at most 1
        line 21, column 26: expected [low, high] with 0 <= low <= high, not [48, 0]
        line 11, column 28: unknown language 'xx-XX'; known languages: en-US, en-GB, de-DE, fr-FR, nl-NL, es-ES, it-IT, ja-JP
        line 29, column 24: unknown variant `Deny`, expected one of `Allow`, `Block`, `Quarantine`
        [[rules]] #2: a rule for DeviceModel 'IPHONE6C2' is already defined above
        domain 'contoso' is not a DNS domain such as contoso.com
        line 4, column 15: expected newline, `#`"#]],
    );
}
