using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Hosting.LocalStack;

/// <summary>
/// The shared part of the <c>localstack</c> provider's RDS handlers: LocalStack (community) has no RDS API, so these
/// keep the record RDS would keep in <see cref="ContainerRdsRecords"/>, with ARNs of RDS's shape, and list the
/// environment's resources by their management tags as the RDS handlers do.
/// </summary>
/// <typeparam name="TResource">The RDS resource kind.</typeparam>
internal abstract class ContainerRdsHandler<TResource>(ContainerRdsRecords records, string defaultRegion) : IResourceHandler<TResource>
    where TResource : AwsResource
{
    /// <summary>The records.</summary>
    protected ContainerRdsRecords Records { get; } = records;

    /// <summary>The region of a resource that names none (the environment's).</summary>
    protected string DefaultRegion { get; } = defaultRegion;

    /// <inheritdoc />
    public abstract Task<Observed<TResource>?> ReadAsync(TResource desired, CancellationToken cancellationToken);

    /// <inheritdoc />
    public abstract Task<IReadOnlyDictionary<string, string>> ApplyAsync(TResource desired, Observed<TResource>? actual, CancellationToken cancellationToken);

    /// <inheritdoc />
    public abstract Task DeleteAsync(Observed<TResource> actual, CancellationToken cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Observed<TResource>>> ListManagedAsync(string environment, CancellationToken cancellationToken)
    {
        var all = await ListAsync(await Records.ReadAsync(cancellationToken), cancellationToken);
        return [.. all.Where(o => ManagedBy(o.State.Tags, environment))];
    }

    /// <summary>Every recorded resource of this kind, observed.</summary>
    protected abstract Task<IReadOnlyList<Observed<TResource>>> ListAsync(RdsRecordSet records, CancellationToken cancellationToken);

    /// <summary>
    /// Forgets a group with <paramref name="remove"/> unless a recorded DB instance still uses it (<paramref name="usedBy"/>),
    /// which is retryable, as RDS's in-use faults are to the RDS handlers.
    /// </summary>
    protected Task DeleteUnlessUsedAsync(string what, Func<InstanceRecord, bool> usedBy, Func<RdsRecordSet, RdsRecordSet> remove, CancellationToken cancellationToken) =>
        Records.UpdateAsync(all =>
        {
            if (all.Instances.Values.Any(usedBy))
            {
                throw new RetryableResourceException($"{what} is still in use by a DB instance.");
            }

            return (remove(all), true);
        }, cancellationToken);

    /// <summary>An ARN of RDS's shape (<c>arn:aws:rds:&lt;region&gt;:&lt;account&gt;:&lt;type&gt;:&lt;name&gt;</c>).</summary>
    protected string Arn(TResource resource, string type) => $"arn:aws:rds:{resource.Region ?? DefaultRegion}:{resource.Account}:{type}:{resource.Name}";

    /// <summary>Whether no value still waits for another resource's output.</summary>
    protected static bool Resolved(params IEnumerable<string?> values) => values.All(v => v is null || !OutputRef.HasTokens(v));

    /// <summary><paramref name="actual"/> in <paramref name="desired"/>'s order when both hold the same ids, so a set compares as one.</summary>
    protected static IReadOnlyList<string> SetLike(IReadOnlyList<string> actual, IReadOnlyList<string> desired) =>
        actual.Count == desired.Count && actual.ToHashSet(StringComparer.Ordinal).SetEquals(desired) ? desired : actual;

    /// <summary>The key of <paramref name="resource"/> in the records.</summary>
    protected static string KeyOf(TResource resource) => RdsRecordSet.Key(resource.Account, resource.Name);

    private static bool ManagedBy(IReadOnlyDictionary<string, string> tags, string environment) =>
        tags.GetValueOrDefault(ManagementTags.Environment) == environment
        && tags.GetValueOrDefault(ManagementTags.ManagedBy) == ManagementTags.ManagedByValue;
}
