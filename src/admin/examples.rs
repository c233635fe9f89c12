//! The small built-in tenant the cmdlet examples run against, and the runner that turns an example's input (a
//! PowerShell script) into the text a console would show, through the shell's evaluator.
//!
//! The tenant is built in code so it is always valid and obviously deterministic: contoso.com, org default
//! Quarantine, one Allow rule for the iPhone 5s (`iPhone6C2 (DeviceModel)`), four mailboxes and four devices.

use crate::model::{
    AccessLevel, CasSettings, Characteristic, ClientType, DeviceAccessRule, DeviceAccessState,
    DeviceAccessStateReason, DevicePolicyApplicationStatus, Guid, Mailbox, MailboxId, MobileDevice,
    MobileDeviceMailboxPolicy, RecipientTypeDetails, StoredAccess, Tenant, Timestamp,
};

use super::host::LocalHost;
use crate::script::cmdlet::Example;
use crate::script::{Session, StringHost};

/// The time every example runs at: 2026-11-23T08:30:00Z.
pub const EXAMPLE_NOW: Timestamp = Timestamp::from_secs(1_795_422_600);

fn at(text: &str) -> Option<Timestamp> {
    Timestamp::parse(text)
}

fn mailbox(n: u128, name: &str, display: &str, kind: RecipientTypeDetails) -> Mailbox {
    let alias = name.to_lowercase().replace(' ', "");
    Mailbox {
        guid: Guid::from_random_bits(0xA11C_E000 + n),
        name: name.to_string(),
        alias: alias.clone(),
        display_name: display.to_string(),
        primary_smtp_address: format!("{alias}@contoso.com"),
        user_principal_name: format!("{alias}@contoso.com"),
        recipient_type_details: kind,
        password: "P@ssw0rd".to_string(),
        cas: CasSettings::default(),
    }
}

struct Spec<'a> {
    owner: MailboxId,
    guid: u128,
    id: &'a str,
    device_type: &'a str,
    model: &'a str,
    os: &'a str,
    user_agent: &'a str,
    friendly: &'a str,
    client: ClientType,
    state: DeviceAccessState,
    reason: DeviceAccessStateReason,
    rule: Option<&'a str>,
}

fn device(s: Spec<'_>) -> MobileDevice {
    let mut d = MobileDevice::new(
        Guid::from_random_bits(0xDE71_CE00 + s.guid),
        s.owner,
        s.id,
        s.device_type,
    );
    d.device_model = s.model.into();
    d.device_os = s.os.into();
    d.device_os_language = "en-US".into();
    d.device_user_agent = s.user_agent.into();
    d.friendly_name = s.friendly.to_string();
    d.client_type = s.client;
    d.client_version = "16.1".into();
    d.device_information_received = true;
    d.first_sync_time = at("2026-11-01T08:00:00Z");
    d.last_sync_attempt_time = at("2026-11-23T07:55:00Z");
    d.last_success_sync = at("2026-11-23T07:55:00Z");
    d.number_of_folders_synced = 12;
    d.access = StoredAccess {
        state: s.state,
        reason: s.reason,
        rule: s.rule.map(str::to_string),
    };
    d
}

