#@ tenant: profile=default seed=1 now=2026-11-23T08:30:00Z
# Devices that act: Invoke-EasRequest makes a device send a real EAS request through the EAS endpoint's own
# dispatcher, New-SimulatedDevice makes a new one contact the server. A device a rule blocks gets status 129
# DeviceIsBlockedForThisUser in the body from protocol 14.0 (reference/eas-facts.md §4.2, §3.2); a device no list or
# rule decides falls to the org default with reason Global (§6.2 step 6), and entering Quarantined posts Exchange's
# notice to its owner's Inbox, the only item a quarantined device syncs (§4.1; the subject is literal there).

Describe 'An iPhone model blocked by a rule' {
    BeforeAll {
        $iphone = Get-MobileDevice -ResultSize Unlimited |
            Where-Object { $_.DeviceType -eq 'iPhone' -and $_.DeviceAccessState -eq 'Allowed' } |
            Select-Object -First 1
        $rule = New-ActiveSyncDeviceAccessRule -QueryString $iphone.DeviceModel -Characteristic DeviceModel -AccessLevel Block
        $blocked = Invoke-EasRequest -Identity $iphone.Identity -Command Sync
    }

    It 'gets 129 in the Sync body' {
        $blocked.HttpStatus | Should -Be 200
        $blocked.EasStatus | Should -Be 129
    }

    It 'is blocked by the rule' {
        $blocked.DeviceAccessState | Should -Be 'Blocked'
        $blocked.DeviceAccessStateReason | Should -Be 'DeviceRule'
        $blocked.DecidingStep | Should -Be 'RuleBlock'
        (Get-MobileDevice -Identity $iphone.Identity).DeviceAccessState | Should -Be 'Blocked'
    }

    It 'syncs again once the rule is removed' {
        Remove-ActiveSyncDeviceAccessRule -Identity $rule.Identity -Confirm:$false
        $again = Invoke-EasRequest -Identity $iphone.Identity -Command Sync
        $again.EasStatus | Should -Be 1
        $again.DeviceAccessState | Should -Be 'Allowed'
        $again.DecidingStep | Should -Be 'OrgDefault'
    }
}

Describe 'A new Android under the quarantine default' {
    BeforeAll {
        Set-ActiveSyncOrganizationSettings -DefaultAccessLevel Quarantine
        $owner = Get-CASMailbox -ResultSize Unlimited | Where-Object { $_.ActiveSyncEnabled } | Select-Object -First 1
        $new = New-SimulatedDevice -Mailbox $owner.Name -DeviceModel SM-S918B -DeviceType Android -UserAgent 'Android-SAMSUNG-SM-S918B/101.140'
    }

    It 'is quarantined by the org default at first contact' {
        $new.DeviceAccessState | Should -Be 'Quarantined'
        $new.DeviceAccessStateReason | Should -Be 'Global'
        $new.DecidingStep | Should -Be 'OrgDefault'
    }

    It 'finds only the quarantine notice in its Inbox' {
        'Provision', 'FolderSync', 'Sync' | ForEach-Object { $null = Invoke-EasRequest -Identity $new.DeviceId -Command $_ }
        $items = (Invoke-EasRequest -Identity $new.DeviceId -Command Sync).Items
        $items | Should -Be 'Your mobile device is temporarily blocked from synchronizing using Exchange ActiveSync until your administrator grants it access.'
    }
}
