using System.Text.Json;
using Piksel.Platform.Spec;

namespace Piksel.Platform.Engine;

/// <summary>
/// Scrubs the spec's secret values out of any text the engine emits (events, errors), in case a handler's error
/// message quotes one. A JSON secret is scrubbed whole and member by member.
/// </summary>
internal sealed class Redactor
{
    private const int ShortestScrubbed = 4;
    private readonly string[] values;

    public Redactor(PlatformSpec spec)
    {
        values = spec.Resources
            .SelectMany(ResourceAttributes.SensitiveValues)
            .SelectMany(s => Parts(s.Reveal()))
            .Where(v => v.Length >= ShortestScrubbed)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(v => v.Length)
            .ToArray();
    }

    /// <summary><paramref name="text"/> with every secret value replaced by <c>(sensitive value)</c>.</summary>
    public string Scrub(string text)
    {
        foreach (var value in values)
        {
            text = text.Replace(value, SensitiveString.Redacted, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>True when <paramref name="text"/> holds a secret value.</summary>
    public bool Leaks(string text) => values.Any(v => text.Contains(v, StringComparison.Ordinal));

    private static IEnumerable<string> Parts(string value)
    {
        yield return value;
        if (!value.StartsWith('{'))
        {
            yield break;
        }

        List<string> members = [];
        try
        {
            using var json = JsonDocument.Parse(value);
            members.AddRange(json.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).Select(p => p.Value.GetString()!));
        }
        catch (JsonException)
        {
            // Not JSON after all: the whole value is already scrubbed.
        }

        foreach (var member in members)
        {
            yield return member;
        }
    }
}
