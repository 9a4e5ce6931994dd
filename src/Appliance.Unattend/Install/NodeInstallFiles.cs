namespace Appliance.Unattend.Install;

/// <summary>The three files written for one node (full paths).</summary>
public sealed record NodeInstallFiles(string AnswerFile, string WinPeScript, string Postscripts);
