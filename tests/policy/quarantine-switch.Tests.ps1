#@ tenant: profile=default seed=1 now=2026-11-23T08:30:00Z
# Switching the organization's default to Quarantine. The documented access sequence (MISSION.md, step 9;
# reference/eas-facts.md §6.2 step 6): only a device that no personal list and no rule decides falls to the
# org default, with reason Global; Get-MobileDevice shows the recomputed state at once (eas-facts.md §6.5).

Describe 'The quarantine switch' {
    BeforeAll {
        $before = @(Get-MobileDevice -ResultSize Unlimited)
        Set-ActiveSyncOrganizationSettings -DefaultAccessLevel Quarantine
        $after = @(Get-MobileDevice -ResultSize Unlimited)
    }

    It 'changes the org default' {
        (Get-ActiveSyncOrganizationSettings).DefaultAccessLevel | Should -Be 'Quarantine'
    }

    It 'quarantines every device the org default decides' {
        $global = @($after | Where-Object { $_.DeviceAccessStateReason -eq 'Global' })
        $global | Should -Not -BeNullOrEmpty
        $global | Where-Object { $_.DeviceAccessState -ne 'Quarantined' } | Should -BeNullOrEmpty
    }

    It 'leaves the devices with a personal exemption as they were' {
        $was = @($before | Where-Object { $_.DeviceAccessStateReason -eq 'Individual' } |
            ForEach-Object { "$($_.Identity)=$($_.DeviceAccessState)" })
        $is = @($after | Where-Object { $_.DeviceAccessStateReason -eq 'Individual' } |
            ForEach-Object { "$($_.Identity)=$($_.DeviceAccessState)" })
        $was | Should -Not -BeNullOrEmpty
        $is | Should -Be $was
    }

    It 'changes no device count' {
        $after | Should -HaveCount $before.Count
    }
}

Describe 'A fresh tenant for every Describe' {
    It 'starts again from the profile''s default, Allow' {
        (Get-ActiveSyncOrganizationSettings).DefaultAccessLevel | Should -Be 'Allow'
    }
}
