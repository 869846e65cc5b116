namespace Piksel.Platform.Engine;

/// <summary>Whether a plan converges the platform on its spec or removes it.</summary>
public enum PlanMode
{
    /// <summary>Create, update, replace, and delete what the spec no longer lists.</summary>
    Apply,

    /// <summary>Delete everything the environment's tags mark as managed.</summary>
    Destroy,
}
