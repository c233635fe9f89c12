//! The cmdlets checked against the reference facts kept verbatim in `fixtures/facts/` (each file names its
//! source): the EXO V3 property sets, the defaults the EXO objects show, Get-MobileDevice's sortable and
//! filterable properties, and the mailbox log's texts.

use super::cmdlets;
use super::examples::{EXAMPLE_NOW, example_tenant, run_lines};
use super::messages;
use super::objects::device::DEVICE_SCHEMA;
use super::objects::exo::{
    CAS_PROPS, CAS_SETS, MAILBOX_PROPS, MAILBOX_SETS, PropertySet, exo_cas_object,
    exo_mailbox_object, selected,
};
use super::opath::Filter;
use crate::model::DEBUG_LOGGING_HOURS;

const PROPERTY_SETS: &str = include_str!("../../fixtures/facts/exo-property-sets.txt");
const DEFAULTS: &str = include_str!("../../fixtures/facts/exo-documented-defaults.txt");
const MOBILE_DEVICE: &str = include_str!("../../fixtures/facts/get-mobiledevice.txt");
const MAILBOX_LOG: &str = include_str!("../../fixtures/facts/mailbox-log.txt");

/// The lines of a `[section]` of a fact file, comments and blank lines dropped.
pub(super) fn section<'f>(file: &'f str, name: &str) -> Vec<&'f str> {
    let mut inside = false;
    let mut out = Vec::new();
    for line in file.lines() {
        let line = line.split(" #").next().unwrap_or("").trim_end();
        if let Some(rest) = line.strip_prefix('[') {
            inside = rest.split(']').next() == Some(name);
            continue;
        }
        if inside && !line.trim().is_empty() && !line.starts_with('#') {
            out.push(line);
        }
    }
    out
}

pub(super) fn pairs(lines: &[&str]) -> Vec<(String, String)> {
    lines
        .iter()
        .filter_map(|l| {
            l.split_once(" = ")
                .or_else(|| l.strip_suffix(" =").map(|k| (k, "")))
        })
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

fn check_sets(cmdlet: &str, ours: &[PropertySet]) {
    let reference = pairs(&section(PROPERTY_SETS, cmdlet));
    let ours: Vec<(String, String)> = ours
        .iter()
        .map(|s| (s.name.to_string(), s.members.join(" ")))
        .collect();
    assert_eq!(ours, reference, "{cmdlet}");
}

#[test]
fn exo_property_sets_are_the_references() {
    check_sets("Get-EXOMailbox", MAILBOX_SETS);
    check_sets("Get-EXOCasMailbox", CAS_SETS);
}

#[test]
fn exo_objects_show_the_documented_defaults() {
    let tenant = example_tenant();
    let (id, _) = tenant
        .mailboxes()
        .next()
        .expect("the example tenant has mailboxes");
    let mailbox = exo_mailbox_object(&tenant, id, &selected(MAILBOX_SETS, &["All"], &[]));
    let cas = exo_cas_object(&tenant, id, &selected(CAS_SETS, &["All"], &[]));
    for (cmdlet, object, props) in [
        ("Get-EXOMailbox", &mailbox, MAILBOX_PROPS),
        ("Get-EXOCasMailbox", &cas, CAS_PROPS),
    ] {
        let documented = pairs(&section(DEFAULTS, cmdlet));
        assert!(documented.len() > 20, "{cmdlet}: {documented:?}");
        for (property, value) in documented {
            assert!(
                props.iter().any(|p| p.name == property),
                "{cmdlet} models {property}"
            );
            let shown = object
                .get(&property)
                .unwrap_or_else(|| panic!("{cmdlet} shows {property} with All"))
                .to_text();
            assert_eq!(shown, value, "{cmdlet} {property}");
        }
    }
}

#[test]
fn get_mobiledevice_sorts_and_filters_by_the_documented_properties() {
    for property in section(MOBILE_DEVICE, "SortBy") {
        let mut t = example_tenant();
        let out = run_lines(
            &mut t,
            EXAMPLE_NOW,
            &format!("Get-MobileDevice -SortBy {property}"),
        );
        assert!(out.contains("FriendlyName"), "-SortBy {property}: {out}");
    }
    for property in section(MOBILE_DEVICE, "Filter") {
        let text = format!("{property} -eq $null");
        assert!(
            Filter::compile(&text, DEVICE_SCHEMA).is_ok(),
            "-Filter \"{text}\""
        );
    }
    let mut t = example_tenant();
    let out = run_lines(&mut t, EXAMPLE_NOW, "Get-MobileDevice -SortBy IsManaged");
    assert!(
        out.contains("Property IsManaged is not supported in the sort."),
        "{out}"
    );
}

#[test]
fn mailbox_log_texts_are_exchanges() {
    let facts = pairs(
        &MAILBOX_LOG
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>(),
    );
    let fact = |name: &str| {
        facts
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("{name} in mailbox-log.txt"))
    };
    assert_eq!(
        messages::MAILBOX_LOG_NOT_RETRIEVED,
        fact("MobileDeviceLogNotRetrieved")
    );
    assert_eq!(
        messages::mailbox_log_none_exist("x").message,
        fact("MobileDeviceLogNoLogsExist")
    );
    assert_eq!(
        messages::invalid_smtp_address_or_alias("nobody"),
        fact("InvalidSmtpAddressOrAlias").replace("{0}", "nobody")
    );
    assert!(
        messages::invalid_sort_property("Foo")
            .message
            .contains(&fact("ErrorInvalidSortProperty").replace("{0}", "Foo"))
    );
    assert_eq!(DEBUG_LOGGING_HOURS.to_string(), fact("DebugLoggingHours"));
    // The banner, with the report of a device that has two entries.
    let mut tenant = example_tenant();
    let (key, _) = tenant
        .devices()
        .next()
        .expect("the example tenant has devices");
    tenant.update_device(key, |d| {
        d.mailbox_log.push("A : \r\n1\r\n\r\n");
        d.mailbox_log.push("B : \r\n2\r\n\r\n");
    });
    let device = tenant.device(key).expect("still there");
    let banner = fact("LogHeader").replace("\\r\\n", "\r\n");
    let expected = format!(
        "{}A : \r\n1\r\n\r\n{}B : \r\n2\r\n\r\n",
        banner.replace("{0}", "0"),
        banner.replace("{0}", "1")
    );
    assert_eq!(super::objects::device::mailbox_log_report(device), expected);
    assert!(cmdlets::find("Get-EXOMobileDeviceStatistics").is_some());
}
