using System.Runtime.CompilerServices;
using Piksel.Platform.Aws.Eks;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;
using EntrySpec = Piksel.Platform.Spec.Aws.EksAccessEntry;

namespace Piksel.Platform.Aws.Handlers;

/// <summary>
/// EKS access entries with their associated access policies, Kubernetes groups and tags. An entry is found by cluster
/// and principal; its spec name is kept in the <see cref="ManagementTags.ResourceName"/> tag for <c>ListManaged</c>. A
/// missing cluster reads as an absent entry. Output: <c>arn</c>.
/// </summary>
public sealed class EksAccessEntryHandler(AwsHandlerContext context) : AwsResourceHandler<EntrySpec, EksClient>(context)
{
    /// <inheritdoc />
    protected override string Noun => "access entry";

    /// <inheritdoc />
    protected override string PluralNoun => "access entries";

    /// <inheritdoc />
    protected override EksClient CreateClient(AwsClientOptions options) => new(options);

    /// <inheritdoc />
    /// <remarks>Cluster or principal not created yet: the entry cannot exist.</remarks>
    protected override bool CanExist(EntrySpec desired) => !OutputRef.HasTokens(desired.ClusterName) && !OutputRef.HasTokens(desired.PrincipalArn);

    /// <inheritdoc />
    protected override async Task<Observed<EntrySpec>?> ReadAsync(EksClient client, EntrySpec desired, CancellationToken cancellationToken) =>
        await ReadEntryAsync(client, desired, cancellationToken) is { } read ? read.Observed : null;

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(EksClient client, EntrySpec desired, CancellationToken cancellationToken)
    {
        var tags = ManagementTags.WithResourceName(desired.Tags, desired.Name);
        var (observed, described) = await ReadEntryAsync(client, desired, cancellationToken)
            ?? await CreateAndReadBackAsync(desired, () => client.CreateAccessEntryAsync(new CreateAccessEntryRequest
            {
                ClusterName = desired.ClusterName,
                PrincipalArn = desired.PrincipalArn,
                KubernetesGroups = desired.KubernetesGroups,
                Type = desired.Type,
                Tags = tags,
            }, cancellationToken), () => ReadEntryAsync(client, desired, cancellationToken), "ResourceInUseException");

        await ConvergeAsync(client, desired, observed.State, cancellationToken);

        // The describe already returned the entry's tags (hidden name tag included); nothing above changes them.
        var arn = observed.Outputs[AwsResource.ArnOutput];
        var (set, remove) = Canonical.TagChanges(described.Tags, tags);
        if (set.Count > 0)
        {
            await client.TagResourceAsync(arn, set.ToDictionary(t => t.Key, t => t.Value), cancellationToken);
        }

        if (remove.Count > 0)
        {
            await client.UntagResourceAsync(arn, remove, cancellationToken);
        }

        return observed.Outputs;
    }

    /// <inheritdoc />
    /// <remarks>An entry already gone, or its cluster (EKS deletes entries with the cluster), is not an error.</remarks>
    protected override Task DeleteAsync(EksClient client, Observed<EntrySpec> actual, CancellationToken cancellationToken) =>
        IgnoringAbsentAsync(() => client.DeleteAccessEntryAsync(actual.State.ClusterName, actual.State.PrincipalArn, cancellationToken), "ResourceNotFoundException");

    /// <inheritdoc />
    protected override async IAsyncEnumerable<Listed> ListAsync(EksClient client, string account, string environment, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var cluster in await client.ListAllClustersAsync(cancellationToken))
        {
            foreach (var principal in await AllEntriesAsync(client, cluster, cancellationToken))
            {
                var entry = await client.DescribeAccessEntryAsync(cluster, principal, cancellationToken);
                var stub = new EntrySpec
                {
                    Name = entry.Tags.GetValueOrDefault(ManagementTags.ResourceName, $"{cluster}/{principal}"),
                    Account = account,
                    ClusterName = cluster,
                    PrincipalArn = principal,
                };
                yield return new Listed(stub, entry.Tags, () => ObserveAsync(client, stub, entry, cancellationToken));
            }
        }
    }

    private static async Task ConvergeAsync(EksClient eks, EntrySpec desired, EntrySpec state, CancellationToken cancellationToken)
    {
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
    }

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
    private static async Task<ReadEntry?> ReadEntryAsync(EksClient eks, EntrySpec desired, CancellationToken cancellationToken) =>
        await OrNullAsync(() => eks.DescribeAccessEntryAsync(desired.ClusterName, desired.PrincipalArn, cancellationToken), "ResourceNotFoundException") is { } entry
            && await ObserveAsync(eks, desired, entry, cancellationToken) is { } observed
            ? new ReadEntry(observed, entry)
            : null;

    /// <summary>The observed state of an entry already described; null when it is gone meanwhile.</summary>
    private static async Task<Observed<EntrySpec>?> ObserveAsync(EksClient eks, EntrySpec desired, Eks.EksAccessEntry entry, CancellationToken cancellationToken)
    {
        if (await OrNullAsync(() => eks.ListAssociatedAccessPoliciesAsync(desired.ClusterName, desired.PrincipalArn, cancellationToken), "ResourceNotFoundException") is not { } policies)
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
            Tags = entry.Tags.Where(t => !ManagementTags.IsHidden(t.Key)).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
        };
        return new Observed<EntrySpec>(state, new Dictionary<string, string> { [AwsResource.ArnOutput] = entry.AccessEntryArn });
    }

    // An entry as read: observed, and as described (its tags, the hidden name tag included).
    private sealed record ReadEntry(Observed<EntrySpec> Observed, Eks.EksAccessEntry Entry);
}
