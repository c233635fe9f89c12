//! The throttling profiles (`--throttle exo|exchange2019|none`): the documented default budgets of a user
//! throttling policy, each figure with its source. Data only; `budget` applies the cmdlet budgets.
//!
//! Sources (cited by tag below):
//! - [EX13]: `PiratesRE/exchange_diff` `Microsoft.Exchange.Data/ThrottlingPolicyDefaults.cs`, decompiled Exchange
//!   2013 (15.00.1497). One constructor sets the datacenter (Exchange Online) defaults when multi-tenancy is on,
//!   the other the on-premises defaults. Product code of 2013: Exchange Online's current values may differ.
//! - [QUADRO]: "Exchange Online PowerShell Throttling in Office 365", Quadrotech blog, 19 Nov 2013,
//!   <https://blog.quadrotech-it.com/blog/office-365-exchange-online-powershell-throttling/> (the same Exchange
//!   Online figures as [EX13]'s datacenter branch).
//! - [TECHNET]: "What does "Locked" mean in PowerShell throttling error message?", TechNet forum, 2013,
//!   <http://social.technet.microsoft.com/Forums/msonline/en-US/c7a60085-6703-408e-b72e-5af5244a54aa/> — an
//!   Exchange Online budget snapshot: `PowerShellCmdletsLeft: 199/200`, `ExchangeCmdletsLeft: 24/25`,
//!   `CmdletTimePeriod: 5`, `DestructiveCmdletsLeft: 120/120`, `DestructiveCmdletTimePeriod: 60`.
//! - [EXBLOG]: "Running PowerShell cmdlets for large numbers of users in Office 365", Exchange Team Blog, 2 Nov
//!   2015, <https://techcommunity.microsoft.com/t5/exchange-team-blog/running-powershell-cmdlets-for-large-numbers-of-users-in-office/ba-p/604280>:
//!   a later tenant's snapshot shows `PowerShellCmdletsLeft: 384/400`, `ExchangeCmdletsLeft: 185/200`, the same 5 s
//!   and 120 per 60 s. Exchange Online's budgets are per tenant and have been raised for some; `exo` keeps the
//!   defaults the product code and two independent 2013 sources agree on.
//! - [SETTP]: Set-ThrottlingPolicy reference (`MicrosoftDocs/office-docs-powershell`
//!   `exchange/exchange-ps/exchange/Set-ThrottlingPolicy.md`,
//!   <https://learn.microsoft.com/powershell/module/exchange/set-throttlingpolicy>): what each parameter means,
//!   which cmdlets are "destructive", and that the destructive-cmdlet limit "isn't on by default" on premises.
//!
//! Not modelled, and why: the `PowerShellMaxBurst`/`RechargeRate`/`CutoffBalance` budget (600000 / 1800000 /
//! 3000000 ms in Exchange Online [EX13]) is resource *time* a cmdlet spends, which depends on each cmdlet's cost
//! on Microsoft's servers; no source gives a per-cmdlet cost, so the simulator does not invent one. The
//! concurrency and runspace limits are kept as data (a REST call opens no runspace and the simulator's endpoint
//! runs one call at a time under its lock), not applied.

/// A count of calls allowed per time period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// The policy parameter the count comes from (named in the error text).
    pub part: &'static str,
    pub max: u32,
    pub period_secs: u32,
}

/// The EAS figures of a policy. EasMaxDevices is enforced by the EAS endpoint (`SimSettings::eas_max_devices`);
/// the others are recorded for reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EasBudget {
    /// Concurrent EAS connections per user.
    pub max_concurrency: Option<u32>,
    /// Partnerships per mailbox.
    pub max_devices: Option<u32>,
    pub max_device_deletes_per_month: Option<u32>,
    /// Days.
    pub max_inactivity_for_device_cleanup: Option<u32>,
}

/// One throttling profile. `None` is Exchange's `Unlimited`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Profile {
    /// The `--throttle` value.
    pub name: &'static str,
    /// How the estimate names it ("at Exchange Online's budget").
    pub label: &'static str,
    /// `PowerShellMaxCmdlets` per `PowerShellMaxCmdletsTimePeriod`: every cmdlet of the user.
    pub cmdlets: Option<Window>,
    /// `ExchangeMaxCmdlets` per `PowerShellMaxCmdletsTimePeriod`: Exchange's own cmdlets (every call the admin
    /// endpoint runs is one).
    pub exchange_cmdlets: Option<Window>,
    /// `PowerShellMaxDestructiveCmdlets` per `PowerShellMaxDestructiveCmdletsTimePeriod`, for `DESTRUCTIVE`.
    pub destructive_cmdlets: Option<Window>,
    /// `PowerShellMaxConcurrency` (sessions per user) and `PowerShellMaxTenantConcurrency` (per tenant).
    pub max_concurrency: Option<u32>,
    pub max_tenant_concurrency: Option<u32>,
    pub eas: EasBudget,
}

