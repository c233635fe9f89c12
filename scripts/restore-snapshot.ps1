#@ tenant: profile=small seed=1 now=2026-11-23T08:30:00Z
# A trainer's reset: snapshot the tenant, let trainees change it, then restore the snapshot. Import-Tenant says
# how many changes a restore discards and, when there are any, goes ahead only with -Force (-Confirm:$false
# answers its ordinary confirmation, not the question about discarding changes).
$snapshot = Export-Tenant
$alias = (Get-Mailbox -ResultSize 1 -WarningAction SilentlyContinue).Alias
Set-CASMailbox $alias -ActiveSyncEnabled $false
Set-CASMailbox $alias -ActiveSyncBlockedDeviceIDs @{Add='TRAINEE0001'}
Write-Host "After the trainees: ActiveSyncEnabled" (Get-CASMailbox $alias).ActiveSyncEnabled

# Without -Force the stale snapshot is not imported (nobody at this script's console can answer the question).
Import-Tenant $snapshot -Confirm:$false
Write-Host "Without -Force: ActiveSyncEnabled" (Get-CASMailbox $alias).ActiveSyncEnabled

Import-Tenant $snapshot -Force -Confirm:$false
Write-Host "With -Force: ActiveSyncEnabled" (Get-CASMailbox $alias).ActiveSyncEnabled
(Get-CASMailbox $alias).ActiveSyncBlockedDeviceIDs.Count

# A snapshot taken now discards nothing: no warning, no question.
$now = Export-Tenant
Import-Tenant $now -Confirm:$false
