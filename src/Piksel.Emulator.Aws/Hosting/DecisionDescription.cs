using Piksel.Emulator.Aws.Policy;

namespace Piksel.Emulator.Aws.Hosting;

/// <summary>One decision of a request, explained.</summary>
public sealed record DecisionDescription(string Action, string Resource, AuthorizationDecision Decision, AuthorizationExplanation Explanation);
