//! Commands in argument mode: parameters, bare words, numbers, lists, aliases, splatting, `&` and `.`,
//! script-block arguments and pipelines.

use expect_test::expect;

use super::super::*;
use super::{check, check_text};

// Commands and argument mode.

#[test]
fn command_with_named_and_bare_arguments() {
    check(
        "Get-Mailbox -ResultSize Unlimited",
        expect![[r#"
        (cmd Get-Mailbox -ResultSize Unlimited)
    "#]],
    );
    check(
        "Get-MobileDevice -ResultSize 1000",
        expect![[r#"
        (cmd Get-MobileDevice -ResultSize 1000)
    "#]],
    );
    check(
        "Set-CASMailbox alice -ActiveSyncEnabled:$false -Confirm:$false",
        expect![[r#"
        (cmd Set-CASMailbox alice (-ActiveSyncEnabled: $false) (-Confirm: $false))
    "#]],
    );
    check(
        "Export-Csv -Path .\\OutlookMobile.csv -NoTypeInformation",
        expect![[r#"
        (cmd Export-Csv -Path .\OutlookMobile.csv -NoTypeInformation)
    "#]],
    );
    check(
        "Import-Csv C:\\temp\\users.csv",
        expect![[r#"
        (cmd Import-Csv C:\temp\users.csv)
    "#]],
    );
}

#[test]
fn write_host_mixes_strings_and_expressions() {
    check(
        r#"Write-Host "Checking" $mailbox.DisplayName "now""#,
        expect![[r#"
        (cmd Write-Host "Checking" (.DisplayName $mailbox) "now")
    "#]],
    );
    check(
        "Write-Host -Object $x",
        expect![[r#"
        (cmd Write-Host -Object $x)
    "#]],
    );
}

#[test]
fn dash_words_are_parameters_in_argument_mode_and_operators_in_expressions() {
    check(
        "echo -eq",
        expect![[r#"
        (cmd echo -eq)
    "#]],
    );
    check(
        "$a -eq 'x'",
        expect![[r#"
        (-eq $a 'x')
    "#]],
    );
    check(
        "5 -gt 3",
        expect![[r#"
        (-gt 5 3)
    "#]],
    );
    check(
        "-not $x",
        expect![[r#"
        (-not $x)
    "#]],
    );
}

#[test]
fn numbers_and_bare_words_in_argument_mode() {
    check(
        "f 10 1.5 0x1F 10kb -5 1..10 2024-01-01 1abc",
        expect![[r#"
        (cmd f 10 1.5 31 10240 -5 1..10 2024-01-01 1abc)
    "#]],
    );
}

#[test]
fn comma_lists_are_one_argument() {
    check(
        "Select-Object DisplayName, PrimarySmtpAddress,Alias",
        expect![[r#"
        (cmd Select-Object (array DisplayName PrimarySmtpAddress Alias))
    "#]],
    );
    check(
        "ft Name,\n   DeviceModel -AutoSize",
        expect![[r#"
        (cmd ft (array Name DeviceModel) -AutoSize)
    "#]],
    );
}

#[test]
fn aliases_are_plain_command_names() {
    check(
        "$list | % { $_.Name } | ? { $_ } | where Name -like 'a*' | sort Name | group Model | ft | fl",
        expect![[r#"
        (pipe
          $list
          (cmd % (scriptblock (.Name $_)))
          (cmd ? (scriptblock $_))
          (cmd where Name -like 'a*')
          (cmd sort Name)
          (cmd group Model)
          (cmd ft)
          (cmd fl))
    "#]],
    );
    check(
        "$list | foreach { $_ }",
        expect![[r#"
        (pipe $list (cmd foreach (scriptblock $_)))
    "#]],
    );
    check(
        "Get-Mailbox | select -First 1 | foreach-object {$_}",
        expect![[r#"
        (pipe (cmd Get-Mailbox) (cmd select -First 1) (cmd foreach-object (scriptblock $_)))
    "#]],
    );
}

#[test]
fn call_and_dot_source_operators() {
    check(
        "& $block 1 2; & 'C:\\my tool.exe' -x; . .\\helpers.ps1",
        expect![[r#"
        (call $block 1 2)
        (call 'C:\my tool.exe' -x)
        (dot-source .\helpers.ps1)
    "#]],
    );
}

#[test]
fn splatting() {
    check(
        "$p = @{Identity = 'x'}\nGet-Mailbox @p -ResultSize 10",
        expect![[r#"
        (= $p (hashtable (Identity 'x')))
        (cmd Get-Mailbox @p -ResultSize 10)
    "#]],
    );
}

#[test]
fn member_access_on_arguments_must_touch() {
    check(
        "Set-CASMailbox -Identity $d.UserDisplayName -ActiveSyncAllowedDeviceIDs @{Add=$d.DeviceId}",
        expect![[r#"
        (cmd Set-CASMailbox
          -Identity
          (.UserDisplayName $d)
          -ActiveSyncAllowedDeviceIDs
          (hashtable (Add (.DeviceId $d))))
    "#]],
    );
    check(
        "Write-Host $a .b",
        expect![[r#"
        (cmd Write-Host $a .b)
    "#]],
    );
}

#[test]
fn script_block_filter_keeps_its_text() {
    let source = "Get-Mailbox -Filter {DeviceModel -eq 'x' -and (Name -like \"a*\")}";
    check(
        source,
        expect![[r#"
        (cmd Get-Mailbox -Filter (scriptblock (cmd DeviceModel -eq 'x' -and (paren (cmd Name -like "a*")))))
    "#]],
    );
    let parsed = parse(source);
    let ScriptBody::Statements(s) = &parsed.script.body else {
        panic!("plain statements")
    };
    let StatementKind::Pipeline(p) = &s[0].kind else {
        panic!("a pipeline")
    };
    let PipelineElement::Command(c) = &p.elements[0] else {
        panic!("a command")
    };
    let CommandArg::Positional(Expr {
        kind: ExprKind::ScriptBlock(sb),
        span,
    }) = &c.args[1]
    else {
        panic!("a script block")
    };
    check_text(
        &sb.text,
        expect![[r#"DeviceModel -eq 'x' -and (Name -like "a*")"#]],
    );
    check_text(
        span.text(source),
        expect![[r#"{DeviceModel -eq 'x' -and (Name -like "a*")}"#]],
    );
}

// Pipelines.

#[test]
fn pipelines_continue_after_pipe_and_backtick() {
    check(
        "Get-MobileDevice |\n  Where-Object {$_.DeviceModel -eq 'iPhone6C2'} `\n  | Measure-Object",
        expect![[r#"
        (pipe
          (cmd Get-MobileDevice)
          (cmd Where-Object (scriptblock (-eq (.DeviceModel $_) 'iPhone6C2')))
          (cmd Measure-Object))
    "#]],
    );
}

#[test]
fn parenthesised_pipelines_and_member_access() {
    check(
        "(Get-Mailbox -Identity x).PrimarySmtpAddress",
        expect![[r#"
        (.PrimarySmtpAddress (paren (cmd Get-Mailbox -Identity x)))
    "#]],
    );
    check(
        "$owner = (Get-Mailbox $d.UserDisplayName).PrimarySmtpAddress.ToString()",
        expect![[r#"
        (= $owner (.ToString() (.PrimarySmtpAddress (paren (cmd Get-Mailbox (.UserDisplayName $d))))))
    "#]],
    );
    check(
        "(Get-Date).AddDays(-90)",
        expect![[r#"
        (.AddDays() (paren (cmd Get-Date)) -90)
    "#]],
    );
}

#[test]
fn simplified_where_object_syntax_is_parameters_and_values() {
    check(
        "Get-MobileDevice | Where-Object DeviceModel -eq 'iPhone6C2' | ForEach-Object -MemberName DeviceId",
        expect![[r#"
            (pipe
              (cmd Get-MobileDevice)
              (cmd Where-Object DeviceModel -eq 'iPhone6C2')
              (cmd ForEach-Object -MemberName DeviceId))
        "#]],
    );
}

#[test]
fn command_names_from_expressions_and_paths() {
    check(
        "& \"$PSScriptRoot\\helpers.ps1\" -Verbose; .\\Pin-Devices.ps1 -Model iPhone6C2",
        expect![[r#"
            (call (expand $PSScriptRoot "\helpers.ps1") -Verbose)
            (cmd .\Pin-Devices.ps1 -Model iPhone6C2)
        "#]],
    );
}

#[test]
fn crlf_line_endings() {
    check(
        "$a = 1\r\nif ($a) {\r\n  Get-Mailbox `\r\n    -ResultSize 5\r\n}\r\n$h = @\"\r\nline $a\r\n\"@\r\n",
        expect![[r#"
            (= $a 1)
            (if $a (block (cmd Get-Mailbox -ResultSize 5)))
            (= $h (expand-here "line " $a))
        "#]],
    );
}

#[test]
fn leading_pipe_of_powershell_7_is_an_error() {
    check(
        "Get-Mailbox\n| Sort-Object Name",
        expect![[r#"
        (cmd Get-Mailbox)
        (cmd Sort-Object Name)
        ---
        At line:2 char:1
        + | Sort-Object Name
        + ~
        An empty pipe element is not allowed.
    "#]],
    );
}
