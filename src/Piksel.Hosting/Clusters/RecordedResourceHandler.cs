using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Hosting.Clusters;

/// <summary>
/// An EKS kind (cluster, add-on, Fargate profile, access entry) whose record the harness keeps in
/// <see cref="ClusterRecordStore"/> in place of EKS: Read answers what is recorded, Apply records the desired state
/// (keeping the ARN EKS gave it, with the random part EKS puts in add-on, profile and entry ARNs), Delete forgets it,
/// and ListManaged finds the records tagged with the environment, so plan, apply, destroy and drift work as on EKS.
/// </summary>
/// <typeparam name="TResource">The kind.</typeparam>
/// <param name="records">Where the record is kept.</param>
/// <param name="aws">The provider's AWS access (the region of a resource that names none).</param>
public abstract class RecordedResourceHandler<TResource>(ClusterRecordStore records, AwsHandlerContext aws) : IResourceHandler<TResource>
    where TResource : AwsResource
{
    // Only what a spec record is given (its init properties), never what it computes (Kind, Id, Arn) or its DependsOn.
    private static readonly JsonSerializerOptions Json = new()
    {
        IgnoreReadOnlyProperties = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    if (info.Type == typeof(TResource) && info.Properties.FirstOrDefault(p => p.Name == nameof(PlatformResource.DependsOn)) is { } dependsOn)
                    {
                        info.Properties.Remove(dependsOn);
                    }
                },
            },
        },
    };

    /// <summary>Where the record is kept.</summary>
    protected ClusterRecordStore Records { get; } = records ?? throw new ArgumentNullException(nameof(records));

    /// <summary>The provider's AWS access.</summary>
    protected AwsHandlerContext Aws { get; } = aws ?? throw new ArgumentNullException(nameof(aws));

    /// <summary>The kind's name in the record (its spec record's type name).</summary>
    protected static string Kind => typeof(TResource).Name;

    /// <inheritdoc />
    public virtual async Task<Observed<TResource>?> ReadAsync(TResource desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        return await Records.FindAsync(Kind, desired.Key, cancellationToken) is { } recorded ? Observe(recorded) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> ApplyAsync(TResource desired, Observed<TResource>? actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var kept = await Records.FindAsync(Kind, desired.Key, cancellationToken);
        var outputs = await OutputsAsync(desired, kept?.Outputs, cancellationToken);
        await Records.PutAsync(Kind, desired.Key, new RecordedResource(JsonSerializer.SerializeToElement(desired, Json), outputs), cancellationToken);
        return outputs;
    }

    /// <inheritdoc />
    public async Task DeleteAsync(Observed<TResource> actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actual);
        await ForgetAsync(actual, cancellationToken);
        await Records.RemoveAsync(Kind, key => key == actual.State.Key, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Observed<TResource>>> ListManagedAsync(string environment, CancellationToken cancellationToken)
    {
        var found = new List<Observed<TResource>>();
        foreach (var recorded in (await Records.ListAsync(Kind, cancellationToken)).Values)
        {
            var observed = Observe(recorded);
            if (ManagementTags.AreManaged(observed.State.Tags, environment))
            {
                found.Add(observed);
            }
        }

        return found;
    }

    /// <summary>
    /// The outputs of <paramref name="desired"/> once recorded, given what an earlier apply recorded
    /// (<paramref name="kept"/>, null on create); throws what EKS would refuse (a cluster that does not exist).
    /// </summary>
    protected abstract Task<IReadOnlyDictionary<string, string>> OutputsAsync(TResource desired, IReadOnlyDictionary<string, string>? kept, CancellationToken cancellationToken);

    /// <summary>What deleting <paramref name="actual"/> does besides forgetting it (a cluster: its security group and dependents). Default: nothing.</summary>
    protected virtual Task ForgetAsync(Observed<TResource> actual, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The resource as recorded, with its recorded outputs.</summary>
    protected static Observed<TResource> Observe(RecordedResource recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        var state = recorded.State.Deserialize<TResource>(Json)
            ?? throw new InvalidOperationException($"A recorded {Kind} is empty.");
        return new Observed<TResource>(state, recorded.Outputs);
    }

    /// <summary>The region of <paramref name="resource"/>: its own, else the environment's.</summary>
    protected string RegionOf(AwsResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource.Region ?? Aws.Access.Region;
    }

    /// <summary>
    /// The ARN EKS gives a cluster's sub-resource: <c>arn:aws:eks:&lt;region&gt;:&lt;account&gt;:&lt;path&gt;/&lt;uuid&gt;</c>, the
    /// one already <paramref name="kept"/> when there is one (EKS keeps it for the resource's life).
    /// </summary>
    protected string SubresourceArn(AwsResource resource, string path, IReadOnlyDictionary<string, string>? kept)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return kept?.GetValueOrDefault(AwsResource.ArnOutput)
            ?? $"arn:aws:eks:{RegionOf(resource)}:{resource.Account}:{path}/{Guid.NewGuid()}";
    }

    /// <summary>Throws EKS's answer when the cluster <paramref name="clusterName"/> is not recorded.</summary>
    protected async Task RequireClusterAsync(string clusterName, CancellationToken cancellationToken)
    {
        if (await Records.FindAsync(nameof(Platform.Spec.Aws.EksCluster), clusterName, cancellationToken) is null)
        {
            // EKS answers ResourceNotFoundException with this message.
            throw new InvalidOperationException($"No cluster found for name: {clusterName}.");
        }
    }
}
