namespace Appliance.Unattend.Templates;

/// <summary>How a template's output is treated.</summary>
public enum TemplateSyntax
{
    /// <summary><c>${var}</c> values are XML-escaped and the result must be well-formed XML (answer files).</summary>
    Xml,
    /// <summary>Values are inserted as they are and the result is not checked (sysprep.inf, scripts).</summary>
    Text,
}
