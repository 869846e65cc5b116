using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Eks;

public sealed partial class EksService
{
    private Task ListTagsForResource(AwsRequestContext context, string resourceArn)
    {
        var (tags, _) = TaggedResource(context, resourceArn);
        context.Authorize("eks:ListTagsForResource", resourceArn);
        return Write(context, new JsonObject { ["tags"] = EksTags.ToJson(tags) });
    }

    private Task TagResource(AwsRequestContext context, string resourceArn)
    {
        var (current, update) = TaggedResource(context, resourceArn);
        var added = EksTags.Read(JsonProtocol.ParseBody(context.Body.Span), null);
        context.Authorize("eks:TagResource", resourceArn, contextKeys: RequestTagKeys.Of(added));
        var merged = new Dictionary<string, string>(current, StringComparer.Ordinal);
        foreach (var (key, value) in added) merged[key] = value;
        if (merged.Count > 50) throw EksErrors.InvalidParameter("A resource may have at most 50 tags.");
        update(merged);
        return Write(context, new JsonObject());
    }

    private Task UntagResource(AwsRequestContext context, string resourceArn)
    {
        var (current, update) = TaggedResource(context, resourceArn);
        var keys = context.Http.Request.Query["tagKeys"].OfType<string>().ToList();
        context.Authorize("eks:UntagResource", resourceArn, contextKeys: new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["aws:TagKeys"] = keys });
        update(current.Where(t => !keys.Contains(t.Key)).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal));
        return Write(context, new JsonObject());
    }

    /// <summary>The tags of a cluster or access entry named by ARN, and how to replace them.</summary>
    private (IReadOnlyDictionary<string, string> Tags, Action<IReadOnlyDictionary<string, string>> Update) TaggedResource(AwsRequestContext context, string resourceArn)
    {
        var arn = Arn.TryParse(resourceArn);
        if (arn is null || arn.Service != "eks") throw EksErrors.InvalidParameter($"{resourceArn} is not a valid EKS resource ARN.");
        var parts = arn.Resource.Split('/');
        if (parts.Length < 2 || parts[1].Length == 0) throw EksErrors.InvalidParameter($"{resourceArn} is not a valid EKS resource ARN.");
        var cluster = clusters.Find(ClusterKey(arn.Account, arn.Region, parts[1]));
        if (cluster is null || arn.Account != context.AccountId) throw EksErrors.NotFound($"No cluster found for name: {parts[1]}.", parts[1]);
        var key = ClusterKey(arn.Account, arn.Region, parts[1]);
        if (parts[0] == "cluster" && cluster.Arn == resourceArn)
            return (cluster.Tags, tags => clusters.Update(key, c => c is null ? null : c with { Tags = tags }));
        if (parts[0] == "access-entry" && EntriesOf(cluster).FirstOrDefault(e => e.AccessEntryArn == resourceArn) is { } entry)
            return (entry.Tags, tags => entries.Update(EntryKey(cluster, entry.PrincipalArn), e => e is null ? null : e with { Tags = tags }));
        throw EksErrors.NotFound($"The resource {resourceArn} was not found.", parts[1]);
    }
}
