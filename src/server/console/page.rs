//! The console's HTML, server-rendered with maud (checked at compile time, no template files): the layout, the
//! sign-in form, the fleet page (charts, filters, device table, pager) and the device page (properties, the
//! access trace, sync state). Pure: it takes what to show and returns markup. State is always written as text;
//! colour only repeats it.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::access::{StepOutcome, Trace};
use crate::eas::mail_store::DeviceState;
use crate::model::{DeviceAccessState, DeviceAccessStateReason, MobileDevice, Tenant, Timestamp};

use super::super::scenario::{Exercise, MAX_SNAPSHOTS, Snapshot};
use super::chart;
use super::form::encode;
use super::query::{DeviceFilter, DevicePage, FleetCounts};

/// The one script: submits the filter form when a select changes, appends live-feed events, and after a state
/// change re-reads the page to swap in fresh counts and rows.
const SCRIPT: &str = include_str!("console.js");

const STYLE: &str = include_str!("console.css");

/// The page frame; `csrf` is the session's token when signed in (the sign-out form carries it).
fn layout(title: &str, csrf: Option<&str>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — easim console" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    nav aria-label="Console" {
                        a href="/console" { "Fleet" }
                        @if let Some(csrf) = csrf {
                            form method="post" action="/console/logout" {
                                input type="hidden" name="csrf" value=(csrf);
                                button type="submit" { "Sign out" }
                            }
                        }
                    }
                }
                main { (body) }
                script { (PreEscaped(SCRIPT)) }
            }
        }
    }
}

/// The sign-in form; `login_csrf` is the pre-session token its cookie also holds; `error` after a wrong token.
pub(crate) fn sign_in(login_csrf: &str, error: Option<&str>) -> Markup {
    layout(
        "Sign in",
        None,
        html! {
            h1 { "Sign in to the easim console" }
            @if let Some(error) = error {
                p.error role="alert" { "Error: " (error) }
            }
            form method="post" action="/console/login" {
                input type="hidden" name="csrf" value=(login_csrf);
                label for="token" { "Admin token" }
                input #token type="password" name="token" autocomplete="current-password" required autofocus;
                button type="submit" { "Sign in" }
            }
            p { "The token is the admin endpoint's bearer token (easim serve --admin-token or EASIM_ADMIN_TOKEN)." }
        },
    )
}

/// The CSS class that colours a state (the state's name is always written beside it).
pub(crate) fn state_class(state: &str) -> Option<&'static str> {
    match state {
        "Allowed" => Some("s-allowed"),
        "Blocked" => Some("s-blocked"),
        "Quarantined" => Some("s-quarantined"),
        "DeviceDiscovery" => Some("s-discovery"),
        _ => None,
    }
}

/// The fleet page: counts, the filter form, one page of the device table and the pager.
pub(crate) fn fleet(
    tenant: &Tenant,
    counts: &FleetCounts,
    filter: &DeviceFilter,
    page: &DevicePage,
    scenario: &ScenarioView,
    csrf: &str,
) -> Markup {
    layout(
        "Fleet",
        Some(csrf),
        html! {
            h1 { "Fleet of " (tenant.domain()) ": " (counts.devices) " devices" }
            section #counts .charts aria-label="Counts" {
                (chart::bars("By DeviceAccessState", &counts.by_state, state_class))
                (chart::bars("By DeviceAccessStateReason", &counts.by_reason, |_| None))
                (chart::bars("By DeviceModel (top)", &counts.by_model, |_| None))
                (chart::bars("By DeviceOS (top)", &counts.by_os, |_| None))
            }
            section aria-labelledby="devices" {
                h2 #devices { "Devices" }
                (filter_form(filter))
                p #matches { (page.total) " matching devices; page " (page.page) " of " (page.pages()) }
                (device_table(tenant, page))
                (pager(filter, page))
            }
            section aria-labelledby="feed-title" {
                h2 #feed-title { "Live feed" }
                ol #feed aria-live="polite" {}
            }
            (scenario_section(scenario, csrf))
            (exercise_section(scenario.exercise.as_ref(), csrf))
        },
    )
}

/// What the scenario controls show: the tenant's change counter, the snapshots (newest first), the exercise.
pub(crate) struct ScenarioView {
    pub(crate) changes: u64,
    pub(crate) snapshots: Vec<Snapshot>,
    pub(crate) exercise: Option<Exercise>,
}

