#@ tenant: profile=scenario-a seed=1 now=2026-11-23T08:30:00Z
# Release quarantined devices in bulk: add each to its owner's ActiveSyncAllowedDeviceIDs. Only devices that
# synced in the last $Days days are released; the others are listed for a closer look.
param(
    [int]$Days = 30
)

$cutoff = (Get-Date).AddDays(-$Days)
$quarantined = @(Get-MobileDevice -ResultSize Unlimited -Filter {DeviceAccessState -eq 'Quarantined'} | Get-MobileDeviceStatistics)
Write-Host "$($quarantined.Count) quarantined device(s)"

$released = @()
$old = @()
foreach ($q in $quarantined) {
    if ($q.LastSuccessSync -eq $null -or $q.LastSuccessSync -lt $cutoff) {
        $old += $q
        continue
    }
    $owner = $q.Identity.Split('\')[0]
    Set-CASMailbox -Identity $owner -ActiveSyncAllowedDeviceIDs @{Add = $q.DeviceID} -Confirm:$false
    $released += $q
}

Write-Host ("Released {0} device(s) that synced since {1}" -f $released.Count, $cutoff.ToShortDateString()) -ForegroundColor Green
$released | Group-Object DeviceModel | Sort-Object Count, Name -Descending | Select-Object -First 5 Count, Name | Format-Table -AutoSize

if ($old.Count -gt 0) {
    Write-Warning "$($old.Count) quarantined device(s) have not synced for $Days days and stay quarantined"
    $old | Sort-Object LastSuccessSync -Descending | Select-Object -First 5 @{n='User';e={$_.Identity.Split('\')[0]}}, DeviceModel, LastSuccessSync | Format-Table -AutoSize
}

# Check: nothing released is still quarantined
$still = Get-MobileDevice -ResultSize Unlimited -Filter {DeviceAccessState -eq 'Quarantined'}
"{0} device(s) remain quarantined" -f @($still).Count
