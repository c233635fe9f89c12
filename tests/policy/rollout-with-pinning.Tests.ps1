#@ tenant: profile=scenario-a seed=1 now=2026-11-23T08:30:00Z
# Scenario A (MISSION.md): several hundred users get the iPhone 5s (model string iPhone6C2); a device access
# rule allows the model, and before the rule goes every Allowed device is pinned to its owner's
# ActiveSyncAllowedDeviceIDs. Expectations follow the documented access sequence (MISSION.md, "The access
# sequence": step 5, a personal allow, beats steps 6-9) and reference/eas-facts.md §6.5 (Set-CASMailbox rewrites
# the stored state at once; Get-MobileDevice recomputes the rest from the current rules and org default).

Describe 'Rolling out the iPhone 5s with pinning' {
    BeforeAll {
        $model = 'iPhone6C2'
        $allowedByRule = @(Get-MobileDevice -ResultSize Unlimited -Filter "DeviceModel -eq '$model'" |
            Where-Object { $_.DeviceAccessState -eq 'Allowed' -and $_.DeviceAccessStateReason -eq 'DeviceRule' })
        foreach ($d in $allowedByRule) {
            $owner = $d.Identity.Split('\')[0]
            Set-CASMailbox -Identity $owner -ActiveSyncAllowedDeviceIDs @{Add = $d.DeviceId}
        }
        Get-ActiveSyncDeviceAccessRule | Where-Object { $_.QueryString -eq $model } |
            Remove-ActiveSyncDeviceAccessRule -Confirm:$false
        $after = @(Get-MobileDevice -ResultSize Unlimited -Filter "DeviceModel -eq '$model'")
    }

    It 'finds devices that only the rule allowed' {
        $allowedByRule.Count | Should -BeGreaterThan 0
    }

    It 'leaves no rule for the model' {
        Get-ActiveSyncDeviceAccessRule | Where-Object { $_.QueryString -eq $model } | Should -BeNullOrEmpty
    }

    It 'keeps every pinned device Allowed, now by its personal exemption' {
        $ids = @($allowedByRule | ForEach-Object { $_.DeviceId })
        $pinned = @($after | Where-Object { $ids -contains $_.DeviceId })
        $pinned | Should -HaveCount $allowedByRule.Count
        $pinned | Where-Object { $_.DeviceAccessState -ne 'Allowed' } | Should -BeNullOrEmpty
        $pinned | Where-Object { $_.DeviceAccessStateReason -ne 'Individual' } | Should -BeNullOrEmpty
    }

    It 'lets no device keep access by the removed rule' {
        $after | Where-Object { $_.DeviceAccessStateReason -eq 'DeviceRule' } | Should -BeNullOrEmpty
    }

    It 'skips already pinned devices on a re-run' {
        $again = @(Get-MobileDevice -ResultSize Unlimited -Filter "DeviceModel -eq '$model'" |
            Where-Object { $_.DeviceAccessState -eq 'Allowed' -and $_.DeviceAccessStateReason -ne 'Individual' })
        $again | Should -HaveCount 0
    }
}

Describe 'Removing the rule without pinning' {
    It 'sends the devices the rule allowed to the org default, Quarantine, reason Global' {
        (Get-ActiveSyncOrganizationSettings).DefaultAccessLevel | Should -Be 'Quarantine'
        $byRule = @(Get-MobileDevice -ResultSize Unlimited -Filter "DeviceModel -eq 'iPhone6C2'" |
            Where-Object { $_.DeviceAccessStateReason -eq 'DeviceRule' })
        $byRule | Should -Not -BeNullOrEmpty
        Get-ActiveSyncDeviceAccessRule | Where-Object { $_.QueryString -eq 'iPhone6C2' } |
            Remove-ActiveSyncDeviceAccessRule -Confirm:$false
        $ids = @($byRule | ForEach-Object { $_.DeviceId })
        $now = @(Get-MobileDevice -ResultSize Unlimited -Filter "DeviceModel -eq 'iPhone6C2'" |
            Where-Object { $ids -contains $_.DeviceId })
        $now | Should -HaveCount $byRule.Count
        $now | Where-Object { $_.DeviceAccessState -ne 'Quarantined' -or $_.DeviceAccessStateReason -ne 'Global' } |
            Should -BeNullOrEmpty
    }
}
