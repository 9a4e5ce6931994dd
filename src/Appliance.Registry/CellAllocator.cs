namespace Appliance.Registry;

/// <summary>
/// Places cells into hbins: 8-aligned cells packed into bins of 4096 bytes, a cell too big for a fresh 4096-byte
/// bin getting a bin of the next 4096 multiple; the unused end of each bin becomes one free cell.
/// Offsets are relative to the first hbin, as every regf pointer is.
/// </summary>
internal sealed class CellAllocator
{
    private readonly List<(int Offset, int Size, int Used)> _bins = [];
    private readonly List<(int Offset, int Size)> _cells = [];
    private int _binStart;
    private int _binEnd;
    private int _next;

    public IReadOnlyList<(int Offset, int Size, int Used)> Bins
    {
        get
        {
            CloseBin();
            return _bins;
        }
    }

    public IReadOnlyList<(int Offset, int Size)> Cells => _cells;

    public int TotalSize => _binEnd;

    /// <summary>Reserves a cell for <paramref name="dataLength"/> bytes of cell data; returns its offset.</summary>
    public int Allocate(int dataLength)
    {
        var size = checked(dataLength + Regf.Cell.SizeField + Regf.Cell.Alignment - 1) & ~(Regf.Cell.Alignment - 1);
        if (_binEnd == 0 || _next + size > _binEnd) OpenBin(size);
        var offset = _next;
        _next += size;
        _cells.Add((offset, size));
        return offset;
    }

    private void OpenBin(int cellSize)
    {
        CloseBin();
        var need = checked(cellSize + Regf.Bin.HeaderSize);
        var size = checked(need + Regf.Bin.Alignment - 1) & ~(Regf.Bin.Alignment - 1);
        _binStart = _binEnd;
        _binEnd = checked(_binStart + size);
        _next = _binStart + Regf.Bin.HeaderSize;
    }

    private void CloseBin()
    {
        if (_binEnd == 0) return;
        if (_bins.Count > 0 && _bins[^1].Offset == _binStart) _bins[^1] = (_binStart, _binEnd - _binStart, _next - _binStart);
        else _bins.Add((_binStart, _binEnd - _binStart, _next - _binStart));
    }
}
