using Piksel.Emulator.Aws.Policy;

namespace Piksel.Emulator.Aws.Hosting;

/// <summary>One authorization asked during a request: the action, the resource and the engine's answer.</summary>
public sealed record DecisionRecord(string Action, string Resource, AuthorizationResult Result);
