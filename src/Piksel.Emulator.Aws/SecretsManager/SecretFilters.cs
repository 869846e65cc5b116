using System.Globalization;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.SecretsManager;

/// <summary>ListSecrets' <c>Filters</c>: read with AWS's constraints, applied as AWS applies them.</summary>
internal sealed class SecretFilters
{
    private static readonly string[] FilterKeys = ["description", "name", "tag-key", "tag-value", "primary-region", "owning-service", "all"];
    private readonly List<(string Key, List<string> Values)> filters;

    private SecretFilters(List<(string Key, List<string> Values)> filters) => this.filters = filters;

    /// <summary>The request's filters: known keys, 1 to 10 values each.</summary>
    public static SecretFilters Read(JsonObject body)
    {
        var filters = new List<(string, List<string>)>();
        var index = 0;
        foreach (var filter in body.ObjectList("Filters"))
        {
            index++;
            var key = filter.OptionalString("Key") ?? "";
            if (!FilterKeys.Contains(key))
                throw SecretsManagerErrors.Validation($"1 validation error detected: Value '{key}' at 'filters.{index.ToString(CultureInfo.InvariantCulture)}.member.key' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", FilterKeys)}]");
            var values = filter.StringList("Values");
            if (values.Count is 0 or > 10)
                throw SecretsManagerErrors.Validation($"1 validation error detected: Value at 'filters.{index.ToString(CultureInfo.InvariantCulture)}.member.values' failed to satisfy constraint: Member must have length between 1 and 10");
            filters.Add((key, values));
        }
        return new SecretFilters(filters);
    }

    /// <summary>True when <paramref name="secret"/> passes every filter.</summary>
    public bool Match(SecretRecord secret) => filters.All(f => Matches(secret, f.Key, f.Values));

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
}
