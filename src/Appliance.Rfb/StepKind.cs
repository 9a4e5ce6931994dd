namespace Appliance.Rfb;

/// <summary>The commands of a step script (see <see cref="StepScript"/>).</summary>
public enum StepKind
{
    WaitNeedle,
    WaitStill,
    Type,
    Keys,
    ClickNeedle,
    ClickAt,
    Screenshot,
    Sleep,
    SetKeyInterval,
}
