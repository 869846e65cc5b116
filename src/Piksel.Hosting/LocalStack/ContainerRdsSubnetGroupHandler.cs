using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using GroupSpec = Piksel.Platform.Spec.Aws.RdsDbSubnetGroup;

namespace Piksel.Hosting.LocalStack;

/// <summary>
/// DB subnet groups recorded as RDS records them (description, subnets, tags); deleting one an instance still uses is
/// retryable, as RDS's InvalidDBSubnetGroupStateFault is to the RDS handler. Output <c>arn</c>.
/// </summary>
internal sealed class ContainerRdsSubnetGroupHandler(ContainerRdsRecords records, string defaultRegion)
    : ContainerRdsHandler<GroupSpec>(records, defaultRegion)
{
    /// <inheritdoc />
    public override async Task<Observed<GroupSpec>?> ReadAsync(GroupSpec desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        if (!Resolved(desired.SubnetIds)) return null;
        var all = await Records.ReadAsync(cancellationToken);
        return all.SubnetGroups.TryGetValue(KeyOf(desired), out var group) ? Observe(desired, group) : null;
    }

    /// <inheritdoc />
    public override Task<IReadOnlyDictionary<string, string>> ApplyAsync(GroupSpec desired, Observed<GroupSpec>? actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        if (desired.SubnetIds.Count == 0)
        {
            throw new ArgumentException($"DB subnet group {desired.Name}: RDS requires at least one subnet (DBSubnetGroupDoesNotCoverEnoughAZs).", nameof(desired));
        }

        var record = new SubnetGroupRecord(desired.Account, desired.Name, Arn(desired, "subgrp"), desired.Description, [.. desired.SubnetIds], new Dictionary<string, string>(desired.Tags, StringComparer.Ordinal));
        return Records.UpdateAsync<IReadOnlyDictionary<string, string>>(
            all => (all with { SubnetGroups = all.SubnetGroups.SetItem(KeyOf(desired), record) }, Outputs(record)),
            cancellationToken);
    }

    /// <inheritdoc />
    public override Task DeleteAsync(Observed<GroupSpec> actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actual);
        var state = actual.State;
        return DeleteUnlessUsedAsync(
            $"DB subnet group {state.Name}",
            i => i.Account == state.Account && i.DbSubnetGroupName == state.Name,
            all => all with { SubnetGroups = all.SubnetGroups.Remove(KeyOf(state)) },
            cancellationToken);
    }

    /// <inheritdoc />
    protected override Task<IReadOnlyList<Observed<GroupSpec>>> ListAsync(RdsRecordSet records, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Observed<GroupSpec>>>(
            [.. records.SubnetGroups.Values.Select(g => Observe(new GroupSpec { Name = g.Name, Account = g.Account, SubnetIds = g.SubnetIds }, g))]);

    private static Observed<GroupSpec> Observe(GroupSpec desired, SubnetGroupRecord group) => new(
        desired with { Description = group.Description, SubnetIds = SetLike(group.SubnetIds, desired.SubnetIds), Tags = group.Tags },
        Outputs(group));

    private static Dictionary<string, string> Outputs(SubnetGroupRecord group) => new(StringComparer.Ordinal) { [AwsResource.ArnOutput] = group.Arn };
}
