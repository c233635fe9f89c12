#@ tenant: profile=default seed=1 now=2026-11-23T08:30:00Z precedence=Exchange2013
# Where Exchange 2013's server code and the documented order disagree (reference/eas-facts.md §6.3): Exchange 2013
# checks the characteristics in a fixed order, UserAgent → DeviceOS → DeviceModel → DeviceType, and the first
# match wins whatever its access level; the documented order (MISSION.md steps 6-8) lets a Block rule win.

Describe 'A DeviceModel Allow rule and a DeviceType Block rule on one device' {
    BeforeAll {
        $device = Get-MobileDevice -ResultSize Unlimited -Filter "DeviceType -eq 'iPhone'" |
            Where-Object { $_.DeviceAccessStateReason -eq 'Global' } | Select-Object -First 1
        New-ActiveSyncDeviceAccessRule -Characteristic DeviceModel -QueryString $device.DeviceModel -AccessLevel Allow | Out-Null
        New-ActiveSyncDeviceAccessRule -Characteristic DeviceType -QueryString 'iPhone' -AccessLevel Block | Out-Null
        $now = Get-MobileDevice -Identity $device.Identity
    }

    It 'is Allowed by the DeviceModel rule, which Exchange 2013 checks before DeviceType' {
        $now.DeviceAccessState | Should -Be 'Allowed'
        $now.DeviceAccessStateReason | Should -Be 'DeviceRule'
    }

    It 'names the rule that decided' {
        $rule = Get-ActiveSyncDeviceAccessRule -Identity "$($device.DeviceModel) (DeviceModel)"
        "$($now.DeviceAccessControlRule)" | Should -BeLike "*$($rule.Name)*"
    }
}
