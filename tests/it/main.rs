//! The one integration-test binary: each module tests a feature through the interface a user drives
//! (the CLI, HTTP, scripts) or checks a project-wide invariant.

#![allow(clippy::unwrap_used)]

mod access;
mod admin_eas;
mod admin_examples;
mod admin_http;
mod admin_opath;
mod admin_scenarios;
mod admin_serve;
mod cli;
mod eas;
mod eas_enforcement;
mod eas_errors;
mod eas_serve;
mod front_door;
mod generator;
mod import;
mod ps_conformance;
mod readme;
mod remote;
mod scenario_a;
mod script_eval;
mod script_syntax;
mod scripts;
mod server_limits;
mod shell;
mod support;
mod tidy;
mod wbxml;
mod whatif;
