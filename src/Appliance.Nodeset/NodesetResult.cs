using Appliance.Core.Records;

namespace Appliance.Nodeset;

/// <summary>The outcome per node (in noderange order) and the record set now on disk.</summary>
public sealed record NodesetResult(IReadOnlyList<NodeOutcome> Outcomes, RecordSnapshot Records)
{
    public bool AllOk => Outcomes.All(o => o.Ok);
    public int Failed => Outcomes.Count(o => !o.Ok);
}
