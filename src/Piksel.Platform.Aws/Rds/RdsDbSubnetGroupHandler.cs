using System.Runtime.CompilerServices;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Providers;
using GroupSpec = Piksel.Platform.Spec.Aws.RdsDbSubnetGroup;

namespace Piksel.Platform.Aws.Rds;

/// <summary>
/// DB subnet groups: created over their subnets with their tags; description and subnets converge in place with
/// ModifyDBSubnetGroup. Deleting while an instance still uses the group is retryable (the instance goes first). Output <c>arn</c>.
/// </summary>
public sealed class RdsDbSubnetGroupHandler(AwsHandlerContext context) : RdsResourceHandler<GroupSpec>(context)
{
    private static readonly string[] Absent = ["DBSubnetGroupNotFoundFault", "DBSubnetGroupNotFound"];

    /// <inheritdoc />
    protected override string Noun => "DB subnet group";

    /// <inheritdoc />
    protected override bool CanExist(GroupSpec desired) => Resolved(desired.SubnetIds);

    /// <inheritdoc />
    protected override async Task<Observed<GroupSpec>?> ReadAsync(RdsClient client, GroupSpec desired, CancellationToken cancellationToken) =>
        await FindAsync(client, desired.Name, cancellationToken) is { } group
            ? Observe(desired, group, await client.ListTagsForResourceAsync(group.Arn, cancellationToken))
            : null;

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(RdsClient client, GroupSpec desired, CancellationToken cancellationToken)
    {
        var group = await CreateAndReadBackAsync(desired,
            async () =>
            {
                if (await FindAsync(client, desired.Name, cancellationToken) is null)
                {
                    await client.CreateDbSubnetGroupAsync(desired.Name, desired.Description, desired.SubnetIds, desired.Tags, cancellationToken);
                }
            },
            () => FindAsync(client, desired.Name, cancellationToken),
            "DBSubnetGroupAlreadyExists", "DBSubnetGroupAlreadyExistsFault");
        var tags = await client.ListTagsForResourceAsync(group.Arn, cancellationToken);
        var current = Observe(desired, group, tags).State;
        if (current.Description != desired.Description || !current.SubnetIds.SequenceEqual(desired.SubnetIds))
        {
            await client.ModifyDbSubnetGroupAsync(desired.Name, desired.Description, desired.SubnetIds, cancellationToken);
        }

        await ConvergeTagsAsync(client, group.Arn, tags, desired.Tags, cancellationToken);
        return new Dictionary<string, string>(StringComparer.Ordinal) { [Spec.AwsResource.ArnOutput] = group.Arn };
    }

    /// <inheritdoc />
    protected override async Task DeleteAsync(RdsClient client, Observed<GroupSpec> actual, CancellationToken cancellationToken)
    {
        try
        {
            await IgnoringAbsentAsync(() => client.DeleteDbSubnetGroupAsync(actual.State.Name, cancellationToken), Absent);
        }
        catch (Exception e) when (AwsErrors.Is(e, "InvalidDBSubnetGroupStateFault", "InvalidDBSubnetGroupState"))
        {
            throw new RetryableResourceException($"DB subnet group {actual.State.Name} is still in use ({e.Message}).", e);
        }
    }

    /// <inheritdoc />
    protected override async IAsyncEnumerable<Listed> ListAsync(RdsClient client, string account, string environment, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var group in await client.DescribeDbSubnetGroupsAsync(cancellationToken))
        {
            if (group.Name == "default")
            {
                continue;
            }

            var tags = await client.ListTagsForResourceAsync(group.Arn, cancellationToken);
            var stub = new GroupSpec { Name = group.Name, Account = account, SubnetIds = group.SubnetIds };
            yield return new Listed(stub, tags, () => Task.FromResult<Observed<GroupSpec>?>(Observe(stub, group, tags)));
        }
    }

    private static Task<DbSubnetGroup?> FindAsync(RdsClient rds, string name, CancellationToken cancellationToken) =>
        OrNullAsync(() => rds.DescribeDbSubnetGroupAsync(name, cancellationToken), Absent);

    private static Observed<GroupSpec> Observe(GroupSpec desired, DbSubnetGroup group, IReadOnlyDictionary<string, string> tags) => new(
        desired with
        {
            Description = group.Description,
            SubnetIds = Canonical.SetLike(group.SubnetIds, desired.SubnetIds),
            Tags = new Dictionary<string, string>(tags, StringComparer.Ordinal),
        },
        new Dictionary<string, string>(StringComparer.Ordinal) { [Spec.AwsResource.ArnOutput] = group.Arn });
}
