#@ tenant: profile=default seed=1 now=2026-11-23T08:30:00Z
# Remove device partnerships that have not synced for $Days days: the device has been replaced or lost.
# Partnerships that never synced are older than a day are removed too. -WhatIf shows what would go.
param(
    [int]$Days = 365,
    [switch]$WhatIf
)

$cutoff = (Get-Date).AddDays(-$Days)
$candidates = Get-MobileDevice -ResultSize Unlimited | Get-MobileDeviceStatistics | Where-Object {
    ($_.LastSuccessSync -and $_.LastSuccessSync -lt $cutoff) -or
    (-not $_.LastSuccessSync -and $_.FirstSyncTime -lt (Get-Date).AddDays(-1))
}
Write-Host "$(@($candidates).Count) stale partnership(s) (no sync since $($cutoff.ToString('yyyy-MM-dd')))"

$removed = 0
foreach ($c in $candidates) {
    if ($WhatIf) {
        Remove-MobileDevice -Identity $c.Identity -WhatIf
    } else {
        Remove-MobileDevice -Identity $c.Identity -Confirm:$false
        $removed++
    }
}

if (-not $WhatIf) {
    "Removed $removed partnership(s); $((Get-MobileDevice -ResultSize Unlimited).Count) remain"
}
$candidates | Group-Object DeviceType | Sort-Object Count -Descending | Select-Object -First 5 Count, Name | Format-Table -AutoSize
