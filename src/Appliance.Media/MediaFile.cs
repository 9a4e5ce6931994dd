namespace Appliance.Media;

/// <summary>
/// One file to put on a payload medium: the name the guest sees (a long name; the writers derive the 8.3 and ISO
/// level-1 aliases) and its bytes. A struct over caller-owned memory, so building a batch of images copies nothing.
/// </summary>
public readonly struct MediaFile
{
    public MediaFile(string name, ReadOnlyMemory<byte> content)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        Content = content;
    }

    /// <summary>The file name as the guest should see it, e.g. <c>Autounattend.xml</c>.</summary>
    public string Name { get; }

    /// <summary>The file's bytes.</summary>
    public ReadOnlyMemory<byte> Content { get; }

    public override string ToString() => $"{Name} ({Content.Length} bytes)";
}
