//! Diagnostics: unsupported constructs, parse errors with PowerShell's wording and positions, nesting
//! limits and line/column mapping.

use expect_test::expect;

use super::super::*;
use super::{check, check_text};

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
        "data { 'x' }\nenum Color { Red }",
        expect![[r#"
            <error>
            <error>
            ---
            At line:1 char:1
            + data { 'x' }
            + ~~~~
            'data' sections are not supported by easim.

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
        expect!["The script nests blocks or expressions more than 128 levels deep."],
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

#[test]
fn param_block_only_at_the_start() {
    check(
        "Get-Date\n[CmdletBinding()]\nparam($x)\n",
        expect![[r#"
            (cmd Get-Date)
            [CmdletBinding]
            <error>
            ---
            At line:2 char:1
            + [CmdletBinding()]
            + ~~~~~~~~~~~~~~~~~
            Attributes are only supported on parameters and param blocks by easim.

            At line:3 char:1
            + param($x)
            + ~~~~~
            Unexpected 'param': 'param' blocks must come first in a script, function or script block.
        "#]],
    );
    check(
        "{ [int] param($x) }",
        expect![[r#"
        (scriptblock (param (parameter $x)))
        ---
        At line:1 char:3
        + { [int] param($x) }
        +   ~~~~~
        Only attributes such as [CmdletBinding()] can come before 'param', not a type.
    "#]],
    );
}
