namespace Appliance.Unattend.Postscripts;

/// <summary>One postscript to run: the script's file name under <c>winpostscripts/</c>, its arguments as written
/// (spaces and '=' kept), and which table listed it (<c>osimage</c> or <c>node</c>).</summary>
public sealed record PostscriptCommand(string Script, IReadOnlyList<string> Arguments, string Origin);
