namespace Appliance.Unattend.Templates;

/// <summary>What <see cref="XmlSubsetCheck"/> proves.</summary>
[Flags]
internal enum XmlCheckMode
{
    /// <summary>A well-formed document: optional declaration, one root element.</summary>
    Document = 0,
    /// <summary>Well-formed element content: text and balanced elements, no declaration, every prefix declared inside.</summary>
    Content = 1,
    /// <summary>A render skeleton: value markers only where a value cannot change well-formedness.</summary>
    Skeleton = 2,
}
