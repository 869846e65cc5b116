namespace Piksel.Emulator.Aws.Policy;

/// <summary>How one statement fared against the request.</summary>
public enum StatementOutcome
{
    /// <summary>The statement applied and allowed.</summary>
    Allowed,
    /// <summary>The statement applied and denied.</summary>
    Denied,
    /// <summary>The action matched but the resource did not.</summary>
    ResourceNotMatched,
    /// <summary>The action and resource matched but the Principal element does not name the caller.</summary>
    PrincipalNotMatched,
    /// <summary>Everything matched except a condition.</summary>
    ConditionFailed,
}
