using Piksel.Emulator.Aws.Policy;

namespace Piksel.Emulator.Aws.Hosting;

/// <summary>A request as <c>/_piksel/requests/&lt;id&gt;</c> answers it: the deciding action/resource/decision/explanation first, then every decision.</summary>
public sealed record RequestDescription(
    string RequestId, DateTimeOffset Time, string Service, string? Operation, string Principal, string Account, string Region, int Status,
    string? ErrorCode, string? Action, string? Resource, AuthorizationDecision? Decision, AuthorizationExplanation? Explanation,
    IReadOnlyList<DecisionDescription> Decisions);
