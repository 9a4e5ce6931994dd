namespace Appliance.Rfb.Tests;

/// <summary>
/// Plays recorded server bytes as the server side of an RFB connection; what the client sends is discarded. Used by
/// the recorded-stream tests and, linked in, by the decode benchmark (tests/Bench/Rfb).
/// </summary>
internal sealed class ReplayStream(byte[] recorded) : Stream
{
    private int _position;

    public override int Read(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, recorded.Length - _position);
        recorded.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
    public override void Write(byte[] buffer, int offset, int count) { }
    public override void Write(ReadOnlySpan<byte> buffer) { }
    public override void Flush() { }
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => recorded.Length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
