//! Unit tests of the cmdlet framework beyond the examples: binder rules and texts, pipeline conversion,
//! ShouldProcess answers, -ErrorAction/-WarningAction, output windows, and Set-CASMailbox's all-or-nothing
//! behaviour.

use expect_test::{Expect, expect};

use super::examples::{EXAMPLE_NOW, example_tenant, run_lines};
use super::*;
use crate::model::{DeviceAccessState, DeviceAccessStateReason};
use crate::script::culture::EN_US;
use crate::script::*;

#[track_caller]
fn check(input: &str, expect: Expect) {
    let mut t = example_tenant();
    expect.assert_eq(&run_lines(&mut t, EXAMPLE_NOW, input));
}

#[test]
fn binder_errors_read_like_powershells() {
    check(
        "Get-Mailbox -Colour red",
        expect![[r#"
            Get-Mailbox : A parameter cannot be found that matches parameter name 'Colour'.
            At line:1 char:1
            + Get-Mailbox -Colour red
            + ~~~~~~~~~~~~~~~~~~~~~~~
                + CategoryInfo          : InvalidArgument: (Colour:String) [Get-Mailbox], NamedParameterNotFound
                + FullyQualifiedErrorId : NamedParameterNotFound,Get-Mailbox"#]],
    );
    check(
        "Set-CASMailbox alice -ActiveSync $true",
        expect![[r#"
            Set-CASMailbox : Parameter cannot be processed because the parameter name 'ActiveSync' is ambiguous. Possible matches include: -ActiveSyncEnabled -ActiveSyncAllowedDeviceIDs -ActiveSyncBlockedDeviceIDs -ActiveSyncMailboxPolicy -ActiveSyncDebugLogging -ActiveSyncSuppressReadReceipt.
            At line:1 char:1
            + Set-CASMailbox alice -ActiveSync $true
            + ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
                + CategoryInfo          : InvalidArgument: (ActiveSync:String) [Set-CASMailbox], AmbiguousParameter
                + FullyQualifiedErrorId : AmbiguousParameter,Set-CASMailbox"#]],
    );
    check(
        "New-ActiveSyncDeviceAccessRule -QueryString x",
        expect![[r#"
            New-ActiveSyncDeviceAccessRule : Cannot process command because of one or more missing mandatory parameters: Characteristic AccessLevel.
            At line:1 char:1
            + New-ActiveSyncDeviceAccessRule -QueryString x
            + ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
                + CategoryInfo          : InvalidArgument: (:) [New-ActiveSyncDeviceAccessRule], MissingMandatoryParameter
                + FullyQualifiedErrorId : MissingMandatoryParameter,New-ActiveSyncDeviceAccessRule"#]],
    );
    check(
        "Get-Mailbox alice bob",
        expect![[r#"
            Get-Mailbox : A positional parameter cannot be found that accepts argument 'bob'.
            At line:1 char:1
            + Get-Mailbox alice bob
            + ~~~~~~~~~~~~~~~~~~~~~
                + CategoryInfo          : InvalidArgument: (bob:String) [Get-Mailbox], PositionalParameterNotFound
                + FullyQualifiedErrorId : PositionalParameterNotFound,Get-Mailbox"#]],
    );
    check(
        "Get-Mailbox -Identity alice -Identity bob",
        expect![[r#"
            Get-Mailbox : Cannot bind parameter because parameter 'Identity' is specified more than once. To provide multiple values to parameters that can accept multiple values, use the array syntax. For example, "-parameter value1,value2,value3".
            At line:1 char:1
            + Get-Mailbox -Identity alice -Identity bob
            + ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
                + CategoryInfo          : InvalidArgument: (Identity:String) [Get-Mailbox], ParameterAlreadyBound
                + FullyQualifiedErrorId : ParameterAlreadyBound,Get-Mailbox"#]],
    );
    check(
        "Get-MobileDevice -Identity x -Mailbox alice",
        expect![[r#"
            Get-MobileDevice : Parameter set cannot be resolved using the specified named parameters. One or more parameters issued cannot be used together or an insufficient number of parameters were provided.
            At line:1 char:1
            + Get-MobileDevice -Identity x -Mailbox alice
            + ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
                + CategoryInfo          : InvalidArgument: (:) [Get-MobileDevice], AmbiguousParameterSet
                + FullyQualifiedErrorId : AmbiguousParameterSet,Get-MobileDevice"#]],
    );
    check(
        "Get-Mailbox -Identity",
        expect![[r#"
            Get-Mailbox : Missing an argument for parameter 'Identity'. Specify a parameter of type 'Microsoft.Exchange.Configuration.Tasks.MailboxIdParameter' and try again.
            At line:1 char:1
            + Get-Mailbox -Identity
            + ~~~~~~~~~~~~~~~~~~~~~
                + CategoryInfo          : InvalidArgument: (Identity:String) [Get-Mailbox], MissingArgument
                + FullyQualifiedErrorId : MissingArgument,Get-Mailbox"#]],
    );
    check(
        "Get-Mailbox -ResultSize -3",
        expect![[r#"
            Get-Mailbox : Cannot bind parameter 'ResultSize'. Cannot convert value "-3" to type "Microsoft.Exchange.Data.Unlimited`1[System.UInt32]". Error: "Value was either too large or too small for a UInt32."
            At line:1 char:1
            + Get-Mailbox -ResultSize -3
            + ~~~~~~~~~~~~~~~~~~~~~~~~~~
                + CategoryInfo          : InvalidArgument: (ResultSize:String) [Get-Mailbox], ParameterBindingException
                + FullyQualifiedErrorId : ParameterBindingException,Get-Mailbox"#]],
    );
    check(
        "Get-Mailbox -WhatIf",
        expect![[r#"
            Get-Mailbox : A parameter cannot be found that matches parameter name 'WhatIf'.
            At line:1 char:1
            + Get-Mailbox -WhatIf
            + ~~~~~~~~~~~~~~~~~~~
                + CategoryInfo          : InvalidArgument: (WhatIf:String) [Get-Mailbox], NamedParameterNotFound
                + FullyQualifiedErrorId : NamedParameterNotFound,Get-Mailbox"#]],
    );
    check(
        "Set-CASMailbox alice -ActiveSyncAllowedDeviceIDs @{Append='x'}",
        expect![[r#"
            Set-CASMailbox : Cannot bind parameter 'ActiveSyncAllowedDeviceIDs'. The hash table key "Append" isn't valid for a multi-valued property. Use "Add" and "Remove", for example @{Add="value1"; Remove="value2"}.
            At line:1 char:1
            + Set-CASMailbox alice -ActiveSyncAllowedDeviceIDs @{Append='x'}
            + ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
                + CategoryInfo          : InvalidArgument: (ActiveSyncAllowedDeviceIDs:String) [Set-CASMailbox], ParameterBindingException
                + FullyQualifiedErrorId : ParameterBindingException,Set-CASMailbox"#]],
    );
}

#[test]
fn prefixes_aliases_and_common_parameters_bind() {
    let cmdlet = cmdlets::find("set-casmailbox").unwrap();
    let args = bind(
        cmdlet,
        vec![Value::str("alice")],
        vec![
            NamedArg::new("activesynce", false),
            NamedArg::new("ea", "SilentlyContinue"),
            NamedArg::new("Confirm", false),
            NamedArg::switch("wi"),
        ],
    )
    .unwrap();
    assert_eq!(args.string("Identity"), Some("alice"));
    assert_eq!(args.bool("ActiveSyncEnabled"), Some(false));
    assert_eq!(args.error_action, Some(ActionPreference::SilentlyContinue));
    assert_eq!(args.confirm, Some(false));
    assert!(args.what_if);
}

#[test]
fn pipeline_objects_convert_to_identities_of_their_kind_only() {
    let mut t = example_tenant();
    let mut confirmer = NonInteractive;
    let mut ctx = CmdletContext::new(&mut t, EXAMPLE_NOW, &mut confirmer);
    cmdlets::call(
        &mut ctx,
        "Get-MobileDevice",
        vec![],
        vec![NamedArg::new("Mailbox", "bob")],
    )
    .unwrap();
    let devices = ctx.take_output().into_objects();
    cmdlets::call(&mut ctx, "Get-Mailbox", vec![Value::str("bob")], vec![]).unwrap();
    let mailbox = ctx.take_output().into_objects().remove(0);

    let remove = cmdlets::find("Remove-MobileDevice").unwrap();
    let identity = remove.parameter("Identity").unwrap();
    assert!(convert(identity, mailbox.clone(), &EN_US).is_err());
    for device in devices {
        let arg = convert(identity, device, &EN_US).unwrap();
        let mut args = BoundParameters::new();
        args.insert("Identity", arg);
        args.confirm = Some(false);
        invoke(&mut ctx, remove, &args).unwrap();
    }
    let get = cmdlets::find("Get-MobileDevice").unwrap();
    let mut args = BoundParameters::new();
    args.insert(
        "Mailbox",
        convert(get.parameter("Mailbox").unwrap(), mailbox, &EN_US).unwrap(),
    );
    invoke(&mut ctx, get, &args).unwrap();
    assert_eq!(ctx.take_output().objects().count(), 0);
}

#[test]
fn confirmation_answers_decide_and_no_changes_nothing() {
    let mut t = example_tenant();
    let mut no = AlwaysAnswer(ConfirmAnswer::No);
    let mut ctx = CmdletContext::new(&mut t, EXAMPLE_NOW, &mut no);
    let identity = vec![Value::str(
        r"Bob\ExchangeActiveSyncDevices\iPhone§ApplG7H8J9K0",
    )];
    cmdlets::call(&mut ctx, "Remove-MobileDevice", identity.clone(), vec![]).unwrap();
    assert_eq!(t.device_count(), 4);
    let mut yes = AlwaysAnswer(ConfirmAnswer::Yes);
    let mut ctx = CmdletContext::new(&mut t, EXAMPLE_NOW, &mut yes);
    cmdlets::call(&mut ctx, "Remove-MobileDevice", identity, vec![]).unwrap();
    assert_eq!(t.device_count(), 3);
}

#[test]
fn error_and_warning_actions_filter_the_streams() {
    check(
        "Get-Mailbox nobody -ErrorAction SilentlyContinue",
        expect![""],
    );
    check(
        "Get-Mailbox nobody -ErrorAction Stop",
        expect![[r#"
            Get-Mailbox : The operation couldn't be performed because object 'nobody' couldn't be found on 'EASPR01A001DC01.EASPR01A001.prod.outlook.com'.
            At line:1 char:1
            + Get-Mailbox nobody -ErrorAction Stop
            + ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
                + CategoryInfo          : ObjectNotFound: (nobody:String) [Get-Mailbox], ManagementObjectNotFoundException
                + FullyQualifiedErrorId : ManagementObjectNotFoundException,Get-Mailbox"#]],
    );
    let mut t = example_tenant();
    let mut c = NonInteractive;
    let mut ctx = CmdletContext::new(&mut t, EXAMPLE_NOW, &mut c);
    let r = cmdlets::call(
        &mut ctx,
        "Get-Mailbox",
        vec![Value::str("nobody")],
        vec![NamedArg::new("ErrorAction", "Stop")],
    );
    assert!(r.is_err(), "Stop makes the error terminating");
    let r = cmdlets::call(
        &mut ctx,
        "Get-Mailbox",
        vec![],
        vec![
            NamedArg::new("ResultSize", 1i64),
            NamedArg::new("WarningAction", "SilentlyContinue"),
        ],
    );
    assert!(r.is_ok());
    assert_eq!(ctx.output().warnings().count(), 0);
}

#[test]
fn a_window_keeps_only_its_objects_but_counts_them_all() {
    let mut t = example_tenant();
    let mut c = NonInteractive;
    let mut ctx = CmdletContext::new(&mut t, EXAMPLE_NOW, &mut c).with_window(1, 2);
    cmdlets::call(&mut ctx, "Get-MobileDevice", vec![], vec![]).unwrap();
    assert!(ctx.out.written() >= 3, "one past the window is seen");
    let ids: Vec<String> = ctx
        .take_output()
        .objects()
        .map(|o| o.as_object().unwrap().get("DeviceId").unwrap().to_text())
        .collect();
    assert_eq!(ids, ["SEC1A2B3C4D5", "ApplG7H8J9K0"]);
}

#[test]
fn set_casmailbox_is_all_or_nothing_and_restamps_removed_ids_unknown() {
    let mut t = example_tenant();
    let before = t.clone();
    let out = run_lines(
        &mut t,
        EXAMPLE_NOW,
        "Set-CASMailbox bob -ActiveSyncEnabled $false -ActiveSyncAllowedDeviceIDs $null -ActiveSyncMailboxPolicy Nope",
    );
    assert!(
        out.starts_with(
            "Set-CASMailbox : The operation couldn't be performed because object 'Nope' couldn't be found on 'EASPR01A001DC01.EASPR01A001.prod.outlook.com'."
        ),
        "{out}"
    );
    assert_eq!(t, before);

    run_lines(
        &mut t,
        EXAMPLE_NOW,
        "Set-CASMailbox bob -ActiveSyncAllowedDeviceIDs $null",
    );
    let bob = t.find_mailboxes("bob")[0];
    assert!(t.mailbox(bob).cas.allowed_device_ids.is_empty());
    let key = t.find_device(bob, "5eec4e94a1b2c3d4").unwrap();
    let d = t.device(key).unwrap();
    assert_eq!(
        (d.access.state, d.access.reason),
        (DeviceAccessState::Unknown, DeviceAccessStateReason::Unknown)
    );
    // Get-MobileDevice shows what the rules and the org default (Quarantine) now say.
    check_device_state(&mut t, "5eec4e94a1b2c3d4", "Quarantined Global");

    // ' b ' is no DeviceId (MS-ASHTTP: 1 to 32 letters and digits): the whole call is refused, nothing stored.
    let out = run_lines(
        &mut t,
        EXAMPLE_NOW,
        "Set-CASMailbox bob -ActiveSyncAllowedDeviceIDs 'a','A',' b ','5EEC4E94A1B2C3D4'",
    );
    assert!(out.contains("isn't a valid DeviceID"), "{out}");
    assert!(t.mailbox(bob).cas.allowed_device_ids.is_empty());
    run_lines(
        &mut t,
        EXAMPLE_NOW,
        "Set-CASMailbox bob -ActiveSyncAllowedDeviceIDs 'a','A','b','5EEC4E94A1B2C3D4'",
    );
    assert_eq!(
        t.mailbox(bob).cas.allowed_device_ids,
        ["a", "b", "5EEC4E94A1B2C3D4"]
    );
    check_device_state(&mut t, "5eec4e94a1b2c3d4", "Allowed Individual");
}

fn check_device_state(t: &mut crate::model::Tenant, device_id: &str, want: &str) {
    let mut c = NonInteractive;
    let mut ctx = CmdletContext::new(t, EXAMPLE_NOW, &mut c);
    cmdlets::call(
        &mut ctx,
        "Get-MobileDevice",
        vec![],
        vec![NamedArg::new(
            "Filter",
            format!("DeviceId -eq '{device_id}'"),
        )],
    )
    .unwrap();
    let out = ctx.take_output().into_objects();
    let o = out[0].as_object().unwrap();
    let got = format!(
        "{} {}",
        o.get("DeviceAccessState").unwrap(),
        o.get("DeviceAccessStateReason").unwrap()
    );
    assert_eq!(got, want);
}

#[test]
fn recipient_cmdlets_stop_at_1000_by_default() {
    let mut t = crate::model::Tenant::new("big.test");
    for i in 0..1001u32 {
        let name = format!("u{i}");
        t.add_mailbox(crate::model::Mailbox {
            guid: crate::model::Guid::from_random_bits(u128::from(i) + 1),
            name: name.clone(),
            alias: name.clone(),
            display_name: name.clone(),
            primary_smtp_address: format!("{name}@big.test"),
            user_principal_name: format!("{name}@big.test"),
            recipient_type_details: crate::model::RecipientTypeDetails::UserMailbox,
            password: String::new(),
            cas: Default::default(),
        })
        .unwrap();
    }
    let mut c = NonInteractive;
    let mut ctx = CmdletContext::new(&mut t, EXAMPLE_NOW, &mut c);
    cmdlets::call(&mut ctx, "Get-CASMailbox", vec![], vec![]).unwrap();
    let out = ctx.take_output();
    assert_eq!(out.objects().count(), 1000);
    assert_eq!(
        out.warnings().collect::<Vec<_>>(),
        [super::messages::WARNING_DEFAULT_RESULT_SIZE]
    );
    cmdlets::call(
        &mut ctx,
        "Get-CASMailbox",
        vec![],
        vec![NamedArg::new("ResultSize", "unlimited")],
    )
    .unwrap();
    let out = ctx.take_output();
    assert_eq!(out.objects().count(), 1001);
    assert_eq!(out.warnings().count(), 0);
}

#[test]
fn every_cmdlet_declares_consistent_metadata() {
    for c in cmdlets::CMDLETS {
        let sets = c.parameter_sets();
        assert!(
            sets.is_empty() || sets.contains(&c.default_parameter_set),
            "{}: default set",
            c.name
        );
        let mut names: Vec<String> = c.parameters.iter().map(|p| p.name.to_lowercase()).collect();
        names.sort();
        let n = names.len();
        names.dedup();
        assert_eq!(names.len(), n, "{}: duplicate parameter", c.name);
        for set in sets.iter().copied().chain(std::iter::once("")) {
            let mut positions: Vec<u8> = c
                .parameters
                .iter()
                .filter(|p| set.is_empty() || p.in_set(set))
                .filter_map(|p| p.position)
                .collect();
            let n = positions.len();
            positions.sort_unstable();
            positions.dedup();
            assert!(
                set.is_empty() || positions.len() == n,
                "{}: positions in {set}",
                c.name
            );
        }
        assert!(c.name.split_once('-').is_some(), "{}: Verb-Noun", c.name);
    }
}

#[test]
fn local_host_runs_a_bound_cmdlet_and_returns_its_output() {
    let text = include_str!("../../fixtures/tenants/scenario-a.json");
    let mut tenant = crate::model::from_json(text).unwrap();
    let mut host = crate::admin::LocalHost::new(
        &mut tenant,
        crate::model::Timestamp::from_secs(1_795_000_000),
    );
    let info = crate::admin::cmdlets::find("get-mailbox").unwrap();
    let args = crate::script::bind(info, vec!["megan.bowen@contoso.com".into()], vec![]).unwrap();
    let out = crate::script::CmdletHost::invoke(
        &mut host,
        info,
        &args,
        &mut crate::script::NonInteractive,
    )
    .unwrap();
    assert_eq!(out.objects().count(), 1);
    let info = crate::admin::cmdlets::find("Get-Mailbox").unwrap();
    let args = crate::script::bind(info, vec!["nobody".into()], vec![]).unwrap();
    // As in Exchange, an identity that is not found is a non-terminating error of a Get- cmdlet.
    let out = crate::script::CmdletHost::invoke(
        &mut host,
        info,
        &args,
        &mut crate::script::NonInteractive,
    )
    .unwrap();
    let errors: Vec<String> = out.errors().map(|e| e.to_string()).collect();
    assert_eq!(
        errors,
        [
            "The operation couldn't be performed because object 'nobody' couldn't be found on 'EASPR01A001DC01.EASPR01A001.prod.outlook.com'."
        ]
    );
}

/// A Set-* that changes nothing warns with Exchange's text and the object's Identity, and leaves the tenant as it
/// was (no policy revision bump either); sources beside `messages::no_settings_modified`.
#[test]
fn a_set_that_changes_nothing_warns_and_changes_nothing() {
    let mut t = example_tenant();
    let before = t.clone();
    let out = run_lines(
        &mut t,
        EXAMPLE_NOW,
        "Set-CASMailbox bob -ActiveSyncAllowedDeviceIDs @{Add='5eec4e94a1b2c3d4'}
Set-CASMailbox alice -ActiveSyncEnabled $true
Set-ActiveSyncDeviceAccessRule 'iPhone6C2 (DeviceModel)' -AccessLevel Allow
Set-ActiveSyncOrganizationSettings -DefaultAccessLevel Quarantine
Set-MobileDeviceMailboxPolicy Executives -Name Executives
Set-CASMailbox bob -ActiveSyncAllowedDeviceIDs @{Add='5eec4e94a1b2c3d4'} -WhatIf",
    );
    expect![[r#"
        WARNING: The command completed successfully but no settings of 'Bob' have been modified.
        WARNING: The command completed successfully but no settings of 'Alice' have been modified.
        WARNING: The command completed successfully but no settings of 'iPhone6C2 (DeviceModel)' have been modified.
        WARNING: The command completed successfully but no settings of 'Mobile Mailbox Settings' have been modified.
        WARNING: The command completed successfully but no settings of 'Executives' have been modified.
        What if: Performing the operation "Set-CASMailbox" on target "Bob"."#]]
    .assert_eq(&out);
    assert_eq!(t, before);
    // A change is made silently.
    let out = run_lines(
        &mut t,
        EXAMPLE_NOW,
        "Set-ActiveSyncDeviceAccessRule 'iPhone6C2 (DeviceModel)' -AccessLevel Block",
    );
    assert_eq!(out, "");
    assert_ne!(t, before);
}

/// Every identity kind that isn't found reports Exchange Online's text with the simulated domain controller;
/// sources beside `messages::not_found`.
#[test]
fn an_identity_not_found_names_the_domain_controller() {
    check(
        r"Get-CASMailbox nobody
Get-MobileDeviceStatistics -Identity 'Bob\ExchangeActiveSyncDevices\iPhone§NOPE'
Remove-ActiveSyncDeviceAccessRule 'Nokia (DeviceType)' -Confirm:$false
Get-MobileDeviceMailboxPolicy Nope",
        expect![[r#"
            Get-CASMailbox : The operation couldn't be performed because object 'nobody' couldn't be found on 'EASPR01A001DC01.EASPR01A001.prod.outlook.com'.
            At line:1 char:1
            + Get-CASMailbox nobody
            + ~~~~~~~~~~~~~~~~~~~~~
                + CategoryInfo          : ObjectNotFound: (nobody:String) [Get-CASMailbox], ManagementObjectNotFoundException
                + FullyQualifiedErrorId : ManagementObjectNotFoundException,Get-CASMailbox

            Get-MobileDeviceStatistics : The operation couldn't be performed because object 'Bob\ExchangeActiveSyncDevices\iPhone§NOPE' couldn't be found on 'EASPR01A001DC01.EASPR01A001.prod.outlook.com'.
            At line:2 char:1
            + Get-MobileDeviceStatistics -Identity 'Bob\ExchangeActiveSyncDevices\iPhone§NOPE'
            + ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
                + CategoryInfo          : ObjectNotFound: (Bob\ExchangeActiveSyncDevices\iPhone§NOPE:String) [Get-MobileDeviceStatistics], ManagementObjectNotFoundException
                + FullyQualifiedErrorId : ManagementObjectNotFoundException,Get-MobileDeviceStatistics

            Remove-ActiveSyncDeviceAccessRule : The operation couldn't be performed because object 'Nokia (DeviceType)' couldn't be found on 'EASPR01A001DC01.EASPR01A001.prod.outlook.com'.
            At line:3 char:1
            + Remove-ActiveSyncDeviceAccessRule 'Nokia (DeviceType)' -Confirm:$false
            + ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
                + CategoryInfo          : ObjectNotFound: (Nokia (DeviceType):String) [Remove-ActiveSyncDeviceAccessRule], ManagementObjectNotFoundException
                + FullyQualifiedErrorId : ManagementObjectNotFoundException,Remove-ActiveSyncDeviceAccessRule

            Get-MobileDeviceMailboxPolicy : The operation couldn't be performed because object 'Nope' couldn't be found on 'EASPR01A001DC01.EASPR01A001.prod.outlook.com'.
            At line:4 char:1
            + Get-MobileDeviceMailboxPolicy Nope
            + ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
                + CategoryInfo          : ObjectNotFound: (Nope:String) [Get-MobileDeviceMailboxPolicy], ManagementObjectNotFoundException
                + FullyQualifiedErrorId : ManagementObjectNotFoundException,Get-MobileDeviceMailboxPolicy"#]],
    );
}

#[test]
fn the_registry_lists_every_cmdlet_that_runs_in_the_same_order() {
    // INFOS (what the language sees) and CMDLETS (what runs) are two static lists; a cmdlet added to one only
    // would be unknown to the shell or impossible to run.
    let infos: Vec<*const crate::script::CmdletInfo> = cmdlets::INFOS
        .iter()
        .map(|i| *i as *const crate::script::CmdletInfo)
        .collect();
    let runs: Vec<*const crate::script::CmdletInfo> = cmdlets::CMDLETS
        .iter()
        .map(|c| &c.info as *const crate::script::CmdletInfo)
        .collect();
    assert_eq!(infos, runs);
    let registered: Vec<*const crate::script::CmdletInfo> = super::REGISTRY
        .cmdlets
        .iter()
        .map(|i| *i as *const crate::script::CmdletInfo)
        .collect();
    assert_eq!(registered, runs);
}

/// Every cmdlet that changes state counts at least one change on the tenant's counter (`Tenant::changes`), so a
/// stale snapshot is always noticed; a new state-changing cmdlet without a row here fails this test.
#[test]
fn every_state_changing_cmdlet_counts_its_change() {
    let rows: &[(&str, &str)] = &[
        (
            "Set-CASMailbox",
            "Set-CASMailbox alice -ActiveSyncEnabled $false",
        ),
        (
            "New-ActiveSyncDeviceAccessRule",
            "New-ActiveSyncDeviceAccessRule -QueryString 'X1' -Characteristic DeviceModel -AccessLevel Allow",
        ),
        (
            "Set-ActiveSyncDeviceAccessRule",
            "Set-ActiveSyncDeviceAccessRule 'X1 (DeviceModel)' -AccessLevel Block",
        ),
        (
            "Remove-ActiveSyncDeviceAccessRule",
            "Remove-ActiveSyncDeviceAccessRule 'X1 (DeviceModel)' -Confirm:$false",
        ),
        (
            "Set-ActiveSyncOrganizationSettings",
            "Set-ActiveSyncOrganizationSettings -DefaultAccessLevel Allow",
        ),
        (
            "New-MobileDeviceMailboxPolicy",
            "New-MobileDeviceMailboxPolicy -Name P1",
        ),
        (
            "Set-MobileDeviceMailboxPolicy",
            "Set-MobileDeviceMailboxPolicy P1 -PasswordEnabled $true",
        ),
        (
            "Remove-MobileDeviceMailboxPolicy",
            "Remove-MobileDeviceMailboxPolicy P1 -Confirm:$false",
        ),
        (
            "Clear-MobileDevice",
            "Clear-MobileDevice 'Alice\\ExchangeActiveSyncDevices\\Android§SEC1A2B3C4D5' -Confirm:$false",
        ),
        (
            "Remove-MobileDevice",
            "Remove-MobileDevice 'Alice\\ExchangeActiveSyncDevices\\Android§SEC1A2B3C4D5' -Confirm:$false",
        ),
        (
            "Import-Tenant",
            "Import-Tenant (Export-Tenant) -Confirm:$false",
        ),
    ];
    for c in cmdlets::CMDLETS.iter().filter(|c| c.changes_state()) {
        assert!(
            rows.iter().any(|(name, _)| *name == c.name),
            "{} changes state but has no row here",
            c.name
        );
    }
    let mut t = example_tenant();
    for (name, line) in rows {
        let before = t.changes();
        let out = run_lines(&mut t, EXAMPLE_NOW, line);
        assert!(!out.contains("FullyQualifiedErrorId"), "{name}: {out}");
        assert!(t.changes() > before, "{name} counted no change");
    }
}

/// -SortBy sorts as the directory sorts the stored attribute (the server-side sort Exchange's query asks for,
/// [EX13] `Microsoft.Exchange.Management/Exchange/Management/Common/QueryHelper.cs GetSortBy`): ascending,
/// case-insensitive, an entry without the attribute after the others (RFC 2891 §1.1), the access state by its
/// stored number even where Get-MobileDevice shows a recomputed one (without their rule the iPhones show the org
/// default, Quarantined, but sort by their stored Allowed); and before -ResultSize applies.
#[test]
fn sort_by_orders_stored_values_with_absent_ones_last() {
    let mut t = example_tenant();
    let keys: Vec<crate::model::DeviceKey> = t.devices().map(|(k, _)| k).collect();
    t.update_device(keys[0], |d| d.friendly_name = String::new());
    t.update_device(keys[1], |d| d.friendly_name = "alice's galaxy".into());
    let out = run_lines(
        &mut t,
        EXAMPLE_NOW,
        "Get-MobileDevice -SortBy friendlyname | Format-Table FriendlyName, DeviceId
Get-MobileDevice -SortBy FriendlyName -ResultSize 1 | Format-Table FriendlyName
Remove-ActiveSyncDeviceAccessRule 'iPhone6C2 (DeviceModel)' -Confirm:$false
Get-MobileDevice -SortBy DeviceAccessState | Format-Table DeviceId, DeviceAccessState, DeviceAccessStateReason",
    );
    expect![[r#"
        FriendlyName   DeviceId
        ------------   --------
        alice's galaxy SEC1A2B3C4D5
        Bob's iPhone   ApplG7H8J9K0
        Bob's phone    5eec4e94a1b2c3d4
                       ApplF17XK1AB

        WARNING: There are more results available than are currently displayed. To view them, increase the value for the ResultSize parameter.

        FriendlyName
        ------------
        alice's galaxy


        DeviceId         DeviceAccessState DeviceAccessStateReason
        --------         ----------------- -----------------------
        ApplF17XK1AB     Quarantined       Global
        ApplG7H8J9K0     Quarantined       Global
        5eec4e94a1b2c3d4 Allowed           Individual
        SEC1A2B3C4D5     Quarantined       Global"#]]
    .assert_eq(&out);
}

/// Get-CASMailbox takes -RecipientTypeDetails and -Anr (both on its reference page, Get-CASMailbox.md) and selects
/// the same mailboxes Get-Mailbox does with them: the kinds asked for, and ANR as a prefix of the names.
#[test]
fn get_casmailbox_selects_by_recipient_type_and_anr_as_get_mailbox_does() {
    let mut t = example_tenant();
    let names = |t: &mut crate::model::Tenant, cmdlet: &str, args: Vec<NamedArg>| -> Vec<String> {
        let mut c = NonInteractive;
        let mut ctx = CmdletContext::new(t, EXAMPLE_NOW, &mut c);
        cmdlets::call(&mut ctx, cmdlet, vec![], args).unwrap();
        let out = ctx.take_output();
        assert_eq!(out.errors().count(), 0, "{cmdlet}");
        out.objects()
            .map(|o| match o {
                Value::Object(o) => crate::script::eval::convert::to_str(&o.get("Name").unwrap()),
                other => panic!("{other:?}"),
            })
            .collect()
    };
    for args in [
        vec![NamedArg::new("RecipientTypeDetails", "SharedMailbox")],
        vec![NamedArg::new(
            "RecipientTypeDetails",
            Value::array(vec![Value::str("UserMailbox"), Value::str("SharedMailbox")]),
        )],
        vec![NamedArg::new("Anr", "al")],
        vec![NamedArg::new("Anr", "nobody-has-this")],
    ] {
        let cas = names(&mut t, "Get-CASMailbox", args.clone());
        let mailboxes = names(&mut t, "Get-Mailbox", args.clone());
        assert_eq!(cas, mailboxes, "{args:?}");
    }
    let shared = names(
        &mut t,
        "Get-CASMailbox",
        vec![NamedArg::new("RecipientTypeDetails", "SharedMailbox")],
    );
    let all = names(&mut t, "Get-CASMailbox", vec![]);
    assert!(
        !shared.is_empty() && shared.len() < all.len(),
        "{shared:?} of {all:?}"
    );
    let anr = names(&mut t, "Get-CASMailbox", vec![NamedArg::new("Anr", "al")]);
    assert!(
        anr.iter().all(|n| n.to_lowercase().starts_with("al")) && !anr.is_empty(),
        "{anr:?}"
    );
}

/// Get-CASMailbox's default view shows the settings its reference page's first example names — ActiveSyncEnabled,
/// OWAEnabled, PopEnabled, ImapEnabled, MapiEnabled (Get-CASMailbox.md, Example 1) — and Set-CASMailbox's
/// -OWAEnabled, -PopEnabled, -ImapEnabled, -MAPIEnabled and -EwsEnabled (each `$true` by default,
/// Set-CASMailbox.md) are kept, filterable and written to the fixture.
#[test]
fn the_cas_protocol_switches_are_kept_shown_and_filterable() {
    let mut t = example_tenant();
    let out = run_lines(&mut t, EXAMPLE_NOW, "Get-CASMailbox alice");
    let header: Vec<&str> = out
        .lines()
        .find(|l| l.starts_with("Name"))
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(
        header,
        [
            "Name",
            "ActiveSyncEnabled",
            "OWAEnabled",
            "PopEnabled",
            "ImapEnabled",
            "MapiEnabled"
        ]
    );
    let out = run_lines(
        &mut t,
        EXAMPLE_NOW,
        "Set-CASMailbox alice -PopEnabled $false -ImapEnabled $false -EwsEnabled $false
(Get-CASMailbox -Filter \"PopEnabled -eq `$false\").Name
$c = Get-CASMailbox alice
\"$($c.OWAEnabled) $($c.PopEnabled) $($c.ImapEnabled) $($c.MAPIEnabled) $($c.EwsEnabled)\"",
    );
    assert_eq!(out.trim(), "Alice\nTrue False False True False", "{out}");
    let json = crate::model::to_json(&t);
    let back = crate::model::from_json(&json).unwrap();
    let alice = back
        .mailboxes()
        .find(|(_, m)| m.alias == "alice")
        .unwrap()
        .1;
    assert!(!alice.cas.pop_enabled && !alice.cas.imap_enabled && !alice.cas.ews_enabled);
    assert!(alice.cas.owa_enabled && alice.cas.mapi_enabled);
    // Unchanged switches stay out of the fixture (older fixtures read the same).
    assert!(!json.contains("\"OWAEnabled\""));
    // filter-properties.md: "The filter operates backwards" for OWAEnabled ('OWAEnabled -eq $true' returns the
    // mailboxes where it is False); EwsEnabled filters as 0 or 1 ("EwsEnabled -eq 1").
    let out = run_lines(
        &mut t,
        EXAMPLE_NOW,
        "Set-CASMailbox bob -OWAEnabled $false
(Get-CASMailbox -Filter 'OWAEnabled -eq $true').Name
(Get-CASMailbox -Filter 'EwsEnabled -eq 0').Name",
    );
    assert_eq!(out.trim(), "Bob\nAlice", "{out}");
}
