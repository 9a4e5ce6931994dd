namespace Appliance.Core.Control;

/// <summary>Thrown by a verb handler to answer <c>{"ok":false,"error":"…"}</c>; the connection and the server go on.</summary>
public sealed class ControlException(string message) : Exception(message);
