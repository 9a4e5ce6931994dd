# enablerdp.ps1: allow Remote Desktop (with network-level authentication) and open its firewall rules.
# Usage in a table: postscripts="enablerdp.ps1"
$ErrorActionPreference = "Stop"
Set-ItemProperty -Path "HKLM:\System\CurrentControlSet\Control\Terminal Server" -Name fDenyTSConnections -Value 0
Set-ItemProperty -Path "HKLM:\System\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" -Name UserAuthentication -Value 1
Enable-NetFirewallRule -DisplayGroup "Remote Desktop"
Write-Output "enablerdp: Remote Desktop enabled on $env:NODE"
