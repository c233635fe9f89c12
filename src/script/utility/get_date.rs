//! Time: Get-Date (the host's clock plus what Start-Sleep added, or a given date; `-Format` for text),
//! New-TimeSpan, and Start-Sleep, which moves the simulated clock instead of sleeping, so scripts that pace
//! themselves run instantly and deterministically.

use crate::model::{Civil, Timestamp};
use crate::script::cmdlet::Example;
use crate::script::error::ErrorCategory;
use crate::script::params::ParameterInfo;
use crate::script::value::Value;

use super::{UArgs, UtilityInfo};
use crate::script::culture::Culture;
use crate::script::eval::convert::{parse_date_in, timespan, to_date, to_number, to_str};
use crate::script::eval::date_format::format_date;
use crate::script::eval::flow::{Res, RuntimeError, convert_error, runtime, unsupported};
use crate::script::eval::interp::Interp;
use crate::script::eval::interp::Stage;

pub(crate) static GET_DATE: UtilityInfo = UtilityInfo {
    name: "Get-Date",
    aliases: &[],
    synopsis: "Gets the current date and time (the session's simulated clock), or a given date.",
    params: &[
        ParameterInfo::value("Date", "DateTime")
            .position(0)
            .piped()
            .help("The date to use instead of now."),
        ParameterInfo::value("Format", "String")
            .help("Returns text in a .NET format such as yyyy-MM-dd."),
        ParameterInfo::value("Year", "Int32"),
        ParameterInfo::value("Month", "Int32"),
        ParameterInfo::value("Day", "Int32"),
        ParameterInfo::value("Hour", "Int32"),
        ParameterInfo::value("Minute", "Int32"),
        ParameterInfo::value("Second", "Int32"),
    ],
    examples: &[
        Example {
            title: "Now, in the console's format",
            input: "Get-Date",
            output: "Monday, November 23, 2026 8:30:00 AM",
        },
        Example {
            title: "A file-name-friendly stamp and a cut-off date",
            input: "Get-Date -Format 'yyyyMMdd-HHmm'\n(Get-Date).AddDays(-90).ToShortDateString()",
            output: "20261123-0830\n8/25/2026",
        },
    ],
    build: build_get_date,
};

pub(crate) static NEW_TIMESPAN: UtilityInfo = UtilityInfo {
    name: "New-TimeSpan",
    aliases: &[],
    synopsis: "Creates a TimeSpan: between two dates, or from days, hours, minutes and seconds.",
    params: &[
        ParameterInfo::value("Start", "DateTime").position(0),
        ParameterInfo::value("End", "DateTime").position(1),
        ParameterInfo::value("Days", "Int32"),
        ParameterInfo::value("Hours", "Int32"),
        ParameterInfo::value("Minutes", "Int32"),
        ParameterInfo::value("Seconds", "Int32"),
    ],
    examples: &[Example {
        title: "Days since a device last synced",
        input: "(New-TimeSpan -Start (Get-MobileDeviceStatistics -Mailbox alice)[0].LastSuccessSync -End (Get-Date)).TotalMinutes",
        output: "35",
    }],
    build: build_timespan,
};

pub(crate) static START_SLEEP: UtilityInfo = UtilityInfo {
    name: "Start-Sleep",
    aliases: &["sleep"],
    synopsis: "Waits (simulated: moves the session's clock forward without sleeping).",
    params: &[
        ParameterInfo::value("Seconds", "Double")
            .position(0)
            .aliases(&["s"]),
        ParameterInfo::value("Milliseconds", "Int32").aliases(&["ms"]),
    ],
    examples: &[Example {
        title: "The clock moves, the script does not wait",
        input: "Start-Sleep -Seconds 90\n(Get-Date).ToString('HH:mm:ss')",
        output: "08:31:30",
    }],
    build: build_sleep,
};

