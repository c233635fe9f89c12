//! Unit tests of the tenant model: indexes stay in step with the data, identities resolve as Exchange resolves
//! them, fixtures round-trip and bad fixtures get precise errors.

use expect_test::{Expect, expect};

use super::*;

fn mailbox(n: u32, name: &str) -> Mailbox {
    Mailbox {
        guid: Guid::from_random_bits(u128::from(n) << 64 | 0xABCD),
        name: name.to_string(),
        alias: name.to_lowercase(),
        display_name: name.to_string(),
        primary_smtp_address: format!("{}@contoso.com", name.to_lowercase()),
        user_principal_name: format!("{}@contoso.com", name.to_lowercase()),
        recipient_type_details: RecipientTypeDetails::UserMailbox,
        password: "P@ssw0rd".to_string(),
        cas: CasSettings::default(),
    }
}

fn sample() -> Tenant {
    let mut t = Tenant::new("contoso.com");
    let alice = t.add_mailbox(mailbox(1, "Alice")).unwrap();
    let bob = t.add_mailbox(mailbox(2, "Bob")).unwrap();
    let mut d = MobileDevice::new(Guid::from_random_bits(11), alice, "ApplF17XK1", "iPhone");
    d.device_model = "iPhone6C2".into();
    d.device_os = "iOS 12.1 16B92".into();
    d.first_sync_time = Timestamp::parse("2026-11-01T08:00:00Z");
    t.add_device(d).unwrap();
    let mut o = MobileDevice::new(Guid::from_random_bits(12), bob, "5eec4e94", "Outlook");
    o.client_type = ClientType::REST;
    o.device_model = "Outlook for iOS and Android".into();
    t.add_device(o).unwrap();
    t.rules
        .insert(DeviceAccessRule {
            guid: Guid::from_random_bits(21),
            query_string: "iPhone6C2".to_string(),
            characteristic: Characteristic::DeviceModel,
            access_level: AccessLevel::Allow,
            when_created: None,
        })
        .unwrap();
    t.set_changes(0);
    t
}

#[track_caller]
fn check(actual: impl std::fmt::Debug, expect: Expect) {
    expect.assert_eq(&format!("{actual:?}"));
}

#[test]
fn mailbox_identities_resolve_case_insensitively() {
    let t = sample();
    check(t.find_mailboxes("ALICE"), expect!["[MailboxId(0)]"]);
    check(
        t.find_mailboxes("bob@CONTOSO.com"),
        expect!["[MailboxId(1)]"],
    );
    check(
        t.find_mailboxes(&t.mailbox(MailboxId(1)).guid.to_string().to_uppercase()),
        expect!["[MailboxId(1)]"],
    );
    check(t.find_mailboxes("carol"), expect!["[]"]);
}

