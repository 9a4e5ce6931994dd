using System.Net;
using Microsoft.Extensions.Logging;

namespace Appliance.Tftp;

/// <summary>Source-generated log lines with stable event ids (4xxx: tftp). Client names are always escaped.</summary>
internal static partial class TftpLog
{
    [LoggerMessage(4001, LogLevel.Information, "tftp listening on {Endpoint}, root {Root} ({Files} files)")]
    public static partial void Listening(ILogger logger, EndPoint endpoint, string root, int files);

    [LoggerMessage(4002, LogLevel.Warning, "refused {Client} \"{Name}\": {Refusal} ({Detail})")]
    public static partial void Refused(ILogger logger, IPEndPoint client, string name, TftpPathRefusal refusal, string detail);

    [LoggerMessage(4003, LogLevel.Debug, "malformed request from {Client}: {Reason}: {Message}")]
    public static partial void Malformed(ILogger logger, IPEndPoint client, TftpFailure reason, string message);

    [LoggerMessage(4004, LogLevel.Warning, "refused write request from {Client} for \"{Name}\": the server is read-only")]
    public static partial void WriteRefused(ILogger logger, IPEndPoint client, string name);

    [LoggerMessage(4005, LogLevel.Warning, "busy: dropped request from {Client} for \"{Name}\" ({Running} running, limit {Limit})")]
    public static partial void Busy(ILogger logger, IPEndPoint client, string name, int running, int limit);

    [LoggerMessage(4006, LogLevel.Information, "start #{Id} {Client}{Node} \"{Path}\" {Mode} size {Size} blksize {BlockSize} windowsize {WindowSize}")]
    public static partial void Started(ILogger logger, long id, IPEndPoint client, string node, string path, TftpMode mode, string size, int blockSize, int windowSize);

    [LoggerMessage(4007, LogLevel.Information, "done #{Id} {Client}{Node} \"{Path}\" {Bytes} bytes in {Seconds:0.000} s ({MiBps:0.0} MiB/s, {Retransmits} blocks resent)")]
    public static partial void Completed(ILogger logger, long id, IPEndPoint client, string node, string path, long bytes, double seconds, double mibps, long retransmits);

    [LoggerMessage(4008, LogLevel.Debug, "size probe #{Id} {Client}{Node} \"{Path}\": {Detail}")]
    public static partial void SizeProbe(ILogger logger, long id, IPEndPoint client, string node, string path, string detail);

    [LoggerMessage(4009, LogLevel.Warning, "failed #{Id} {Client}{Node} \"{Path}\" after {Bytes} bytes: {Outcome}: {Detail}")]
    public static partial void Failed(ILogger logger, long id, IPEndPoint client, string node, string path, long bytes, TftpTransferOutcome outcome, string detail);

    [LoggerMessage(4010, LogLevel.Error, "cannot open \"{Path}\" for {Client}: {Message}")]
    public static partial void OpenFailed(ILogger logger, string path, IPEndPoint client, string message);

    [LoggerMessage(4011, LogLevel.Error, "receive on the request socket failed: {Message}")]
    public static partial void ReceiveFailed(ILogger logger, string message);

    [LoggerMessage(4012, LogLevel.Information, "stopping: {Running} transfers running, waiting up to {Seconds:0.#} s")]
    public static partial void Stopping(ILogger logger, int running, double seconds);
}
