namespace Appliance.Rfb;

/// <summary>What a script needs from a VNC connection; <see cref="RfbClient"/> implements it, tests fake it.</summary>
public interface IRfbSession
{
    long UpdateCount { get; }
    bool WaitForUpdate(long after, TimeSpan timeout);
    PixelImage Snapshot(PixelImage? into = null);
    void SendKey(RfbKey key, bool down);
    void SendPointer(int x, int y, byte buttons);
}
