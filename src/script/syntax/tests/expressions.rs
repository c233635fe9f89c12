//! Expressions: member access and indexing, operators and precedence, arrays, hashtables, casts, variables,
//! strings of every quoting and comments.

use expect_test::expect;

use super::check;

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

#[test]
fn statements_starting_with_operators_are_expressions() {
    check(
        "!$x; -not ($a -eq $b); $a -and -not $b; \"$x\" + 'y'; [void]$list.Add(1); $byState[$s]++",
        expect![[r#"
            (-not $x)
            (-not (paren (-eq $a $b)))
            (-and $a (-not $b))
            (+ (expand $x) 'y')
            (cast [void] (.Add() $list 1))
            (post++ (index $byState $s))
        "#]],
    );
}

#[test]
fn method_arguments_may_span_lines() {
    check(
        "$s.Replace(\n    'a',\n    'b'\n)",
        expect![[r#"
        (.Replace() $s 'a' 'b')
    "#]],
    );
}

#[test]
fn split_join_and_format_operators() {
    check(
        "$s -split ','; -split $s; $a -join ';'; -join $a; '{0:N2}' -f $x; $s -csplit 'A'",
        expect![[r#"
            (-split $s ',')
            (-split $s)
            (-join $a ';')
            (-join $a)
            (-f '{0:N2}' $x)
            (-csplit $s 'A')
        "#]],
    );
}

#[test]
fn non_breaking_spaces_separate_tokens() {
    check(
        "Get-Mailbox\u{a0}-ResultSize\u{a0}10",
        expect![[r#"
        (cmd Get-Mailbox -ResultSize 10)
    "#]],
    );
}
