@echo off
rem setenv.cmd: show what a postscript sees. Usage: postscripts="setenv.cmd any arguments"
rem Writes the arguments and the exported variables (NODE, OSIMAGE, MASTER, table keys) to C:\xcatpost\env.txt.
>"%XCATPOST%\env.txt" echo arguments: %*
>>"%XCATPOST%\env.txt" set
exit /b 0
