using System.Runtime.InteropServices;

namespace Appliance.Dhcp.Protocol;

/// <summary>
/// Walks the options of a DHCP message without allocating: the options field, then — when option 52 in the options
/// field says so — the `file` area, then the `sname` area (RFC 2131 §4.1: "the client interprets the options field
/// first, then file, then sname"). Option 52 is honoured only in the options field; one inside file or sname is
/// returned like any other option and changes nothing, so every area is read at most once and an overload loop
/// cannot be expressed. Pad (0) is skipped; End (255) or the end of an area closes that area (a missing End is
/// tolerated: several BIOS ROMs end the options field without one and pad with zeros). A length byte that points past
/// its area stops the walk with <see cref="DhcpError.OptionOverrun"/>.
/// </summary>
[StructLayout(LayoutKind.Auto)]
public ref struct DhcpOptionEnumerator
{
    private const int AreaOptions = 0;
    private const int AreaFile = 1;
    private const int AreaSname = 2;
    private const int AreaDone = 3;
    private const byte OverloadFile = 1;
    private const byte OverloadSname = 2;

    private readonly ReadOnlySpan<byte> _packet;
    private int _area;
    private int _position;
    private int _areaEnd;
    private byte _overload;
    private DhcpOptionCode _code;
    private int _valueStart;
    private int _valueLength;

    internal DhcpOptionEnumerator(ReadOnlySpan<byte> packet)
    {
        _packet = packet;
        _area = AreaOptions;
        _position = BootpLayout.Options;
        _areaEnd = packet.Length;
        Error = DhcpError.None;
    }

    /// <summary>Set when the walk stopped on malformed input; <see cref="DhcpError.None"/> after a clean end.</summary>
    public DhcpError Error { get; private set; }

    /// <summary>Which areas option 52 (in the options field) handed over to options: bit 0 file, bit 1 sname.</summary>
    public readonly byte Overload => _overload;

    public readonly DhcpOption Current => new(_code, _packet.Slice(_valueStart, _valueLength));

    public readonly DhcpOptionEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        while (_area != AreaDone)
        {
            if (_position >= _areaEnd)
            {
                NextArea();
                continue;
            }
            var code = _packet[_position];
            if (code == (byte)DhcpOptionCode.Pad)
            {
                _position++;
                continue;
            }
            if (code == (byte)DhcpOptionCode.End)
            {
                NextArea();
                continue;
            }
            // RFC 2132 §2: every other option is code, length, then `length` bytes, all inside the area.
            if (_position + 1 >= _areaEnd)
                return Fail(DhcpError.OptionOverrun);
            int length = _packet[_position + 1];
            var valueStart = _position + 2;
            if (length > _areaEnd - valueStart)
                return Fail(DhcpError.OptionOverrun);
            _code = (DhcpOptionCode)code;
            _valueStart = valueStart;
            _valueLength = length;
            _position = valueStart + length;
            if (_area == AreaOptions && code == (byte)DhcpOptionCode.OptionOverload)
            {
                // RFC 2132 §9.3: length 1, value 1 (file), 2 (sname) or 3 (both).
                if (length != 1 || _packet[valueStart] is 0 or > 3)
                    return Fail(DhcpError.BadOverload);
                _overload = _packet[valueStart];
            }
            return true;
        }
        return false;
    }

    private bool Fail(DhcpError error)
    {
        Error = error;
        _area = AreaDone;
        return false;
    }

    private void NextArea()
    {
        if (_area == AreaOptions && (_overload & OverloadFile) != 0)
        {
            _area = AreaFile;
            _position = BootpLayout.File;
            _areaEnd = BootpLayout.File + BootpLayout.FileLength;
        }
        else if (_area <= AreaFile && (_overload & OverloadSname) != 0)
        {
            _area = AreaSname;
            _position = BootpLayout.Sname;
            _areaEnd = BootpLayout.Sname + BootpLayout.SnameLength;
        }
        else
        {
            _area = AreaDone;
        }
    }
}