/// The cmdlets Set-ThrottlingPolicy's reference lists as destructive [SETTP] (the ones easim has are charged).
pub const DESTRUCTIVE: &[&str] = &[
    "Disable-Mailbox",
    "Move-ActiveMailboxDatabase",
    "Remove-AcceptedDomain",
    "Remove-Mailbox",
    "Remove-MailUser",
    "Remove-Organization",
    "Set-Mailbox",
    "Set-MailUser",
    "Update-MailboxDatabaseCopy",
];

/// Exchange Online: [EX13]'s datacenter branch (`SetPowerShellDefaults(3, 9, 600000, 1800000, 3000000, 400, 5,
/// 25, 50, 120, 60, 200, 5, 18, 60)`, `SetEasDefaults(4, 480000, 1800000, 600000, 100, 20, 180)`), matching
/// [QUADRO] and the live snapshot in [TECHNET].
pub const EXO: Profile = Profile {
    name: "exo",
    label: "Exchange Online's budget",
    // PowerShellMaxCmdlets 200, PowerShellMaxCmdletsTimePeriod 5 s [EX13] [QUADRO] [TECHNET].
    cmdlets: Some(Window {
        part: "PowerShellMaxCmdlets",
        max: 200,
        period_secs: 5,
    }),
    // ExchangeMaxCmdlets 25 in the same 5 s period [EX13] [QUADRO] [TECHNET].
    exchange_cmdlets: Some(Window {
        part: "ExchangeMaxCmdlets",
        max: 25,
        period_secs: 5,
    }),
    // PowerShellMaxDestructiveCmdlets 120 per 60 s [EX13] [QUADRO] [TECHNET].
    destructive_cmdlets: Some(Window {
        part: "PowerShellMaxDestructiveCmdlets",
        max: 120,
        period_secs: 60,
    }),
    // PowerShellMaxConcurrency 3, PowerShellMaxTenantConcurrency 9 [EX13] [QUADRO].
    max_concurrency: Some(3),
    max_tenant_concurrency: Some(9),
    // EasMaxConcurrency 4, EasMaxDevices 100, EasMaxDeviceDeletesPerMonth 20, EasMaxInactivityForDeviceCleanup
    // 180 days [EX13].
    eas: EasBudget {
        max_concurrency: Some(4),
        max_devices: Some(100),
        max_device_deletes_per_month: Some(20),
        max_inactivity_for_device_cleanup: Some(180),
    },
};

/// Exchange Server 2019's default policy. No source quotes a 2019 server's `Get-ThrottlingPolicy`; the stand-in is
/// [EX13]'s on-premises branch (the same product line: `SetPowerShellDefaults(18, Unlimited × 14)`,
/// `SetEasDefaults(10, …, 100, Unlimited, Unlimited)`), consistent with [SETTP] for 2016/2019 (the destructive
/// limit is off by default; PowerShellMaxOperations and PowerShellMaxRunspaces default to Unlimited). Every
/// cmdlet budget is Unlimited, so a script is never throttled here.
pub const EXCHANGE_2019: Profile = Profile {
    name: "exchange2019",
    label: "Exchange 2019's default budget",
    cmdlets: None,
    exchange_cmdlets: None,
    destructive_cmdlets: None,
    // PowerShellMaxConcurrency 18 [EX13]; also the Exchange 2010 default quoted in "This User Is Allowed A
    // Maximum Of 18 Concurrent Shells" (cloudiffic.com).
    max_concurrency: Some(18),
    max_tenant_concurrency: None,
    // EasMaxConcurrency 10, EasMaxDevices 100, deletes and inactivity cleanup Unlimited [EX13].
    eas: EasBudget {
        max_concurrency: Some(10),
        max_devices: Some(100),
        max_device_deletes_per_month: None,
        max_inactivity_for_device_cleanup: None,
    },
};

/// Every profile `--throttle` names, besides `none`.
pub const PROFILES: &[&Profile] = &[&EXO, &EXCHANGE_2019];

impl Profile {
    /// The profile `--throttle NAME` means: `Ok(None)` for `none`, an error listing the choices otherwise.
    pub fn parse(name: &str) -> Result<Option<&'static Profile>, String> {
        if name.eq_ignore_ascii_case("none") {
            return Ok(None);
        }
        PROFILES
            .iter()
            .copied()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .map(Some)
            .ok_or_else(|| {
                format!(
                    "unknown throttling profile '{}': choose exo, exchange2019 or none",
                    crate::script::messages::quoted(name)
                )
            })
    }

    /// Whether `cmdlet` is charged to the destructive budget.
    pub fn is_destructive(cmdlet: &str) -> bool {
        DESTRUCTIVE.iter().any(|d| d.eq_ignore_ascii_case(cmdlet))
    }
}
