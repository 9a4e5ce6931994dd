# winrm.ps1: enable WinRM over HTTP for remote management (Ansible, Packer) and open TCP 5985.
# Usage: postbootscripts="winrm.ps1"   or with a network profile: postbootscripts="winrm.ps1 Private"
param([string]$Category = "Private")
$ErrorActionPreference = "Stop"
Get-NetConnectionProfile | Set-NetConnectionProfile -NetworkCategory $Category
Enable-PSRemoting -Force -SkipNetworkProfileCheck
Set-Item -Path WSMan:\localhost\Service\Auth\Basic -Value $false
New-NetFirewallRule -DisplayName "WinRM HTTP (appliance)" -Direction Inbound -Protocol TCP -LocalPort 5985 -Action Allow | Out-Null
Write-Output "winrm: enabled on $env:NODE ($Category profile)"
