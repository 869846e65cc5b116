using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using GroupSpec = Piksel.Platform.Spec.Aws.RdsDbParameterGroup;

namespace Piksel.Hosting.LocalStack;

/// <summary>
/// DB parameter groups recorded as RDS records them (family, description, the platform's parameters, tags). Only the
/// parameters the spec names are compared, as with RDS. Output <c>arn</c>.
/// </summary>
internal sealed class ContainerRdsParameterGroupHandler(ContainerRdsRecords records, string defaultRegion)
    : ContainerRdsHandler<GroupSpec>(records, defaultRegion)
{
    /// <inheritdoc />
    public override async Task<Observed<GroupSpec>?> ReadAsync(GroupSpec desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var all = await Records.ReadAsync(cancellationToken);
        return all.ParameterGroups.TryGetValue(KeyOf(desired), out var group) ? Observe(desired, group) : null;
    }

    /// <inheritdoc />
    public override Task<IReadOnlyDictionary<string, string>> ApplyAsync(GroupSpec desired, Observed<GroupSpec>? actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        return Records.UpdateAsync<IReadOnlyDictionary<string, string>>(all =>
        {
            var key = KeyOf(desired);
            var record = all.ParameterGroups.TryGetValue(key, out var existing)
                // Family and description are fixed at creation (the spec marks them ForceNew); parameters merge in.
                ? existing with { Parameters = Merge(existing.Parameters, desired.Parameters), Tags = new Dictionary<string, string>(desired.Tags, StringComparer.Ordinal) }
                : new ParameterGroupRecord(desired.Account, desired.Name, Arn(desired, "pg"), desired.Family, desired.Description,
                    new Dictionary<string, string>(desired.Parameters, StringComparer.Ordinal), new Dictionary<string, string>(desired.Tags, StringComparer.Ordinal));
            return (all with { ParameterGroups = all.ParameterGroups.SetItem(key, record) }, Outputs(record));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public override Task DeleteAsync(Observed<GroupSpec> actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actual);
        var state = actual.State;
        return DeleteUnlessUsedAsync(
            $"DB parameter group {state.Name}",
            i => i.Account == state.Account && i.ParameterGroupName == state.Name,
            all => all with { ParameterGroups = all.ParameterGroups.Remove(KeyOf(state)) },
            cancellationToken);
    }

    /// <inheritdoc />
    protected override Task<IReadOnlyList<Observed<GroupSpec>>> ListAsync(RdsRecordSet records, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Observed<GroupSpec>>>(
            [.. records.ParameterGroups.Values.Select(g => Observe(new GroupSpec { Name = g.Name, Account = g.Account, Family = g.Family, Parameters = g.Parameters }, g))]);

    private static Observed<GroupSpec> Observe(GroupSpec desired, ParameterGroupRecord group) => new(
        desired with
        {
            Family = group.Family,
            Description = group.Description,
            Parameters = desired.Parameters.Keys
                .Where(group.Parameters.ContainsKey)
                .ToDictionary(name => name, name => group.Parameters[name], StringComparer.Ordinal),
            Tags = group.Tags,
        },
        Outputs(group));

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> recorded, IReadOnlyDictionary<string, string> desired)
    {
        var merged = new Dictionary<string, string>(recorded, StringComparer.Ordinal);
        foreach (var (name, value) in desired) merged[name] = value;
        return merged;
    }

    private static Dictionary<string, string> Outputs(ParameterGroupRecord group) => new(StringComparer.Ordinal) { [AwsResource.ArnOutput] = group.Arn };
}
