//! What an embedder gives the language: the commands it runs through its `CmdletHost` (their metadata, for
//! binding, help and completion) and the default views of the object types they write. The language has no
//! commands of its own but its utility cmdlets; `crate::admin` registers Exchange's, as nushell's engine gets its
//! commands from the context it is built with.
//!
//! A registry is static data; it does not run anything.

use crate::model::eq_ci;

use super::cmdlet::CmdletInfo;

/// How objects of one type show by default (Out-Default, Format-Table/List without properties).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeView {
    /// A table of these properties.
    Table(&'static [&'static str]),
    /// A list of every property.
    List,
}

/// The commands and views of one embedder.
#[derive(Debug)]
pub struct Registry {
    /// The embedder's commands, in the order Get-Command and Get-Help list them.
    pub cmdlets: &'static [&'static CmdletInfo],
    /// The module Get-Command shows as the commands' Source, and its version.
    pub source: &'static str,
    pub version: &'static str,
    /// Default views by short type name (`MobileDevice` for `Microsoft.Exchange.Data.Directory.…MobileDevice`).
    pub views: &'static [(&'static str, TypeView)],
}

impl Registry {
    /// A registry with no commands: the bare language.
    pub const EMPTY: Registry = Registry {
        cmdlets: &[],
        source: "",
        version: "",
        views: &[],
    };

    /// The command called `name` (case-insensitive).
    pub fn find(&self, name: &str) -> Option<&'static CmdletInfo> {
        let name = name.trim();
        self.cmdlets.iter().copied().find(|c| eq_ci(c.name, name))
    }

    /// The default view of objects whose short type name is `short_type_name`.
    pub fn view(&self, short_type_name: &str) -> Option<TypeView> {
        self.views
            .iter()
            .find(|(t, _)| *t == short_type_name)
            .map(|(_, v)| *v)
    }
}
