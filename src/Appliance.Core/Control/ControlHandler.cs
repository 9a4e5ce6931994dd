using System.Text.Json;

namespace Appliance.Core.Control;

/// <summary>
/// Answers one verb by writing properties into the reply object (<c>{"ok":true</c> is already written, the closing brace
/// is written after). Throw <see cref="ControlException"/> to refuse; nothing written before the throw is sent.
/// </summary>
public delegate void ControlHandler(ControlRequest request, Utf8JsonWriter reply);
