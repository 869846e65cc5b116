using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.SecretsManager;

/// <summary>Describing, listing, deleting and restoring secrets, and their tags.</summary>
public sealed partial class SecretsManagerService
{
    private static readonly string[] FilterKeys = ["description", "name", "tag-key", "tag-value", "primary-region", "owning-service", "all"];

    private JsonObject DescribeSecret(AwsRequestContext context, JsonObject body)
    {
        var secret = Secret(context, body, "secretsmanager:DescribeSecret", allowDeleted: true);
        var answer = Summary(secret);
        answer["VersionIdsToStages"] = Stages(secret);
        return answer;
    }

    private static JsonObject Summary(SecretRecord secret)
    {
        var answer = Identity(secret);
        if (secret.Description is not null) answer["Description"] = secret.Description;
        if (secret.KmsKeyId is not null) answer["KmsKeyId"] = secret.KmsKeyId;
        answer["LastChangedDate"] = JsonProtocol.Epoch(secret.LastChangedDate);
        if (secret.LastAccessedDate is { } accessed) answer["LastAccessedDate"] = JsonProtocol.Epoch(accessed);
        if (secret.DeletedDate is { } deleted) answer["DeletedDate"] = JsonProtocol.Epoch(deleted);
        answer["Tags"] = new JsonArray([.. secret.Tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })]);
        answer["CreatedDate"] = JsonProtocol.Epoch(secret.CreatedDate);
        return answer;
    }

    private static JsonObject Stages(SecretRecord secret) =>
        new(secret.Versions.Where(v => v.Stages.Count > 0).Select(v => KeyValuePair.Create(v.VersionId, (JsonNode?)Strings(v.Stages))));

    private JsonObject ListSecrets(AwsRequestContext context, JsonObject body)
    {
        context.Authorize("secretsmanager:ListSecrets", "*");
        var maxResults = (int)(body.OptionalLong("MaxResults") ?? 100);
        if (maxResults is < 1 or > 100)
            throw SecretsManagerErrors.Validation($"1 validation error detected: Value '{maxResults.ToString(CultureInfo.InvariantCulture)}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100");
        var filters = ReadFilters(body);
        var includeDeleted = body.OptionalBool("IncludePlannedDeletion") ?? false;
        var ascending = (body.OptionalString("SortOrder") ?? "desc") == "asc";

        var matching = secrets.Values
            .Where(s => s.Account == context.AccountId && s.Region == context.Region)
            .Select(Live).OfType<SecretRecord>()
            .Where(s => includeDeleted || !s.IsDeleted)
            .Where(s => filters.All(f => Matches(s, f.Key, f.Values)));
        var ordered = (ascending ? matching.OrderBy(s => s.CreatedDate) : matching.OrderByDescending(s => s.CreatedDate))
            .ThenBy(s => s.Name, StringComparer.Ordinal).ToList();

        var offset = PageOffset(body.OptionalString("NextToken"));
        var page = ordered.Skip(offset).Take(maxResults).ToList();
        var answer = new JsonObject
        {
            ["SecretList"] = new JsonArray([.. page.Select(s =>
            {
                var entry = Summary(s);
                entry["SecretVersionsToStages"] = Stages(s);
                return (JsonNode)entry;
            })]),
        };
        if (offset + page.Count < ordered.Count) answer["NextToken"] = PageToken(offset + page.Count);
        return answer;
    }

    private static List<(string Key, List<string> Values)> ReadFilters(JsonObject body)
    {
        var filters = new List<(string, List<string>)>();
        var index = 0;
        foreach (var node in body["Filters"] as JsonArray ?? [])
        {
            index++;
            var key = node?["Key"]?.GetValue<string>() ?? "";
            if (!FilterKeys.Contains(key))
                throw SecretsManagerErrors.Validation($"1 validation error detected: Value '{key}' at 'filters.{index.ToString(CultureInfo.InvariantCulture)}.member.key' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", FilterKeys)}]");
            var values = (node!["Values"] as JsonArray ?? []).Select(v => v?.GetValue<string>() ?? "").ToList();
            if (values.Count is 0 or > 10)
                throw SecretsManagerErrors.Validation($"1 validation error detected: Value at 'filters.{index.ToString(CultureInfo.InvariantCulture)}.member.values' failed to satisfy constraint: Member must have length between 1 and 10");
            filters.Add((key, values));
        }
        return filters;
    }

    /// <summary>
    /// One filter as AWS applies it: prefix matches (description and <c>all</c> ignore case); a value starting with
    /// <c>!</c> excludes its matches; a secret passes when some positive value matches (or there is none) and no negated one does.
    /// </summary>
    private static bool Matches(SecretRecord secret, string key, List<string> values)
    {
        var positive = values.Where(v => !v.StartsWith('!')).ToList();
        var negative = values.Where(v => v.StartsWith('!')).Select(v => v[1..]).ToList();
        return (positive.Count == 0 || positive.Any(v => MatchesOne(secret, key, v))) && !negative.Any(v => MatchesOne(secret, key, v));
    }

    private static bool MatchesOne(SecretRecord secret, string key, string value) => key switch
    {
        "name" => secret.Name.StartsWith(value, StringComparison.Ordinal),
        "description" => secret.Description?.StartsWith(value, StringComparison.OrdinalIgnoreCase) == true,
        "tag-key" => secret.Tags.Any(t => t.Key.StartsWith(value, StringComparison.Ordinal)),
        "tag-value" => secret.Tags.Any(t => t.Value.StartsWith(value, StringComparison.Ordinal)),
        "all" => value.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(word =>
            new[] { secret.Name, secret.Description ?? "" }.Concat(secret.Tags.SelectMany(t => new[] { t.Key, t.Value }))
                .Any(a => a.StartsWith(word, StringComparison.OrdinalIgnoreCase))),
        // Replication and service-owned secrets are not emulated: nothing has a primary region or owning service.
        _ => false,
    };

    private static string PageToken(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"offset:{offset.ToString(CultureInfo.InvariantCulture)}"));

    private static int PageOffset(string? token)
    {
        if (token is null) return 0;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("offset:", StringComparison.Ordinal) && int.TryParse(text[7..], CultureInfo.InvariantCulture, out var offset) && offset >= 0) return offset;
        }
        catch (FormatException) { }
        throw SecretsManagerErrors.InvalidParameter("Invalid NextToken.");
    }

    private JsonObject ListSecretVersionIds(AwsRequestContext context, JsonObject body)
    {
        var secret = Secret(context, body, "secretsmanager:ListSecretVersionIds", allowDeleted: true);
        var maxResults = (int)(body.OptionalLong("MaxResults") ?? 100);
        if (maxResults is < 1 or > 100)
            throw SecretsManagerErrors.Validation($"1 validation error detected: Value '{maxResults.ToString(CultureInfo.InvariantCulture)}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100");
        var includeDeprecated = body.OptionalBool("IncludeDeprecated") ?? false;
        var versions = secret.Versions.Where(v => includeDeprecated || v.Stages.Count > 0).OrderByDescending(v => v.CreatedDate).ToList();
        var offset = PageOffset(body.OptionalString("NextToken"));
        var page = versions.Skip(offset).Take(maxResults).ToList();
        var answer = Identity(secret);
        answer["Versions"] = new JsonArray([.. page.Select(v =>
        {
            var entry = new JsonObject
            {
                ["VersionId"] = v.VersionId,
                ["VersionStages"] = Strings(v.Stages),
                ["CreatedDate"] = JsonProtocol.Epoch(v.CreatedDate),
                ["KmsKeyIds"] = Strings([v.KmsKeyArn]),
            };
            if (v.LastAccessedDate is { } accessed) entry["LastAccessedDate"] = JsonProtocol.Epoch(accessed);
            return (JsonNode)entry;
        })]);
        if (offset + page.Count < versions.Count) answer["NextToken"] = PageToken(offset + page.Count);
        return answer;
    }

    private JsonObject DeleteSecret(AwsRequestContext context, JsonObject body)
    {
        var window = body.OptionalLong("RecoveryWindowInDays");
        var force = body.OptionalBool("ForceDeleteWithoutRecovery") ?? false;
        if (force && window is not null)
            throw SecretsManagerErrors.InvalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
        if (window is < 7 or > 30)
            throw SecretsManagerErrors.InvalidParameter("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
        var secret = Secret(context, body, "secretsmanager:DeleteSecret", allowDeleted: true);
        var now = context.Time.GetUtcNow();
        var answer = Identity(secret);
        if (force)
        {
            secrets.Remove(Row(secret));
            answer["DeletionDate"] = JsonProtocol.Epoch(now);
            return answer;
        }
        if (secret.IsDeleted)
            throw SecretsManagerErrors.InvalidRequest("You can't perform this operation on the secret because it was already scheduled for deletion.");
        var deletion = now.AddDays(window ?? 30);
        Mutate(secret, current => current with { DeletedDate = now, DeletionDate = deletion, LastChangedDate = now });
        answer["DeletionDate"] = JsonProtocol.Epoch(deletion);
        return answer;
    }

    private JsonObject RestoreSecret(AwsRequestContext context, JsonObject body)
    {
        var secret = Secret(context, body, "secretsmanager:RestoreSecret", allowDeleted: true);
        var now = context.Time.GetUtcNow();
        Mutate(secret, current => current with { DeletedDate = null, DeletionDate = null, LastChangedDate = now });
        return Identity(secret);
    }

    private JsonObject TagResource(AwsRequestContext context, JsonObject body)
    {
        var secret = Secret(context, body, "secretsmanager:TagResource");
        var now = context.Time.GetUtcNow();
        Mutate(secret, current => current with { Tags = ReadTags(body, current.Tags), LastChangedDate = now });
        return [];
    }

    private JsonObject UntagResource(AwsRequestContext context, JsonObject body)
    {
        var secret = Secret(context, body, "secretsmanager:UntagResource");
        var remove = (body["TagKeys"] as JsonArray ?? []).Select(k => k?.GetValue<string>() ?? "").ToHashSet(StringComparer.Ordinal);
        var now = context.Time.GetUtcNow();
        Mutate(secret, current => current with { Tags = [.. current.Tags.Where(t => !remove.Contains(t.Key))], LastChangedDate = now });
        return [];
    }

    /// <summary>Merges the request's <c>Tags</c> into <paramref name="existing"/> (same key: new value, original position).</summary>
    private static List<SecretTag> ReadTags(JsonObject body, IReadOnlyList<SecretTag> existing)
    {
        var tags = existing.ToList();
        foreach (var node in body["Tags"] as JsonArray ?? [])
        {
            var key = node?["Key"]?.GetValue<string>() ?? throw SecretsManagerErrors.InvalidParameter("A tag must have a Key.");
            var value = node["Value"]?.GetValue<string>() ?? "";
            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                throw SecretsManagerErrors.InvalidParameter("Invalid tag key: keys beginning with aws: are reserved for AWS use.");
            if (key.Length is 0 or > 128 || value.Length > 256)
                throw SecretsManagerErrors.Validation("1 validation error detected: a tag key must be 1 to 128 characters and a tag value at most 256.");
            var at = tags.FindIndex(t => t.Key == key);
            if (at >= 0) tags[at] = new SecretTag(key, value); else tags.Add(new SecretTag(key, value));
        }
        if (tags.Count > 50) throw SecretsManagerErrors.InvalidParameter("A secret can have at most 50 tags.");
        return tags;
    }
}
