namespace Appliance.Core.Control;

/// <summary>
/// Who may use mutating verbs (reload, reindex …): root, or a member of the appliance group (primary or
/// supplementary, read from the peer's /proc entry). Everyone who can open the socket may use read-only verbs.
/// </summary>
public sealed class ControlAccess
{
    public const string DefaultGroup = "appliance";

    public ControlAccess(string groupName = DefaultGroup, string groupFile = "/etc/group")
    {
        GroupName = groupName;
        GroupId = LookupGroup(groupName, groupFile);
    }

    public string GroupName { get; }
    /// <summary>The group's id, or null when the group does not exist on this system (then only root may mutate).</summary>
    public uint? GroupId { get; }

    public bool MayMutate(PeerCredentials peer)
    {
        if (peer.Uid == 0) return true;
        if (GroupId is not { } gid) return false;
        return peer.Gid == gid || peer.SupplementaryGroups().Contains(gid);
    }

    public static uint? LookupGroup(string name, string groupFile = "/etc/group")
    {
        if (!File.Exists(groupFile)) return null;
        foreach (var line in File.ReadLines(groupFile))
        {
            var fields = line.Split(':');
            if (fields.Length >= 3 && fields[0] == name && uint.TryParse(fields[2], out var gid)) return gid;
        }
        return null;
    }
}
