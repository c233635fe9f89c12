#@ tenant: profile=scenario-a seed=1 now=2026-11-23T08:30:00Z
#@ rerun
# Scenario A: before removing the temporary "allow the iPhone 5s" device access rule, pin every Allowed
# iPhone6C2 to its owner's ActiveSyncAllowedDeviceIDs, so it stays Allowed (reason Individual) afterwards.
# A re-run skips the devices already pinned. Add -Verbose to see each device.
[CmdletBinding()]
param(
    [string]$Model = "iPhone6C2"
)

$devices = Get-MobileDevice -ResultSize Unlimited -Filter "DeviceModel -eq '$Model'" |
    Where-Object {$_.DeviceAccessState -eq 'Allowed'}
Write-Host "Found" $devices.Count "allowed $Model devices"

$pinned = 0
$skipped = 0
ForEach ($d in $devices)
{
    # A re-run must not add the same device twice
    If ($d.DeviceAccessStateReason -eq 'Individual')
    {
        $skipped++
        Continue
    }
    $owner = $d.Identity.Split("\")[0]
    $smtp = (Get-Mailbox -Identity $owner).PrimarySmtpAddress
    Write-Verbose "Pinning $($d.DeviceId) to $smtp"
    Set-CASMailbox -Identity $smtp -ActiveSyncAllowedDeviceIDs @{Add=$d.DeviceId}
    $pinned++
}
Write-Host "Pinned $pinned device(s), skipped $skipped already pinned"

# Now the rule can go
$rule = Get-ActiveSyncDeviceAccessRule | Where-Object {$_.QueryString -eq $Model -and $_.Characteristic -eq 'DeviceModel'}
if ($rule) {
    $rule | Remove-ActiveSyncDeviceAccessRule -Confirm:$false
    Write-Host "Removed the rule '$($rule.Name)'"
} else {
    Write-Host "No device access rule for $Model is left"
}

# Where the model's devices stand now
Get-MobileDevice -ResultSize Unlimited -Filter "DeviceModel -eq '$Model'" |
    Group-Object DeviceAccessState, DeviceAccessStateReason -NoElement |
    Sort-Object Count -Descending |
    Format-Table Count, @{Label='State, Reason'; Expression={$_.Name}} -AutoSize
