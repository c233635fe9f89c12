//! Default views: which properties Out-Default shows for each object type, and whether as a table or a list.
//! The language's own types (GroupInfo, DictionaryEntry, TimeSpan, …) are here; the embedder's types come from its
//! `Registry` (Exchange's are registered by `crate::admin`).
//!
//! Objects without a view: a table when they have at most four properties, a list otherwise (PowerShell's rule).

use crate::script::registry::{Registry, TypeView};
use crate::script::value::Value;

/// How a type is shown by default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum View {
    Table(Vec<String>),
    /// The listed properties, or all of them (`None`).
    List(Option<Vec<&'static str>>),
    /// A Name/Value table (hashtables and their entries).
    NameValue,
}

/// The view for an object (decided by the first object of a run).
pub(crate) fn default_view(v: &Value, reg: &Registry) -> View {
    let Value::Object(o) = v else {
        return View::List(None);
    };
    if o.type_name().starts_with("Selected.")
        || o.type_name() == crate::script::eval::convert::PSCUSTOMOBJECT
    {
        return if o.len() <= 4 {
            View::Table(o.props().map(|(k, _)| k.to_string()).collect())
        } else {
            View::List(None)
        };
    }
    if let Some(view) = reg.view(o.short_type_name()) {
        return match view {
            TypeView::Table(columns) => View::Table(names(columns)),
            TypeView::List => View::List(None),
        };
    }
    match o.short_type_name() {
        "GroupInfo" if o.get("Group").is_none() => View::Table(names(&["Count", "Name"])),
        "GroupInfo" => View::Table(names(&["Count", "Name", "Group"])),
        "DictionaryEntry" => View::NameValue,
        "RuntimeType" => View::Table(names(&["IsPublic", "IsSerial", "Name", "BaseType"])),
        "CmdletInfo" => View::Table(names(&["CommandType", "Name", "Version", "Source"])),
        // PowerShell/PowerShell src/System.Management.Automation/FormatAndOutput/DefaultFormatters/
        // DotNetTypes_format_ps1xml.cs, ViewsOf_System_Globalization_CultureInfo.
        "CultureInfo" => View::Table(names(&["LCID", "Name", "DisplayName"])),
        "TimeSpan" => View::List(Some(vec![
            "Days",
            "Hours",
            "Minutes",
            "Seconds",
            "Milliseconds",
            "Ticks",
            "TotalDays",
            "TotalHours",
            "TotalMinutes",
            "TotalSeconds",
            "TotalMilliseconds",
        ])),
        "GenericMeasureInfo" => View::List(None),
        _ if o.len() <= 4 => View::Table(o.props().map(|(k, _)| k.to_string()).collect()),
        _ => View::List(None),
    }
}

/// The column widths a type's table view fixes: GroupInfo's Count is 5 wide and its Name 25
/// (PowerShellCore_format_ps1xml.cs, ViewsOf_Microsoft_PowerShell_Commands_GroupInfo), CultureInfo's LCID and
/// Name 16 (DotNetTypes_format_ps1xml.cs, ViewsOf_System_Globalization_CultureInfo). Only GroupInfo itself has
/// the view: what `Select-Object` makes of one is a `Selected.…GroupInfo`, sized by its contents.
pub(crate) fn fixed_widths(v: &Value, columns: &[String]) -> Vec<Option<usize>> {
    let group_info =
        matches!(v, Value::Object(o) if o.type_name() == crate::script::eval::convert::GROUP_INFO);
    let culture_info = matches!(v, Value::Object(o) if o.type_name() == crate::script::eval::convert::CULTURE_INFO);
    columns
        .iter()
        .map(|c| match c.as_str() {
            "Count" if group_info => Some(5),
            "Name" if group_info => Some(25),
            "LCID" | "Name" if culture_info => Some(16),
            _ => None,
        })
        .collect()
}

/// Whether a type's view leaves every column left-aligned, numbers too: CultureInfo's LCID shows as
/// `1033             en-US` (the Get-Culture reference page's example, MicrosoftDocs/PowerShell-Docs
/// `reference/5.1/Microsoft.PowerShell.Utility/Get-Culture.md`).
pub(crate) fn all_left(v: &Value) -> bool {
    matches!(v, Value::Object(o) if o.short_type_name() == "CultureInfo")
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::eval::convert::GROUP_INFO;
    use crate::script::value::PsObject;

    fn group(type_name: &str, columns: &[&'static str]) -> (Value, Vec<String>) {
        let mut o = PsObject::new(type_name.to_string());
        for c in columns {
            o.push(*c, Value::str("SM-G991B"));
        }
        (Value::Object(o), names(columns))
    }

    /// GroupInfo's view sizes Count 5 and Name 25 by name (PowerShellCore_format_ps1xml.cs,
    /// ViewsOf_Microsoft_PowerShell_Commands_GroupInfo); `Group-Object | Select-Object Name, Count` makes
    /// `Selected.Microsoft.PowerShell.Commands.GroupInfo` objects (Select-Object.md: "the objects … are of type
    /// Selected.<original type>"), which have no view, so nothing is fixed and no cell is cut short.
    #[test]
    fn only_group_info_itself_fixes_its_columns() {
        let (v, cols) = group(GROUP_INFO, &["Count", "Name"]);
        assert_eq!(fixed_widths(&v, &cols), vec![Some(5), Some(25)]);
        let (v, cols) = group(&format!("Selected.{GROUP_INFO}"), &["Name", "Count"]);
        assert_eq!(fixed_widths(&v, &cols), vec![None, None]);
    }
}
