using Appliance.Integration.Support;

namespace Appliance.Integration.Dhcp;

/// <summary>Two namespaces (server, client) joined by a veth pair with 10.250.0.1/24 and 10.250.0.2/24; all removed on Dispose.</summary>
public sealed class VethPair : IDisposable
{
    public const string ServerIp = "10.250.0.1";
    public const string ClientIp = "10.250.0.2";

    public VethPair(string tag)
    {
        Server = new NetNs(tag + "s");
        Client = new NetNs(tag + "c");
        var id = (uint)HashCode.Combine(Server.Name, Environment.ProcessId) % 100000;
        ServerIf = $"vs{id}";
        ClientIf = $"vc{id}";
        NetNs.Ip($"link add {ServerIf} type veth peer name {ClientIf}");
        NetNs.Ip($"link set {ServerIf} netns {Server.Name}");
        NetNs.Ip($"link set {ClientIf} netns {Client.Name}");
        Server.Exec($"ip addr add {ServerIp}/24 dev {ServerIf} && ip link set {ServerIf} up").EnsureSuccess();
        Client.Exec($"ip addr add {ClientIp}/24 dev {ClientIf} && ip link set {ClientIf} up").EnsureSuccess();
        ServerMac = Server.Exec($"cat /sys/class/net/{ServerIf}/address").EnsureSuccess().Stdout.Trim();
    }

    public NetNs Server { get; }
    public NetNs Client { get; }
    public string ServerIf { get; }
    public string ClientIf { get; }
    public string ServerMac { get; }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}
