//! Unit tests of the EAS layer: request parsing, wire status rules, and whole requests through `handle`.

#![allow(clippy::unwrap_used)]
