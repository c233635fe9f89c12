#@ tenant: profile=small seed=1 now=2026-11-23T08:30:00Z
# Scenario B: which Outlook for iOS and Android clients use which sync protocol (REST, the older
# architecture, or Outlook, the newer one), per user mailbox, with a CSV export for Excel.

$mailboxes = Get-Mailbox -RecipientTypeDetails UserMailbox -ResultSize Unlimited
$report = @()

ForEach ($mailbox in $mailboxes) {
    Write-Host "Checking" $mailbox.DisplayName
    $devices = Get-MobileDeviceStatistics -Mailbox $mailbox.Identity | Where-Object {$_.DeviceModel -eq "Outlook for iOS and Android"}

    If ($devices) {
        ForEach ($d in $devices) {
            $report += [PSCustomObject]@{
                User     = $mailbox.DisplayName
                Device   = $d.DeviceFriendlyName
                OS       = $d.DeviceOS
                SyncType = $d.ClientType
                LastSync = $d.LastSuccessSync
            }
        }
    }
    Else {
        Write-Host $mailbox.DisplayName "has no Outlook Mobile devices"
    }
}

$report | Sort-Object User | Format-Table -AutoSize

$report | Group-Object SyncType -NoElement | Select-Object Name, Count | Format-Table -AutoSize

# For Excel
$report | Export-Csv -Path .\OutlookMobile.csv -NoTypeInformation
Write-Host "$($report.Count) Outlook mobile device(s) written to OutlookMobile.csv"
