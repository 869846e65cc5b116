using Piksel.Platform.Policies;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;
using Piksel.Platform.Tests.Infrastructure;

namespace Piksel.Platform.Tests.Definition;

/// <summary>Reading the definition the way a reviewer checks it against PLATFORM.md.</summary>
internal static class DefinitionHelpers
{
    public static PlatformSpec Local { get; } = Platform.Definition.PikselPlatform.Define(Fixtures.Load("local"));

    public static PlatformSpec Dev { get; } = Platform.Definition.PikselPlatform.Define(Fixtures.Load("dev"));

    public static IamRole Role(this PlatformSpec spec, string purpose) => spec.Get<IamRole>($"piksel-{spec.Environment}-{purpose}");

    /// <summary>Every (action, resource) an identity policy of the role allows, from its inline policies.</summary>
    public static IReadOnlyList<(string Action, string Resource)> Grants(this IamRole role) =>
        role.InlinePolicies.Values
            .SelectMany(p => p.Statements)
            .Where(s => s.Effect == PolicyEffect.Allow)
            .SelectMany(s => s.Actions.SelectMany(a => s.Resources.Select(r => (a, r))))
            .ToArray();

    public static IEnumerable<PolicyStatement> Statements(this IamRole role) => role.InlinePolicies.Values.SelectMany(p => p.Statements);

    /// <summary>Actions that only read: AWS's Get/List/Describe families, plus Logs Insights queries (reads).</summary>
    public static bool IsReadOnly(string action)
    {
        var name = action[(action.IndexOf(':', StringComparison.Ordinal) + 1)..];
        return name.StartsWith("Get", StringComparison.Ordinal) || name.StartsWith("List", StringComparison.Ordinal)
            || name.StartsWith("Describe", StringComparison.Ordinal) || name is "FilterLogEvents" or "StartQuery" or "StopQuery";
    }
}
