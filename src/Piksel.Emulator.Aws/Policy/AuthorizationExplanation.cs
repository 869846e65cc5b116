namespace Piksel.Emulator.Aws.Policy;

/// <summary>
/// Why a request was allowed or refused: the deciding part (identity policies, boundary, session policies, the resource's
/// policy), the statements that allowed or denied, those that nearly applied and why not. Never carries a secret value.
/// </summary>
/// <param name="Decision">The outcome.</param>
/// <param name="DecidedBy">The part of the evaluation that decided, e.g. <c>identity-based policy</c>.</param>
/// <param name="Summary">One readable sentence.</param>
/// <param name="Statements">The statements whose action matched, in evaluation order (bounded).</param>
public sealed record AuthorizationExplanation(AuthorizationDecision Decision, string DecidedBy, string Summary, IReadOnlyList<StatementFinding> Statements);
