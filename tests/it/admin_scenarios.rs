//! MISSION.md's scenarios A and B driven through the shell one command at a time, with the logic in Rust: call a
//! cmdlet, read properties of the objects it wrote, call the next cmdlet with them.

use easim::admin::LocalHost;
use easim::admin::examples::{EXAMPLE_NOW, example_tenant};
use easim::model::Tenant;
use easim::script::{PsObject, Value};
use easim::script::{RunOutcome, Session, StringHost};

/// Runs one command line in the shell and returns the objects it wrote (errors fail the test).
fn run(tenant: &mut Tenant, line: &str) -> Vec<PsObject> {
    let mut host = LocalHost::new(tenant, EXAMPLE_NOW);
    let mut out = StringHost::new();
    let mut session = Session::default();
    let outcome = session.run(&format!("$result = @({line})"), &mut host, &mut out);
    assert_eq!(outcome, RunOutcome::Completed, "{line}: {}", out.text);
    assert!(out.errors.is_empty(), "{line}: {}", out.errors);
    let Some(Value::Array(items)) = session.variable("result") else {
        panic!("{line}: no result")
    };
    items
        .to_vec()
        .iter()
        .map(|v| match v {
            Value::Object(o) => o.clone(),
            other => panic!("{line}: not an object: {other:?}"),
        })
        .collect()
}

fn text(o: &PsObject, prop: &str) -> String {
    o.get(prop).as_ref().map(Value::to_text).unwrap_or_default()
}

/// The pinning loop of scenario A; returns how many devices it pinned.
fn pin_allowed_devices(t: &mut Tenant, model: &str) -> usize {
    let devices = run(
        t,
        &format!("Get-MobileDevice -Filter \"DeviceModel -eq '{model}'\" -ResultSize Unlimited"),
    );
    let mut pinned = 0;
    for d in devices {
        if text(&d, "DeviceAccessState") != "Allowed"
            || text(&d, "DeviceAccessStateReason") == "Individual"
        {
            continue;
        }
        let identity = text(&d, "Identity");
        let owner = identity.split('\\').next().unwrap();
        let mailbox = run(t, &format!("Get-Mailbox -Identity '{owner}'"));
        let smtp = text(&mailbox[0], "PrimarySmtpAddress");
        run(
            t,
            &format!(
                "Set-CASMailbox -Identity {smtp} -ActiveSyncAllowedDeviceIDs @{{Add='{}'}}",
                text(&d, "DeviceId")
            ),
        );
        pinned += 1;
    }
    pinned
}

#[test]
fn scenario_a_pins_devices_before_the_temporary_rule_goes() {
    let mut t = example_tenant();
    let model = "iPhone6C2";
    // The rule (created when the phones were rolled out) allows both iPhones.
    let states = |t: &mut Tenant| -> Vec<String> {
        run(
            t,
            &format!("Get-MobileDevice -Filter \"DeviceModel -eq '{model}'\""),
        )
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                text(d, "DeviceAccessState"),
                text(d, "DeviceAccessStateReason")
            )
        })
        .collect()
    };
    assert_eq!(states(&mut t), ["Allowed DeviceRule", "Allowed DeviceRule"]);
    assert_eq!(pin_allowed_devices(&mut t, model), 2);
    assert_eq!(
        pin_allowed_devices(&mut t, model),
        0,
        "a re-run skips pinned devices"
    );
    run(
        &mut t,
        &format!("Remove-ActiveSyncDeviceAccessRule '{model} (DeviceModel)' -Confirm:$false"),
    );
    assert_eq!(states(&mut t), ["Allowed Individual", "Allowed Individual"]);
    // Without the pins the same removal would have quarantined them (the org default).
    let mut unpinned = example_tenant();
    run(
        &mut unpinned,
        &format!("Remove-ActiveSyncDeviceAccessRule '{model} (DeviceModel)' -Confirm:$false"),
    );
    assert_eq!(
        states(&mut unpinned),
        ["Quarantined Global", "Quarantined Global"]
    );
}

#[test]
fn scenario_b_reports_outlook_mobile_clients_per_mailbox() {
    let mut t = example_tenant();
    let mut report = Vec::new();
    let mut without = Vec::new();
    for m in run(
        &mut t,
        "Get-Mailbox -RecipientTypeDetails UserMailbox -ResultSize Unlimited",
    ) {
        let user = text(&m, "Identity");
        let stats = run(
            &mut t,
            &format!("Get-MobileDeviceStatistics -Mailbox '{user}'"),
        );
        let outlook: Vec<&PsObject> = stats
            .iter()
            .filter(|s| text(s, "DeviceModel") == "Outlook for iOS and Android")
            .collect();
        if outlook.is_empty() {
            without.push(user.clone());
        }
        for s in outlook {
            report.push(format!(
                "{user} | {} | {} | {} | {}",
                text(s, "DeviceFriendlyName"),
                text(s, "DeviceOS"),
                text(s, "ClientType"),
                text(s, "LastSuccessSync"),
            ));
        }
    }
    assert_eq!(
        report,
        ["Bob | Bob's phone | iOS 17.5 | REST | 2026-11-23T07:55:00Z"]
    );
    assert_eq!(without, ["Alice", "Carol"]);
}
