//! The budgets against the cited figures: Exchange Online's 25 Exchange cmdlets per 5 s and 120 destructive
//! cmdlets per 60 s ([EX13] `ThrottlingPolicyDefaults.cs`, [QUADRO], [TECHNET]; see `profile`), the error text's
//! literal form, and the estimate's replay.

use super::*;

#[test]
fn exchange_online_allows_25_exchange_cmdlets_per_5_seconds() {
    let mut b = Budgets::new(&EXO);
    for i in 0..25 {
        assert_eq!(
            b.charge("admin@contoso.com", "Get-Mailbox", i * 10),
            Ok(()),
            "call {i}"
        );
    }
    let refused = b
        .charge("admin@contoso.com", "Get-Mailbox", 1_000)
        .expect_err("the 26th call in the window");
    assert_eq!(refused.part, "ExchangeMaxCmdlets");
    assert_eq!(refused.value, 25);
    // The window began with the first call (t = 0) and lasts 5 s.
    assert_eq!(refused.retry_after_ms, 4_000);
    assert_eq!(refused.retry_after_secs(), 4);
    // Another user has a budget of their own; the same user's next window starts once this one has ended.
    assert_eq!(b.charge("other@contoso.com", "Get-Mailbox", 1_000), Ok(()));
    assert_eq!(b.charge("ADMIN@contoso.com", "Get-Mailbox", 5_000), Ok(()));
}

#[test]
fn destructive_cmdlets_have_their_own_minute() {
    // Set-Mailbox is on Set-ThrottlingPolicy's list of destructive cmdlets; Set-CASMailbox is not [SETTP].
    assert!(Profile::is_destructive("set-mailbox"));
    assert!(!Profile::is_destructive("Set-CASMailbox"));
    let mut b = Budgets::new(&EXO);
    let mut now = 0;
    for _ in 0..120 {
        while b.charge("a", "Set-Mailbox", now).is_err() {
            now += 5_000;
        }
    }
    let refused = b
        .charge("a", "Set-Mailbox", now)
        .expect_err("the 121st in a minute");
    assert_eq!(refused.part, "PowerShellMaxDestructiveCmdlets");
    assert_eq!(refused.retry_after_ms, 60_000 - now);
    assert_eq!(b.charge("a", "Get-Mailbox", now), Ok(()), "not destructive");
}

#[test]
fn the_refusal_reads_as_exchange_online_writes_it() {
    // Literal form from the TechNet thread and Microsoft Q&A 418965 (see `budget`).
    let t = Throttled {
        part: "ExchangeMaxCmdlets",
        value: 25,
        retry_after_ms: 4_000,
    };
    assert_eq!(
        t.message(),
        "This operation exceeds the throttling budget for policy part 'ExchangeMaxCmdlets', policy value '25',  Budget type: 'PowerShell'.  Suggested backoff time 4000 ms."
    );
}

#[test]
fn exchange_2019_sets_no_cmdlet_budget() {
    let e = estimate(
        &EXCHANGE_2019,
        std::iter::repeat_n(Step::Call("Set-Mailbox"), 10_000),
    );
    assert_eq!((e.wall_ms, e.waits), (0, 0));
}

#[test]
fn the_estimate_waits_out_each_window() {
    // 1 + 504 calls, 25 per 5 s: call k (from 0) starts in window k / 25, so the last at 5 s × (504 / 25) = 100 s.
    let calls = std::iter::once(Step::Call("Get-CASMailbox"))
        .chain(std::iter::repeat_n(Step::Call("Set-CASMailbox"), 504));
    let e = estimate(&EXO, calls);
    assert_eq!(e.wall_ms, 5_000 * (504 / 25));
    assert_eq!(e.waits, 504 / 25);
    assert_eq!(
        e.calls,
        vec![
            ("Get-CASMailbox".to_string(), 1),
            ("Set-CASMailbox".to_string(), 504)
        ]
    );
    assert_eq!(
        e.line(400),
        "Get-CASMailbox ×1, Set-CASMailbox ×504: ≈ 1 min 40 s at Exchange Online's budget (throttling waits and Start-Sleep, no per-call latency); 0.40 s here"
    );
    assert!(e.line(12_345).ends_with("; 12.3 s here"));
}

#[test]
fn a_script_paced_with_start_sleep_waits_for_nothing_but_its_sleeps() {
    // KB 2881759's advice: `Start-Sleep -m 500` after each call. Two calls a second stay within 25 per 5 s, so
    // nothing is refused and the run lasts its 504 sleeps: 504 × 0.5 s = 252 s.
    let steps = (0..504).flat_map(|_| [Step::Call("Set-CASMailbox"), Step::Sleep(500)]);
    let e = estimate(&EXO, steps);
    assert_eq!((e.wall_ms, e.waits), (504 * 500, 0));
    assert!(e.line(0).contains(": ≈ 4 min 12 s at"), "{}", e.line(0));
}

#[test]
fn durations_read_plainly() {
    for (ms, text) in [
        (0, "0 s"),
        (4_001, "5 s"),
        (60_000, "1 min"),
        (100_000, "1 min 40 s"),
        (7_500_000, "2 h 5 min"),
    ] {
        assert_eq!(duration_text(ms), text);
    }
}

#[test]
fn profiles_are_named_as_the_flag_names_them() {
    assert_eq!(Profile::parse("EXO"), Ok(Some(&EXO)));
    assert_eq!(Profile::parse("exchange2019"), Ok(Some(&EXCHANGE_2019)));
    assert_eq!(Profile::parse("none"), Ok(None));
    assert!(Profile::parse("fast").is_err_and(|e| e.contains("exo, exchange2019 or none")));
}
