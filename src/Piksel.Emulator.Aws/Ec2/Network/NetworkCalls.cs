using System.Globalization;
using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Ec2.Ec2Parameters;

namespace Piksel.Emulator.Aws.Ec2.Network;

/// <summary>
/// The shapes every networking operation shares: a create authorized on <c>type/*</c> (and <c>ec2:CreateTags</c> with
/// <c>ec2:CreateAction</c> when it tags on create, as EC2 checks), a change authorized on the resource's ARN, and a
/// describe with ids, <c>Filter.N</c> (values OR, filters AND, <c>*</c>/<c>?</c>) and MaxResults/NextToken paging.
/// </summary>
internal static class NetworkCalls
{
    /// <summary>A create of <paramref name="type"/> whose request tags are <paramref name="tags"/>; <paramref name="run"/> stops on DryRun first.</summary>
    public static OperationCall Create(AwsRequestContext context, string type, IReadOnlyList<Ec2Tag> tags, Func<Action<XmlWriter>> run,
        Dictionary<string, IReadOnlyList<string>>? keys = null)
    {
        Ec2Tags.Validate(tags);
        var requestKeys = Ec2Tags.RequestKeys(tags);
        foreach (var (key, values) in keys ?? []) requestKeys[key] = values;
        var call = Answer(context, new Access(NetworkStore.Arn(context, type, "*")) { ContextKeys = requestKeys }, () =>
        {
            context.Query.StopIfDryRun();
            return run();
        });
        if (tags.Count > 0)
        {
            var tagKeys = new Dictionary<string, IReadOnlyList<string>>(Ec2Tags.RequestKeys(tags), StringComparer.OrdinalIgnoreCase)
            {
                ["ec2:CreateAction"] = [context.Operation?.Name ?? context.Query.Action ?? ""],
            };
            call.AndAlso("ec2:CreateTags", new Access(NetworkStore.Arn(context, type, "*")) { ContextKeys = tagKeys });
        }
        return call;
    }

    /// <summary>A change to <paramref name="resource"/>, authorized on its ARN with its tags; <paramref name="run"/> stops on DryRun first.</summary>
    public static OperationCall Change(AwsRequestContext context, string type, INetworkResource resource, Func<Action<XmlWriter>> run) =>
        Answer(context, new Access(NetworkStore.Arn(context, type, resource.Id)) { ContextKeys = NetworkStore.ResourceKeys(resource) }, () =>
        {
            context.Query.StopIfDryRun();
            return run();
        });

    /// <summary>A change answering <c>&lt;return&gt;true&lt;/return&gt;</c>.</summary>
    public static OperationCall Change(AwsRequestContext context, string type, INetworkResource resource, Action run) =>
        Change(context, type, resource, () =>
        {
            run();
            return xml => xml.WriteElementString("return", "true");
        });

    /// <summary>
    /// A describe over <paramref name="mine"/>: <paramref name="idParameter"/>.N names resources (a missing one is
    /// <paramref name="notFound"/>), <paramref name="filters"/> maps each filter name this resource knows to the values it
    /// is matched against (tag:, tag-key and tag-value come free), and the page is written as <paramref name="setName"/>.
    /// </summary>
    public static OperationCall Describe<T>(AwsRequestContext context, Func<IEnumerable<T>> mine, string idParameter, string idPrefix,
        Func<string, AwsServiceException> notFound, IReadOnlyDictionary<string, Func<T, IEnumerable<string?>>> filters, string setName,
        Action<XmlWriter, T> write) where T : INetworkResource =>
        Answer(context, Access.Any, () =>
        {
            var query = context.Query;
            var ids = query.List(idParameter);
            foreach (var id in ids) NetworkStore.RequireId(id, idPrefix);
            var asked = query.Filters();
            foreach (var filter in asked.Where(f => !f.Name.StartsWith("tag:", StringComparison.Ordinal) && f.Name is not ("tag-key" or "tag-value") && !filters.ContainsKey(f.Name)))
                throw Ec2Errors.InvalidParameterValue($"The filter '{filter.Name}' is invalid");
            var maxResults = query.Int("MaxResults");
            if (maxResults is not null && ids.Count > 0)
                throw Ec2Errors.InvalidParameterCombination($"The parameter {idParameter} cannot be used with the parameter maxResults");
            if (maxResults is < 5 or > 1000)
                throw Ec2Errors.InvalidParameterValue($"Value ( {maxResults.Value.ToString(CultureInfo.InvariantCulture)} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.");
            query.StopIfDryRun();

            var all = mine().ToList();
            if (ids.FirstOrDefault(id => all.All(r => r.Id != id)) is { } missing) throw notFound(missing);
            var matching = all.Where(r => ids.Count == 0 || ids.Contains(r.Id))
                .Where(r => asked.All(f => Matches(r, f, filters)))
                .OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
            var (page, next) = Page(matching, maxResults, query.Get("NextToken"));
            return xml =>
            {
                xml.WriteSet(setName, page, write);
                if (next is not null) xml.WriteElementString("nextToken", next);
            };
        });

    /// <summary>The resource's tags as EC2 writes them, when it has any.</summary>
    public static void WriteTags(XmlWriter xml, INetworkResource resource)
    {
        if (resource.Tags.Count > 0) xml.WriteTagSet(resource.Tags);
    }

    private static bool Matches<T>(T resource, Ec2Filter filter, IReadOnlyDictionary<string, Func<T, IEnumerable<string?>>> filters) where T : INetworkResource =>
        filter.Name switch
        {
            "tag-key" => resource.Tags.Any(t => filter.MatchesAny(t.Key)),
            "tag-value" => resource.Tags.Any(t => filter.MatchesAny(t.Value)),
            _ when filter.Name.StartsWith("tag:", StringComparison.Ordinal) =>
                resource.Tags.Any(t => t.Key == filter.Name[4..] && filter.MatchesAny(t.Value)),
            _ => filters[filter.Name](resource).Any(filter.MatchesAny),
        };
}
