//! `--culture NAME` for `easim run` and `easim shell`: the session culture dates and numbers print in
//! (`$PSCulture`), one of `easim::script::culture::CULTURES`. Only the parsing; the data is the library's.

use easim::script::culture::{self, Culture};

/// clap's value parser: the culture of that name, or an error listing the supported ones.
pub(crate) fn parse_culture(text: &str) -> Result<&'static Culture, String> {
    culture::find(text.trim()).ok_or_else(|| {
        format!(
            "'{text}' is not a culture easim knows; supported: {}",
            culture::names()
        )
    })
}
