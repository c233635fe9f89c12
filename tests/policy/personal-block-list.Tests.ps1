#@ tenant: profile=default seed=1 now=2026-11-23T08:30:00Z
# The personal block list beats everything else that decides a device: it is step 4 of the documented sequence
# (MISSION.md), before the personal allow list, every rule and the org default; Exchange's own code checks it
# first too (reference/eas-facts.md §6.2, step 1). Set-CASMailbox rewrites the device's stored state at once
# (eas-facts.md §6.5).

Describe 'The personal block list' {
    BeforeAll {
        $device = Get-MobileDevice -ResultSize Unlimited |
            Where-Object { $_.DeviceAccessState -eq 'Allowed' -and $_.DeviceAccessStateReason -eq 'Global' } |
            Select-Object -First 1
        $owner = $device.Identity.Split('\')[0]
        New-ActiveSyncDeviceAccessRule -Characteristic DeviceModel -QueryString $device.DeviceModel -AccessLevel Allow | Out-Null
        Set-CASMailbox -Identity $owner -ActiveSyncBlockedDeviceIDs @{Add = $device.DeviceId}
        $now = Get-MobileDevice -Identity $device.Identity
    }

    It 'blocks the device although a rule and the org default allow it' {
        (Get-ActiveSyncOrganizationSettings).DefaultAccessLevel | Should -Be 'Allow'
        $now.DeviceAccessState | Should -Be 'Blocked'
        $now.DeviceAccessStateReason | Should -Be 'Individual'
    }

    It 'records the DeviceId on the mailbox' {
        (Get-CASMailbox -Identity $owner).ActiveSyncBlockedDeviceIDs | Should -Contain $device.DeviceId
    }

    It 'lets the rule allow the owner''s other devices of the model' {
        Get-MobileDevice -Mailbox $owner |
            Where-Object { $_.DeviceId -ne $device.DeviceId -and $_.DeviceModel -eq $device.DeviceModel -and $_.DeviceAccessStateReason -ne 'Individual' } |
            ForEach-Object { $_.DeviceAccessState } | Should -Not -Contain 'Blocked'
    }
}
