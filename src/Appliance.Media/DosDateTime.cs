namespace Appliance.Media;

/// <summary>A timestamp in the FAT directory-entry encoding (fatgen103 §6 "Date and Time Formats").</summary>
internal readonly struct DosDateTime
{
    private const int EpochYear = 1980;
    private const int LastYear = EpochYear + 127;

    private DosDateTime(ushort date, ushort time, byte tenths)
    {
        Date = date;
        Time = time;
        Tenths = tenths;
    }

    /// <summary>Bits 15–9 year since 1980, 8–5 month, 4–0 day.</summary>
    public ushort Date { get; }

    /// <summary>Bits 15–11 hours, 10–5 minutes, 4–0 seconds / 2.</summary>
    public ushort Time { get; }

    /// <summary>Creation time in 10 ms units within the two-second step, 0–199.</summary>
    public byte Tenths { get; }

    /// <summary>Converts a timestamp, clamped to the years FAT can hold (1980–2107).</summary>
    public static DosDateTime From(DateTime t)
    {
        if (t.Year < EpochYear) t = new DateTime(EpochYear, 1, 1, 0, 0, 0, t.Kind);
        if (t.Year > LastYear) t = new DateTime(LastYear, 12, 31, 23, 59, 58, t.Kind);
        var date = (ushort)(((t.Year - EpochYear) << 9) | (t.Month << 5) | t.Day);
        var time = (ushort)((t.Hour << 11) | (t.Minute << 5) | (t.Second / 2));
        var tenths = (byte)((t.Second % 2) * 100 + t.Millisecond / 10);
        return new DosDateTime(date, time, tenths);
    }
}
