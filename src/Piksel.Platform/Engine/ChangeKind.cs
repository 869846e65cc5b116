namespace Piksel.Platform.Engine;

/// <summary>What the engine will do to one resource.</summary>
public enum ChangeKind
{
    /// <summary>The resource matches the spec.</summary>
    NoChange,

    /// <summary>The resource does not exist yet.</summary>
    Create,

    /// <summary>The resource exists and differs in attributes that can change in place.</summary>
    Update,

    /// <summary>The resource differs in an attribute that cannot change in place: delete, then create.</summary>
    Replace,

    /// <summary>The resource carries the environment's tags but the spec no longer lists it (or destroy).</summary>
    Delete,
}
