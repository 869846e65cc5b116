using Piksel.Platform.Aws.Handlers;
using GroupSpec = Piksel.Platform.Spec.Aws.RdsDbParameterGroup;

namespace Piksel.Platform.Aws.Rds;

/// <summary>
/// DB parameter groups: created in their family; the spec's parameters converge with ModifyDBParameterGroup (static
/// ones such as <c>shared_preload_libraries</c> at the next reboot, as RDS requires). Only the parameters the spec
/// names are compared: the family's other defaults are RDS's. Output <c>arn</c>.
/// </summary>
public sealed class RdsDbParameterGroupHandler(AwsHandlerContext context) : RdsGroupHandler<GroupSpec, DbParameterGroup>(context)
{
    // PostgreSQL parameters that take effect only at a restart (RDS refuses ApplyMethod immediate for them).
    private static readonly HashSet<string> StaticParameters = new(StringComparer.Ordinal)
    {
        "shared_preload_libraries", "max_connections", "shared_buffers", "max_worker_processes", "wal_buffers", "max_wal_senders",
    };

    /// <inheritdoc />
    protected override string Noun => "DB parameter group";

    /// <inheritdoc />
    protected override IReadOnlyList<string> AbsentCodes { get; } = ["DBParameterGroupNotFound", "DBParameterGroupNotFoundFault"];

    /// <inheritdoc />
    protected override IReadOnlyList<string> AlreadyExistsCodes { get; } = ["DBParameterGroupAlreadyExists", "DBParameterGroupAlreadyExistsFault"];

    /// <inheritdoc />
    protected override IReadOnlyList<string> InUseCodes { get; } = ["InvalidDBParameterGroupState", "InvalidDBParameterGroupStateFault"];

    /// <inheritdoc />
    protected override Task<DbParameterGroup> DescribeAsync(RdsClient client, string name, CancellationToken cancellationToken) =>
        client.DescribeDbParameterGroupAsync(name, cancellationToken);

    /// <inheritdoc />
    protected override Task<IReadOnlyList<DbParameterGroup>> DescribeAllAsync(RdsClient client, CancellationToken cancellationToken) =>
        client.DescribeDbParameterGroupsAsync(cancellationToken);

    /// <inheritdoc />
    protected override Task CreateAsync(RdsClient client, GroupSpec desired, CancellationToken cancellationToken) =>
        client.CreateDbParameterGroupAsync(desired.Name, desired.Family, desired.Description, desired.Tags, cancellationToken);

    /// <inheritdoc />
    protected override Task DeleteGroupAsync(RdsClient client, string name, CancellationToken cancellationToken) =>
        client.DeleteDbParameterGroupAsync(name, cancellationToken);

    /// <inheritdoc />
    protected override bool IsDefault(DbParameterGroup group) => group.Name.StartsWith("default.", StringComparison.Ordinal);

    /// <inheritdoc />
    protected override GroupSpec Stub(DbParameterGroup group, string account, IReadOnlyDictionary<string, string> tags) =>
        new() { Name = group.Name, Account = account, Family = group.Family, Description = group.Description, Tags = tags };

    /// <inheritdoc />
    protected override async Task<GroupSpec> ObserveAsync(
        RdsClient client, GroupSpec desired, DbParameterGroup group, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var values = await client.DescribeDbParametersAsync(group.Name, cancellationToken);
        var ours = desired.Parameters.Keys.Where(values.ContainsKey).ToDictionary(k => k, k => values[k], StringComparer.Ordinal);
        return desired with { Family = group.Family, Description = group.Description, Parameters = ours, Tags = new Dictionary<string, string>(tags, StringComparer.Ordinal) };
    }

    /// <inheritdoc />
    protected override async Task ConvergeAsync(RdsClient client, GroupSpec desired, GroupSpec current, CancellationToken cancellationToken)
    {
        var changed = desired.Parameters
            .Where(p => !current.Parameters.TryGetValue(p.Key, out var value) || value != p.Value)
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        if (changed.Count > 0)
        {
            await client.ModifyDbParametersAsync(desired.Name, changed, StaticParameters, cancellationToken);
        }
    }
}
