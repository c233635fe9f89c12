//! Statements: assignments, if/elseif/else, loops, switch, functions and param blocks, try/catch/finally.

use expect_test::expect;

use super::check;

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

#[test]
fn switch_options_and_values() {
    check(
        "switch -Regex -CaseSensitive ($s) { '^a' { 1 } 5 { 2 } $x { 3 } }",
        expect![[r#"
            (switch -regex -casesensitive $s (clause '^a' (block 1)) (clause 5 (block 2)) (clause $x (block 3)))
        "#]],
    );
}

#[test]
fn flow_statements_take_optional_values() {
    check(
        "exit; throw (New-Object Exception 'x'); return Get-Date | Select -First 1",
        expect![[r#"
        (exit)
        (throw (paren (cmd New-Object Exception 'x')))
        (return (pipe (cmd Get-Date) (cmd Select -First 1)))
    "#]],
    );
}