fn scenario_section(view: &ScenarioView, csrf: &str) -> Markup {
    html! {
        section #scenario aria-labelledby="scenario-title" {
            h2 #scenario-title { "Scenario: snapshots" }
            p { "The tenant is at change " (view.changes) ". The last " (MAX_SNAPSHOTS) " snapshots are kept." }
            form method="post" action="/console/snapshot" {
                input type="hidden" name="csrf" value=(csrf);
                button type="submit" { "Take a snapshot" }
            }
            @if view.snapshots.is_empty() {
                p #snapshots { "No snapshot yet." }
            } @else {
                table #snapshots {
                    caption { "Snapshots" }
                    thead { tr {
                        th scope="col" { "Snapshot" } th scope="col" { "Taken" }
                        th scope="col" { "At change" } th scope="col" { "Devices" } th scope="col" { "Reset" }
                    } }
                    tbody {
                        @for s in &view.snapshots {
                            tr {
                                td { "#" (s.id) }
                                td { (s.taken) }
                                td { (s.changes) }
                                td { (s.devices) }
                                td {
                                    form method="post" action="/console/reset" {
                                        input type="hidden" name="csrf" value=(csrf);
                                        input type="hidden" name="snapshot" value=(s.id);
                                        button type="submit" { "Reset to #" (s.id) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn exercise_section(exercise: Option<&Exercise>, csrf: &str) -> Markup {
    html! {
        section #exercise aria-labelledby="exercise-title" {
            h2 #exercise-title { "Exercise" }
            div #checklist aria-live="polite" {
                @match exercise {
                    None => p { "No exercise loaded. Paste a Pester file: each It is a goal, checked again after every change." },
                    Some(e) => {
                        p #exercise-summary {
                            strong { (e.name) } ": "
                            @if e.evaluations == 0 {
                                "being checked…"
                            } @else {
                                (e.met()) " of " (e.goals.len()) " goals met"
                                @if let Some(change) = e.evaluated_at_change { " (checked at change " (change) ")" }
                            }
                        }
                        @if let Some(f) = &e.failure {
                            p.error role="alert" { "Error: " (f) }
                        }
                        ol #goals {
                            @for g in &e.goals {
                                li class=(if g.met { "goal met" } else { "goal unmet" }) {
                                    span.mark { (if g.met { "✔ met" } else { "✘ not met" }) } " — " (g.name)
                                    @if let Some(m) = &g.message { pre.why { (m) } }
                                }
                            }
                        }
                        form method="post" action="/console/exercise/clear" {
                            input type="hidden" name="csrf" value=(csrf);
                            button type="submit" { "Unload the exercise" }
                        }
                    }
                }
            }
            form #load-exercise method="post" action="/console/exercise" {
                input type="hidden" name="csrf" value=(csrf);
                label for="exercise-name" { "File name" }
                input #exercise-name type="text" name="name" value="exercise.Tests.ps1" required;
                label for="exercise-source" { "Pester file" }
                textarea #exercise-source name="source" rows="8" cols="80" required {}
                button type="submit" { "Load the exercise" }
            }
        }
    }
}

/// The question a reset asks when it discards changes (Import-Tenant's, with its warning).
pub(crate) fn confirm_reset(snapshot: &Snapshot, discarded: u64, csrf: &str) -> Markup {
    let changes = if discarded == 1 { "change" } else { "changes" };
    layout(
        "Confirm the reset",
        Some(csrf),
        html! {
            h1 { "Reset to snapshot #" (snapshot.id) "?" }
            p.warning role="alert" {
                "WARNING: this snapshot was taken at change " (snapshot.changes)
                "; resetting to it discards the " (discarded) " " (changes) " made since."
            }
            form method="post" action="/console/reset" {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="snapshot" value=(snapshot.id);
                input type="hidden" name="confirm" value="yes";
                button #confirm-reset type="submit" { "Discard the " (discarded) " " (changes) " and reset" }
            }
            p { a href="/console#scenario" { "Cancel: keep the tenant as it is" } }
        },
    )
}

/// A page that says why an action did not happen.
pub(crate) fn message(title: &str, text: &str, csrf: &str) -> Markup {
    layout(
        title,
        Some(csrf),
        html! {
            h1 { (title) }
            p.error role="alert" { "Error: " (text) }
            p { a href="/console" { "Back to the fleet" } }
        },
    )
}

fn filter_form(filter: &DeviceFilter) -> Markup {
    html! {
        form #filters method="get" action="/console" {
            label { "State "
                select name="state" {
                    option value="" selected[filter.state.is_none()] { "any" }
                    @for s in DeviceAccessState::ALL {
                        option value=(s.name()) selected[filter.state == Some(*s)] { (s.name()) }
                    }
                }
            }
            label { "Reason "
                select name="reason" {
                    option value="" selected[filter.reason.is_none()] { "any" }
                    @for r in DeviceAccessStateReason::ALL {
                        option value=(r.name()) selected[filter.reason == Some(*r)] { (r.name()) }
                    }
                }
            }
            label { "Model " input type="text" name="model" value=(filter.model.as_deref().unwrap_or("")); }
            label { "Owner " input type="text" name="owner" value=(filter.owner.as_deref().unwrap_or("")); }
            label { "Rule " input type="text" name="rule" value=(filter.rule.as_deref().unwrap_or("")); }
            button type="submit" { "Filter" }
            a href="/console" { "Clear" }
        }
    }
}

fn device_table(tenant: &Tenant, page: &DevicePage) -> Markup {
    html! {
        table #device-table {
            caption { "Devices (stored access state)" }
            thead { tr {
                th scope="col" { "Device" } th scope="col" { "Owner" } th scope="col" { "Model" }
                th scope="col" { "OS" } th scope="col" { "State" } th scope="col" { "Reason" }
                th scope="col" { "Rule" } th scope="col" { "Last sync" }
            } }
            tbody {
                @for key in &page.keys {
                    @if let Some(d) = tenant.device(*key) {
                        tr {
                            td { a href=(device_href(d)) { (d.device_type) "§" (d.device_id) } }
                            td { (tenant.mailbox(d.mailbox).name) }
                            td { (d.device_model) }
                            td { (d.device_os) }
                            td { (state_badge(d.access.state.name())) }
                            td { (d.access.reason.name()) }
                            td { (d.access.rule.as_deref().unwrap_or("")) }
                            td { (time(d.last_success_sync)) }
                        }
                    }
                }
            }
        }
    }
}

fn pager(filter: &DeviceFilter, page: &DevicePage) -> Markup {
    let query = filter.query();
    let href = |p: usize| {
        if query.is_empty() {
            format!("/console?page={p}")
        } else {
            format!("/console?{query}&page={p}")
        }
    };
    html! {
        nav.pager aria-label="Pages" {
            @if page.page > 1 {
                a rel="prev" href=(href(page.page - 1)) { "← Previous" }
            }
            @if page.page < page.pages() {
                a rel="next" href=(href(page.page + 1)) { "Next →" }
            }
        }
    }
}

fn state_badge(state: &str) -> Markup {
    html! { span class=(format!("state {}", state_class(state).unwrap_or(""))) { (state) } }
}

/// The device page's link: by Guid, which the tenant resolves through its Guid index.
pub(crate) fn device_href(d: &MobileDevice) -> String {
    format!("/console/device?id={}", encode(&d.guid.to_string()))
}

fn time(t: Option<Timestamp>) -> String {
    t.map_or_else(|| "never".to_string(), |t| t.to_string())
}

/// The device page: its decision trace (as `easim explain` prints it), its partnership properties and the EAS
/// sync state the server keeps for it (`None` when it has not connected since the server started).
pub(crate) fn device(
    tenant: &Tenant,
    d: &MobileDevice,
    trace: &Trace,
    sync: Option<&DeviceState>,
    logging: bool,
    csrf: &str,
) -> Markup {
    let identity = tenant.device_identity(d);
    layout(
        &identity,
        Some(csrf),
        html! {
            h1 { (identity) }
            section aria-labelledby="why" {
                h2 #why { "Why: the access decision, step by step" }
                p { "Precedence: " (trace.precedence.name()) }
                ol #trace {
                    @for s in &trace.steps {
                        @let (word, class) = match s.outcome {
                            StepOutcome::Applied => ("APPLIES", "applied"),
                            StepOutcome::Passed => ("passed", "passed"),
                            StepOutcome::Skipped => ("skipped", "skipped"),
                        };
                        li class=(class) {
                            strong { (s.step.title()) } " — " span.outcome { (word) } " — " (s.note)
                        }
                    }
                }
                @if let Some(decision) = &trace.decision {
                    p #decision {
                        "Decision: " (format!("{:?}", decision.verdict))
                        @if decision.is_stored() {
                            " (DeviceAccessState " (state_badge(decision.state.name()))
                            ", reason " (decision.reason.name())
                            @if let Some(rule) = &decision.rule { ", rule '" (rule.name) "'" }
                            ")"
                        }
                    }
                }
            }
            section aria-labelledby="props" {
                h2 #props { "Partnership" }
                dl.props {
                    @for (name, value) in properties(d) {
                        dt { (name) } dd { (value) }
                    }
                }
            }
            section aria-labelledby="sync" {
                h2 #sync { "Sync state" }
                @match sync {
                    None => p { "No EAS sync state on this server: the device has not connected since it started." },
                    Some(s) => dl.props {
                        dt { "FolderSync key" } dd { (s.hierarchy_key()) }
                        dt { "Folders known" } dd { (s.known_folders().len()) }
                        dt { "Collections synced" } dd { (s.collection_count()) }
                        dt { "Ping" } dd {
                            @match s.ping() {
                                None => "none",
                                Some(p) => { (p.heartbeat) " s heartbeat, " (p.folders.len()) " folders" },
                            }
                        }
                        dt { "Quarantine/block notice sent for" } dd {
                            (s.abq_notice().map_or("none", |st| st.name()))
                        }
                    },
                }
            }
            (requests(d, logging))
        },
    )
}

