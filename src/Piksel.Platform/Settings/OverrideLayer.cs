using Microsoft.Extensions.Configuration;

namespace Piksel.Platform.Settings;

/// <summary>A configuration layer over the environment file and how to name, in an error, where one of its keys came from.</summary>
/// <param name="Provider">The layer's values.</param>
/// <param name="Describe">The origin of a key as the layer stores it (<c>REGION</c> → <c>PIKSEL__REGION</c>).</param>
/// <param name="OnCommandLine">True for <c>--set</c>, whose values the process list and shell history show.</param>
internal sealed record OverrideLayer(IConfigurationProvider Provider, Func<string, string> Describe, bool OnCommandLine)
{
    /// <summary>The key under <paramref name="parent"/> (null: the top) equal to <paramref name="name"/> in any case, as the layer stores it.</summary>
    public string? StoredName(string? parent, string name) =>
        ChildNames(parent).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The distinct names directly under <paramref name="parent"/> (null: the top).</summary>
    public IEnumerable<string> ChildNames(string? parent) =>
        Provider.GetChildKeys([], parent).Distinct(StringComparer.OrdinalIgnoreCase);
}
