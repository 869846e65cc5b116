using System.Globalization;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Logs.LogsParameters;

namespace Piksel.Emulator.Aws.Logs;

/// <summary>Log groups: create (with tags), delete (with their streams and events), describe, retention.</summary>
internal sealed class LogGroupOperations(LogsStore store) : IOperationGroup
{
    private static readonly int[] RetentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
    private static readonly string[] GroupClasses = ["STANDARD", "INFREQUENT_ACCESS", "DELIVERY"];

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CreateLogGroup", "logs:CreateLogGroup", CreateLogGroup)
        .Add("DeleteLogGroup", "logs:DeleteLogGroup", DeleteLogGroup)
        .Add("DescribeLogGroups", "logs:DescribeLogGroups", DescribeLogGroups)
        .Add("PutRetentionPolicy", "logs:PutRetentionPolicy", PutRetentionPolicy)
        .Add("DeleteRetentionPolicy", "logs:DeleteRetentionPolicy", DeleteRetentionPolicy);

    private OperationCall CreateLogGroup(AwsRequestContext context)
    {
        var body = Body(context);
        var name = GroupName(body);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in body.OptionalObject("tags") ?? [])
            tags[key] = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw LogsErrors.InvalidParameter($"Tag value for key '{key}' must be a string.");
        if (tags.Count > 50) throw LogsErrors.Validation("tags", "map", "Member must have length less than or equal to 50");
        if (tags.Keys.FirstOrDefault(k => k.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)) is { } reserved)
            throw LogsErrors.InvalidParameter($"Tag key {reserved} is reserved: keys starting with 'aws:' are for AWS use.");
        var groupClass = body.OptionalString("logGroupClass") ?? "STANDARD";
        if (!GroupClasses.Contains(groupClass))
            throw LogsErrors.Validation("logGroupClass", groupClass, $"Member must satisfy enum value set: [{string.Join(", ", GroupClasses)}]");

        var access = new Access(LogsStore.GroupArn(context, name)) { ContextKeys = RequestTagKeys.Of(tags) };
        var call = OperationCall.On(access, () =>
        {
            var group = new LogGroupRecord
            {
                Account = context.AccountId,
                Region = context.Region,
                Name = name,
                CreationTime = context.Time.GetUtcNow(),
                KmsKeyId = body.OptionalString("kmsKeyId"),
                LogGroupClass = groupClass,
                Tags = tags,
            };
            if (!store.Groups.TryAdd(LogsStore.GroupRow(context.AccountId, context.Region, name), group)) throw LogsErrors.GroupExists();
            return JsonProtocol.WriteAsync(context.Http, new JsonObject());
        });
        // Tagging on create needs logs:TagResource too, and CloudWatch Logs says so in its own words.
        return tags.Count > 0 ? call.AndAlso("logs:TagResource", access, () => LogsErrors.TagWithoutPermission(context.AccountId)) : call;
    }

    private OperationCall DeleteLogGroup(AwsRequestContext context)
    {
        var name = GroupName(Body(context));
        return Answer(context, LogsStore.GroupArn(context, name), () =>
        {
            var group = store.Group(context, name);
            foreach (var (key, _) in store.Events.Items.Where(e => e.Value.Account == group.Account && e.Value.Region == group.Region && e.Value.Group == name).ToList())
                store.Events.Remove(key);
            foreach (var stream in store.Streams.Values.Where(s => s.Account == group.Account && s.Region == group.Region && s.Group == name).ToList())
                store.Streams.Remove(LogsStore.StreamRow(stream));
            store.Groups.Remove(LogsStore.GroupRow(group.Account, group.Region, name));
            return [];
        });
    }

    private OperationCall DescribeLogGroups(AwsRequestContext context)
    {
        var body = Body(context);
        return Answer(context, $"arn:aws:logs:{context.Region}:{context.AccountId}:log-group:*", () =>
        {
            var prefix = body.OptionalString("logGroupNamePrefix");
            var pattern = body.OptionalString("logGroupNamePattern");
            if (prefix is not null && pattern is not null)
                throw LogsErrors.InvalidParameter("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
            var groupClass = body.OptionalString("logGroupClass");
            var limit = Limit(body, 50, 50);
            // The token is the last name answered, so a page never repeats or skips a group when others come and go.
            var after = body.OptionalString("nextToken") is { } token ? ReadToken(token) : null;

            var matching = store.Groups.Values
                .Where(g => g.Account == context.AccountId && g.Region == context.Region)
                .Where(g => prefix is null || g.Name.StartsWith(prefix, StringComparison.Ordinal))
                .Where(g => pattern is null || g.Name.Contains(pattern, StringComparison.OrdinalIgnoreCase))
                .Where(g => groupClass is null || g.LogGroupClass == groupClass)
                .Where(g => after is null || string.CompareOrdinal(g.Name, after) > 0)
                .OrderBy(g => g.Name, StringComparer.Ordinal)
                .Take(limit + 1)
                .ToList();
            var page = matching.Take(limit).ToList();
            var answer = new JsonObject { ["logGroups"] = new JsonArray([.. page.Select(g => (JsonNode)Describe(g))]) };
            if (matching.Count > limit) answer["nextToken"] = Token(page[^1].Name);
            return answer;
        });
    }

    private static JsonObject Describe(LogGroupRecord group)
    {
        var json = new JsonObject
        {
            ["logGroupName"] = group.Name,
            ["creationTime"] = Millis(group.CreationTime),
        };
        if (group.RetentionInDays is { } days) json["retentionInDays"] = days;
        json["metricFilterCount"] = 0;
        json["arn"] = group.Arn;
        json["storedBytes"] = 0;
        if (group.KmsKeyId is not null) json["kmsKeyId"] = group.KmsKeyId;
        json["logGroupClass"] = group.LogGroupClass;
        json["logGroupArn"] = group.GroupArn;
        return json;
    }

    private OperationCall PutRetentionPolicy(AwsRequestContext context)
    {
        var body = Body(context);
        var name = GroupName(body);
        var days = body.OptionalLong("retentionInDays") ?? throw LogsErrors.Missing("retentionInDays");
        if (days is < 1 or > int.MaxValue || !RetentionDays.Contains((int)days))
        {
            throw LogsErrors.Validation("retentionInDays", days.ToString(CultureInfo.InvariantCulture),
                $"Member must satisfy enum value set: [{string.Join(", ", RetentionDays)}]");
        }

        return Answer(context, LogsStore.GroupArn(context, name), () => SetRetention(context, name, (int)days));
    }

    private OperationCall DeleteRetentionPolicy(AwsRequestContext context)
    {
        var name = GroupName(Body(context));
        return Answer(context, LogsStore.GroupArn(context, name), () => SetRetention(context, name, null));
    }

    private JsonObject SetRetention(AwsRequestContext context, string name, int? days)
    {
        store.Group(context, name);
        store.Groups.Update(LogsStore.GroupRow(context.AccountId, context.Region, name), g => g is null ? null : g with { RetentionInDays = days });
        return [];
    }
}
