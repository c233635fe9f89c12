//! Unit tests of the simulator's registry and host.

use crate::script::CmdletInfo;

use super::cmdlets;

#[test]
fn the_registry_is_exchanges_then_the_simulators_own() {
    let ptrs = |list: &[&CmdletInfo]| -> Vec<*const CmdletInfo> {
        list.iter().map(|i| *i as *const CmdletInfo).collect()
    };
    let admin = &crate::admin::REGISTRY;
    let reg = &super::REGISTRY;
    let n = admin.cmdlets.len();
    assert_eq!(ptrs(&reg.cmdlets[..n]), ptrs(admin.cmdlets));
    assert_eq!(ptrs(&reg.cmdlets[n..]), ptrs(&cmdlets::INFOS));
    let runs: Vec<*const CmdletInfo> = cmdlets::CMDLETS
        .iter()
        .map(|c| &c.info as *const CmdletInfo)
        .collect();
    assert_eq!(ptrs(&cmdlets::INFOS), runs);
    assert_eq!((reg.source, reg.version), (admin.source, admin.version));
    assert_eq!(&reg.views[..admin.views.len()], admin.views);
    assert!(reg.view("EasResponse").is_some());
    for c in &reg.cmdlets[n..] {
        assert!(
            admin.find(c.name).is_none(),
            "{} shadows an Exchange cmdlet",
            c.name
        );
    }
}

#[test]
fn replacing_the_tenant_makes_every_device_start_over() {
    // Import-Tenant drops the server's sync state (mailbox ids now name other mailboxes): the devices' memory goes
    // with it, so the next Sync starts from SyncKey 0 instead of presenting a key the server no longer knows.
    let script = "'FolderSync', 'Sync', 'Sync' | ForEach-Object { $null = Invoke-EasRequest ApplF17XK1AB $_ }
(Invoke-EasRequest ApplF17XK1AB Sync).Body
$json = Export-Tenant
Import-Tenant -Json $json -Confirm:$false
(Invoke-EasRequest ApplF17XK1AB Sync).Body";
    let (out, _) = super::examples::run_lines(
        crate::admin::examples::example_tenant(),
        crate::admin::examples::EXAMPLE_NOW,
        script,
    );
    assert_eq!(
        out,
        "(empty)\nCollection Status 1; SyncKey 1; 0 added, 0 changed, 0 deleted"
    );
}

#[test]
fn a_host_hands_back_the_tenant_its_devices_changed() {
    let mut host = super::SimHost::new(
        crate::admin::examples::example_tenant(),
        crate::admin::examples::EXAMPLE_NOW,
    );
    let before = host.tenant().device_count();
    let mut out = crate::script::StringHost::new();
    crate::script::Session::default().run(
        "$null = New-SimulatedDevice -Mailbox bob -DeviceModel SM-S918B -DeviceType Android -UserAgent 'Android/14'",
        &mut host,
        &mut out,
    );
    assert_eq!(out.text, "");
    assert_eq!(host.mail().len(), 1, "only Bob's mailbox was generated");
    let tenant = host.into_tenant();
    assert_eq!(tenant.device_count(), before + 1);
}
