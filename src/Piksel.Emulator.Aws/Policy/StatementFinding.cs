namespace Piksel.Emulator.Aws.Policy;

/// <summary>One statement that took part in (or nearly took part in) a decision.</summary>
/// <param name="Source">The kind of policy: identity-based policy, permissions boundary, session policy, resource-based policy, key policy, trust policy.</param>
/// <param name="Policy">The policy's name (inline name, managed policy ARN, or the resource's policy).</param>
/// <param name="Statement">The statement's Sid, or <c>Statement[i]</c> (zero-based) when it has none.</param>
/// <param name="Effect">Allow or Deny as written.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="Condition">The condition that failed, for <see cref="StatementOutcome.ConditionFailed"/>.</param>
public sealed record StatementFinding(string Source, string Policy, string Statement, PolicyEffect Effect, StatementOutcome Outcome, ConditionFinding? Condition = null);
