using System.Text.Json;
using System.Text.Json.Nodes;

namespace Piksel.Platform.Spec;

/// <summary>
/// Resolves <see cref="OutputRef"/> tokens in every string of a resource (property values, policy condition keys)
/// by an in-memory JSON round trip, so each kind need not know which of its properties may hold references.
/// </summary>
public static class TokenResolution
{
    /// <summary>
    /// A copy of <paramref name="resource"/> with every token <paramref name="lookup"/> knows replaced; the same
    /// instance when it holds no tokens.
    /// </summary>
    public static T Resolve<T>(T resource, Func<OutputRef, string?> lookup)
        where T : PlatformResource
    {
        if (!References(resource).Any())
        {
            return resource;
        }

        var node = JsonSerializer.SerializeToNode(resource, resource.GetType(), SpecJson.Options)!;
        var resolved = Walk(node, text => OutputRef.Resolve(text, lookup));
        var copy = (T)resolved.Deserialize(resource.GetType(), SpecJson.Options)!;

        // Get-only and [NotAttribute] properties were not round-tripped; keep identity and bookkeeping as they were.
        return copy with { Name = resource.Name, DependsOn = resource.DependsOn };
    }

    /// <summary>Every reference a resource holds, deduplicated.</summary>
    public static IEnumerable<OutputRef> References(PlatformResource resource) =>
        ResourceAttributes.Of(resource)
            .Where(a => a.IsUnknown)
            .SelectMany(a => OutputRef.FindIn(a.Value))
            .Distinct();

    private static JsonNode Walk(JsonNode node, Func<string, string> map)
    {
        switch (node)
        {
            case JsonObject obj:
                var rebuilt = new JsonObject();
                foreach (var (name, child) in obj.ToArray())
                {
                    obj.Remove(name);
                    rebuilt[map(name)] = child is null ? null : Walk(child, map);
                }

                return rebuilt;
            case JsonArray array:
                var items = array.ToArray();
                array.Clear();
                return new JsonArray(items.Select(i => i is null ? null : Walk(i, map)).ToArray());
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return JsonValue.Create(map(value.GetValue<string>()))!;
            default:
                return node;
        }
    }
}
