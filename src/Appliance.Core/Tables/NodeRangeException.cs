namespace Appliance.Core.Tables;

/// <summary>A noderange that names unknown nodes or groups, or does not parse; the message quotes the offending part.</summary>
public sealed class NodeRangeException(string message) : Exception(message);
