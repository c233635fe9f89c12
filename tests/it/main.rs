//! The one integration-test binary: each module tests a feature through the interface a user drives
//! (the CLI, HTTP, scripts) or checks a project-wide invariant.

#![allow(clippy::unwrap_used)]

mod access;
mod admin_bounds;
mod admin_eas;
mod admin_examples;
mod admin_http;
mod admin_opath;
mod admin_restore;
mod admin_scenarios;
mod admin_serve;
mod cli;
mod console;
mod console_scenario;
mod culture;
mod durability;
mod durability_model;
mod eas;
mod eas_bounded;
mod eas_compose;
mod eas_directory;
mod eas_enforcement;
mod eas_errors;
mod eas_folders;
mod eas_pim;
mod eas_schema;
mod eas_serve;
mod eas_settings;
mod exo_shell;
mod front_door;
mod generator;
mod import;
mod load_fleet;
mod load_report;
mod mailbox_log;
mod pester;
mod progress;
mod ps_conformance;
mod readme;
mod remote;
mod scenario_a;
mod script_eval;
mod script_syntax;
mod scripts;
mod server_limits;
mod shell;
mod sim;
mod support;
mod throttle;
mod tidy;
mod wbxml;
mod whatif;
