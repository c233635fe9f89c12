//! Seeded tenant generation: mailboxes with realistic names and addresses, and device partnerships drawn from a
//! catalog of real device populations (iPhones, Samsung and other Android phones, Outlook mobile, Windows Mail),
//! shaped by a profile (`fixtures/profiles/*.toml`, built into the binary).
//!
//! Pure: `generate` takes the profile, a seed and `now`, and the same three always give the same tenant. No clock,
//! no ambient randomness, no files (the binary reads a profile path and writes the result through `persist`).

mod catalog;
mod generate;
mod ids;
mod names;
mod prepared;
mod profile;
mod weighted;

#[cfg(test)]
mod tests;

pub use generate::generate;
pub use profile::{Profile, ProfileError};

/// The profiles built into the binary, by name, with their TOML text.
const BUILTIN: &[(&str, &str)] = &[
    ("small", include_str!("../../fixtures/profiles/small.toml")),
    (
        "default",
        include_str!("../../fixtures/profiles/default.toml"),
    ),
    ("large", include_str!("../../fixtures/profiles/large.toml")),
    (
        "scenario-a",
        include_str!("../../fixtures/profiles/scenario-a.toml"),
    ),
];

const BUILTIN_NAMES: &[&str] = &["small", "default", "large", "scenario-a"];

/// The TOML text of a built-in profile (`small`, `default`, `large`, `scenario-a`), by exact name.
pub fn builtin_profile(name: &str) -> Option<&'static str> {
    BUILTIN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// The names of the built-in profiles, smallest first.
pub fn builtin_profile_names() -> &'static [&'static str] {
    BUILTIN_NAMES
}

/// The catalog's product keys, the names a profile's `[population]` weights.
pub fn catalog_product_keys() -> impl Iterator<Item = &'static str> {
    catalog::PRODUCTS.iter().map(|p| p.key)
}
