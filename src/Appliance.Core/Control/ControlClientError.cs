namespace Appliance.Core.Control;

public enum ControlClientError
{
    /// <summary>No socket file, or nothing listens on it (a stale socket).</summary>
    NotRunning,
    /// <summary>The socket exists but this user may not open it.</summary>
    PermissionDenied,
    /// <summary>No complete answer within the timeout.</summary>
    Timeout,
    /// <summary>The answer is not one JSON object line.</summary>
    BadAnswer,
}