/// The examples' tenant.
pub fn example_tenant() -> Tenant {
    let mut t = Tenant::new("contoso.com");
    t.org.default_access_level = AccessLevel::Quarantine;
    let executives = MobileDeviceMailboxPolicy {
        guid: Guid::from_random_bits(0xE7EC),
        name: "Executives".to_string(),
        password_enabled: true,
        min_password_length: Some(6),
        ..MobileDeviceMailboxPolicy::default()
    };
    t.put_policy(executives)
        .expect("a second, non-default policy with a unique name is accepted");
    t.rules
        .insert(DeviceAccessRule {
            guid: Guid::from_random_bits(0x5B1E),
            query_string: "iPhone6C2".to_string(),
            characteristic: Characteristic::DeviceModel,
            access_level: AccessLevel::Allow,
            when_created: at("2026-10-01T09:00:00Z"),
        })
        .expect("the only rule is accepted");
    let kinds = [
        ("Alice", "Alice Wilson", RecipientTypeDetails::UserMailbox),
        ("Bob", "Bob Kelly", RecipientTypeDetails::UserMailbox),
        ("Carol", "Carol Diaz", RecipientTypeDetails::UserMailbox),
        ("HelpDesk", "Help Desk", RecipientTypeDetails::SharedMailbox),
    ];
    let mut ids = Vec::new();
    for (n, (name, display, kind)) in kinds.into_iter().enumerate() {
        let id = t
            .add_mailbox(mailbox(n as u128, name, display, kind))
            .expect("example mailboxes are unique");
        ids.push(id);
    }
    let (alice, bob) = (ids[0], ids[1]);
    t.cas_mut(alice).active_sync_mailbox_policy = Some("Executives".to_string());
    t.cas_mut(bob).allowed_device_ids = vec!["5eec4e94a1b2c3d4".to_string()];
    use DeviceAccessState as S;
    use DeviceAccessStateReason as R;
    let specs = [
        Spec {
            owner: alice,
            guid: 1,
            id: "ApplF17XK1AB",
            device_type: "iPhone",
            model: "iPhone6C2",
            os: "iOS 12.1 16B92",
            user_agent: "Apple-iPhone6C2/1602.92",
            friendly: "Alice's iPhone",
            client: ClientType::EAS,
            state: S::Allowed,
            reason: R::DeviceRule,
            rule: Some("iPhone6C2 (DeviceModel)"),
        },
        Spec {
            owner: alice,
            guid: 2,
            id: "SEC1A2B3C4D5",
            device_type: "Android",
            model: "SM-G991B",
            os: "Android 13",
            user_agent: "Android-SAMSUNG-SM-G991B/101.130",
            friendly: "Galaxy S21",
            client: ClientType::EAS,
            state: S::Quarantined,
            reason: R::Global,
            rule: None,
        },
        Spec {
            owner: bob,
            guid: 3,
            id: "ApplG7H8J9K0",
            device_type: "iPhone",
            model: "iPhone6C2",
            os: "iOS 12.4 16G77",
            user_agent: "Apple-iPhone6C2/1607.77",
            friendly: "Bob's iPhone",
            client: ClientType::EAS,
            state: S::Allowed,
            reason: R::DeviceRule,
            rule: Some("iPhone6C2 (DeviceModel)"),
        },
        Spec {
            owner: bob,
            guid: 4,
            id: "5eec4e94a1b2c3d4",
            device_type: "Outlook",
            model: "Outlook for iOS and Android",
            os: "iOS 17.5",
            user_agent: "Outlook-iOS/2.0",
            friendly: "Bob's phone",
            client: ClientType::REST,
            state: S::Allowed,
            reason: R::Individual,
            rule: None,
        },
    ];
    for s in specs {
        let owner = s.owner;
        let mut d = device(s);
        // Provisioned with the mailbox's current policy, so the policy step passes.
        let policy = t.policy_for(owner);
        d.provisioning.policy_key = Some(0x5EED_0000 + u32::try_from(d.guid.0 & 0xFF).unwrap_or(0));
        d.provisioning.policy_applied = Some(policy.name.clone());
        d.provisioning.policy_revision = policy.revision;
        d.provisioning.application_status = DevicePolicyApplicationStatus::AppliedInFull;
        d.last_policy_update_time = d.first_sync_time;
        t.add_device(d)
            .expect("example devices are unique per mailbox");
    }
    // Building is not a change: the example tenant starts at change 0.
    t.set_changes(0);
    t
}

/// Runs `input` (PowerShell: one or more lines) as a script against `tenant` and returns what the console shows,
/// without leading and trailing blank lines: what an admin would see typing the lines.
pub fn run_lines(tenant: &mut Tenant, now: Timestamp, input: &str) -> String {
    let mut host = LocalHost::new(tenant, now);
    host.user = "admin@contoso.com".to_string();
    let mut out = StringHost::new();
    Session::default().run(input, &mut host, &mut out);
    out.text.trim_matches('\n').to_string()
}

/// Runs an example against a fresh example tenant.
pub fn run_example(example: &Example) -> String {
    let mut tenant = example_tenant();
    run_lines(&mut tenant, EXAMPLE_NOW, example.input)
}
