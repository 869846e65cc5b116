using System.Text.RegularExpressions;

namespace Piksel.Platform.Spec;

/// <summary>
/// A reference to an output of another resource that is known only once that resource exists (a cluster's OIDC
/// issuer, a KMS key's ARN). It travels inside string properties as a token (<see cref="Token"/>), so a policy
/// document can say <c>"{issuerHost}:sub"</c> before the issuer exists; the engine resolves tokens at plan time
/// when the referenced resource is already there, and at apply time otherwise.
/// </summary>
public sealed partial record OutputRef(ResourceId Resource, string Output)
{
    /// <summary>The token that stands for the output inside a string.</summary>
    public string Token => $"${{ref:{Resource.Kind}.{Resource.Key}#{Output}}}";

    /// <summary>The token; lets an <see cref="OutputRef"/> be interpolated into a string.</summary>
    public override string ToString() => Token;

    /// <summary>Every reference found in <paramref name="text"/>.</summary>
    public static IEnumerable<OutputRef> FindIn(string text)
    {
        foreach (Match match in TokenPattern().Matches(text))
        {
            yield return new OutputRef(new ResourceId(match.Groups["kind"].Value, match.Groups["key"].Value), match.Groups["output"].Value);
        }
    }

    /// <summary>True when <paramref name="text"/> holds at least one token.</summary>
    public static bool HasTokens(string text) => text.Contains("${ref:", StringComparison.Ordinal);

    /// <summary>
    /// Replaces every token whose output <paramref name="lookup"/> knows; tokens it does not know stay in place.
    /// </summary>
    public static string Resolve(string text, Func<OutputRef, string?> lookup) =>
        HasTokens(text)
            ? TokenPattern().Replace(text, match =>
                lookup(new OutputRef(new ResourceId(match.Groups["kind"].Value, match.Groups["key"].Value), match.Groups["output"].Value)) ?? match.Value)
            : text;

    [GeneratedRegex(@"\$\{ref:(?<kind>[A-Za-z0-9]+)\.(?<key>[^#}]+)#(?<output>[A-Za-z0-9]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();
}
