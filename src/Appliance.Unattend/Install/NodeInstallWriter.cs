using System.Collections.Concurrent;
using Appliance.Unattend.Postscripts;
using Appliance.Unattend.Templates;

namespace Appliance.Unattend.Install;

/// <summary>
/// Writes a node's installation files under the install folder, as <c>nodeset &lt;noderange&gt; osimage=&lt;name&gt;</c> does:
/// <c>autoinst/&lt;node&gt;.xml</c> (the answer file from the template), <c>autoinst/&lt;node&gt;.cmd</c> (the WinPE
/// script) and <c>mypostscripts/mypostscript.&lt;node&gt;</c>. Every file is written to a temporary file and renamed,
/// and nothing is written for a node with an error (unknown variable, missing script, …). Templates are parsed once
/// per writer. Safe to call from several threads for different nodes.
/// </summary>
public sealed class NodeInstallWriter
{
    private readonly ConcurrentDictionary<string, Template> _templates = new(StringComparer.Ordinal);

    /// <param name="installDir">The install folder (<c>/var/lib/appliance/install</c>).</param>
    /// <param name="templateDir">Where relative <c>template=</c> names are found (<c>/usr/share/appliance/templates</c>).</param>
    /// <param name="durable">fsync each file before its rename (slower; for one-off runs).</param>
    public NodeInstallWriter(string installDir, string templateDir, bool durable = false)
    {
        InstallDir = installDir;
        TemplateDir = templateDir;
        Durable = durable;
    }

    public string InstallDir { get; }
    public string TemplateDir { get; }
    public bool Durable { get; }

    /// <summary>The folder of the starter and site scripts the postscript lists name.</summary>
    public string ScriptDir => Path.Combine(InstallDir, "winpostscripts");

    /// <summary>Renders and writes the node's three files; throws <see cref="UnattendException"/> (naming the node) first.</summary>
    public NodeInstallFiles Write(NodeInputs inputs)
    {
        var node = inputs.Node;
        CheckNodeName(node);
        var answer = RenderAnswerFile(inputs);
        var post = Resolve(inputs, "postscripts");
        var postboot = Resolve(inputs, "postbootscripts");
        var myPostscript = MyPostscript.Render(node, inputs.OsImage, Environment(inputs), post, postboot);
        var winpe = WinPeScript.Render(node, Share(inputs), inputs.Site.GetValueOrDefault("installshareuser"),
            inputs.Site.GetValueOrDefault("installsharepassword"),
            (inputs.OsImageAttributes.GetValueOrDefault("source") ?? inputs.OsImage).Replace('/', '\\').Trim('\\'));

        var autoinst = Path.Combine(InstallDir, "autoinst");
        var mypostscripts = Path.Combine(InstallDir, "mypostscripts");
        Directory.CreateDirectory(autoinst);
        Directory.CreateDirectory(mypostscripts);
        var files = new NodeInstallFiles(Path.Combine(autoinst, node + ".xml"), Path.Combine(autoinst, node + ".cmd"),
            Path.Combine(mypostscripts, "mypostscript." + node));
        AtomicText.Write(files.Postscripts, myPostscript, Durable);
        AtomicText.Write(files.WinPeScript, winpe, Durable);
        AtomicText.Write(files.AnswerFile, answer, Durable);
        return files;
    }

    /// <summary>The node's answer file (also what floppygen puts on payload media as Autounattend.xml).</summary>
    public string RenderAnswerFile(NodeInputs inputs) =>
        LoadTemplate(TemplatePath(inputs), inputs.Node).Render(UnattendVariables.Build(inputs), inputs.Node);

    /// <summary>
    /// The template file: <c>template=</c> of the node, else of the osimage; relative names are under
    /// <see cref="TemplateDir"/>.
    /// </summary>
    public string TemplatePath(NodeInputs inputs)
    {
        var name = inputs.NodeAttributes.GetValueOrDefault("template") ?? inputs.OsImageAttributes.GetValueOrDefault("template")
            ?? throw new UnattendException(UnattendError.MissingSetting,
                $"osimage {inputs.OsImage} has no template=; expected the answer-file template, e.g. template=win2022-server.xml", node: inputs.Node);
        return Path.IsPathRooted(name) ? name : Path.Combine(TemplateDir, name);
    }

