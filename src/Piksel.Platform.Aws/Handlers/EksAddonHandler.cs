using System.Runtime.CompilerServices;
using Piksel.Platform.Aws.Eks;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using AddonSpec = Piksel.Platform.Spec.Aws.EksAddon;

namespace Piksel.Platform.Aws.Handlers;

/// <summary>
/// EKS add-ons through the EKS API: created with their version, IRSA role, configuration and
/// <c>resolveConflicts</c>, then waited for until ACTIVE (within <see cref="ActiveWait"/> per attempt; past it the
/// engine retries). Version, role and configuration change with UpdateAddon, tags with Tag/UntagResource; an add-on
/// deleted behind the engine's back is absent and made again. Delete waits until EKS has removed it. A null version
/// in the spec takes EKS's default and is not compared. Output <c>arn</c>.
/// </summary>
public sealed class EksAddonHandler(AwsHandlerContext context) : AwsResourceHandler<AddonSpec, EksAddonClient>(context)
{
    /// <summary>How long one Apply or Delete waits for the add-on's state. Default: 5 minutes.</summary>
    public TimeSpan ActiveWait { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the add-on's status is polled at most. Default: 1 second.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    protected override string Noun => "add-on";

    /// <inheritdoc />
    protected override EksAddonClient CreateClient(AwsClientOptions options) => new(options) { PollInterval = PollInterval };

    /// <inheritdoc />
    protected override async Task<Observed<AddonSpec>?> ReadAsync(EksAddonClient client, AddonSpec desired, CancellationToken cancellationToken) =>
        await DescribeAsync(client, desired.ClusterName, desired.AddonName, cancellationToken) is { Status: not "DELETING" } addon ? Observe(desired, addon) : null;

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(EksAddonClient client, AddonSpec desired, CancellationToken cancellationToken)
    {
        var addon = await DescribeAsync(client, desired.ClusterName, desired.AddonName, cancellationToken);
        if (addon is { Status: "DELETING" })
        {
            throw new RetryableResourceException($"Add-on {desired.Name} is still being deleted.");
        }

        if (addon is null)
        {
            try
            {
                await client.CreateAddonAsync(desired.ClusterName, Request(desired) with { Tags = desired.Tags }, cancellationToken);
            }
            catch (Exception e) when (AwsErrors.Is(e, "ResourceInUseException"))
            {
                // An earlier attempt created it; wait for it below.
            }
        }
        else
        {
            await WaitActiveAsync(client, desired, cancellationToken);
            var current = Observe(desired, addon).State;
            if (current.AddonVersion != desired.AddonVersion || current.ServiceAccountRoleArn != desired.ServiceAccountRoleArn
                || current.ConfigurationValues != desired.ConfigurationValues)
            {
                // An empty role or configuration removes what is set; OVERWRITE puts EKS's values back over edits in the cluster.
                await client.UpdateAddonAsync(desired.ClusterName, Request(desired) with
                {
                    ServiceAccountRoleArn = desired.ServiceAccountRoleArn ?? string.Empty,
                    ConfigurationValues = desired.ConfigurationValues ?? string.Empty,
                }, cancellationToken);
            }

            await ConvergeTagsAsync(addon, desired, cancellationToken);
        }

        return Observe(desired, await WaitActiveAsync(client, desired, cancellationToken)).Outputs;
    }

    /// <inheritdoc />
    protected override async Task DeleteAsync(EksAddonClient client, Observed<AddonSpec> actual, CancellationToken cancellationToken)
    {
        var state = actual.State;
        try
        {
            await client.DeleteAddonAsync(state.ClusterName, state.AddonName, cancellationToken);
        }
        catch (Exception e) when (AwsErrors.Is(e, "ResourceNotFoundException"))
        {
            return;
        }

        await WithinAsync(ActiveWait, async budget =>
        {
            await client.WaitUntilDeletedAsync(state.ClusterName, state.AddonName, budget);
            return true;
        }, $"Add-on {state.Name} is still being deleted.", cancellationToken);
    }

    /// <inheritdoc />
    protected override async IAsyncEnumerable<Listed> ListAsync(EksAddonClient client, string account, string environment, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var eks = await Context.ClientAsync(this, account, null, options => new EksClient(options), cancellationToken);
        foreach (var cluster in await eks.ListAllClustersAsync(cancellationToken))
        {
            foreach (var name in await OrNullAsync(() => client.ListAllAddonsAsync(cluster, cancellationToken), "ResourceNotFoundException") ?? [])
            {
                if (await DescribeAsync(client, cluster, name, cancellationToken) is { Status: not "DELETING" } addon)
                {
                    var stub = new AddonSpec { Name = $"{cluster}/{name}", Account = account, ClusterName = cluster, AddonName = name, AddonVersion = addon.AddonVersion };
                    yield return new Listed(stub, addon.Tags, () => Task.FromResult<Observed<AddonSpec>?>(Observe(stub, addon)));
                }
            }
        }
    }

    private Task<EksAddon> WaitActiveAsync(EksAddonClient client, AddonSpec desired, CancellationToken cancellationToken) =>
        WithinAsync(ActiveWait, budget => client.WaitUntilActiveAsync(desired.ClusterName, desired.AddonName, budget), $"Add-on {desired.Name} is not ACTIVE yet.", cancellationToken);

    private async Task ConvergeTagsAsync(EksAddon addon, AddonSpec desired, CancellationToken cancellationToken)
    {
        var (set, remove) = Canonical.TagChanges(addon.Tags, desired.Tags);
        if (set.Count == 0 && remove.Count == 0)
        {
            return;
        }

        var eks = await Context.ClientAsync(this, desired.Account, desired.Region, options => new EksClient(options), cancellationToken);
        if (set.Count > 0)
        {
            await eks.TagResourceAsync(addon.Arn, set.ToDictionary(t => t.Key, t => t.Value), cancellationToken);
        }

        if (remove.Count > 0)
        {
            await eks.UntagResourceAsync(addon.Arn, remove, cancellationToken);
        }
    }

    private static EksAddonRequest Request(AddonSpec desired) => new()
    {
        AddonName = desired.AddonName,
        AddonVersion = desired.AddonVersion,
        ServiceAccountRoleArn = desired.ServiceAccountRoleArn,
        ResolveConflicts = desired.ResolveConflicts,
        ConfigurationValues = desired.ConfigurationValues,
    };

    private static Task<EksAddon?> DescribeAsync(EksAddonClient client, string cluster, string addon, CancellationToken cancellationToken) =>
        OrNullAsync(() => client.DescribeAddonAsync(cluster, addon, cancellationToken), "ResourceNotFoundException");

    private static Observed<AddonSpec> Observe(AddonSpec desired, EksAddon addon) => new(
        desired with
        {
            // A spec without a version takes EKS's default: whatever is installed is what was asked for.
            AddonVersion = desired.AddonVersion is null ? null : addon.AddonVersion,
            ServiceAccountRoleArn = string.IsNullOrEmpty(addon.ServiceAccountRoleArn) ? null : addon.ServiceAccountRoleArn,
            ConfigurationValues = string.IsNullOrEmpty(addon.ConfigurationValues) ? null : addon.ConfigurationValues,
            Tags = new Dictionary<string, string>(addon.Tags, StringComparer.Ordinal),
        },
        new Dictionary<string, string>(StringComparer.Ordinal) { [AwsResource.ArnOutput] = addon.Arn });
}
