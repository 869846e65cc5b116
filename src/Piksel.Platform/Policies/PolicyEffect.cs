namespace Piksel.Platform.Policies;

/// <summary>Allow or Deny.</summary>
public enum PolicyEffect
{
    /// <summary>Grants the actions.</summary>
    Allow,

    /// <summary>Refuses the actions, whatever else allows them.</summary>
    Deny,
}
