# An exercise for the trainer's console (easim serve --profile scenario-a; load it under "Exercise" in /console).
# The task: retire the device access rule 'iPhone6C2 (DeviceModel)' without locking anyone out. Under the
# scenario's Quarantine default, removing the rule on its own sends every iPhone6C2 that only the rule allowed to
# quarantine; pinning each owner's device first (Set-CASMailbox -ActiveSyncAllowedDeviceIDs @{Add=...}) keeps it
# Allowed, reason Individual (MISSION.md, scenario A).

Describe 'Retire the iPhone6C2 rule' {
    It 'the rule is gone' {
        Get-ActiveSyncDeviceAccessRule | Where-Object { $_.Name -eq 'iPhone6C2 (DeviceModel)' } |
            Should -BeNullOrEmpty
    }

    It 'no iPhone6C2 is Quarantined' {
        @(Get-MobileDevice -ResultSize Unlimited -Filter "DeviceModel -eq 'iPhone6C2'" |
            Where-Object { $_.DeviceAccessState -eq 'Quarantined' }).Count | Should -Be 0
    }
}
