using System.Runtime.CompilerServices;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Providers;
using GroupSpec = Piksel.Platform.Spec.Aws.RdsDbParameterGroup;

namespace Piksel.Platform.Aws.Rds;

/// <summary>
/// DB parameter groups: created in their family; the spec's parameters converge with ModifyDBParameterGroup (static
/// ones such as <c>shared_preload_libraries</c> at the next reboot, as RDS requires). Only the parameters the spec
/// names are compared: the family's other defaults are RDS's. Output <c>arn</c>.
/// </summary>
public sealed class RdsDbParameterGroupHandler(AwsHandlerContext context) : RdsResourceHandler<GroupSpec>(context)
{
    private static readonly string[] Absent = ["DBParameterGroupNotFound", "DBParameterGroupNotFoundFault"];

    // PostgreSQL parameters that take effect only at a restart (RDS refuses ApplyMethod immediate for them).
    private static readonly HashSet<string> StaticParameters = new(StringComparer.Ordinal)
    {
        "shared_preload_libraries", "max_connections", "shared_buffers", "max_worker_processes", "wal_buffers", "max_wal_senders",
    };

    /// <inheritdoc />
    protected override string Noun => "DB parameter group";

    /// <inheritdoc />
    protected override async Task<Observed<GroupSpec>?> ReadAsync(RdsClient client, GroupSpec desired, CancellationToken cancellationToken) =>
        await FindAsync(client, desired.Name, cancellationToken) is { } group ? await ObserveAsync(client, desired, group, cancellationToken) : null;

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(RdsClient client, GroupSpec desired, CancellationToken cancellationToken)
    {
        var group = await CreateAndReadBackAsync(desired,
            async () =>
            {
                if (await FindAsync(client, desired.Name, cancellationToken) is null)
                {
                    await client.CreateDbParameterGroupAsync(desired.Name, desired.Family, desired.Description, desired.Tags, cancellationToken);
                }
            },
            () => FindAsync(client, desired.Name, cancellationToken),
            "DBParameterGroupAlreadyExists", "DBParameterGroupAlreadyExistsFault");
        var current = (await ObserveAsync(client, desired, group, cancellationToken)).State;
        var changed = desired.Parameters
            .Where(p => !current.Parameters.TryGetValue(p.Key, out var value) || value != p.Value)
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        if (changed.Count > 0)
        {
            await client.ModifyDbParametersAsync(desired.Name, changed, StaticParameters, cancellationToken);
        }

        await ConvergeTagsAsync(client, group.Arn, current.Tags, desired.Tags, cancellationToken);
        return Outputs(group);
    }

    /// <inheritdoc />
    protected override async Task DeleteAsync(RdsClient client, Observed<GroupSpec> actual, CancellationToken cancellationToken)
    {
        try
        {
            await IgnoringAbsentAsync(() => client.DeleteDbParameterGroupAsync(actual.State.Name, cancellationToken), Absent);
        }
        catch (Exception e) when (AwsErrors.Is(e, "InvalidDBParameterGroupState", "InvalidDBParameterGroupStateFault"))
        {
            throw new RetryableResourceException($"DB parameter group {actual.State.Name} is still in use ({e.Message}).", e);
        }
    }

    /// <inheritdoc />
    protected override async IAsyncEnumerable<Listed> ListAsync(RdsClient client, string account, string environment, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var group in await client.DescribeDbParameterGroupsAsync(cancellationToken))
        {
            if (group.Name.StartsWith("default.", StringComparison.Ordinal))
            {
                continue;
            }

            var tags = await client.ListTagsForResourceAsync(group.Arn, cancellationToken);
            var stub = new GroupSpec { Name = group.Name, Account = account, Family = group.Family, Description = group.Description, Tags = tags };
            yield return new Listed(stub, tags, async () => await ObserveAsync(client, stub, group, cancellationToken));
        }
    }

    private static Task<DbParameterGroup?> FindAsync(RdsClient rds, string name, CancellationToken cancellationToken) =>
        OrNullAsync(() => rds.DescribeDbParameterGroupAsync(name, cancellationToken), Absent);

    private static async Task<Observed<GroupSpec>> ObserveAsync(RdsClient rds, GroupSpec desired, DbParameterGroup group, CancellationToken cancellationToken)
    {
        var values = await rds.DescribeDbParametersAsync(group.Name, cancellationToken);
        var ours = desired.Parameters.Keys.Where(values.ContainsKey).ToDictionary(k => k, k => values[k], StringComparer.Ordinal);
        var tags = await rds.ListTagsForResourceAsync(group.Arn, cancellationToken);
        return new Observed<GroupSpec>(
            desired with { Family = group.Family, Description = group.Description, Parameters = ours, Tags = new Dictionary<string, string>(tags, StringComparer.Ordinal) },
            Outputs(group));
    }

    private static Dictionary<string, string> Outputs(DbParameterGroup group) =>
        new(StringComparer.Ordinal) { [Spec.AwsResource.ArnOutput] = group.Arn };
}
