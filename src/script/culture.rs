//! The cultures a session can run in (`$PSCulture`, `easim run --culture`): the .NET `CultureInfo` data that
//! PowerShell's culture-sensitive text uses (date and time patterns, day and month names, AM/PM designators,
//! decimal and group separators, currency). Pure data and lookup; the formatting itself is `eval::strings` and
//! `eval::convert`.
//!
//! Which .NET: easim emulates Windows PowerShell 5.1, which runs on .NET Framework on Windows, where culture data
//! comes from Windows (NLS), not from ICU as in PowerShell 7 on .NET 5+. Where the two agree the values below
//! are cited from dotnet/runtime's culture tests (`src/libraries/System.Globalization/tests/…`); where they
//! differ the Windows value is kept and the difference noted. A value no source states is `None`, and text that
//! needs it is refused with an error naming it rather than guessed (`Culture::missing`).
//!
//! Not modelled: user overrides of the Control Panel, calendars other than the Gregorian, neutral cultures.

/// A culture's currency format: `CurrencySymbol`, `CurrencyPositivePattern` and `CurrencyNegativePattern` as
/// .NET numbers them (0 `$n`, 1 `n$`, 2 `$ n`, 3 `n $`; negative 0 `($n)`, 1 `-$n`, 5 `-n$`, 8 `-n $`).
#[derive(Debug)]
pub struct Currency {
    pub symbol: &'static str,
    pub positive_pattern: u8,
    pub negative_pattern: u8,
}

