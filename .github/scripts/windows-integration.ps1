# setup -> doctor -> uninstall on a real Windows (run elevated by .github/workflows/windows.yml), checking that the
# machine is as it was before: local users and groups, the firewall rules of Cordon's group, the profile list, the
# hidden-user values, user rights (LSA) and the state directory. A setup that stops at a part this build does not have
# yet (exit 69, "not part of this build yet") is reported as such; uninstall must still leave nothing behind.
param(
    [string]$Instance = "ciwin",
    [string]$Jar = "native/target/cordon-native.jar"
)
$ErrorActionPreference = "Stop"

function Invoke-Cordon([string[]]$Arguments) {
    Write-Host "> cordon $($Arguments -join ' ')"
    & java -jar $Jar @Arguments | Out-Host  # not into the function's return value
    return $LASTEXITCODE
}

function Get-MachineState {
    $rights = Join-Path $env:RUNNER_TEMP "rights-$([guid]::NewGuid()).inf"
    secedit /export /cfg $rights /areas USER_RIGHTS | Out-Null
    $userRights = (Get-Content $rights | Where-Object { $_ -match '^Se' } | Sort-Object) -join "`n"
    Remove-Item $rights
    $hiddenKey = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon\SpecialAccounts\UserList'
    $hidden = if (Test-Path $hiddenKey) {
        ((Get-Item $hiddenKey).Property | Sort-Object) -join ','
    } else { '(no key)' }
    [ordered]@{
        users       = (Get-LocalUser | ForEach-Object Name | Sort-Object) -join ','
        groups      = (Get-LocalGroup | ForEach-Object Name | Sort-Object) -join ','
        rules       = (Get-NetFirewallRule | Where-Object { $_.Group -like 'Cordon*' } | ForEach-Object Name | Sort-Object) -join ','
        profiles    = (Get-ChildItem 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList' | ForEach-Object PSChildName | Sort-Object) -join ','
        userDirs    = (Get-ChildItem "$env:SystemDrive\Users" -Directory -Force | ForEach-Object Name | Sort-Object) -join ','
        hiddenUsers = $hidden
        userRights  = $userRights
        stateDir    = Test-Path (Join-Path $env:ProgramData "Cordon-$Instance")
    }
}

$before = Get-MachineState

$setup = Invoke-Cordon @('setup', '--instance', $Instance)
if ($setup -eq 69) {
    Write-Host "::warning::setup stopped at a part this build does not have yet (exit 69); checking that nothing was left behind"
} elseif ($setup -ne 0) {
    Write-Host "::error::cordon setup failed with exit $setup"
}

$doctor = Invoke-Cordon @('doctor', '--instance', $Instance, '--json')
Write-Host "doctor exit: $doctor (1 = a check failed or was not verified)"

$uninstall = Invoke-Cordon @('uninstall', '--instance', $Instance)
if ($uninstall -ne 0) {
    Write-Host "::error::cordon uninstall failed with exit $uninstall"
}

$after = Get-MachineState
$changed = @($before.Keys | Where-Object { $before[$_] -ne $after[$_] })
foreach ($key in $changed) {
    Write-Host "::error::not as before: $key`n  before: $($before[$key])`n  after:  $($after[$key])"
}
if ($changed.Count -gt 0 -or $uninstall -ne 0 -or ($setup -ne 0 -and $setup -ne 69)) {
    exit 1
}
Write-Host "setup exit $setup, doctor exit $doctor, uninstall exit $uninstall; the machine is as it was"
