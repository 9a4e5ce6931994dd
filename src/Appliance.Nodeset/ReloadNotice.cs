using Appliance.Core.Control;

namespace Appliance.Nodeset;

/// <summary>Asks proxydhcpd to reload after the record file changed, and says what happened in one line.</summary>
public static class ReloadNotice
{
    public const string Daemon = "proxydhcpd";

    /// <summary>Returns (line, daemonRefused). A daemon that is not running is not an error: records apply when it starts.</summary>
    public static (string Line, bool Refused) Request(string socketPath, TimeSpan timeout)
    {
        try
        {
            using var reply = ControlClient.Request(socketPath, Daemon, "reload", timeout);
            if (!reply.Ok)
                return ($"{Daemon} refused the new record file and keeps the previous one: {reply.Error}", true);
            var generation = reply.GetInt64("generation");
            var records = reply.GetInt64("records");
            return generation is not null && records is not null
                ? ($"{Daemon} reloaded: generation {generation}, {records} records", false)
                : ($"{Daemon} reloaded: {reply.Root.GetRawText()}", false);
        }
        catch (ControlClientException e) when (e.Reason == ControlClientError.NotRunning)
        {
            return ($"{e.Message}; the records are written and apply when it starts", false);
        }
        catch (ControlClientException e)
        {
            return ($"cannot ask {Daemon} to reload: {e.Message}", true);
        }
    }
}
