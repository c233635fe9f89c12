//! Get-Culture: the session culture (`$PSCulture`) as a `System.Globalization.CultureInfo` object with the
//! properties scripts read (`Name`, `LCID`, `DisplayName`, `DateTimeFormat.ShortDatePattern`,
//! `NumberFormat.NumberDecimalSeparator` …). Only what `script::culture` has a source for is there: no
//! `Parent`, `NativeName`, `CompareInfo` or calendars. Windows PowerShell 5.1's Get-Culture takes no
//! parameters (PowerShell 7's `-Name` is refused by the binder as an unknown parameter).

use crate::script::cmdlet::Example;
use crate::script::culture::Culture;
use crate::script::value::{PsObject, Value};

use super::{UArgs, UtilityInfo};
use crate::script::eval::convert::CULTURE_INFO;
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

/// The CultureInfo object of a culture.
pub(crate) fn culture_object(c: &Culture) -> Value {
    let mut dt = PsObject::with_capacity("System.Globalization.DateTimeFormatInfo", 10);
    if let Some((am, pm)) = c.designators {
        dt.push("AMDesignator", am);
        dt.push("PMDesignator", pm);
    }
    dt.push(
        "FullDateTimePattern",
        format!("{} {}", c.long_date, c.long_time),
    );
    dt.push("LongDatePattern", c.long_date);
    dt.push("LongTimePattern", c.long_time);
    if let Some(p) = c.month_day {
        dt.push("MonthDayPattern", p);
    }
    dt.push("ShortDatePattern", c.short_date);
    dt.push("ShortTimePattern", c.short_time);
    if let Some(p) = c.year_month {
        dt.push("YearMonthPattern", p);
    }
    dt.push("DayNames", Value::strings(c.day_names));
    // .NET's MonthNames has a thirteenth, empty name (for 13-month calendars).
    dt.push(
        "MonthNames",
        Value::strings(c.month_names.iter().copied().chain([""])),
    );
    let mut nf = PsObject::with_capacity("System.Globalization.NumberFormatInfo", 6);
    if let Some(cur) = &c.currency {
        nf.push("CurrencyDecimalSeparator", c.decimal_separator);
        nf.push("CurrencyGroupSeparator", c.group_separator);
        nf.push("CurrencySymbol", cur.symbol);
        nf.push("CurrencyNegativePattern", i64::from(cur.negative_pattern));
        nf.push("CurrencyPositivePattern", i64::from(cur.positive_pattern));
    }
    nf.push("NumberDecimalSeparator", c.decimal_separator);
    nf.push("NumberGroupSeparator", c.group_separator);
    let mut o = PsObject::with_capacity(CULTURE_INFO, 10);
    o.push("LCID", i64::from(c.lcid));
    o.push("Name", c.name);
    o.push("IetfLanguageTag", c.name);
    o.push("DisplayName", c.display_name);
    o.push("EnglishName", c.display_name);
    o.push(
        "TwoLetterISOLanguageName",
        c.name.split('-').next().unwrap_or_default(),
    );
    o.push("DateTimeFormat", Value::Object(dt));
    o.push("NumberFormat", Value::Object(nf));
    let mut ti = PsObject::with_capacity("System.Globalization.TextInfo", 1);
    if let Some(sep) = c.list_separator {
        ti.push("ListSeparator", Value::Char(sep));
    }
    o.push("TextInfo", Value::Object(ti));
    Value::Object(o)
}

fn build_get_culture(it: &mut Interp<'_>, _args: UArgs) -> Res<Box<dyn Stage>> {
    let value = culture_object(it.culture());
    Ok(Box::new(super::MapStage {
        f: move |_: &mut Interp<'_>, input: Option<Value>, out: &mut Vec<Value>| -> Res<()> {
            if input.is_none() {
                out.push(value.clone());
            }
            Ok(())
        },
    }))
}
