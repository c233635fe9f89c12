#@ tenant: profile=default seed=1 now=2026-11-23T08:30:00Z
# Blocking an OS version with a device access rule (New-ActiveSyncDeviceAccessRule -Characteristic DeviceOS).
# Rules match the device's value exactly, case-insensitively (reference/eas-facts.md §6.3); a rule Block is step 6
# of the documented sequence, after the personal lists (steps 4-5, MISSION.md).

Describe 'Blocking iOS 12.5.7' -Tag rules {
    BeforeAll {
        $os = 'iOS 12.5.7 16H81'
        $before = @(Get-MobileDevice -ResultSize Unlimited -Filter "DeviceOS -eq '$os'")
        New-ActiveSyncDeviceAccessRule -Characteristic DeviceOS -QueryString $os -AccessLevel Block | Out-Null
        $after = @(Get-MobileDevice -ResultSize Unlimited -Filter "DeviceOS -eq '$os'")
    }

    It 'creates the rule named after its query string and characteristic' {
        (Get-ActiveSyncDeviceAccessRule -Identity "$os (DeviceOS)").AccessLevel | Should -Be 'Block'
    }

    It 'blocks the devices the org default allowed, reason DeviceRule' {
        $global = @($before | Where-Object { $_.DeviceAccessStateReason -eq 'Global' } | ForEach-Object { $_.Identity })
        $global | Should -Not -BeNullOrEmpty
        $blocked = @($after | Where-Object { $global -contains $_.Identity })
        $blocked | Where-Object { $_.DeviceAccessState -ne 'Blocked' -or $_.DeviceAccessStateReason -ne 'DeviceRule' } |
            Should -BeNullOrEmpty
    }

    It 'keeps a personally allowed device Allowed' {
        $mine = @($after | Where-Object { $_.DeviceAccessStateReason -eq 'Individual' })
        $mine | Should -Not -BeNullOrEmpty
        $mine | ForEach-Object { $_.DeviceAccessState } | Should -Not -Contain 'Blocked'
    }

    It 'leaves other OS versions alone' {
        Get-MobileDevice -ResultSize Unlimited -Filter "DeviceOS -eq 'iOS 26.1 23B85'" |
            Where-Object { $_.DeviceAccessStateReason -eq 'DeviceRule' } | Should -BeNullOrEmpty
    }
}
