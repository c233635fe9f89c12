//! The evaluator never panics: random scripts built from statements, expressions, pipelines and commands
//! (valid and broken ones, against the example tenant) run to an outcome, whatever they do.

use std::sync::atomic::Ordering;
use std::time::Duration;

use easim::admin::LocalHost;
use easim::admin::examples::{EXAMPLE_NOW, example_tenant};
use easim::script::{Session, StringHost};
use proptest::prelude::*;
use proptest::test_runner::Config;

/// Pieces of scripts admins write, plus mistakes: each is a statement or the start of a pipeline.
const PIECES: &[&str] = &[
    "$x = 1",
    "$x = @()",
    "$x += 'a'",
    "$x += $x",
    "$x[0] = $x",
    "$y = $x; $y[-1] = $x",
    "$x = Get-MobileDevice",
    "$x = Get-Mailbox -ResultSize Unlimited",
    "$x.Count",
    "$x[0]",
    "$x[-1].DeviceId",
    "$x.Split(',')[1]",
    "$x.Substring(2)",
    "$x.ToUpper()",
    "$x | Select-Object *",
    "$x | Select-Object -First 1 -ExpandProperty Name",
    "$x | Sort-Object Name -Descending",
    "$x | Group-Object DeviceModel",
    "$x | Measure-Object -Sum",
    "$x | Format-Table",
    "$x | Format-List *",
    "$x | Where-Object { $_.Name -like 'a*' }",
    "$x | ForEach-Object { $_ * 2 }",
    "$x | % Name",
    "$x | Export-Csv a.csv",
    "Import-Csv a.csv",
    "$x | ConvertTo-Json",
    "$x | Out-String",
    "1..5 | % { $_ * 2 }",
    "'a,b' -split ','",
    "'abc' -match '(b)'",
    "$Matches[1]",
    "@{a=1; b=@(1,2)}",
    "[PSCustomObject]@{a=1}",
    "[int]'12'",
    "[int]'x'",
    "[datetime]'11/23/2026'",
    "(Get-Date).AddDays(-1)",
    "$null.Foo()",
    "$null[0]",
    "1 / 0",
    "'x' * 3",
    "throw 'boom'",
    "try { throw 'x' } catch { $_ }",
    "if ($x) { 'yes' } else { 'no' }",
    "foreach ($i in $x) { $i }",
    "foreach ($i in 1..3) { if ($i -eq 2) { continue }; $i }",
    "function f($a) { $a + 1 }",
    "f 2",
    "function g { g }",
    "g",
    "switch ($x) { 1 { 'one' } default { 'other' } }",
    "Set-CASMailbox alice -ActiveSyncAllowedDeviceIDs @{Add='X1'}",
    "Set-CASMailbox nobody -ActiveSyncEnabled $false",
    "Get-MobileDevice -Filter {DeviceModel -eq 'iPhone6C2'}",
    "Get-MobileDevice | Get-MobileDeviceStatistics",
    "Get-ActiveSyncDeviceAccessRule | Remove-ActiveSyncDeviceAccessRule -Confirm:$false",
    "Remove-MobileDevice $x -Confirm",
    "Write-Host $x -ForegroundColor Red",
    "Write-Warning $x",
    "Write-Error $x",
    "Get-Help Get-MobileDevice -Full",
    "Get-Command *Mailbox*",
    "Start-Sleep 5",
    "'{0,-5}|{1:N2}' -f $x, 3.14159",
    "$h = @{}; $h['k'] = 1; $h.Add('j', 2); $h.Remove('k')",
    "$x.psobject",
    "[math]::Round(2.5)",
    "[string]::Join(',', $x)",
    "$env:COMPUTERNAME",
    "exit 3",
    "break",
    "Invoke-Nothing",
    "$x = ",
    "{ $_ }.Invoke(1)",
    "& { param($p) $p } 5",
];

fn script() -> impl Strategy<Value = String> {
    let sep = prop::sample::select(&["\n", "; ", " | "][..]);
    prop::collection::vec((prop::sample::select(PIECES), sep), 0..12).prop_map(|v| {
        v.into_iter()
            .map(|(p, s)| format!("{p}{s}"))
            .collect::<String>()
    })
}

fn run(source: &str) {
    let source = source.to_string();
    std::thread::Builder::new()
        .stack_size(64 * 1024 * 1024)
        .spawn(move || {
            let mut tenant = example_tenant();
            let mut host = LocalHost::new(&mut tenant, EXAMPLE_NOW);
            let mut out = StringHost::new();
            let mut session = Session::default();
            let stop = session.interrupt_handle();
            // A script that loops for long is stopped, not waited for.
            let watchdog = std::thread::spawn(move || {
                std::thread::sleep(Duration::from_secs(5));
                stop.store(true, Ordering::Relaxed);
            });
            session.run(&source, &mut host, &mut out);
            drop(watchdog);
        })
        .unwrap()
        .join()
        .unwrap();
}

proptest! {
    #![proptest_config(Config { failure_persistence: None, ..Config::default() })]

    #[test]
    fn running_random_scripts_never_panics(source in script()) {
        run(&source);
    }
}

#[test]
fn the_pieces_run_one_by_one() {
    for p in PIECES {
        run(p);
    }
}

/// The blog-style scripts of `fixtures/script/ok/` run against the example tenant; what they print is
/// `<name>.out` beside them (`UPDATE_EXPECT=1` refreshes it).
#[test]
fn the_blog_style_scripts_run_and_print_what_they_should() {
    let dir = crate::support::fixture("script/ok");
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ps1"))
        .collect();
    files.sort();
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        let mut tenant = example_tenant();
        let mut host = LocalHost::new(&mut tenant, EXAMPLE_NOW);
        let mut out = StringHost::new();
        let outcome = Session::default().run(&source, &mut host, &mut out);
        let mut text = out.text;
        text.push_str(&format!("[{outcome:?}]\n"));
        for (name, contents) in &out.files {
            text.push_str(&format!("--- file {name}\n{contents}"));
        }
        expect_test::expect_file![file.with_extension("out")].assert_eq(&text);
    }
}

/// An array holding itself (`$a[0] = $a`, arrays being shared handles) is printed, converted, compared,
/// searched, expanded and sent to a cmdlet without a deadlock or unbounded recursion: every walk into nested
/// values stops at the shell's nesting limit.
#[test]
fn an_array_holding_itself_ends() {
    let source = "$a = @(1, 2); $a[0] = $a\n\
        $a\n\
        \"$a\"\n\
        $a -join ','\n\
        $a -contains $a\n\
        $a -eq 2\n\
        [bool]$a\n\
        $a | Format-Table | Out-String\n\
        $a | ConvertTo-Json -Compress\n\
        $a.Count\n\
        $a.Length\n\
        $b = @(1); $b[0] = $b\n\
        try { [int]$b } catch { 'no int' }\n\
        if ($b) { 'true' }\n\
        $b.Foo\n\
        Get-Mailbox -Identity $b -ErrorAction SilentlyContinue\n\
        'done'";
    let mut tenant = example_tenant();
    let mut host = LocalHost::new(&mut tenant, EXAMPLE_NOW);
    let mut out = StringHost::new();
    Session::default().run(source, &mut host, &mut out);
    assert!(out.text.ends_with("done\n"), "{}", out.text);
    assert!(out.text.len() < 1_000_000, "{} bytes", out.text.len());
}