/// A date parameter's value: a date, or text read in the session culture as a cmdlet's binding reads it.
fn date_arg(v: &Value, name: &str, c: &Culture) -> Result<Timestamp, RuntimeError> {
    let parsed = match v {
        Value::String(s) => parse_date_in(s, c).map_err(unsupported)?,
        Value::Array(items) if let Some(one) = items.unwrap_single() => {
            return date_arg(&one, name, c);
        }
        other => to_date(other),
    };
    parsed.ok_or_else(|| {
        runtime(
            ErrorCategory::InvalidArgument,
            "ParameterBindingException",
            format!(
                "Cannot bind parameter '{name}'. {}",
                convert_error(
                    &to_str(v),
                    "System.DateTime",
                    "String was not recognized as a valid DateTime."
                )
                .record
                .message
            ),
        )
    })
}

fn build_get_date(it: &mut Interp<'_>, mut args: UArgs) -> Res<Box<dyn Stage>> {
    let given = match args.take("Date") {
        Some(v) => Some(date_arg(&v, "Date", it.culture())?),
        None => None,
    };
    let mut t = given.unwrap_or_else(|| it.now());
    let c = t.civil();
    let part = |args: &UArgs, name: &str, current: u32| -> Result<u32, RuntimeError> {
        Ok(args.int(name)?.map_or(current, |n| n.clamp(0, 9999) as u32))
    };
    let changed = Civil {
        year: part(&args, "Year", c.year as u32)? as i32,
        month: part(&args, "Month", c.month)?,
        day: part(&args, "Day", c.day)?,
        hour: part(&args, "Hour", c.hour)?,
        minute: part(&args, "Minute", c.minute)?,
        second: part(&args, "Second", c.second)?,
        millis: c.millis,
    };
    if changed != c {
        t = Timestamp::from_civil(changed).ok_or_else(|| {
            runtime(
                ErrorCategory::InvalidArgument,
                "GetDateInvalidDate",
                "Cannot create a date from the given year, month, day, hour, minute and second.",
            )
        })?;
    }
    let value = match args.string("Format") {
        Some(f) => Value::from(format_date(t, &f, it.culture()).map_err(unsupported)?),
        None => Value::DateTime(t),
    };
    Ok(Box::new(super::MapStage {
        f: move |_: &mut Interp<'_>, input: Option<Value>, out: &mut Vec<Value>| -> Res<()> {
            if input.is_none() || given.is_none() {
                out.push(value.clone());
            }
            Ok(())
        },
    }))
}

fn build_timespan(it: &mut Interp<'_>, args: UArgs) -> Res<Box<dyn Stage>> {
    let now = it.now();
    let start = match args.get("Start") {
        Some(v) => Some(date_arg(v, "Start", it.culture())?),
        None => None,
    };
    let end = match args.get("End") {
        Some(v) => Some(date_arg(v, "End", it.culture())?),
        None => None,
    };
    let ms = if start.is_some() || end.is_some() {
        end.unwrap_or(now).millis() - start.unwrap_or(now).millis()
    } else {
        let n = |name: &str| -> Result<i128, RuntimeError> {
            Ok(i128::from(args.int(name)?.unwrap_or(0)))
        };
        let ms =
            ((n("Days")? * 24 + n("Hours")?) * 60 + n("Minutes")?) * 60_000 + n("Seconds")? * 1000;
        i64::try_from(ms.clamp(-(1i128 << 62), 1i128 << 62)).unwrap_or(0)
    };
    let value = timespan(ms);
    Ok(Box::new(super::MapStage {
        f: move |_: &mut Interp<'_>, _: Option<Value>, out: &mut Vec<Value>| -> Res<()> {
            out.push(value.clone());
            Ok(())
        },
    }))
}

fn build_sleep(_it: &mut Interp<'_>, args: UArgs) -> Res<Box<dyn Stage>> {
    let seconds = args
        .get("Seconds")
        .and_then(to_number)
        .map_or(0.0, |n| n.as_f64());
    let ms = args.int("Milliseconds")?.unwrap_or(0);
    let total = (seconds * 1000.0).round() as i64 + ms;
    Ok(Box::new(super::MapStage {
        f: move |it: &mut Interp<'_>, _: Option<Value>, _: &mut Vec<Value>| -> Res<()> {
            it.st.clock_offset_ms = it.st.clock_offset_ms.saturating_add(total.max(0));
            it.host.slept(u64::try_from(total).unwrap_or(0));
            Ok(())
        },
    }))
}
