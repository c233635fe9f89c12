//! Get-Culture: the session culture (`$PSCulture`) as a `System.Globalization.CultureInfo` object with the
//! properties scripts read (`Name`, `LCID`, `DisplayName`, `DateTimeFormat.ShortDatePattern`,
//! `NumberFormat.NumberDecimalSeparator` …). Only what `script::culture` has a source for is there: no
//! `Parent`, `NativeName`, `CompareInfo` or calendars. Windows PowerShell 5.1's Get-Culture takes no
//! parameters (PowerShell 7's `-Name` is refused by the binder as an unknown parameter).

use crate::script::cmdlet::Example;
use crate::script::value::Value;

use super::{UArgs, UtilityInfo};
use crate::script::eval::convert::culture_info;
use crate::script::eval::flow::Res;
use crate::script::eval::interp::Interp;
use crate::script::eval::interp::Stage;

pub(crate) static GET_CULTURE: UtilityInfo = UtilityInfo {
    name: "Get-Culture",
    aliases: &[],
    synopsis: "Gets the session's culture ($PSCulture; easim run/shell --culture), which dates and numbers print in.",
    params: &[],
    examples: &[
        Example {
            title: "The culture and its short date pattern",
            input: "(Get-Culture).Name\n(Get-Culture).DateTimeFormat.ShortDatePattern",
            output: "en-US\nM/d/yyyy",
        },
        Example {
            title: "As the console shows it",
            input: "Get-Culture",
            output: "LCID             Name             DisplayName\n----             ----             -----------\n1033             en-US            English (United States)",
        },
    ],
    build: build_get_culture,
};

fn build_get_culture(it: &mut Interp<'_>, _args: UArgs) -> Res<Box<dyn Stage>> {
    let value = culture_info(it.culture());
    Ok(Box::new(super::MapStage {
        f: move |_: &mut Interp<'_>, input: Option<Value>, out: &mut Vec<Value>| -> Res<()> {
            if input.is_none() {
                out.push(value.clone());
            }
            Ok(())
        },
    }))
}
