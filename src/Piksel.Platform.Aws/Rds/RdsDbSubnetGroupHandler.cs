using Piksel.Platform.Aws.Handlers;
using GroupSpec = Piksel.Platform.Spec.Aws.RdsDbSubnetGroup;

namespace Piksel.Platform.Aws.Rds;

/// <summary>
/// DB subnet groups: created over their subnets with their tags; description and subnets converge in place with
/// ModifyDBSubnetGroup. Deleting while an instance still uses the group is retryable (the instance goes first). Output <c>arn</c>.
/// </summary>
public sealed class RdsDbSubnetGroupHandler(AwsHandlerContext context) : RdsGroupHandler<GroupSpec, DbSubnetGroup>(context)
{
    /// <inheritdoc />
    protected override string Noun => "DB subnet group";

    /// <inheritdoc />
    protected override IReadOnlyList<string> AbsentCodes { get; } = ["DBSubnetGroupNotFoundFault", "DBSubnetGroupNotFound"];

    /// <inheritdoc />
    protected override IReadOnlyList<string> AlreadyExistsCodes { get; } = ["DBSubnetGroupAlreadyExists", "DBSubnetGroupAlreadyExistsFault"];

    /// <inheritdoc />
    protected override IReadOnlyList<string> InUseCodes { get; } = ["InvalidDBSubnetGroupStateFault", "InvalidDBSubnetGroupState"];

    /// <inheritdoc />
    protected override bool CanExist(GroupSpec desired) => Resolved(desired.SubnetIds);

    /// <inheritdoc />
    protected override Task<DbSubnetGroup> DescribeAsync(RdsClient client, string name, CancellationToken cancellationToken) =>
        client.DescribeDbSubnetGroupAsync(name, cancellationToken);

    /// <inheritdoc />
    protected override Task<IReadOnlyList<DbSubnetGroup>> DescribeAllAsync(RdsClient client, CancellationToken cancellationToken) =>
        client.DescribeDbSubnetGroupsAsync(cancellationToken);

    /// <inheritdoc />
    protected override Task CreateAsync(RdsClient client, GroupSpec desired, CancellationToken cancellationToken) =>
        client.CreateDbSubnetGroupAsync(desired.Name, desired.Description, desired.SubnetIds, desired.Tags, cancellationToken);

    /// <inheritdoc />
    protected override Task DeleteGroupAsync(RdsClient client, string name, CancellationToken cancellationToken) =>
        client.DeleteDbSubnetGroupAsync(name, cancellationToken);

    /// <inheritdoc />
    protected override bool IsDefault(DbSubnetGroup group) => group.Name == "default";

    /// <inheritdoc />
    protected override GroupSpec Stub(DbSubnetGroup group, string account, IReadOnlyDictionary<string, string> tags) =>
        new() { Name = group.Name, Account = account, SubnetIds = group.SubnetIds };

    /// <inheritdoc />
    protected override Task<GroupSpec> ObserveAsync(
        RdsClient client, GroupSpec desired, DbSubnetGroup group, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken) =>
        Task.FromResult(desired with
        {
            Description = group.Description,
            SubnetIds = Canonical.SetLike(group.SubnetIds, desired.SubnetIds),
            Tags = new Dictionary<string, string>(tags, StringComparer.Ordinal),
        });

    /// <inheritdoc />
    protected override async Task ConvergeAsync(RdsClient client, GroupSpec desired, GroupSpec current, CancellationToken cancellationToken)
    {
        if (current.Description != desired.Description || !current.SubnetIds.SequenceEqual(desired.SubnetIds))
        {
            await client.ModifyDbSubnetGroupAsync(desired.Name, desired.Description, desired.SubnetIds, cancellationToken);
        }
    }
}
