#@ tenant: profile=default seed=1 now=2026-11-23T08:30:00Z
# The same two rules under the documented order (MISSION.md, "The access sequence"): a rule Block (step 6) is
# checked before a rule Allow (step 8), whatever the characteristics; compare precedence-exchange2013.Tests.ps1.

Describe 'A DeviceModel Allow rule and a DeviceType Block rule on one device' {
    BeforeAll {
        $device = Get-MobileDevice -ResultSize Unlimited -Filter "DeviceType -eq 'iPhone'" |
            Where-Object { $_.DeviceAccessStateReason -eq 'Global' } | Select-Object -First 1
        New-ActiveSyncDeviceAccessRule -Characteristic DeviceModel -QueryString $device.DeviceModel -AccessLevel Allow | Out-Null
        New-ActiveSyncDeviceAccessRule -Characteristic DeviceType -QueryString 'iPhone' -AccessLevel Block | Out-Null
        $now = Get-MobileDevice -Identity $device.Identity
    }

    It 'is Blocked by the DeviceType rule' {
        $now.DeviceAccessState | Should -Be 'Blocked'
        $now.DeviceAccessStateReason | Should -Be 'DeviceRule'
    }
}
