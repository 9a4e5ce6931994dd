# addsuffix.ps1: add DNS search suffixes. Usage: postscripts="addsuffix.ps1 example.com lab.example.com"
$ErrorActionPreference = "Stop"
if ($args.Count -eq 0) { Write-Error "addsuffix: expected one or more DNS suffixes"; exit 2 }
Set-DnsClientGlobalSetting -SuffixSearchList $args
Write-Output "addsuffix: $($args -join ', ') on $env:NODE"
