using System.Diagnostics;

namespace Piksel.Emulator.Aws.Hosting;

/// <summary>The emulator's OpenTelemetry source: one server span per AWS request (listen to <see cref="SourceName"/>).</summary>
public static class AwsTelemetry
{
    /// <summary>The ActivitySource name.</summary>
    public const string SourceName = "Piksel.Emulator.Aws";

    /// <summary>The source; spans cost nothing while nobody listens.</summary>
    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>The span tag for the decision word: <c>allow</c>, <c>explicit deny</c> or <c>implicit deny</c>.</summary>
    public static string DecisionWord(Policy.AuthorizationDecision decision) => decision switch
    {
        Policy.AuthorizationDecision.Allow => "allow",
        Policy.AuthorizationDecision.ExplicitDeny => "explicit deny",
        _ => "implicit deny",
    };
}
