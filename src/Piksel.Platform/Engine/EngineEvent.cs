using Piksel.Platform.Spec;

namespace Piksel.Platform.Engine;

/// <summary>What happened to a resource while the engine worked; for progress displays and logs.</summary>
/// <param name="Resource">The resource.</param>
/// <param name="Change">The change being made (NoChange while reading).</param>
/// <param name="Phase">Where the work stands.</param>
/// <param name="Message">Details (scrubbed of secret values), e.g. the error that is being retried.</param>
/// <param name="Elapsed">Time since the engine started working on the resource.</param>
public sealed record EngineEvent(ResourceId Resource, ChangeKind Change, EnginePhase Phase, string? Message, TimeSpan Elapsed);
