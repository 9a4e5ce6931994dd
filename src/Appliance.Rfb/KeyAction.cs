namespace Appliance.Rfb;

/// <summary>One step of a key sequence: a key tapped, held or released, or a pause.</summary>
public readonly record struct KeyAction(KeyActionKind Kind, RfbKey Key, bool Shift, TimeSpan Wait)
{
    public static KeyAction Tap(RfbKey key, bool shift = false) => new(KeyActionKind.Tap, key, shift, default);
    public static KeyAction Pause(TimeSpan wait) => new(KeyActionKind.Wait, default, false, wait);
}
