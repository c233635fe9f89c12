//! Shell tests with Exchange cmdlets: each runs a script through the language's evaluator against the example
//! tenant and compares everything it printed
//! (output, host text, warnings, errors) with the expectation. `UPDATE_EXPECT=1` refreshes them.

use expect_test::{Expect, expect};

use crate::admin::examples::{EXAMPLE_NOW, example_tenant};
use crate::admin::host::LocalHost;
use crate::script::Value;
use crate::script::eval::*;
use crate::script::{Session, run};

#[track_caller]
fn check(source: &str, expect: Expect) {
    let mut tenant = example_tenant();
    let mut host = LocalHost::new(&mut tenant, EXAMPLE_NOW);
    let mut out = StringHost::new();
    let outcome = run(source, &mut host, &mut out);
    let mut text = out.text;
    if outcome != RunOutcome::Completed {
        text.push_str(&format!("[{outcome:?}]\n"));
    }
    expect.assert_eq(&text);
}

#[test]
fn arithmetic_and_strings() {
    check(
        r#"$a = 1 + 2; "a is $a"; 5 / 2; "x" * 3; "1" + 2; 2 + "3"; 7 % 3; -5; 1/3"#,
        expect![[r#"
            a is 3
            2.5
            xxx
            12
            5
            1
            -5
            0.333333333333333
        "#]],
    );
}

#[test]
fn variables_arrays_and_counts() {
    check(
        r#"
$list = @()
$list += 'a'
$list += 'b', 'c'
$list.Count
$null.Count
(5).Count
$list[0]; $list[-1]; $list[1..2] -join '+'
$x = $list | Where-Object { $_ -ne 'b' }
"$x"
$h = @{ Add = 1; remove = 2 }
$h.add + $h['REMOVE']
$h.Count
"#,
        expect![[r#"
            3
            0
            1
            a
            c
            b+c
            a c
            3
            2
        "#]],
    );
}

#[test]
fn comparison_operators() {
    check(
        r#"
'iPhone6C2' -like 'iphone*'
'iPhone6C2' -clike 'iphone*'
'SM-G991B' -match '^SM-(\w+)$'
$Matches[1]
1,2,3,4 -gt 2
'a','b' -contains 'B'
'b' -in 'a','b'
10 -eq '10'
'10' -lt 9
$null -eq $null
-not $true
!(1 -eq 2) -and ($true -or $false)
'a.b.c' -replace '\.', '-'
'a,b;c' -split '[,;]'
"#,
        expect![[r#"
            True
            False
            True
            G991B
            3
            4
            True
            True
            True
            True
            True
            False
            True
            a-b-c
            a
            b
            c
        "#]],
    );
}

#[test]
fn string_methods_and_member_access_on_command_results() {
    check(
        r#"
$id = (Get-MobileDevice -Mailbox alice)[0].Identity
$id.Split("\")[0]
$id.ToLower().StartsWith('alice')
(Get-Mailbox -Identity alice).PrimarySmtpAddress
(Get-MobileDevice -Mailbox bob).DeviceId
'  padded '.Trim().ToUpper().Substring(1, 3)
'abc'.Length
"#,
        expect![[r#"
            Alice
            True
            alice@contoso.com
            ApplG7H8J9K0
            5eec4e94a1b2c3d4
            ADD
            3
        "#]],
    );
}

#[test]
fn control_flow_and_functions() {
    check(
        r#"
function Get-Double { param([int]$Value = 1) $Value * 2 }
Get-Double -Value 21
Get-Double 4
Get-Double
$i = 0
while ($true) { $i++; if ($i -ge 3) { break } }
"i=$i"
foreach ($n in 1..5) { if ($n % 2) { continue }; "even $n" }
:outer foreach ($a in 1..3) { foreach ($b in 1..3) { if ($b -eq 2) { continue outer }; "$a$b" } }
$r = if ($i -gt 2) { 'big' } elseif ($i -gt 1) { 'medium' } else { 'small' }
$r
switch ('iPhone6C2') { 'iphone*' { 'no wildcard' } 'iPhone6C2' { 'exact' } default { 'none' } }
switch -Wildcard ('SM-G991B') { 'SM-*' { 'Samsung' } }
for ($k = 0; $k -lt 2; $k++) { "k=$k" }
"#,
        expect![[r#"
            42
            8
            2
            i=3
            even 2
            even 4
            11
            21
            31
            big
            exact
            Samsung
            k=0
            k=1
        "#]],
    );
}

#[test]
fn errors_are_written_with_positions_and_scripts_go_on() {
    check(
        r#"
Get-Mailbox -Identity nobody
"after a non-terminating error"
$x = $null
$x.Foo()
"after a statement-terminating error"
Set-CASMailbox -Identity nobody -ActiveSyncEnabled $false
try { Get-Mailbox nobody -ErrorAction Stop } catch { "caught: $($_.Exception.Message)" }
try { throw "boom" } catch { "caught $_" } finally { "finally" }
$Error.Count
throw "the end"
"never"
"#,
        expect![[r#"
            Get-Mailbox : The operation couldn't be performed because object 'nobody' couldn't be found on 'EASPR01A001DC01.EASPR01A001.prod.outlook.com'.
            At line:2 char:1
            + Get-Mailbox -Identity nobody
            + ~~~~~~~~~~~~~~~~~~~~~~~~~~~~
                + CategoryInfo          : ObjectNotFound: (nobody:String) [Get-Mailbox], ManagementObjectNotFoundException
                + FullyQualifiedErrorId : ManagementObjectNotFoundException,Get-Mailbox

            after a non-terminating error
            You cannot call a method on a null-valued expression.
            At line:5 char:1
            + $x.Foo()
            + ~~~~~~~~
                + CategoryInfo          : InvalidOperation: (:) [], InvokeMethodOnNull
                + FullyQualifiedErrorId : InvokeMethodOnNull

            after a statement-terminating error
            Set-CASMailbox : The operation couldn't be performed because object 'nobody' couldn't be found on 'EASPR01A001DC01.EASPR01A001.prod.outlook.com'.
            At line:7 char:1
            + Set-CASMailbox -Identity nobody -ActiveSyncEnabled $false
            + ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
                + CategoryInfo          : ObjectNotFound: (nobody:String) [Set-CASMailbox], ManagementObjectNotFoundException
                + FullyQualifiedErrorId : ManagementObjectNotFoundException,Set-CASMailbox

            caught: The operation couldn't be performed because object 'nobody' couldn't be found on 'EASPR01A001DC01.EASPR01A001.prod.outlook.com'.
            caught boom
            finally
            5
            the end
            At line:11 char:1
            + throw "the end"
            + ~~~~~~~~~~~~~~~
                + CategoryInfo          : OperationStopped: (the end:String) [], RuntimeException
                + FullyQualifiedErrorId : the end

            [Failed]
        "#]],
    );
}

#[test]
fn unsupported_constructs_are_errors_not_guesses() {
    // A refused construct ends the script: what follows would run on a guess.
    check(
        r#"
[System.Collections.ArrayList]$l = @()
"next"
"#,
        expect![[r#"
            The type [System.Collections.ArrayList] is not supported by the easim shell.
            At line:2 char:1
            + [System.Collections.ArrayList]$l = @()
            + ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
                + CategoryInfo          : NotImplemented: (:) [], NotSupportedByEasim
                + FullyQualifiedErrorId : NotSupportedByEasim

            [Failed]
        "#]],
    );
    check(
        r#"
Invoke-Something -Now
.\other.ps1
"after"
"#,
        expect![[r#"
            The term 'Invoke-Something' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.
            At line:2 char:1
            + Invoke-Something -Now
            + ~~~~~~~~~~~~~~~~
                + CategoryInfo          : ObjectNotFound: (Invoke-Something:String) [], CommandNotFoundException
                + FullyQualifiedErrorId : CommandNotFoundException

            The term '.\other.ps1' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.
            At line:3 char:1
            + .\other.ps1
            + ~~~~~~~~~~~
                + CategoryInfo          : ObjectNotFound: (.\other.ps1:String) [], CommandNotFoundException
                + FullyQualifiedErrorId : CommandNotFoundException

            after
        "#]],
    );
    check(
        r#"
$a = @(1); $a.Add(2)
"after"
"#,
        expect![[r#"
            Exception calling "Add" with "1" argument(s): "Collection was of a fixed size."
            At line:2 char:12
            + $a = @(1); $a.Add(2)
            +            ~~~~~~~~~
                + CategoryInfo          : NotSpecified: (:) [], MethodInvocationException
                + FullyQualifiedErrorId : MethodInvocationException

            after
        "#]],
    );
}

#[test]
fn parse_errors_stop_before_running() {
    check(
        "'start'\nif ($x { 'y' }",
        expect![[r#"
        At line:2 char:8
        + if ($x { 'y' }
        +        ~
        Missing closing ')' after expression in 'if' statement.

        [ParseFailed]
    "#]],
    );
}

#[test]
fn select_sort_group_measure() {
    // `Select-Object Count, Name` of GroupInfo objects makes `Selected.Microsoft.PowerShell.Commands.GroupInfo`
    // objects, which GroupInfo's table view (Name 25 wide) does not apply to: the names print whole.
    check(
        r#"
Get-MobileDevice | Select-Object DeviceId, @{Name='Owner';Expression={$_.Identity.Split('\')[0]}}, devicem* | Sort-Object Owner, DeviceId -Descending
Get-MobileDevice | Group-Object DeviceModel | Sort-Object Count -Descending | Select-Object Count, Name
(Get-MobileDevice | Measure-Object).Count
1..10 | Measure-Object -Sum -Average -Maximum
Get-MobileDevice | Select-Object -First 1 -ExpandProperty DeviceId
'b','a','B' | Sort-Object -Unique
"#,
        expect![[r#"

            DeviceId         Owner DeviceMobileOperator DeviceModel
            --------         ----- -------------------- -----------
            ApplG7H8J9K0     Bob                        iPhone6C2
            5eec4e94a1b2c3d4 Bob                        Outlook for iOS and Android
            SEC1A2B3C4D5     Alice                      SM-G991B
            ApplF17XK1AB     Alice                      iPhone6C2


            Count Name
            ----- ----
                2 iPhone6C2
                1 SM-G991B
                1 Outlook for iOS and Android

            4

            Count    : 10
            Average  : 5.5
            Sum      : 55
            Maximum  : 10
            Minimum  :
            Property :

            ApplF17XK1AB
            a
            b
        "#]],
    );
}

#[test]
fn default_views_and_format_cmdlets() {
    check(
        r#"
Get-Mailbox -ResultSize Unlimited
Get-ActiveSyncDeviceAccessRule
Get-MobileDevice -Mailbox bob | Format-Table DeviceId, DeviceModel, FirstSyncTime -AutoSize
Get-CASMailbox bob | Format-List Name, ActiveSyncAllowedDeviceIDs
[PSCustomObject]@{
    User = 'Bob'
    Devices = 2
}
@{ b = 2; a = 1 }
Get-Date
"#,
        expect![[r#"

            Name     Alias    RecipientTypeDetails PrimarySmtpAddress
            ----     -----    -------------------- ------------------
            Alice    alice    UserMailbox          alice@contoso.com
            Bob      bob      UserMailbox          bob@contoso.com
            Carol    carol    UserMailbox          carol@contoso.com
            HelpDesk helpdesk SharedMailbox        helpdesk@contoso.com


            Name                    Characteristic QueryString AccessLevel
            ----                    -------------- ----------- -----------
            iPhone6C2 (DeviceModel) DeviceModel    iPhone6C2   Allow


            DeviceId         DeviceModel                 FirstSyncTime
            --------         -----------                 -------------
            ApplG7H8J9K0     iPhone6C2                   11/1/2026 8:00:00 AM
            5eec4e94a1b2c3d4 Outlook for iOS and Android 11/1/2026 8:00:00 AM


            Name                       : Bob
            ActiveSyncAllowedDeviceIDs : {5eec4e94a1b2c3d4}


            User Devices
            ---- -------
            Bob        2


            Name                           Value
            ----                           -----
            b                              2
            a                              1

            Monday, November 23, 2026 8:30:00 AM
        "#]],
    );
}

#[test]
fn write_host_pipeline_input_and_streams() {
    check(
        r#"
$d = Get-MobileDevice -Mailbox alice
Write-Host "Found" $d.Count "devices" -ForegroundColor Green
Write-Host 'no newline ' -NoNewline; Write-Host 'done'
Write-Warning "careful"
Write-Output 'out'
'a','b' | ForEach-Object { $_.ToUpper() }
Get-MobileDevice | ? { $_.DeviceAccessState -eq 'Quarantined' } | % DeviceId
Write-Verbose 'hidden'
Write-Verbose 'shown' -Verbose
Get-ActiveSyncDeviceAccessRule | Remove-ActiveSyncDeviceAccessRule -WhatIf
"#,
        expect![[r#"
            Found 2 devices
            no newline done
            WARNING: careful
            out
            A
            B
            SEC1A2B3C4D5
            VERBOSE: shown
            What if: Performing the operation "Remove-ActiveSyncDeviceAccessRule" on target "iPhone6C2 (DeviceModel)".
        "#]],
    );
}

#[test]
fn pinning_script_from_mission_runs_unchanged() {
    let script = include_str!("../../../fixtures/script/ok/scenario-a-pin-allowed-devices.ps1");
    let mut tenant = example_tenant();
    let mut out = StringHost::new();
    {
        let mut host = LocalHost::new(&mut tenant, EXAMPLE_NOW);
        assert_eq!(run(script, &mut host, &mut out), RunOutcome::Completed);
    }
    expect![[r#"
        Found 2 allowed iPhone6C2 devices
        Pinning ApplF17XK1AB to alice@contoso.com
        Pinning ApplG7H8J9K0 to bob@contoso.com
    "#]]
    .assert_eq(&out.text);
    let mut host = LocalHost::new(&mut tenant, EXAMPLE_NOW);
    let mut out = StringHost::new();
    run(
        "Get-MobileDevice | Select-Object DeviceId, DeviceAccessState, DeviceAccessStateReason",
        &mut host,
        &mut out,
    );
    expect![[r#"

        DeviceId         DeviceAccessState DeviceAccessStateReason
        --------         ----------------- -----------------------
        ApplF17XK1AB     Allowed           Individual
        SEC1A2B3C4D5     Quarantined       Global
        ApplG7H8J9K0     Allowed           Individual
        5eec4e94a1b2c3d4 Allowed           Individual

    "#]]
    .assert_eq(&out.text);
}

#[test]
fn csv_round_trip_through_the_host_files() {
    let mut tenant = example_tenant();
    let mut host = LocalHost::new(&mut tenant, EXAMPLE_NOW);
    let mut out = StringHost::new();
    run(
        "Get-MobileDevice | Select-Object DeviceId, FirstSyncTime | Export-Csv -Path d.csv -NoTypeInformation\n(Import-Csv d.csv).Count",
        &mut host,
        &mut out,
    );
    expect![[r#"
        4
        ---
        "DeviceId","FirstSyncTime"
        "ApplF17XK1AB","11/1/2026 8:00:00 AM"
        "SEC1A2B3C4D5","11/1/2026 8:00:00 AM"
        "ApplG7H8J9K0","11/1/2026 8:00:00 AM"
        "5eec4e94a1b2c3d4","11/1/2026 8:00:00 AM"
    "#]]
    .assert_eq(&format!("{}---\n{}", out.text, out.files["d.csv"]));
}

#[test]
fn sessions_keep_variables_and_functions() {
    let mut tenant = example_tenant();
    let mut host = LocalHost::new(&mut tenant, EXAMPLE_NOW);
    let mut out = StringHost::new();
    let mut s = Session::default();
    s.run("$x = 41; function Inc($v) { $v + 1 }", &mut host, &mut out);
    s.run("Inc $x", &mut host, &mut out);
    assert_eq!(out.text, "42\n");
    assert!(s.function_names().contains(&"Inc".to_string()));
    assert_eq!(s.variable("x"), Some(&Value::Int(41)));
}

#[test]
fn deep_recursion_is_an_error_not_a_crash() {
    let handle = std::thread::Builder::new()
        .stack_size(64 * 1024 * 1024)
        .spawn(|| {
            let mut tenant = example_tenant();
            let mut host = LocalHost::new(&mut tenant, EXAMPLE_NOW);
            let mut out = StringHost::new();
            run(
                "function f($n) { f ($n + 1) }\nf 0\n'after'",
                &mut host,
                &mut out,
            );
            out.text
        })
        .unwrap();
    let text = handle.join().unwrap();
    assert!(text.contains("call depth overflow"), "{text}");
}

#[test]
fn stream_variables_and_error_preference() {
    check(
        r#"
Get-Mailbox nobody -ErrorAction SilentlyContinue -ErrorVariable err
"errors: $($err.Count): $($err[0].Exception.Message)"
Get-Mailbox -ResultSize 2 -WarningVariable w -WarningAction SilentlyContinue -OutVariable o | Out-Null
"warnings: $($w.Count), out: $($o.Count)"
Get-Mailbox alice -ErrorVariable +err | Out-Null
"errors still: $($err.Count)"
'x' | Select-Object -OutVariable sel
$ErrorActionPreference = 'Stop'
Get-Mailbox nobody
"not reached"
"#,
        expect![[r#"
            errors: 1: The operation couldn't be performed because object 'nobody' couldn't be found on 'EASPR01A001DC01.EASPR01A001.prod.outlook.com'.
            warnings: 1, out: 2
            errors still: 1
            Select-Object : The common parameter -OutVariable on Select-Object is not supported by the easim shell.
            At line:8 char:7
            + 'x' | Select-Object -OutVariable sel
            +       ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
                + CategoryInfo          : NotImplemented: (:) [Select-Object], NotSupportedByEasim
                + FullyQualifiedErrorId : NotSupportedByEasim,Select-Object

            [Failed]
        "#]],
    );
}

#[test]
fn add_member_changes_the_objects_in_the_variable_and_whatif_preference_holds() {
    check(
        r#"
$o = New-Object PSObject
$o | Add-Member NoteProperty User 'alice'
Add-Member -InputObject $o -NotePropertyName Devices -NotePropertyValue 2
$list = @([PSCustomObject]@{n=1}, [PSCustomObject]@{n=2})
$list | Add-Member -NotePropertyName Tag -NotePropertyValue 'x'
$o
$list
$WhatIfPreference = $true
Set-CASMailbox alice -ActiveSyncEnabled $false
(Get-CASMailbox alice).ActiveSyncEnabled
"#,
        expect![[r#"

            User  Devices
            ----  -------
            alice       2


            n Tag
            - ---
            1 x
            2 x

            What if: Performing the operation "Set-CASMailbox" on target "Alice".
            True
        "#]],
    );
}

#[test]
fn unfinished_input_is_told_from_wrong_input() {
    for s in [
        "if ($x) {",
        "function f {\n 'a'",
        "'abc",
        "@\"\nabc",
        "Get-Mailbox |",
        "$x = @{a=1;",
        "Get-Mailbox `",
        "1 +",
    ] {
        assert!(input_is_incomplete(s), "{s:?} is unfinished");
    }
    for s in ["Get-Mailbox", "}", "$x = )", "if ($x) { 'a' }", ""] {
        assert!(!input_is_incomplete(s), "{s:?} is not unfinished");
    }
}

#[test]
fn dollar_question_mark_says_whether_the_last_statement_failed() {
    check(
        r#"
Get-Mailbox nobody -ErrorAction SilentlyContinue
"after a failure: $?"
Get-Mailbox alice | Out-Null
"after a success: $?"
"#,
        expect![[r#"
            after a failure: False
            after a success: True
        "#]],
    );
}

#[test]
fn changing_loop_objects_changes_the_list_as_with_references() {
    check(
        r#"
$report = @([PSCustomObject]@{User='a'; Status=''}, [PSCustomObject]@{User='b'; Status=''})
foreach ($r in $report) { if ($r.User -eq 'b') { $r.Status = 'pinned' } }
$report
"#,
        expect![[r#"

            User Status
            ---- ------
            a
            b    pinned

        "#]],
    );
}
