//! Unit tests of the script front end: one `check` per case, snapshotting the tree (`dump`) and the rendered
//! diagnostics. Refresh with `UPDATE_EXPECT=1 cargo test --lib script`.

use expect_test::{Expect, expect};

use super::*;

#[track_caller]
fn check(source: &str, expect: Expect) {
    let parsed = parse(source);
    let mut out = dump(&parsed.script);
    if !parsed.diagnostics.is_empty() {
        out.push_str("---\n");
        out.push_str(&render_all(source, &parsed.diagnostics));
    }
    expect.assert_eq(&out);
}

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

#[track_caller]
fn check_text(actual: &str, expect: Expect) {
    expect.assert_eq(actual);
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

// Expressions.

#[test]
fn split_and_index() {
    check(
        r#"$_.Identity.Split("\")[0]"#,
        expect![[r#"
        (index (.Split() (.Identity $_) "\") 0)
    "#]],
    );
    check(
        "$a[0]; $a[-1]; $a[0, 2]; $a[1..3]",
        expect![[r#"
        (index $a 0)
        (index $a -1)
        (index $a (array 0 2))
        (index $a (.. 1 3))
    "#]],
    );
    check(
        "$a [0]",
        expect![[r#"
        $a
        ---
        At line:1 char:4
        + $a [0]
        +    ~
        Unexpected token '[' in expression or statement.
    "#]],
    );
}

#[test]
fn method_calls() {
    check(
        "$s.ToLower(); $s.StartsWith(\"x\"); $s.Replace('a', 'b').Trim()",
        expect![[r#"
        (.ToLower() $s)
        (.StartsWith() $s "x")
        (.Trim() (.Replace() $s 'a' 'b'))
    "#]],
    );
    check(
        "[math]::Round($x, 2); [datetime]::Now; [string]::IsNullOrEmpty($s)",
        expect![[r#"
        (::Round() [math] $x 2)
        (::Now [datetime])
        (::IsNullOrEmpty() [string] $s)
    "#]],
    );
}

#[test]
fn operator_precedence() {
    check(
        "$a -eq 1 -and $b -ne 2 -or -not $c",
        expect![[r#"
        (-or (-and (-eq $a 1) (-ne $b 2)) (-not $c))
    "#]],
    );
    check(
        "1 + 2 * 3 - 4 / 2 % 3",
        expect![[r#"
        (- (+ 1 (* 2 3)) (% (/ 4 2) 3))
    "#]],
    );
    check(
        "-not $a -eq $b",
        expect![[r#"
        (-eq (-not $a) $b)
    "#]],
    );
    check(
        "1,2 + 3",
        expect![[r#"
        (+ (array 1 2) 3)
    "#]],
    );
    check(
        "'{0} of {1}' -f $i, $n",
        expect![[r#"
        (-f '{0} of {1}' (array $i $n))
    "#]],
    );
    check(
        "$x -band 4 -eq 4",
        expect![[r#"
        (-band $x (-eq 4 4))
    "#]],
    );
}

#[test]
fn comparison_operators_normalize_case() {
    check(
        "$a -EQ 1; $a -ieq 1; $a -ceq 1; $a -CLike 'x*'; $a -notmatch '^a'; $a -in $b; $a -NotIn $b",
        expect![[r#"
        (-eq $a 1)
        (-eq $a 1)
        (-ceq $a 1)
        (-clike $a 'x*')
        (-notmatch $a '^a')
        (-in $a $b)
        (-notin $a $b)
    "#]],
    );
    check(
        "$a -contains 1 -or $a -notcontains 2 -xor $a -replace 'a','b' -is [string]",
        expect![[r#"
        (-xor (-or (-contains $a 1) (-notcontains $a 2)) (-is (-replace $a (array 'a' 'b')) [string]))
    "#]],
    );
}

#[test]
fn unary_operators() {
    check(
        "-$x; !$x; -not$x; $i++; --$i; -5; - 5; -split $s; ,$x",
        expect![[r#"
        (neg $x)
        (-not $x)
        (-not $x)
        (post++ $i)
        (pre-- $i)
        -5
        -5
        (-split $s)
        (array $x)
    "#]],
    );
}

#[test]
fn ranges() {
    check(
        "1..10 | % { $_ }",
        expect![[r#"
        (pipe (.. 1 10) (cmd % (scriptblock $_)))
    "#]],
    );
    check(
        "foreach ($i in 1..$n) { }",
        expect![[r#"
        (foreach $i (.. 1 $n) (block))
    "#]],
    );
}

#[test]
fn arrays() {
    check(
        "$a = @(); $b = 1,2,3; $c = @(Get-Mailbox); $d = ,1",
        expect![[r#"
        (= $a (array-subexpr))
        (= $b (array 1 2 3))
        (= $c (array-subexpr (cmd Get-Mailbox)))
        (= $d (array 1))
    "#]],
    );
}

#[test]
fn hashtables() {
    check(
        "@{a=1; b='x'}",
        expect![[r#"
        (hashtable (a 1) (b 'x'))
    "#]],
    );
    check(
        "@{\n  Name = 'x'\n  Count = 5\n\n}",
        expect![[r#"
        (hashtable (Name 'x') (Count 5))
    "#]],
    );
    check(
        "@{n='User';e={$_.UserDisplayName}}",
        expect![[r#"
        (hashtable (n 'User') (e (scriptblock (.UserDisplayName $_))))
    "#]],
    );
    check(
        "@{Add='a','b'; Remove=$old}",
        expect![[r#"
        (hashtable (Add (array 'a' 'b')) (Remove $old))
    "#]],
    );
    check(
        "@{ 'quoted key' = 1; 2 = Get-Date; ($k) = 3 }",
        expect![[r#"
        (hashtable ('quoted key' 1) (2 (cmd Get-Date)) ((paren $k) 3))
    "#]],
    );
}

#[test]
fn casts_and_type_literals() {
    check(
        "[int]$x; [string] $y; [datetime]'2026-01-01'; [string[]]$list",
        expect![[r#"
        (cast [int] $x)
        (cast [string] $y)
        (cast [datetime] '2026-01-01')
        (cast [string[]] $list)
    "#]],
    );
    check(
        "[PSCustomObject]@{\n    User = $mailbox.DisplayName\n    Device = $d.DeviceFriendlyName\n}",
        expect![[r#"
        (cast [PSCustomObject] (hashtable (User (.DisplayName $mailbox)) (Device (.DeviceFriendlyName $d))))
    "#]],
    );
    check(
        "$x -is [int]; [System.Collections.Generic.List[string]]::new()",
        expect![[r#"
        (-is $x [int])
        (::new() [System.Collections.Generic.List[string]])
    "#]],
    );
    check(
        "[int]$a + [int]$b",
        expect![[r#"
        (+ (cast [int] $a) (cast [int] $b))
    "#]],
    );
}

#[test]
fn variables() {
    check(
        "$x; $_; $null; $true; $false; ${my var}; $script:count; $env:USERNAME; $global:x = 1; $?",
        expect![[r#"
        $x
        $_
        $null
        $true
        $false
        ${my var}
        $script:count
        $env:USERNAME
        (= $global:x 1)
        $?
    "#]],
    );
}

#[test]
fn subexpressions() {
    check(
        "$($a; $b); @($x | sort)",
        expect![[r#"
        (subexpr $a $b)
        (array-subexpr (pipe $x (cmd sort)))
    "#]],
    );
}

// Strings.

#[test]
fn double_quoted_strings_expand_variables_only() {
    check(
        r#""$x.Name and $($x.Name) and ${y}""#,
        expect![[r#"
        (expand $x ".Name and " (subexpr (.Name $x)) " and " $y)
    "#]],
    );
    check(
        r#""Total: $($list.Count) devices""#,
        expect![[r#"
        (expand "Total: " (subexpr (.Count $list)) " devices")
    "#]],
    );
    check(
        r#""a `"quoted`" ""word"" `$notvar `n`t tab""#,
        expect![[r#"
        "a `"quoted`" `"word`" `$notvar `n`t tab"
    "#]],
    );
    check(
        r#""cost: $ 5 and 100$""#,
        expect![[r#"
        "cost: `$ 5 and 100`$"
    "#]],
    );
    check(
        r#""nested $("inner $x")""#,
        expect![[r#"
        (expand "nested " (subexpr (expand "inner " $x)))
    "#]],
    );
}

#[test]
fn single_quoted_strings_are_literal() {
    check(
        "'it''s $x `n'",
        expect![[r#"
        'it''s $x `n'
    "#]],
    );
}

#[test]
fn here_strings() {
    check(
        "@\"\nHello $name\n  \"quotes\" stay\n\"@",
        expect![[r#"
        (expand-here "Hello " $name "`n  `"quotes`" stay")
    "#]],
    );
    check(
        "@'\nliteral $x\n'@",
        expect![[r#"
        (here 'literal $x')
    "#]],
    );
    check(
        "$s = @\"\n\"@",
        expect![[r#"
        (= $s (here ""))
    "#]],
    );
}

#[test]
fn curly_quotes_and_dashes_from_blogs() {
    check(
        "Get-Mailbox –ResultSize Unlimited | Where {$_.Name -eq ‘x’} | Write-Host “hi $a”",
        expect![[r#"
        (pipe
          (cmd Get-Mailbox -ResultSize Unlimited)
          (cmd Where (scriptblock (-eq (.Name $_) 'x')))
          (cmd Write-Host (expand "hi " $a)))
    "#]],
    );
}

#[test]
fn bare_words_expand_variables() {
    check(
        "Export-Csv -Path C:\\reports\\$name.csv",
        expect![[r#"
        (cmd Export-Csv -Path (expand-bare "C:\reports\" $name ".csv"))
    "#]],
    );
}

// Comments.

#[test]
fn comments() {
    check(
        "# header\nGet-Mailbox # trailing\n<# block\n comment #> Get-Date\nfoo#notacomment",
        expect![[r#"
        (cmd Get-Mailbox)
        (cmd Get-Date)
        (cmd foo#notacomment)
    "#]],
    );
}

// Statements.

#[test]
fn assignment_operators() {
    check(
        "$x = 1; $x += 2; $x -= 1; $x *= 3; $x /= 2; $x %= 2; $report += [PSCustomObject]@{a=1}",
        expect![[r#"
        (= $x 1)
        (+= $x 2)
        (-= $x 1)
        (*= $x 3)
        (/= $x 2)
        (%= $x 2)
        (+= $report (cast [PSCustomObject] (hashtable (a 1))))
    "#]],
    );
    check(
        "$h.Name = 'x'; $a[0] = 1; [int]$n = '5'; $a, $b = 1, 2",
        expect![[r#"
        (= (.Name $h) 'x')
        (= (index $a 0) 1)
        (= (cast [int] $n) '5')
        (= (array $a $b) (array 1 2))
    "#]],
    );
    check(
        "$list = Get-Mailbox | Sort-Object Name",
        expect![[r#"
        (= $list (pipe (cmd Get-Mailbox) (cmd Sort-Object Name)))
    "#]],
    );
    check(
        "$v = if ($a) { 1 } else { 2 }",
        expect![[r#"
        (= $v (if $a (block 1) else (block 2)))
    "#]],
    );
}

#[test]
fn if_elseif_else() {
    check(
        "If ($a -eq 1) {\n  'one'\n} ElseIf ($a -eq 2) { 'two' }\nElse\n{\n  'many'\n}",
        expect![[r#"
        (if (-eq $a 1) (block 'one') elseif (-eq $a 2) (block 'two') else (block 'many'))
    "#]],
    );
}

#[test]
fn foreach_statement_is_case_insensitive() {
    check(
        "ForEach ($mailbox in $mailboxes) {\n  Write-Host $mailbox\n}",
        expect![[r#"
        (foreach $mailbox $mailboxes (block (cmd Write-Host $mailbox)))
    "#]],
    );
    check(
        "FOREACH($d in (Get-MobileDevice)){$d}",
        expect![[r#"
        (foreach $d (paren (cmd Get-MobileDevice)) (block $d))
    "#]],
    );
}

#[test]
fn loops() {
    check(
        "while ($i -lt 10) { $i++ }\ndo { $i-- } while ($i -gt 0)\ndo { $i++ } until ($i -ge 5)",
        expect![[r#"
        (while (-lt $i 10) (block (post++ $i)))
        (do-while (block (post-- $i)) (-gt $i 0))
        (do-until (block (post++ $i)) (-ge $i 5))
    "#]],
    );
    check(
        "for ($i = 0; $i -lt 10; $i++) { if ($i -eq 5) { break }; continue }",
        expect![[r#"
        (for (= $i 0) (-lt $i 10) (post++ $i) (block (if (-eq $i 5) (block (break))) (continue)))
    "#]],
    );
    check(
        ":outer foreach ($a in $b) { foreach ($c in $d) { break outer } }",
        expect![[r#"
        (foreach :outer $a $b (block (foreach $c $d (block (break outer)))))
    "#]],
    );
}

#[test]
fn switch_statement() {
    check(
        "switch -Wildcard ($d.DeviceModel) {\n  'iPhone*' { 'apple' }\n  Pixel { 'google'; break }\n  {$_ -like '*tab*'} { 'tablet' }\n  default { 'other' }\n}",
        expect![[r#"
        (switch -wildcard
          (.DeviceModel $d)
          (clause 'iPhone*' (block 'apple'))
          (clause Pixel (block 'google' (break)))
          (clause (scriptblock (-like $_ '*tab*')) (block 'tablet'))
          (default (block 'other')))
    "#]],
    );
}

#[test]
fn functions() {
    check(
        "function Get-Owner { param([string]$Identity, $Default = 1) $Identity.Split('\\')[0] }",
        expect![[r#"
        (function Get-Owner
          (param (parameter [string] $Identity) (parameter $Default 1))
          (index (.Split() $Identity '\') 0))
    "#]],
    );
    check(
        "function f($a, [int]$b = 2) { return $a + $b }",
        expect![[r#"
        (function f (param (parameter $a) (parameter [int] $b 2)) (return (+ $a $b)))
    "#]],
    );
    check(
        "function Test-It {\n  [CmdletBinding()]\n  param(\n    [Parameter(Mandatory = $true, Position = 0)]\n    [ValidateSet('a', 'b')]\n    [string]$Name,\n    [switch]$Force\n  )\n  $Name\n}",
        expect![[r#"
        (function Test-It
          (param
            (attribute CmdletBinding)
            (parameter
              (attribute Parameter (Mandatory = $true) (Position = 0))
              (attribute ValidateSet 'a' 'b')
              [string]
              $Name)
            (parameter [switch] $Force))
          $Name)
    "#]],
    );
    check(
        "filter Only-Allowed { if ($_.DeviceAccessState -eq 'Allowed') { $_ } }",
        expect![[r#"
        (filter Only-Allowed (if (-eq (.DeviceAccessState $_) 'Allowed') (block $_)))
    "#]],
    );
}

#[test]
fn named_blocks() {
    check(
        "function f {\n  begin { $n = 0 }\n  process { $n++ }\n  end { $n }\n}",
        expect![[r#"
        (function f (begin (= $n 0)) (process (post++ $n)) (end $n))
    "#]],
    );
}

#[test]
fn script_param_block() {
    check(
        "[CmdletBinding()]\nparam([string]$Model = 'iPhone6C2')\nGet-MobileDevice",
        expect![[r#"
        (param (attribute CmdletBinding) (parameter [string] $Model 'iPhone6C2'))
        (cmd Get-MobileDevice)
    "#]],
    );
    check(
        "[int]$x = 5\n$x",
        expect![[r#"
        (= (cast [int] $x) 5)
        $x
    "#]],
    );
}

#[test]
fn try_catch_finally_and_throw() {
    check(
        "try { Get-Mailbox x -ErrorAction Stop } catch [System.Management.Automation.RuntimeException], [Exception] { Write-Warning $_ } catch { throw } finally { 'done' }",
        expect![[r#"
        (try
          (block (cmd Get-Mailbox x -ErrorAction Stop))
          (catch [System.Management.Automation.RuntimeException] [Exception] (block (cmd Write-Warning $_)))
          (catch (block (throw)))
          (finally (block 'done')))
    "#]],
    );
    check(
        "throw \"bad $x\"; return; exit 1",
        expect![[r#"
        (throw (expand "bad " $x))
        (return)
        (exit 1)
    "#]],
    );
}

// Diagnostics.

#[test]
fn unsupported_constructs_are_diagnosed() {
    check(
        "class Foo { [string]$Name }\nGet-Date",
        expect![[r#"
        <error>
        (cmd Get-Date)
        ---
        At line:1 char:1
        + class Foo { [string]$Name }
        + ~~~~~
        'class' definitions are not supported by easim.
    "#]],
    );
    check(
        "using namespace System.Text",
        expect![[r#"
        <error>
        ---
        At line:1 char:1
        + using namespace System.Text
        + ~~~~~
        'using' statements are not supported by easim.
    "#]],
    );
    check(
        "trap { continue }\nenum Color { Red }",
        expect![[r#"
        <error>
        <error>
        ---
        At line:1 char:1
        + trap { continue }
        + ~~~~
        'trap' statements are not supported by easim; use try/catch.

        At line:2 char:1
        + enum Color { Red }
        + ~~~~
        'enum' definitions are not supported by easim.
    "#]],
    );
    check(
        "Get-Mailbox > out.txt; Get-Date 2>&1",
        expect![[r#"
        (cmd Get-Mailbox)
        (cmd Get-Date)
        ---
        At line:1 char:13
        + Get-Mailbox > out.txt; Get-Date 2>&1
        +             ~
        Redirection ('>') is not supported by easim; use '| Out-Null' to discard output.

        At line:1 char:33
        + Get-Mailbox > out.txt; Get-Date 2>&1
        +                                 ~~~~
        Redirection ('2>&1') is not supported by easim; use '| Out-Null' to discard output.
    "#]],
    );
    check(
        "Get-Mailbox && Get-Date",
        expect![[r#"
        (cmd Get-Mailbox)
        ---
        At line:1 char:13
        + Get-Mailbox && Get-Date
        +             ~~
        The '&&' operator (PowerShell 7) is not supported by easim; use 'if ($?) { … }'.
    "#]],
    );
    check(
        "$a ? 1 : 2",
        expect![[r#"
        $a
        ---
        At line:1 char:4
        + $a ? 1 : 2
        +    ~
        The '?' operator (PowerShell 7) is not supported by easim; use if/else or -eq $null.
    "#]],
    );
}

#[test]
fn parse_errors_point_at_the_problem() {
    check(
        "Get-Mailbox |",
        expect![[r#"
        (cmd Get-Mailbox)
        ---
        At line:1 char:13
        + Get-Mailbox |
        +             ~
        An empty pipe element is not allowed.
    "#]],
    );
    check(
        "Get-Mailbox | $x",
        expect![[r#"
        (cmd Get-Mailbox)
        ---
        At line:1 char:15
        + Get-Mailbox | $x
        +               ~~
        Expressions are only allowed as the first element of a pipeline.
    "#]],
    );
    check(
        "$x = (1 + ",
        expect![[r#"
        (= $x (paren (+ 1 <error>)))
        ---
        At line:1 char:6
        + $x = (1 + 
        +      ~
        Missing closing ')' in expression.

        At line:1 char:9
        + $x = (1 + 
        +         ~
        You must provide a value expression following the '+' operator.
    "#]],
    );
    check(
        "if ($a) {\n  'x'\n",
        expect![[r#"
        (if $a (block 'x'))
        ---
        At line:1 char:9
        + if ($a) {
        +         ~
        Missing closing '}' in statement block or type definition.
    "#]],
    );
    check(
        "$a $b",
        expect![[r#"
        $a
        ---
        At line:1 char:4
        + $a $b
        +    ~~
        Unexpected token '$b' in expression or statement.
    "#]],
    );
    check(
        "'unterminated",
        expect![[r#"
        <error>
        ---
        At line:1 char:1
        + 'unterminated
        + ~~~~~~~~~~~~~
        The string is missing the terminator: '.
    "#]],
    );
    check(
        "\"still $(open",
        expect![[r#"
        <error>
        ---
        At line:1 char:1
        + "still $(open
        + ~~~~~~~~~~~~~
        The string is missing the terminator: ".
    "#]],
    );
    check(
        "@{a=1 b=2}",
        expect![[r#"
        (hashtable (a 1))
        ---
        At line:1 char:7
        + @{a=1 b=2}
        +       ~
        Unexpected token 'b' in expression or statement.
    "#]],
    );
    check(
        "@{a}",
        expect![[r#"
        (hashtable)
        ---
        At line:1 char:4
        + @{a}
        +    ~
        Missing '=' operator after key in hash literal.
    "#]],
    );
    check(
        "$x = ",
        expect![[r#"
        (= $x <error>)
        ---
        At line:1 char:4
        + $x = 
        +    ~
        You must provide a value expression on the right-hand side of the '=' operator.
    "#]],
    );
    check(
        "1 = 2",
        expect![[r#"
        (= 1 2)
        ---
        At line:1 char:1
        + 1 = 2
        + ~
        The assignment expression is not valid. The input to an assignment operator must be an object that is able to accept assignments, such as a variable or a property.
    "#]],
    );
    check(
        "$a -eq foo",
        expect![[r#"
        (-eq $a <error>)
        ---
        At line:1 char:4
        + $a -eq foo
        +    ~~~
        You must provide a value expression following the '-eq' operator.

        At line:1 char:8
        + $a -eq foo
        +        ~~~
        Unexpected token 'foo' in expression or statement.
    "#]],
    );
    check(
        "else { }",
        expect![[r#"
        <error>
        ---
        At line:1 char:1
        + else { }
        + ~~~~
        Unexpected 'else': 'else' must follow the closing '}' of an 'if' or 'elseif' block.
    "#]],
    );
    check(
        "try { }",
        expect![[r#"
        (try (block))
        ---
        At line:1 char:1
        + try { }
        + ~~~
        The Try statement is missing its Catch or Finally block.
    "#]],
    );
    check(
        "\"$name: x\"",
        expect![[r#"
        " x"
        ---
        At line:1 char:2
        + "$name: x"
        +  ~~~~~~
        Variable reference is not valid. ':' was not followed by a valid variable name character. Consider using ${} to delimit the name: '$name:'.
    "#]],
    );
    check(
        "Write-Host \"a\"$b",
        expect![[r#"
        (cmd Write-Host "a" $b)
        ---
        At line:1 char:15
        + Write-Host "a"$b
        +               ~~
        '"a"$b' continues right after an argument without a space; easim does not join argument parts: quote the whole argument or separate the parts with a space.
    "#]],
    );
    check(
        "$x.",
        expect![[r#"
        (.'' $x)
        ---
        At line:1 char:3
        + $x.
        +   ~
        Missing property name after reference operator.
    "#]],
    );
    check(
        "$a[]",
        expect![[r#"
        (index $a <error>)
        ---
        At line:1 char:3
        + $a[]
        +   ~
        Array index expression is missing or not valid.
    "#]],
    );
    check(
        "[int",
        expect![[r#"
        [int]
        ---
        At line:1 char:5
        + [int
        +     ~
        Missing ] at end of attribute or type literal.
    "#]],
    );
    check(
        "foreach ($x of $y) {}",
        expect![[r#"
        <error>
        ---
        At line:1 char:13
        + foreach ($x of $y) {}
        +             ~~
        Missing 'in' after variable in foreach loop.
    "#]],
    );
    check(
        "} )",
        expect![[r#"
        ---
        At line:1 char:1
        + } )
        + ~
        Unexpected token '}' in expression or statement.

        At line:1 char:3
        + } )
        +   ~
        Unexpected token ')' in expression or statement.
    "#]],
    );
    check(
        "<# never closed",
        expect![[r#"
        <error>
        ---
        At line:1 char:1
        + <# never closed
        + ~~~~~~~~~~~~~~~
        Missing the end of a block comment: '#>'.
    "#]],
    );
    check(
        "$a < 3",
        expect![[r#"
        $a
        ---
        At line:1 char:4
        + $a < 3
        +    ~
        The '<' operator is reserved for future use.
    "#]],
    );
}

#[test]
fn deep_nesting_is_a_diagnostic_not_a_crash() {
    let source = format!("{}1{}", "(".repeat(5000), ")".repeat(5000));
    let parsed = parse(&source);
    check_text(
        &parsed
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        expect!["The script nests blocks or expressions more than 256 levels deep."],
    );
    let source = "\"$(".repeat(3000);
    let parsed = parse(&source);
    assert!(parsed.has_errors());
}

#[test]
fn positions_count_characters_and_lines() {
    let source = "a\r\n‘x’ b\nc";
    let index = LineIndex::new(source);
    let positions: Vec<_> = [0u32, 3, 6, 10, 12, 13, 99]
        .iter()
        .map(|&o| {
            let p = index.position(o);
            format!("{o}->{}:{}", p.line, p.column)
        })
        .collect();
    check_text(
        &positions.join(" "),
        expect!["0->1:1 3->2:1 6->2:2 10->2:4 12->2:6 13->3:1 99->3:2"],
    );
    check_text(index.line_text(2), expect!["‘x’ b"]);
}