#[test]
fn duplicate_mailbox_fields_are_refused() {
    let mut t = sample();
    let mut m = mailbox(3, "Carol");
    m.primary_smtp_address = "ALICE@contoso.com".to_string();
    check(
        t.add_mailbox(m).unwrap_err().to_string(),
        expect![[r#""a mailbox with PrimarySmtpAddress 'ALICE@contoso.com' already exists""#]],
    );
    // Another mailbox's alias may equal this one's name: that is what makes identities ambiguous.
    let mut m = mailbox(4, "Dave");
    m.alias = "carl".to_string();
    t.add_mailbox(m).unwrap();
    let mut m = mailbox(5, "carl");
    m.alias = "carl2".to_string();
    t.add_mailbox(m).unwrap();
    check(
        t.find_mailboxes("carl"),
        expect!["[MailboxId(2), MailboxId(3)]"],
    );
}

#[test]
fn device_identities_follow_exchange_shapes() {
    let t = sample();
    let ids: Vec<String> = t.devices().map(|(_, d)| t.device_identity(d)).collect();
    check(
        ids,
        expect![[
            r#"["Alice\\ExchangeActiveSyncDevices\\iPhone§ApplF17XK1", "Bob\\ExchangeActiveSyncDevices\\REST§Outlook§5eec4e94"]"#
        ]],
    );
    check(
        t.device_by_identity("alice\\exchangeactivesyncdevices\\IPHONE§applf17xk1"),
        expect!["Some(DeviceKey(0))"],
    );
    check(
        t.device_by_identity("Bob\\REST§Outlook§5eec4e94"),
        expect!["Some(DeviceKey(1))"],
    );
    check(
        t.device_by_identity("Bob\\Other\\REST§Outlook§5eec4e94"),
        expect!["None"],
    );
    check(t.device_by_identity("Alice"), expect!["None"]);
}

#[test]
fn indexes_follow_updates_and_removals() {
    let mut t = sample();
    check(
        t.devices_with(Characteristic::DeviceModel, "IPHONE6c2"),
        expect!["[DeviceKey(0)]"],
    );
    t.update_device(DeviceKey(0), |d| {
        d.device_model = "iPhone7C2".into();
        d.access.state = DeviceAccessState::Quarantined;
        d.device_id = "changed".to_string();
    });
    check(
        t.devices_with(Characteristic::DeviceModel, "iPhone6C2"),
        expect!["[]"],
    );
    check(
        t.devices_with(Characteristic::DeviceModel, "iphone7c2"),
        expect!["[DeviceKey(0)]"],
    );
    check(
        t.devices_in_state(DeviceAccessState::Quarantined)
            .collect::<Vec<_>>(),
        expect!["[DeviceKey(0)]"],
    );
    check(
        &t.device(DeviceKey(0)).unwrap().device_id,
        expect![[r#""ApplF17XK1""#]],
    );
    let removed = t.remove_device(DeviceKey(0)).unwrap();
    check(&removed.device_id, expect![[r#""ApplF17XK1""#]]);
    check(
        t.devices_with(Characteristic::DeviceModel, "iphone7c2"),
        expect!["[]"],
    );
    check(
        t.devices_in_state(DeviceAccessState::Quarantined).count(),
        expect!["0"],
    );
    check(
        (t.device_count(), t.has_device_partnership(MailboxId(0))),
        expect!["(1, false)"],
    );
}

#[test]
fn duplicate_mailbox_guid_is_refused_through_the_index() {
    let mut t = sample();
    let mut m = mailbox(1, "Carol");
    check(
        t.add_mailbox(m.clone()).unwrap_err().to_string(),
        expect![[r#""a mailbox with Guid '00000000-0000-4001-8000-00000000abcd' already exists""#]],
    );
    m.guid = Guid::from_random_bits(3 << 64 | 0xABCD);
    check(
        format!("{:?}", t.add_mailbox(m)),
        expect![[r#""Ok(MailboxId(2))""#]],
    );
}

#[test]
fn duplicate_device_in_one_mailbox_is_refused() {
    let mut t = sample();
    let d = MobileDevice::new(
        Guid::from_random_bits(99),
        MailboxId(0),
        "APPLF17XK1",
        "iPhone",
    );
    check(
        t.add_device(d).unwrap_err().to_string(),
        expect![[
            r#""mailbox 'Alice' already has a device partnership with DeviceId 'APPLF17XK1'""#
        ]],
    );
}

#[test]
fn rules_are_unique_per_characteristic_and_query_string() {
    let mut t = sample();
    let dup = DeviceAccessRule {
        guid: Guid::from_random_bits(22),
        query_string: "IPHONE6C2".to_string(),
        characteristic: Characteristic::DeviceModel,
        access_level: AccessLevel::Block,
        when_created: None,
    };
    check(
        t.rules.insert(dup.clone()).unwrap_err().to_string(),
        expect![[r#""a device access rule named 'IPHONE6C2 (DeviceModel)' already exists""#]],
    );
    let other = DeviceAccessRule {
        characteristic: Characteristic::DeviceType,
        ..dup
    };
    t.rules.insert(other).unwrap();
    check(
        t.rules
            .lookup(Characteristic::DeviceType, "iphone6c2")
            .map(|r| r.name()),
        expect![[r#"Some("IPHONE6C2 (DeviceType)")"#]],
    );
    t.rules.remove(Guid::from_random_bits(21)).unwrap();
    check(
        t.rules.lookup(Characteristic::DeviceModel, "iphone6c2"),
        expect!["None"],
    );
    check(
        t.rules
            .lookup(Characteristic::DeviceType, "iphone6c2")
            .is_some(),
        expect!["true"],
    );
}

#[test]
fn long_rule_names_are_shortened_stably() {
    let rule = DeviceAccessRule {
        guid: Guid::default(),
        query_string: "Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 Outlook"
            .to_string(),
        characteristic: Characteristic::UserAgent,
        access_level: AccessLevel::Block,
        when_created: None,
    };
    let name = rule.name();
    check(name.chars().count(), expect!["64"]);
    check(
        name,
        expect![[r#""Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWfb9dbd4c6dadd786""#]],
    );
}

#[test]
fn fixtures_round_trip() {
    let t = sample();
    let text = to_json(&t);
    let back = from_json(&text).unwrap();
    assert_eq!(back, t);
    assert_eq!(to_json(&back), text);
}

#[test]
fn bad_fixtures_name_the_field_and_line() {
    let t = sample();
    let text = to_json(&t).replace("\"DeviceModel\": \"iPhone6C2\"", "\"DeviceModel\": 42");
    check(
        from_json(&text).unwrap_err().to_string(),
        expect![[
            r#""at Mailboxes[0].Devices[0].DeviceModel (line 112, column 27): invalid type: integer `42`, expected a string""#
        ]],
    );
    let text = to_json(&t).replace("\"AccessLevel\": \"Allow\"", "\"AccessLevel\": \"Permit\"");
    check(
        from_json(&text).unwrap_err().to_string(),
        expect![[
            r#""at DeviceAccessRules[0].AccessLevel (line 86, column 29): unknown variant `Permit`, expected one of `Allow`, `Block`, `Quarantine`""#
        ]],
    );
    let text = to_json(&t).replace("\"Version\": 1", "\"Version\": 7");
    check(
        from_json(&text).unwrap_err().to_string(),
        expect![[
            r#""tenant fixture version 7 is not supported by this build (it reads version 1)""#
        ]],
    );
    check(
        from_json("{\"Mailboxes\": []}").unwrap_err().to_string(),
        expect![[
            r#""not an easim tenant: the top-level \"Format\": \"easim-tenant\" field is missing""#
        ]],
    );
    check(
        from_json("{\"Format\": ").unwrap_err().to_string(),
        expect![[r#""at Format (line 1, column 11): EOF while parsing a value""#]],
    );
    let text = to_json(&t).replace("\"Alias\": \"bob\"", "\"Alias\": \"alice\"");
    check(
        from_json(&text).unwrap_err().to_string(),
        expect![[r#""Mailboxes[1] 'Bob': a mailbox with Alias 'alice' already exists""#]],
    );
}

#[test]
fn timestamps_parse_and_print_iso_8601() {
    let t = Timestamp::parse("2026-11-23T01:42:01+01:00").unwrap();
    check(t.to_string(), expect![[r#""2026-11-23T00:42:01Z""#]]);
    check(
        Timestamp::parse("2024-02-29T23:59:59.5Z")
            .unwrap()
            .to_string(),
        expect![[r#""2024-02-29T23:59:59.500Z""#]],
    );
    check(Timestamp::parse("2023-02-29T00:00:00Z"), expect!["None"]);
    check(Timestamp::parse("yesterday"), expect!["None"]);
    check(
        Timestamp::from_secs(-1).to_string(),
        expect![[r#""1969-12-31T23:59:59Z""#]],
    );
}

#[test]
fn enums_parse_names_and_numbers_like_powershell() {
    check(
        "quarantine".parse::<AccessLevel>(),
        expect!["Ok(Quarantine)"],
    );
    check("2".parse::<AccessLevel>(), expect!["Ok(Quarantine)"]);
    check(
        "Permit".parse::<AccessLevel>().unwrap_err().to_string(),
        expect![[
            r#""Cannot convert value \"Permit\" to type \"AccessLevel\". Error: \"Unable to match the identifier name Permit to a valid enumerator name. Specify one of the following enumerator names and try again: Allow, Block, Quarantine\"""#
        ]],
    );
}

#[test]
fn policies_keep_exactly_one_default() {
    let mut t = sample();
    let strict = MobileDeviceMailboxPolicy {
        guid: Guid::from_random_bits(31),
        name: "Strict".to_string(),
        password_enabled: true,
        ..Default::default()
    };
    t.put_policy(strict.clone()).unwrap();
    t.cas_mut(MailboxId(0)).active_sync_mailbox_policy = Some("strict".to_string());
    check(&t.policy_for(MailboxId(0)).name, expect![[r#""Strict""#]]);
    check(&t.policy_for(MailboxId(1)).name, expect![[r#""Default""#]]);
    let default_guid = t.default_policy().guid;
    check(
        t.remove_policy(default_guid).unwrap_err().to_string(),
        expect![[
            r#""there must always be one default mobile device mailbox policy; make another policy the default first""#
        ]],
    );
    t.put_policy(MobileDeviceMailboxPolicy {
        is_default: true,
        ..strict
    })
    .unwrap();
    check(
        (&t.default_policy().name, t.default_policy().revision),
        expect![[r#"("Strict", 1)"#]],
    );
    t.remove_policy(default_guid).unwrap();
    check(t.policies().len(), expect!["1"]);
}

#[test]
fn anr_finds_prefixes_of_names_their_words_aliases_and_addresses() {
    let mut t = Tenant::new("contoso.com");
    for (n, (alias, display)) in [
        ("ann", "Ann Smith"),
        ("bob", "Bob Jones"),
        ("smithy", "Zed Smithers"),
    ]
    .into_iter()
    .enumerate()
    {
        let mut m = mailbox(n as u32 + 1, alias);
        m.display_name = display.to_string();
        t.add_mailbox(m).unwrap();
    }
    let names = |q: &str, limit: usize| -> Vec<String> {
        t.anr(q, limit)
            .into_iter()
            .map(|id| t.mailbox(id).display_name.clone())
            .collect()
    };
    // A word of the display name (ANR's sn), case-insensitive; each mailbox once though it matches twice.
    check(
        names("SMITH", 10),
        expect![[r#"["Ann Smith", "Zed Smithers"]"#]],
    );
    // The alias and the SMTP address.
    check(names("bob@con", 10), expect![[r#"["Bob Jones"]"#]]);
    check(names("smithy", 10), expect![[r#"["Zed Smithers"]"#]]);
    // The limit bounds the answer; no prefix, no match.
    check(names("smith", 1), expect![[r#"["Ann Smith"]"#]]);
    check(names("", 10), expect!["[]"]);
    check(names("x", 10), expect!["[]"]);
}

#[test]
fn every_mutation_counts_one_change_and_snapshots_carry_the_counter() {
    let mut t = sample();
    t.set_changes(0);
    let mailbox = t.mailboxes().next().map(|(id, _)| id).unwrap();
    let key = t.devices_of(mailbox)[0];
    let mut seen = Vec::new();
    t.cas_mut(mailbox).active_sync_enabled = false;
    seen.push(t.changes());
    t.update_device(key, |d| d.friendly_name = "Renamed".into());
    seen.push(t.changes());
    let removed = t.remove_device(key).unwrap();
    seen.push(t.changes());
    t.add_device(removed).unwrap();
    seen.push(t.changes());
    t.record_change();
    seen.push(t.changes());
    assert_eq!(seen, [1, 2, 3, 4, 5]);
    // The counter is not data: a tenant equals its round trip, which keeps the counter.
    let text = to_json(&t);
    assert!(text.contains("\"Changes\": 5"), "{text}");
    let back = from_json(&text).unwrap();
    assert_eq!(back.changes(), 5);
    assert_eq!(back, t);
    // A fixture without the field is at change 0, and writing it adds none.
    t.set_changes(0);
    assert!(!to_json(&t).contains("\"Changes\""));
}
