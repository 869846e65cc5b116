using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Policy;
using static Piksel.Emulator.Aws.Eks.EksParameters;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>
/// Tags of clusters, access entries, add-ons, Fargate profiles and Pod Identity associations, named by ARN; a resource
/// that is not there answers before any denial.
/// </summary>
internal sealed class EksTagOperations(EksStore store) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("ListTagsForResource", "eks:ListTagsForResource", ListTagsForResource)
        .Add("TagResource", "eks:TagResource", TagResource)
        .Add("UntagResource", "eks:UntagResource", UntagResource);

    private OperationCall ListTagsForResource(AwsRequestContext context)
    {
        var resourceArn = Path(context, "resourceArn");
        var (tags, _) = TaggedResource(context, resourceArn);
        return Answer(context, resourceArn, () => new JsonObject { ["tags"] = EksTags.ToJson(tags) });
    }

    private OperationCall TagResource(AwsRequestContext context)
    {
        var resourceArn = Path(context, "resourceArn");
        var (current, update) = TaggedResource(context, resourceArn);
        var added = EksTags.Read(Body(context), null);
        return Answer(context, new Access(resourceArn) { ContextKeys = RequestTagKeys.Of(added) }, () =>
        {
            var merged = new Dictionary<string, string>(current, StringComparer.Ordinal);
            foreach (var (key, value) in added) merged[key] = value;
            if (merged.Count > 50) throw EksErrors.InvalidParameter("A resource may have at most 50 tags.");
            update(merged);
            return new JsonObject();
        });
    }

    private OperationCall UntagResource(AwsRequestContext context)
    {
        var resourceArn = Path(context, "resourceArn");
        var (current, update) = TaggedResource(context, resourceArn);
        var keys = context.Http.Request.Query["tagKeys"].OfType<string>().ToList();
        var access = new Access(resourceArn)
        {
            ContextKeys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["aws:TagKeys"] = keys },
        };
        return Answer(context, access, () =>
        {
            update(current.Where(t => !keys.Contains(t.Key)).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal));
            return new JsonObject();
        });
    }

    /// <summary>The tags of a cluster or one of its parts named by ARN, and how to replace them.</summary>
    private (IReadOnlyDictionary<string, string> Tags, Action<IReadOnlyDictionary<string, string>> Update) TaggedResource(AwsRequestContext context, string resourceArn)
    {
        var arn = Arn.TryParse(resourceArn);
        if (arn is null || arn.Service != "eks") throw EksErrors.InvalidParameter($"{resourceArn} is not a valid EKS resource ARN.");
        var parts = arn.Resource.Split('/');
        if (parts.Length < 2 || parts[1].Length == 0) throw EksErrors.InvalidParameter($"{resourceArn} is not a valid EKS resource ARN.");
        var key = EksStore.ClusterKey(arn.Account, arn.Region, parts[1]);
        var cluster = store.Clusters.Find(key);
        if (cluster is null || arn.Account != context.AccountId) throw EksErrors.NotFound($"No cluster found for name: {parts[1]}.", parts[1]);
        if (parts[0] == "cluster" && cluster.Arn == resourceArn)
            return (cluster.Tags, tags => store.Clusters.Update(key, c => c is null ? null : c with { Tags = tags }));
        if (parts[0] == "access-entry" && store.EntriesOf(cluster).FirstOrDefault(e => e.AccessEntryArn == resourceArn) is { } entry)
            return (entry.Tags, tags => store.Entries.Update(EksStore.EntryKey(cluster, entry.PrincipalArn), e => e is null ? null : e with { Tags = tags }));
        var part = parts.Length > 2 ? EksStore.PartKey(cluster, parts[2]) : null;
        if (parts[0] == "addon" && part is not null && store.Addons.Find(part) is { } addon && addon.AddonArn == resourceArn)
            return (addon.Tags, tags => store.Addons.Update(part, a => a is null ? null : a with { Tags = tags }));
        if (parts[0] == "fargateprofile" && part is not null && store.FargateProfiles.Find(part) is { } profile && profile.FargateProfileArn == resourceArn)
            return (profile.Tags, tags => store.FargateProfiles.Update(part, p => p is null ? null : p with { Tags = tags }));
        if (parts[0] == "podidentityassociation" && part is not null && store.Associations.Find(part) is { } association && association.AssociationArn == resourceArn)
            return (association.Tags, tags => store.Associations.Update(part, a => a is null ? null : a with { Tags = tags }));
        throw EksErrors.NotFound($"The resource {resourceArn} was not found.", parts[1]);
    }
}
