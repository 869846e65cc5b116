namespace Piksel.Platform.Engine;

/// <summary>The phases of an <see cref="EngineEvent"/>.</summary>
public enum EnginePhase
{
    /// <summary>Work on the resource began.</summary>
    Started,

    /// <summary>A call failed with a retryable error and will be repeated.</summary>
    Retrying,

    /// <summary>The resource is done.</summary>
    Completed,

    /// <summary>The resource failed.</summary>
    Failed,

    /// <summary>The resource was not touched because a dependency failed.</summary>
    Skipped,
}