/// The device's recent EAS requests: its mailbox log (what `Get-MobileDeviceStatistics -GetMailboxLog` returns),
/// newest first, each entry's time, command and access state as its summary and the whole entry inside.
fn requests(d: &MobileDevice, logging: bool) -> Markup {
    let mut entries: Vec<&str> = d.mailbox_log.entries().collect();
    entries.reverse();
    html! {
        section aria-labelledby="requests" {
            h2 #requests { "Recent EAS requests (mailbox log)" }
            @if !logging {
                p { "Debug logging is off for this mailbox: new requests are not logged. Turn it on with "
                    code { "Set-CASMailbox -Identity <mailbox> -ActiveSyncDebugLogging $true" } " (for 48 hours)." }
            }
            @if entries.is_empty() {
                p { "No request logged." }
            } @else {
                ol #request-log {
                    @for e in &entries {
                        li { details {
                            summary { (log_summary(e)) }
                            pre { (e) }
                        } }
                    }
                }
            }
        }
    }
}

/// "2026-11-23 09:00:01 — Sync — Allowed" from a mailbox log entry.
fn log_summary(entry: &str) -> String {
    let datum = |name: &str| {
        let at = entry.find(&format!("{name} : "))?;
        entry[at..].lines().nth(1).map(str::trim)
    };
    let command = entry
        .find("Cmd=")
        .map(|at| &entry[at + 4..])
        .and_then(|rest| rest.split(['&', ' ', '\r', '\n']).next())
        .unwrap_or("?");
    format!(
        "{} — {} — {}",
        datum("RequestTime").unwrap_or("?"),
        command,
        datum("AccessState").unwrap_or("?")
    )
}

