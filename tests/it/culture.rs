//! `easim run --culture` and `easim shell --culture`: dates and numbers print in the session culture as .NET
//! formats them, string expansion stays invariant, an unknown culture is a usage error naming the supported
//! ones, and the remote shell formats what the server sends in its own culture exactly as a local shell does.
//! Expected texts come from the sources cited beside them (the same as `fixtures/powershell/culture.txt`).

use crate::shell::serve;
use crate::support::{easim, easim_with_stdin, fixture, stderr, stdout};

/// Runs `script` from standard input in a fresh in-process session at 2018-08-24 17:30:53 UTC.
fn run_in(culture: &str, script: &str) -> std::process::Output {
    easim_with_stdin(
        &[
            "run",
            "-",
            "--profile",
            "small",
            "--now",
            "2018-08-24T17:30:53Z",
            "--culture",
            culture,
        ],
        script.as_bytes(),
    )
}

#[test]
fn run_in_de_de_prints_german_dates_and_decimal_commas() {
    let out = run_in(
        "de-DE",
        "$PSCulture\nGet-Date\n(Get-Date).ToString()\n\"$(Get-Date)\"\n1/3\n'{0:N2}' -f 1234.5\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        // The console shows a date as its DateTime property, long date and long time
        // (https://jhoneill.github.io/powershell/2022/03/06/DateFormats.html), de-DE `dddd, d. MMMM yyyy`
        // and `HH:mm:ss` (dotnet/runtime DateTimeFormatInfoLongDatePattern.cs, …LongTimePattern.cs);
        // ToString() is the short date and long time, `dd.MM.yyyy HH:mm:ss`; string expansion is invariant
        // (PowerShell/PowerShell#13397); a German server prints 1/3 as 0,333333333333333
        // (https://powershell-user.de/rechnen-mit-dezimalzahlen) and groups thousands with `.`
        // (https://www.powershell-user.de/powershell-und-die-waehrung/: -12.345,67 €).
        "de-DE\n\
         Freitag, 24. August 2018 17:30:53\n\
         24.08.2018 17:30:53\n\
         08/24/2018 17:30:53\n\
         0,333333333333333\n\
         1.234,50\n"
    );
}

#[test]
fn run_in_en_gb_prints_day_first_dates() {
    // easim issue #10: Exchange admins outside the US see 24/08/2018 17:30:53, not 8/24/2018 5:30:53 PM.
    let out = run_in(
        "en-GB",
        "(Get-Date).ToString()\n(Get-Culture).DisplayName\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "24/08/2018 17:30:53\nEnglish (United Kingdom)\n"
    );
    // Without --culture: en-US, as before.
    let out = easim_with_stdin(
        &[
            "run",
            "-",
            "--profile",
            "small",
            "--now",
            "2018-08-24T17:30:53Z",
        ],
        b"(Get-Date).ToString()\n$PSCulture\n",
    );
    assert_eq!(stdout(&out), "8/24/2018 5:30:53 PM\nen-US\n");
}

#[test]
fn an_unknown_culture_is_a_usage_error_listing_the_supported_ones() {
    let out = run_in("xx-XX", "1\n");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("'xx-XX' is not a culture easim knows; supported: en-US, en-GB, de-DE, fr-FR"),
        "{err}"
    );
    for command in ["run", "shell"] {
        // Words only: clap wraps help to the terminal's width.
        let help = stdout(&easim(&[command, "--help"]))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(help.contains("--culture <NAME>"), "{command}: {help}");
        assert!(help.contains("en-GB, de-DE or fr-FR"), "{command}: {help}");
    }
}

#[test]
fn the_remote_shell_formats_in_its_culture_as_a_local_shell_does() {
    let tenant = fixture("tenants/examples.json");
    let tenant = tenant.to_str().unwrap();
    let server = serve(tenant);
    let input = "$PSCulture\nGet-MobileDevice -Mailbox alice | Select-Object DeviceId, FirstSyncTime\n(Get-MobileDevice -Mailbox alice)[0].FirstSyncTime.ToString()\n";
    let local = easim_with_stdin(
        &[
            "shell",
            "--tenant",
            tenant,
            "--no-history",
            "--culture",
            "de-DE",
        ],
        input.as_bytes(),
    );
    let remote = easim_with_stdin(
        &[
            "shell",
            "--connect",
            &server.url,
            "--token",
            "shell-test-token",
            "--no-history",
            "--culture",
            "de-DE",
        ],
        input.as_bytes(),
    );
    assert_eq!(remote.status.code(), Some(0), "{}", stderr(&remote));
    let text = stdout(&remote);
    assert_eq!(text, stdout(&local));
    assert!(text.starts_with("de-DE\n"), "{text}");
    // The last line is a date in de-DE's short date and long time (dd.MM.yyyy HH:mm:ss).
    let last = text.lines().last().unwrap_or_default();
    let shape: String = last
        .chars()
        .map(|c| if c.is_ascii_digit() { '9' } else { c })
        .collect();
    assert_eq!(shape, "99.99.9999 99:99:99", "{text}");
}

#[test]
fn exchange_date_parameters_take_the_cultures_short_date() {
    // Exchange's date parameters: "Use the short date format that's defined in the Regional Options settings on
    // the computer where you're running the command" (https://learn.microsoft.com/powershell/module/exchange/
    // search-adminauditlog, -StartDate); en-GB's short date is dd/MM/yyyy (dotnet/runtime
    // DateTimeFormatInfoShortDatePattern.cs).
    let script = "Search-AdminAuditLog -StartDate '31/12/2008' | Measure-Object | Select-Object -ExpandProperty Count\nSearch-AdminAuditLog -StartDate '12/31/2008'\n";
    let out = run_in("en-GB", script);
    assert_eq!(stdout(&out), "0\n");
    let err = stderr(&out);
    assert!(
        err.contains("Cannot bind parameter 'StartDate'. Cannot convert value \"12/31/2008\""),
        "{err}"
    );
    assert_eq!(
        err.matches("Cannot bind").count(),
        1,
        "only the month-first date fails: {err}"
    );
}
