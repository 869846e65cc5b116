using System.Globalization;
using Piksel.Platform.Spec;

namespace Piksel.Platform.Engine;

/// <summary>What an apply or destroy did, and the outputs it produced.</summary>
public sealed record ApplyResult
{
    /// <summary>The change made to each resource (rechecked changes as decided at apply time).</summary>
    public required IReadOnlyDictionary<ResourceId, ChangeKind> Done { get; init; }

    /// <summary>Each existing resource's outputs, as its handler reported them.</summary>
    public required IReadOnlyDictionary<ResourceId, IReadOnlyDictionary<string, string>> ResourceOutputs { get; init; }

    /// <summary>The spec's outputs, resolved; an output whose references are still unknown is absent.</summary>
    public required IReadOnlyDictionary<string, string> Outputs { get; init; }

    /// <summary>How long the apply took.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>
    /// How many times each resource's handler calls were retried (throttling, eventual consistency, waits); resources
    /// that needed no retry are absent. Default: none.
    /// </summary>
    public IReadOnlyDictionary<ResourceId, int> Retries { get; init; } = new Dictionary<ResourceId, int>();

    /// <summary>Every retry of the run.</summary>
    public int TotalRetries => Retries.Values.Sum();

    /// <summary>
    /// One line for people: <c>42 resources, 5 changed, 17 retries (Kind.a 6, Kind.b 3, …)</c>, naming the
    /// <paramref name="mostRetried"/> resources retried most.
    /// </summary>
    public string Summary(int mostRetried = 5)
    {
        var changed = Done.Count(d => d.Value != ChangeKind.NoChange);
        var line = string.Create(CultureInfo.InvariantCulture, $"{Done.Count} resources, {changed} changed, {TotalRetries} {(TotalRetries == 1 ? "retry" : "retries")}");
        if (Retries.Count == 0 || mostRetried <= 0) return line;
        var top = Retries.OrderByDescending(r => r.Value).ThenBy(r => r.Key.ToString(), StringComparer.Ordinal).Take(mostRetried)
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key} {r.Value}"));
        return $"{line} ({string.Join(", ", top)}{(Retries.Count > mostRetried ? ", …" : "")})";
    }
}
