namespace Appliance.Rfb;

public enum KeyActionKind
{
    /// <summary>Press and release the key (Shift held around it when <see cref="KeyAction.Shift"/>).</summary>
    Tap,
    /// <summary>Hold the key (Packer `&lt;leftCtrlOn&gt;`).</summary>
    Down,
    /// <summary>Release the key (Packer `&lt;leftCtrlOff&gt;`).</summary>
    Up,
    /// <summary>Pause (Packer `&lt;wait&gt;`, `&lt;wait5&gt;`, `&lt;wait1m30s&gt;`).</summary>
    Wait,
}
