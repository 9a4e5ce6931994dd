namespace Appliance.Unattend.Templates;

/// <summary>A growable run of characters kept for reuse: a render's output and its skeleton are built in one each.</summary>
internal sealed class CharBuffer(int capacity)
{
    private char[] _chars = new char[capacity];

    public int Length { get; private set; }

    public int Capacity => _chars.Length;

    public ReadOnlySpan<char> Span => _chars.AsSpan(0, Length);

    public ReadOnlySpan<char> Slice(int start) => _chars.AsSpan(start, Length - start);

    public void Clear() => Length = 0;

    public void Append(ReadOnlySpan<char> text)
    {
        if (_chars.Length - Length < text.Length)
        {
            var larger = new char[Math.Max(_chars.Length * 2, Length + text.Length)];
            Span.CopyTo(larger);
            _chars = larger;
        }
        text.CopyTo(_chars.AsSpan(Length));
        Length += text.Length;
    }
}
