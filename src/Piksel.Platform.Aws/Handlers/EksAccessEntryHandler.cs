using Piksel.Platform.Aws.Eks;
using Piksel.Platform.Definition;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;
using EntrySpec = Piksel.Platform.Spec.Aws.EksAccessEntry;

namespace Piksel.Platform.Aws.Handlers;

/// <summary>
/// EKS access entries with their associated access policies, Kubernetes groups and tags. An entry is found by cluster
/// and principal; its spec name is kept in the <see cref="HiddenTags.ResourceName"/> tag for <c>ListManaged</c>. A
/// missing cluster reads as an absent entry. Output: <c>arn</c>.
/// </summary>
public sealed class EksAccessEntryHandler(AwsHandlerContext context) : IResourceHandler<EntrySpec>
{
    /// <inheritdoc />
    public async Task<Observed<EntrySpec>?> ReadAsync(EntrySpec desired, CancellationToken cancellationToken)
    {
        if (OutputRef.HasTokens(desired.ClusterName) || OutputRef.HasTokens(desired.PrincipalArn))
        {
            // Cluster or principal not created yet: the entry cannot exist.
            return null;
        }

        var eks = await ClientAsync(desired.Account, desired.Region, cancellationToken);
        return await AwsErrors.Guard($"Reading access entry {desired.Name}", async () =>
            await ReadEntryAsync(eks, desired, cancellationToken) is { } read ? read.Observed : null);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> ApplyAsync(EntrySpec desired, Observed<EntrySpec>? actual, CancellationToken cancellationToken)
    {
        var eks = await ClientAsync(desired.Account, desired.Region, cancellationToken);
        return await AwsErrors.Guard($"Applying access entry {desired.Name}", async () =>
        {
            var current = await ReadEntryAsync(eks, desired, cancellationToken);
            if (current is null)
            {
                try
                {
                    await eks.CreateAccessEntryAsync(new CreateAccessEntryRequest
                    {
                        ClusterName = desired.ClusterName,
                        PrincipalArn = desired.PrincipalArn,
                        KubernetesGroups = desired.KubernetesGroups,
                        Type = desired.Type,
                        Tags = WithName(desired),
                    }, cancellationToken);
                }
                catch (Exception e) when (AwsErrors.Is(e, "ResourceInUseException"))
                {
                    // Created by an earlier attempt.
                }

                current = await ReadEntryAsync(eks, desired, cancellationToken)
                    ?? throw new RetryableResourceException($"Access entry {desired.Name} not yet visible after creation.");
            }

            var (observed, described) = current.Value;
            var state = observed.State;
            if (!state.KubernetesGroups.ToHashSet(StringComparer.Ordinal).SetEquals(desired.KubernetesGroups))
            {
                await eks.UpdateAccessEntryAsync(desired.ClusterName, desired.PrincipalArn, desired.KubernetesGroups, cancellationToken: cancellationToken);
            }

            var have = state.AccessPolicies.ToDictionary(p => p.PolicyArn, Describe, StringComparer.Ordinal);
            foreach (var policy in desired.AccessPolicies.Where(p => !have.TryGetValue(p.PolicyArn, out var h) || h != Describe(p)))
            {
                // Associating again changes the scope of an association that exists.
                await eks.AssociateAccessPolicyAsync(desired.ClusterName, desired.PrincipalArn, policy.PolicyArn,
                    new EksAccessScope(policy.ScopeType, policy.Namespaces), cancellationToken);
            }

            foreach (var stale in have.Keys.Except(desired.AccessPolicies.Select(p => p.PolicyArn), StringComparer.Ordinal))
            {
                await eks.DisassociateAccessPolicyAsync(desired.ClusterName, desired.PrincipalArn, stale, cancellationToken);
            }

            // The describe already returned the entry's tags (hidden name tag included); nothing above changes them.
            var arn = observed.Outputs[AwsResource.ArnOutput];
            var (set, remove) = Canonical.TagChanges(described.Tags, WithName(desired));
            if (set.Count > 0)
            {
                await eks.TagResourceAsync(arn, set.ToDictionary(t => t.Key, t => t.Value), cancellationToken);
            }

            if (remove.Count > 0)
            {
                await eks.UntagResourceAsync(arn, remove, cancellationToken);
            }

            return observed.Outputs;
        });
    }

    /// <inheritdoc />
    public async Task DeleteAsync(Observed<EntrySpec> actual, CancellationToken cancellationToken)
    {
        var eks = await ClientAsync(actual.State.Account, actual.State.Region, cancellationToken);
        await AwsErrors.Guard($"Deleting access entry {actual.State.Name}", async () =>
        {
            try
            {
                await eks.DeleteAccessEntryAsync(actual.State.ClusterName, actual.State.PrincipalArn, cancellationToken);
            }
            catch (Exception e) when (AwsErrors.Is(e, "ResourceNotFoundException"))
            {
                // Already gone, or its cluster is (EKS deletes entries with the cluster).
            }
        });
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Observed<EntrySpec>>> ListManagedAsync(string environment, CancellationToken cancellationToken) =>
        ListManagedAsync(environment, _ => false, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Observed<EntrySpec>>> ListManagedAsync(string environment, Func<ResourceId, bool> isKnown, CancellationToken cancellationToken)
    {
        var found = new List<Observed<EntrySpec>>();
        foreach (var account in context.ManagedAccounts)
        {
            var eks = await ClientAsync(account, null, cancellationToken);
            await AwsErrors.Guard("Listing access entries", async () =>
            {
                foreach (var cluster in await eks.ListAllClustersAsync(cancellationToken))
                {
                    foreach (var principal in await AllEntriesAsync(eks, cluster, cancellationToken))
                    {
                        var entry = await eks.DescribeAccessEntryAsync(cluster, principal, cancellationToken);
                        if (!PikselTags.AreManaged(entry.Tags, environment))
                        {
                            continue;
                        }

                        var stub = new EntrySpec
                        {
                            Name = entry.Tags.GetValueOrDefault(HiddenTags.ResourceName, $"{cluster}/{principal}"),
                            Account = account,
                            ClusterName = cluster,
                            PrincipalArn = principal,
                        };
                        if (!isKnown(stub.Id) && await ObserveAsync(eks, stub, entry, cancellationToken) is { } observed)
                        {
                            found.Add(observed);
                        }
                    }
                }
            });
        }

        return found;
    }

    private Task<EksClient> ClientAsync(string account, string? region, CancellationToken cancellationToken) =>
        context.ClientAsync(this, account, region, options => new EksClient(options), cancellationToken);

    private static Dictionary<string, string> WithName(EntrySpec desired) =>
        new(desired.Tags, StringComparer.Ordinal) { [HiddenTags.ResourceName] = desired.Name };

    private static string Describe(EksAccessPolicyAssociation policy) =>
        $"{policy.ScopeType}:{string.Join(',', policy.Namespaces.Order(StringComparer.Ordinal))}";

    private static async Task<List<string>> AllEntriesAsync(EksClient eks, string cluster, CancellationToken cancellationToken)
    {
        var all = new List<string>();
        string? token = null;
        do
        {
            var page = await eks.ListAccessEntriesAsync(cluster, nextToken: token, cancellationToken: cancellationToken);
            all.AddRange(page.Items);
            token = page.NextToken;
        }
        while (token is not null);
        return all;
    }

    /// <summary>Describes the entry and observes it; also returns the described entry (for its tags).</summary>
    private static async Task<(Observed<EntrySpec> Observed, Eks.EksAccessEntry Entry)?> ReadEntryAsync(EksClient eks, EntrySpec desired, CancellationToken cancellationToken)
    {
        Eks.EksAccessEntry entry;
        try
        {
            entry = await eks.DescribeAccessEntryAsync(desired.ClusterName, desired.PrincipalArn, cancellationToken);
        }
        catch (Exception e) when (AwsErrors.Is(e, "ResourceNotFoundException"))
        {
            return null;
        }

        return await ObserveAsync(eks, desired, entry, cancellationToken) is { } observed ? (observed, entry) : null;
    }

    /// <summary>The observed state of an entry already described; null when it is gone meanwhile.</summary>
    private static async Task<Observed<EntrySpec>?> ObserveAsync(EksClient eks, EntrySpec desired, Eks.EksAccessEntry entry, CancellationToken cancellationToken)
    {
        IReadOnlyList<EksAssociatedAccessPolicy> policies;
        try
        {
            policies = await eks.ListAssociatedAccessPoliciesAsync(desired.ClusterName, desired.PrincipalArn, cancellationToken);
        }
        catch (Exception e) when (AwsErrors.Is(e, "ResourceNotFoundException"))
        {
            return null;
        }

        var observed = policies.Select(p => new EksAccessPolicyAssociation(p.PolicyArn, p.Scope.Type, p.Scope.Namespaces)).ToList();

        // Keep the spec's order (and namespace lists) when the associations are the same, as EKS does not keep order.
        var same = observed.Count == desired.AccessPolicies.Count
            && observed.All(o => desired.AccessPolicies.Any(d => d.PolicyArn == o.PolicyArn && Describe(d) == Describe(o)));
        var state = desired with
        {
            Type = entry.Type,
            KubernetesGroups = Canonical.SetLike(entry.KubernetesGroups, desired.KubernetesGroups),
            AccessPolicies = same ? desired.AccessPolicies : observed.OrderBy(p => p.PolicyArn, StringComparer.Ordinal).ToList(),
            Tags = entry.Tags.Where(t => t.Key != HiddenTags.ResourceName).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
        };
        return new Observed<EntrySpec>(state, new Dictionary<string, string> { [AwsResource.ArnOutput] = entry.AccessEntryArn });
    }
}
