using System.Runtime.CompilerServices;
using Piksel.Platform.Aws.Eks;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;
using ProfileSpec = Piksel.Platform.Spec.Aws.EksFargateProfile;

namespace Piksel.Platform.Aws.Handlers;

/// <summary>
/// EKS Fargate profiles through the EKS API: created and waited for until ACTIVE (within <see cref="ActiveWait"/>
/// per attempt; past it the engine retries). EKS changes nothing of a profile but its tags, so the spec marks every
/// other field ForceNew and the engine replaces. EKS creates or deletes one profile of a cluster at a time:
/// <c>ResourceInUseException</c> while another is in flight is retried by the engine. Delete waits until it is gone.
/// Output <c>arn</c>.
/// </summary>
public sealed class EksFargateProfileHandler(AwsHandlerContext context) : AwsResourceHandler<ProfileSpec, EksFargateClient>(context)
{
    /// <summary>How long one Apply or Delete waits for the profile's state. Default: 10 minutes (EKS takes minutes per profile).</summary>
    public TimeSpan ActiveWait { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the profile's status is polled at most. Default: 1 second.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    protected override string Noun => "Fargate profile";

    /// <inheritdoc />
    protected override EksFargateClient CreateClient(AwsClientOptions options) => new(options) { PollInterval = PollInterval };

    /// <inheritdoc />
    protected override async Task<Observed<ProfileSpec>?> ReadAsync(EksFargateClient client, ProfileSpec desired, CancellationToken cancellationToken) =>
        await DescribeAsync(client, desired.ClusterName, desired.ProfileName, cancellationToken) is { Status: not "DELETING" } profile ? Observe(desired, profile) : null;

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(EksFargateClient client, ProfileSpec desired, CancellationToken cancellationToken)
    {
        var profile = await DescribeAsync(client, desired.ClusterName, desired.ProfileName, cancellationToken);
        if (profile is { Status: "DELETING" })
        {
            throw new RetryableResourceException($"Fargate profile {desired.Name} is still being deleted.");
        }

        if (profile is null)
        {
            try
            {
                await client.CreateFargateProfileAsync(desired.ClusterName, new Eks.EksFargateProfile
                {
                    Name = desired.ProfileName,
                    Arn = string.Empty,
                    Status = string.Empty,
                    PodExecutionRoleArn = desired.PodExecutionRoleArn,
                    Subnets = desired.SubnetIds,
                    Selectors = [.. desired.Selectors.Select(s => (s.Namespace, s.Labels))],
                    Tags = desired.Tags,
                }, cancellationToken);
            }
            catch (Exception e) when (AwsErrors.Is(e, "ResourceInUseException") && e.Message.Contains("already exists", StringComparison.OrdinalIgnoreCase))
            {
                // An earlier attempt created it; wait for it below. (Another profile in flight is retried by the guard.)
            }
        }
        else
        {
            var (set, remove) = Canonical.TagChanges(profile.Tags, desired.Tags);
            if (set.Count > 0 || remove.Count > 0)
            {
                var eks = await Context.ClientAsync(this, desired.Account, desired.Region, options => new EksClient(options), cancellationToken);
                if (set.Count > 0) await eks.TagResourceAsync(profile.Arn, set.ToDictionary(t => t.Key, t => t.Value), cancellationToken);
                if (remove.Count > 0) await eks.UntagResourceAsync(profile.Arn, remove, cancellationToken);
            }
        }

        var active = await WithinAsync(ActiveWait, budget => client.WaitUntilActiveAsync(desired.ClusterName, desired.ProfileName, budget),
            $"Fargate profile {desired.Name} is not ACTIVE yet.", cancellationToken);
        return Observe(desired, active).Outputs;
    }

    /// <inheritdoc />
    protected override async Task DeleteAsync(EksFargateClient client, Observed<ProfileSpec> actual, CancellationToken cancellationToken)
    {
        var state = actual.State;
        try
        {
            await client.DeleteFargateProfileAsync(state.ClusterName, state.ProfileName, cancellationToken);
        }
        catch (Exception e) when (AwsErrors.Is(e, "ResourceNotFoundException"))
        {
            return;
        }

        await WithinAsync(ActiveWait, async budget =>
        {
            await client.WaitUntilDeletedAsync(state.ClusterName, state.ProfileName, budget);
            return true;
        }, $"Fargate profile {state.Name} is still being deleted.", cancellationToken);
    }

    /// <inheritdoc />
    protected override async IAsyncEnumerable<Listed> ListAsync(EksFargateClient client, string account, string environment, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var eks = await Context.ClientAsync(this, account, null, options => new EksClient(options), cancellationToken);
        foreach (var cluster in await eks.ListAllClustersAsync(cancellationToken))
        {
            foreach (var name in await OrNullAsync(() => client.ListAllFargateProfilesAsync(cluster, cancellationToken), "ResourceNotFoundException") ?? [])
            {
                if (await DescribeAsync(client, cluster, name, cancellationToken) is { Status: not "DELETING" } profile)
                {
                    var stub = new ProfileSpec
                    {
                        Name = $"{cluster}/{name}",
                        Account = account,
                        ClusterName = cluster,
                        ProfileName = name,
                        PodExecutionRoleArn = profile.PodExecutionRoleArn,
                        SubnetIds = profile.Subnets,
                        Selectors = [],
                    };
                    yield return new Listed(stub, profile.Tags, () => Task.FromResult<Observed<ProfileSpec>?>(Observe(stub, profile)));
                }
            }
        }
    }

    private static Task<Eks.EksFargateProfile?> DescribeAsync(EksFargateClient client, string cluster, string name, CancellationToken cancellationToken) =>
        OrNullAsync(() => client.DescribeFargateProfileAsync(cluster, name, cancellationToken), "ResourceNotFoundException");

    private static Observed<ProfileSpec> Observe(ProfileSpec desired, Eks.EksFargateProfile profile)
    {
        var selectors = profile.Selectors.Select(s => new EksFargateSelector(s.Namespace, s.Labels)).ToList();
        var sameSelectors = selectors.Count == desired.Selectors.Count
            && selectors.All(s => desired.Selectors.Any(d => d.Namespace == s.Namespace && d.Labels.Count == s.Labels.Count && !d.Labels.Except(s.Labels).Any()));
        return new Observed<ProfileSpec>(
            desired with
            {
                PodExecutionRoleArn = profile.PodExecutionRoleArn,
                SubnetIds = Canonical.SetLike(profile.Subnets, desired.SubnetIds),
                Selectors = sameSelectors ? desired.Selectors : selectors,
                Tags = new Dictionary<string, string>(profile.Tags, StringComparer.Ordinal),
            },
            new Dictionary<string, string>(StringComparer.Ordinal) { [AwsResource.ArnOutput] = profile.Arn });
    }
}