/// The partnership's properties with Get-MobileDevice's names, in a fixed order.
fn properties(d: &MobileDevice) -> Vec<(&'static str, String)> {
    let yes_no = |b: bool| if b { "True" } else { "False" }.to_string();
    vec![
        ("Guid", d.guid.to_string()),
        ("DeviceId", d.device_id.clone()),
        ("DeviceType", d.device_type.to_string()),
        ("DeviceModel", d.device_model.to_string()),
        ("DeviceOS", d.device_os.to_string()),
        ("DeviceOSLanguage", d.device_os_language.to_string()),
        ("DeviceUserAgent", d.device_user_agent.to_string()),
        ("XMSWLHeader", d.xms_wl_header.to_string()),
        ("FriendlyName", d.friendly_name.clone()),
        ("DeviceImei", d.device_imei.clone()),
        ("DeviceTelephoneNumber", d.device_telephone_number.clone()),
        ("DeviceMobileOperator", d.device_mobile_operator.to_string()),
        ("ClientType", d.client_type.name().to_string()),
        ("ClientVersion", d.client_version.to_string()),
        ("DeviceAccessState", d.access.state.name().to_string()),
        (
            "DeviceAccessStateReason",
            d.access.reason.name().to_string(),
        ),
        (
            "DeviceAccessControlRule",
            d.access.rule.clone().unwrap_or_default(),
        ),
        ("FirstSyncTime", time(d.first_sync_time)),
        ("LastSyncAttemptTime", time(d.last_sync_attempt_time)),
        ("LastSuccessSync", time(d.last_success_sync)),
        ("LastPolicyUpdateTime", time(d.last_policy_update_time)),
        (
            "LastPingHeartbeat",
            d.last_ping_heartbeat
                .map_or_else(String::new, |h| h.to_string()),
        ),
        (
            "NumberOfFoldersSynced",
            d.number_of_folders_synced.to_string(),
        ),
        (
            "DeviceInformationReceived",
            yes_no(d.device_information_received),
        ),
        (
            "DevicePolicyApplied",
            d.provisioning.policy_applied.clone().unwrap_or_default(),
        ),
        (
            "DevicePolicyApplicationStatus",
            d.provisioning.application_status.name().to_string(),
        ),
        (
            "PolicyKey",
            d.provisioning
                .policy_key
                .map_or_else(String::new, |k| k.to_string()),
        ),
        (
            "DeviceWipeRequestTime",
            time(d.wipe.as_ref().map(|w| w.requested)),
        ),
        ("Status", d.status.name().to_string()),
    ]
}
