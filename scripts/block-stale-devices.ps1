#@ tenant: profile=scenario-a seed=1 now=2026-11-23T08:30:00Z
# Block devices that have not synced for $Days days (or never did): add them to their owner's
# ActiveSyncBlockedDeviceIDs, and report them by owner.
param(
    [int]$Days = 90
)

$cutoff = (Get-Date).AddDays(-$Days)
$stale = @()

$stats = Get-MobileDevice -ResultSize Unlimited | Get-MobileDeviceStatistics
foreach ($s in $stats) {
    if ($s.LastSuccessSync -eq $null -or $s.LastSuccessSync -lt $cutoff) {
        $stale += $s
    }
}

foreach ($device in $stale) {
    $mailbox = $device.Identity.Split('\')[0]
    Set-CASMailbox $mailbox -ActiveSyncBlockedDeviceIDs @{Add=$device.DeviceID} -Confirm:$false
}

"Blocked $($stale.Count) of $($stats.Count) devices not synced since $($cutoff.ToShortDateString())"
$never = @($stale | Where-Object {-not $_.LastSuccessSync})
"{0} of them never synced" -f $never.Count

$stale | Where-Object {$_.LastSuccessSync} |
    Sort-Object LastSuccessSync |
    Select-Object -First 10 @{n='User';e={$_.Identity.Split('\')[0]}}, DeviceModel, DeviceOS, LastSuccessSync,
        @{n='Days';e={[int]((Get-Date) - $_.LastSuccessSync).TotalDays}} |
    Format-Table -AutoSize

# The access engine now blocks them (reason Individual)
Get-MobileDevice -ResultSize Unlimited | Where-Object {$_.DeviceAccessState -eq 'Blocked'} |
    Group-Object DeviceAccessStateReason -NoElement | Format-Table Name, Count -AutoSize
