@echo off
rem SetupComplete.cmd: Windows Setup runs this once, as SYSTEM, at the end of the first boot (before anyone logs on).
rem The WinPE script of the node copies it to C:\Windows\Setup\Scripts\. It runs the postbootscripts of the node
rem (osimage first, then node) through C:\xcatpost\mypostscript.cmd, which logs each exit code to C:\xcatpost\xcat.log.
if not exist C:\xcatpost\mypostscript.cmd (
  >>C:\xcatpost\xcat.log echo %DATE% %TIME% SetupComplete: C:\xcatpost\mypostscript.cmd is missing
  exit /b 1
)
call C:\xcatpost\mypostscript.cmd postboot
>>C:\xcatpost\xcat.log echo %DATE% %TIME% SetupComplete: postboot finished, exit=%ERRORLEVEL%
