namespace Piksel.Emulator.Aws.Policy;

/// <summary>The three outcomes of IAM's evaluation.</summary>
public enum AuthorizationDecision
{
    /// <summary>Allowed.</summary>
    Allow,
    /// <summary>Refused by a Deny statement.</summary>
    ExplicitDeny,
    /// <summary>Refused because nothing that had to allow did.</summary>
    ImplicitDeny,
}
