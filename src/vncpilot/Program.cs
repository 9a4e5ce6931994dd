using Appliance.Hosts.vncpilot;

// vncpilot: drives a machine's screen over VNC. Thin host: flags here, everything else in Appliance.Rfb.
return args.Length == 0 ? Commands.TopHelp(error: true) : args[0] switch
{
    "run" => Commands.Run(args[1..]),
    "screenshot" => Commands.Screenshot(args[1..]),
    "needle" when args.Length > 1 && args[1] == "new" => Commands.NeedleNew(args[2..]),
    "-h" or "--help" or "help" => Commands.TopHelp(error: false),
    _ => Commands.TopHelp(error: true, $"unknown command \"{string.Join(' ', args.Take(2))}\""),
};
