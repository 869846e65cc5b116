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

/// <summary>A condition test that did not hold: the key, the operator, what the policy expected and what the request had.</summary>
/// <param name="Key">The condition key, e.g. <c>aws:PrincipalTag/team</c>.</param>
/// <param name="Operator">The operator as written, e.g. <c>ForAnyValue:StringLikeIfExists</c>.</param>
/// <param name="Expected">The policy's values as written.</param>
/// <param name="Actual">The request's values (empty when the key was absent; redacted for keys that may carry a secret).</param>
public sealed record ConditionFinding(string Key, string Operator, IReadOnlyList<string> Expected, IReadOnlyList<string> Actual);

/// <summary>One statement that took part in (or nearly took part in) a decision.</summary>
/// <param name="Source">The kind of policy: identity-based policy, permissions boundary, session policy, resource-based policy, key policy, trust policy.</param>
/// <param name="Policy">The policy's name (inline name, managed policy ARN, or the resource's policy).</param>
/// <param name="Statement">The statement's Sid, or <c>Statement[i]</c> (zero-based) when it has none.</param>
/// <param name="Effect">Allow or Deny as written.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="Condition">The condition that failed, for <see cref="StatementOutcome.ConditionFailed"/>.</param>
public sealed record StatementFinding(string Source, string Policy, string Statement, PolicyEffect Effect, StatementOutcome Outcome, ConditionFinding? Condition = null);

/// <summary>
/// Why a request was allowed or refused: the deciding part (identity policies, boundary, session policies, the resource's
/// policy), the statements that allowed or denied, those that nearly applied and why not. Never carries a secret value.
/// </summary>
/// <param name="Decision">The outcome.</param>
/// <param name="DecidedBy">The part of the evaluation that decided, e.g. <c>identity-based policy</c>.</param>
/// <param name="Summary">One readable sentence.</param>
/// <param name="Statements">The statements whose action matched, in evaluation order (bounded).</param>
public sealed record AuthorizationExplanation(AuthorizationDecision Decision, string DecidedBy, string Summary, IReadOnlyList<StatementFinding> Statements);
