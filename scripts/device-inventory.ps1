#@ tenant: profile=default seed=1 now=2026-11-23T08:30:00Z
# Device inventory: partnerships by model and by OS, and the share of each client type and access state.

$all = Get-MobileDevice -ResultSize Unlimited
Write-Host "Inventory of $($all.Count) device partnerships" -ForegroundColor Cyan

"Top 10 models"
$all | Group-Object DeviceModel | Sort-Object Count -Descending | Select-Object -First 10 Count, Name | ft -AutoSize

"Operating systems"
$total = $all.Count
$all | Group-Object -Property {if ($_.DeviceOS) { $_.DeviceOS.Split(' ')[0] } else { '(none)' }} |
    Sort-Object Count -Descending | ForEach-Object {
    $pct = [math]::Round(($_.Count / $total) * 100, 1)
    "{0,-12} {1,6} {2,6:N1}%" -f $_.Name, $_.Count, $pct
}

$byState = @{}
foreach ($d in $all) {
    $state = [string]$d.DeviceAccessState
    if (-not $byState.ContainsKey($state)) { $byState[$state] = 0 }
    $byState[$state]++
}
$byState.GetEnumerator() | Sort-Object Name | Format-Table Name, Value -AutoSize

$all | Group-Object ClientType -NoElement | Sort-Object Name | Format-List Name, Count