/// One culture's formatting data (a `System.Globalization.CultureInfo` as far as PowerShell's text needs it).
#[derive(Debug)]
pub struct Culture {
    /// `Name` (`$PSCulture`), e.g. `de-DE`.
    pub name: &'static str,
    /// `DisplayName` as Windows gives it in English.
    pub display_name: &'static str,
    /// `LCID`.
    pub lcid: u32,
    /// `DateTimeFormat.ShortDatePattern` (`d`).
    pub short_date: &'static str,
    /// `DateTimeFormat.LongDatePattern` (`D`).
    pub long_date: &'static str,
    /// `DateTimeFormat.ShortTimePattern` (`t`).
    pub short_time: &'static str,
    /// `DateTimeFormat.LongTimePattern` (`T`).
    pub long_time: &'static str,
    /// `DateTimeFormat.MonthDayPattern` (`M`), where a source states it.
    pub month_day: Option<&'static str>,
    /// `DateTimeFormat.YearMonthPattern` (`Y`), where a source states it.
    pub year_month: Option<&'static str>,
    /// `DateTimeFormat.DayNames`, Sunday first.
    pub day_names: [&'static str; 7],
    /// `DateTimeFormat.MonthNames`, January first.
    pub month_names: [&'static str; 12],
    /// `AbbreviatedDayNames` (Sunday first) and `AbbreviatedMonthNames`, where a source states them.
    pub abbreviated: Option<([&'static str; 7], [&'static str; 12])>,
    /// `AMDesignator` and `PMDesignator`, where a source states them.
    pub designators: Option<(&'static str, &'static str)>,
    /// `NumberFormat.NumberDecimalSeparator`.
    pub decimal_separator: &'static str,
    /// `NumberFormat.NumberGroupSeparator`.
    pub group_separator: &'static str,
    /// Currency (`C`), where a source states it.
    pub currency: Option<Currency>,
    /// Whether percent (`P`) is known: `n %` (.NET Framework's pattern 0) with this culture's separators.
    pub percent: bool,
    /// `TextInfo.ListSeparator` (Export-Csv `-UseCulture`), where a source states it.
    pub list_separator: Option<char>,
}

const ENGLISH_DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const ENGLISH_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const ENGLISH_ABBREVIATED: ([&str; 7], [&str; 12]) = (
    ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
    [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
);

/// The invariant culture: what string expansion, `[string]` casts and the `r`, `s`, `u`, `o` formats use.
/// Patterns: dotnet/runtime `DateTimeFormatInfoShortDatePattern.cs` (`MM/dd/yyyy`),
/// `DateTimeFormatInfoLongTimePattern.cs` (`HH:mm:ss`), `DateTimeFormatInfoShortTimePattern.cs` (`HH:mm`),
/// `DateTimeFormatInfoLongDatePattern.cs` (`dddd, dd MMMM yyyy`); names `DateTimeFormatInfoMonthNames.cs`,
/// `DateTimeFormatInfoAbbreviatedMonthNames.cs` (`Jan` … `Dec`); EnglishName `Invariant Language (Invariant
/// Country)` as PowerShell's `Get-Culture.Tests.ps1` states it.
pub static INVARIANT: Culture = Culture {
    name: "",
    display_name: "Invariant Language (Invariant Country)",
    lcid: 127,
    short_date: "MM/dd/yyyy",
    long_date: "dddd, dd MMMM yyyy",
    short_time: "HH:mm",
    long_time: "HH:mm:ss",
    month_day: None,
    year_month: None,
    day_names: ENGLISH_DAYS,
    month_names: ENGLISH_MONTHS,
    abbreviated: Some(ENGLISH_ABBREVIATED),
    designators: Some(("AM", "PM")),
    decimal_separator: ".",
    group_separator: ",",
    currency: None,
    percent: false,
    list_separator: None,
};

/// en-US, the default. dotnet/runtime `DateTimeFormatInfoShortDatePattern.cs` (`M/d/yyyy`),
/// `DateTimeFormatInfoLongTimePattern.cs` (`h:mm:ss tt`), `DateTimeFormatInfoShortTimePattern.cs` (`h:mm tt`),
/// `DateTimeFormatInfoLongDatePattern.cs` (`dddd, MMMM d, yyyy`); the .NET standard date and time format
/// strings page (learn.microsoft.com/dotnet/standard/base-types/standard-date-and-time-format-strings) for
/// `M` (`June 15`) and `Y` (`June 2009`); currency `$n` / `($n)` as `NumberFormatInfoData.cs` states for NLS
/// (`CurrencyNegativePattern` 0). Percent `n %` is .NET Framework's en-US pattern (Windows PowerShell 5.1
/// prints `12.50 %`; .NET 5+ prints `12.50%`). List separator `,`: ConvertTo-Csv's reference, example 3
/// (`(Get-Culture).TextInfo.ListSeparator` is `,`, learn.microsoft.com/powershell/module/microsoft.powershell.utility/convertto-csv?view=powershell-5.1).
pub static EN_US: Culture = Culture {
    name: "en-US",
    display_name: "English (United States)",
    lcid: 1033,
    short_date: "M/d/yyyy",
    long_date: "dddd, MMMM d, yyyy",
    short_time: "h:mm tt",
    long_time: "h:mm:ss tt",
    month_day: Some("MMMM d"),
    year_month: Some("MMMM yyyy"),
    day_names: ENGLISH_DAYS,
    month_names: ENGLISH_MONTHS,
    abbreviated: Some(ENGLISH_ABBREVIATED),
    designators: Some(("AM", "PM")),
    decimal_separator: ".",
    group_separator: ",",
    currency: Some(Currency {
        symbol: "$",
        positive_pattern: 0,
        negative_pattern: 0,
    }),
    percent: true,
    list_separator: Some(','),
};

/// en-GB. dotnet/runtime `DateTimeFormatInfoShortDatePattern.cs` (`dd/MM/yyyy`),
/// `DateTimeFormatInfoLongTimePattern.cs` (`HH:mm:ss`), `DateTimeFormatInfoShortTimePattern.cs` (`HH:mm`); the
/// issue this implements quotes `24/08/2018 17:30:53`. LongDatePattern is Windows' `dd MMMM yyyy` (ICU has
/// `dddd d MMMM yyyy`): Windows PowerShell with culture en-GB prints `[datetime]::now` as `30 December 2021
/// 11:01:33` and `Get-Date -DisplayHint Date` as `30 December 2021`
/// (https://jhoneill.github.io/powershell/2022/03/06/DateFormats.html) and `get-date "31/12/2008"` as
/// `31 December 2008 00:00:00` (http://richardspowershellblog.wordpress.com/2008/06/01/culture/, which also shows
/// `DisplayName : English (United Kingdom)`, `LCID : 2057`). Separators: `'{0:N2}' -f 32583.122` is `32,583.12`
/// for en-GB (Mastering Windows PowerShell Scripting, ch. 10, packtpub.com). Designators, abbreviations and
/// currency differ between Windows versions and ICU and are not modelled.
pub static EN_GB: Culture = Culture {
    name: "en-GB",
    display_name: "English (United Kingdom)",
    lcid: 2057,
    short_date: "dd/MM/yyyy",
    long_date: "dd MMMM yyyy",
    short_time: "HH:mm",
    long_time: "HH:mm:ss",
    month_day: None,
    year_month: None,
    day_names: ENGLISH_DAYS,
    month_names: ENGLISH_MONTHS,
    abbreviated: None,
    designators: None,
    decimal_separator: ".",
    group_separator: ",",
    currency: None,
    percent: false,
    list_separator: None,
};

/// de-DE. dotnet/runtime `DateTimeFormatInfoShortDatePattern.cs` (`dd.MM.yyyy`),
/// `DateTimeFormatInfoLongTimePattern.cs` (`HH:mm:ss`), `DateTimeFormatInfoShortTimePattern.cs` (`HH:mm`),
/// `DateTimeFormatInfoLongDatePattern.cs` (`dddd, d. MMMM yyyy`, as the .NET standard format strings page shows
/// it: `Montag, 15. Juni 2009 (de-DE)`). Names: CLDR `de` (Montag … , Januar … Dezember). Numbers and
/// currency from a German Windows server (https://www.powershell-user.de/powershell-und-die-waehrung/ and
/// https://powershell-user.de/rechnen-mit-dezimalzahlen): `1/3` prints `0,333333333333333`, `-12345.67` prints
/// `-12345,67` and its `ToString("c")` is `-12.345,67 €`; `(Get-Culture).NumberFormat` shows
/// `CurrencyPositivePattern 3`, `CurrencyNegativePattern 8`.
pub static DE_DE: Culture = Culture {
    name: "de-DE",
    display_name: "German (Germany)",
    lcid: 1031,
    short_date: "dd.MM.yyyy",
    long_date: "dddd, d. MMMM yyyy",
    short_time: "HH:mm",
    long_time: "HH:mm:ss",
    month_day: None,
    year_month: None,
    day_names: [
        "Sonntag",
        "Montag",
        "Dienstag",
        "Mittwoch",
        "Donnerstag",
        "Freitag",
        "Samstag",
    ],
    month_names: [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    abbreviated: None,
    designators: None,
    decimal_separator: ",",
    group_separator: ".",
    currency: Some(Currency {
        symbol: "€",
        positive_pattern: 3,
        negative_pattern: 8,
    }),
    percent: false,
    list_separator: None,
};

/// fr-FR. dotnet/runtime `DateTimeFormatInfoShortDatePattern.cs` (`dd/MM/yyyy`, also its invariant-vs-fr-FR
/// test), `DateTimeFormatInfoLongTimePattern.cs` (`HH:mm:ss`), `DateTimeFormatInfoShortTimePattern.cs`
/// (`HH:mm`), `DateTimeFormatInfoLongDatePattern.cs` (`dddd d MMMM yyyy`, its ICU and NLS data agree). Names:
/// CLDR `fr` (lundi … , janvier … décembre, lower case). Decimal separator `,`. The group separator is Windows'
/// U+00A0 NO-BREAK SPACE (microsoft/cascadia-code#207: French Windows' digit grouping is a no-break space).
/// PowerShell 7 on .NET 5+ uses ICU, where it is U+202F NARROW NO-BREAK SPACE since ICU 63
/// (dotnet/coreclr#25154); easim emulates Windows PowerShell 5.1 and keeps U+00A0.
pub static FR_FR: Culture = Culture {
    name: "fr-FR",
    display_name: "French (France)",
    lcid: 1036,
    short_date: "dd/MM/yyyy",
    long_date: "dddd d MMMM yyyy",
    short_time: "HH:mm",
    long_time: "HH:mm:ss",
    month_day: None,
    year_month: None,
    day_names: [
        "dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
    ],
    month_names: [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    abbreviated: None,
    designators: None,
    decimal_separator: ",",
    group_separator: "\u{a0}",
    currency: None,
    percent: false,
    list_separator: None,
};

/// Every culture `--culture` accepts, in the order help lists them.
pub static CULTURES: [&Culture; 4] = [&EN_US, &EN_GB, &DE_DE, &FR_FR];

/// The culture of that name (case-insensitive, as `[cultureinfo]'de-de'` is).
pub fn find(name: &str) -> Option<&'static Culture> {
    CULTURES
        .iter()
        .copied()
        .find(|c| c.name.eq_ignore_ascii_case(name))
}

/// The names `--culture` accepts, comma-separated (for help and errors).
pub fn names() -> String {
    CULTURES
        .iter()
        .map(|c| c.name)
        .collect::<Vec<_>>()
        .join(", ")
}

impl Culture {
    /// Names what text needed and this culture lacks (a value no source states; see the module header), for an
    /// error saying it is not supported.
    pub fn missing(&self, what: &str) -> String {
        format!("{what} in the {} culture", self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_found_case_insensitively() {
        assert_eq!(find("de-de").map(|c| c.name), Some("de-DE"));
        assert_eq!(find("EN-gb").map(|c| c.lcid), Some(2057));
        assert!(find("xx-XX").is_none());
        assert!(find("").is_none());
        assert_eq!(names(), "en-US, en-GB, de-DE, fr-FR");
    }
}
