using System.Buffers.Binary;
using System.Numerics;

namespace Appliance.Core.Records;

/// <summary>
/// The node names of one record snapshot as UTF-8 bytes packed back to back, with an open-addressing hash table over
/// them: a 100,000-record file becomes three arrays without a single reference for the GC to trace, instead of 100,000
/// strings and a dictionary. Record <c>i</c>'s name is <c>[_ends[i-1], _ends[i])</c>; a slot holds a 32-bit hash and
/// the record number (index + 1, 0 = empty), so a probe compares bytes only when the hashes agree.
/// </summary>
internal sealed class RecordNames
{
    private const ulong Multiplier = 0x9E3779B97F4A7C15;

    // Per process, so a crafted file cannot aim collisions at a known function (the file is root's, but still).
    private static readonly ulong Seed = (ulong)Random.Shared.NextInt64();

    private byte[] _bytes;
    private int[] _ends;
    private ulong[] _slots;
    private int _mask;
    private int _used;

    public RecordNames(int capacity, int averageLength = 16)
    {
        _bytes = new byte[Math.Max(16, capacity * averageLength)];
        _ends = new int[Math.Max(1, capacity)];
        _slots = new ulong[(int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, capacity * 2))];
        _mask = _slots.Length - 1;
    }

    public int Count { get; private set; }

    private RecordNames(RecordNames from)
    {
        _bytes = (byte[])from._bytes.Clone();
        _ends = (int[])from._ends.Clone();
        _slots = (ulong[])from._slots.Clone();
        _mask = from._mask;
        _used = from._used;
        Count = from.Count;
    }

    /// <summary>A copy to add more names to (a file that kept every name of the previous one and appended some).</summary>
    public RecordNames Clone() => new(this);

    public ReadOnlySpan<byte> this[int index] =>
        _bytes.AsSpan(index == 0 ? 0 : _ends[index - 1], _ends[index] - (index == 0 ? 0 : _ends[index - 1]));

    /// <summary>Adds a name as the next index; returns -1, or the index that already has this name (nothing added).</summary>
    public int Add(ReadOnlySpan<byte> name)
    {
        if ((Count + 1) * 2 > _slots.Length) Grow();
        var hash = Hash(name);
        var slot = (int)hash & _mask;
        while (_slots[slot] != 0)
        {
            if ((uint)(_slots[slot] >> 32) == hash)
            {
                var other = (int)(uint)_slots[slot] - 1;
                if (this[other].SequenceEqual(name)) return other;
            }
            slot = (slot + 1) & _mask;
        }
        if (Count == _ends.Length) Array.Resize(ref _ends, _ends.Length * 2);
        if (_used + name.Length > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _used + name.Length));
        name.CopyTo(_bytes.AsSpan(_used));
        _used += name.Length;
        _ends[Count] = _used;
        Count++;
        _slots[slot] = (ulong)hash << 32 | (uint)Count;
        return -1;
    }

    /// <summary>Doubles the slots (at most half full keeps probes short); hashes are kept in the slots, no name is rehashed.</summary>
    private void Grow()
    {
        var slots = new ulong[_slots.Length * 2];
        var mask = slots.Length - 1;
        foreach (var entry in _slots)
        {
            if (entry == 0) continue;
            var slot = (int)(entry >> 32) & mask;
            while (slots[slot] != 0) slot = (slot + 1) & mask;
            slots[slot] = entry;
        }
        (_slots, _mask) = (slots, mask);
    }

    public int IndexOf(ReadOnlySpan<byte> name)
    {
        var hash = Hash(name);
        var slot = (int)hash & _mask;
        while (_slots[slot] != 0)
        {
            if ((uint)(_slots[slot] >> 32) == hash)
            {
                var index = (int)(uint)_slots[slot] - 1;
                if (this[index].SequenceEqual(name)) return index;
            }
            slot = (slot + 1) & _mask;
        }
        return -1;
    }

    /// <summary>A multiply-xorshift over 8-byte words: names are short, this is a few multiplies each.</summary>
    private static uint Hash(ReadOnlySpan<byte> s)
    {
        var h = Seed ^ ((ulong)s.Length * Multiplier);
        while (s.Length >= sizeof(ulong))
        {
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(s)) * Multiplier;
            h ^= h >> 29;
            s = s[sizeof(ulong)..];
        }
        ulong tail = 0;
        for (var i = 0; i < s.Length; i++) tail |= (ulong)s[i] << (8 * i);
        // MurmurHash3's 64-bit finalizer: every input bit reaches the low bits the slot index is taken from
        h ^= tail;
        h = (h ^ (h >> 33)) * 0xFF51AFD7ED558CCD;
        h = (h ^ (h >> 33)) * 0xC4CEB9FE1A85EC53;
        return (uint)(h ^ (h >> 33));
    }
}