    /// <summary>A parsed template, cached by path.</summary>
    public Template LoadTemplate(string path, string? node = null)
    {
        if (_templates.TryGetValue(path, out var cached)) return cached;
        if (!File.Exists(path))
            throw new UnattendException(UnattendError.MissingTemplate, "the template does not exist", path, node: node);
        return _templates.GetOrAdd(path, Template.Load(path));
    }

    /// <summary>
    /// The osimage's commands then the node's, each script checked against <see cref="ScriptDir"/> (matched
    /// ignoring case, as Windows would); every missing script is named in one error.
    /// </summary>
    public IReadOnlyList<PostscriptCommand> Resolve(NodeInputs inputs, string key)
    {
        var commands = PostscriptList.Combine(inputs.OsImageAttributes.GetValueOrDefault(key),
            inputs.NodeAttributes.GetValueOrDefault(key), key, inputs.Node);
        if (commands.Count == 0) return commands;
        var available = Directory.Exists(ScriptDir)
            ? Directory.EnumerateFiles(ScriptDir).Select(Path.GetFileName).ToDictionary(n => n!, n => n!, StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var missing = new List<string>();
        var resolved = new List<PostscriptCommand>(commands.Count);
        foreach (var c in commands)
        {
            if (available.TryGetValue(c.Script, out var actual)) resolved.Add(c with { Script = actual });
            else missing.Add($"{c.Script} (from the {c.Origin}'s {key})");
        }
        if (missing.Count > 0)
            throw new UnattendException(UnattendError.MissingScript,
                $"{string.Join(", ", missing)} not found in {ScriptDir}; expected the script files there", node: inputs.Node);
        return resolved;
    }

    /// <summary>
    /// Variables exported to the scripts: NODE, OSIMAGE, HOSTNAME, MASTER, INSTALLSHARE, then every table key
    /// upper-cased with '.' and '-' as '_' (site, then osimage, then node wins), except secrets (keys holding
    /// "password" or "productkey": they stay in the answer file only).
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> Environment(NodeInputs inputs)
    {
        var env = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in new[] { inputs.Site, inputs.OsImageAttributes, inputs.NodeAttributes })
            foreach (var (k, v) in table)
                if (!k.Contains("password", StringComparison.OrdinalIgnoreCase) && !k.Contains("productkey", StringComparison.OrdinalIgnoreCase))
                    env[k.ToUpperInvariant().Replace('.', '_').Replace('-', '_')] = v;
        env["NODE"] = inputs.Node;
        env["OSIMAGE"] = inputs.OsImage;
        env["HOSTNAME"] = inputs.Get("hostname") ?? inputs.Node;
        if (inputs.Site.GetValueOrDefault("master") is { } master) env["MASTER"] = master;
        if (TryShare(inputs) is { } share) env["INSTALLSHARE"] = share;
        return env;
    }

    private static string? TryShare(NodeInputs inputs) =>
        inputs.Site.GetValueOrDefault("installshare")
        ?? (inputs.Site.GetValueOrDefault("master") is { } master ? $@"\\{master}\install" : null);

    private static string Share(NodeInputs inputs) => TryShare(inputs)
        ?? throw new UnattendException(UnattendError.MissingSetting,
            "the site table sets neither installshare= nor master=; expected e.g. master=192.0.2.1 (share \\\\192.0.2.1\\install)", node: inputs.Node);

    private static void CheckNodeName(string node)
    {
        if (node.Length == 0 || node.IndexOfAny(['/', '\\', ' ', '"', '%']) >= 0 || node is "." or "..")
            throw new UnattendException(UnattendError.BadAttribute, $"\"{node}\" cannot name install files; expected letters, digits, '_', '.', '-'", node: node);
    }
}
