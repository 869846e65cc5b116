namespace Piksel.Emulator.Aws.Policy;

/// <summary>
/// Works out an <see cref="AuthorizationExplanation"/> by walking the same documents the decision used, statement by
/// statement, noting which applied and why the others (whose action matched) did not.
/// </summary>
internal static class DecisionExplainer
{
    /// <summary>At most this many statements are listed: a policy set may be large, an explanation should not be.</summary>
    public const int MaxStatements = 50;

    private const int MaxValues = 10;
    private const int MaxValueLength = 256;

    /// <summary>Condition keys whose request values are not shown: they may carry a shared secret.</summary>
    private static readonly HashSet<string> SensitiveKeys = new(StringComparer.OrdinalIgnoreCase) { "sts:ExternalId" };

    public static AuthorizationExplanation Explain(AuthorizationResult result, DecisionInputs inputs)
    {
        var findings = new List<StatementFinding>();
        var request = inputs.Request;
        foreach (var policy in inputs.Identity) Examine(findings, "identity-based policy", policy.Name, policy.Document, request, checkPrincipal: false);
        if (inputs.Boundary is { } boundary) Examine(findings, "permissions boundary", boundary.Name, boundary.Document, request, checkPrincipal: false);
        for (var i = 0; i < inputs.Session.Count; i++) Examine(findings, "session policy", inputs.Session[i].Name, inputs.Session[i].Document, request, checkPrincipal: false);
        if (inputs.ResourcePolicy is { } resource)
        {
            var source = SourceOf(inputs.Kind);
            Examine(findings, source, source, resource, request, checkPrincipal: true);
        }
        var decision = result.Allowed ? AuthorizationDecision.Allow : result.ExplicitDeny ? AuthorizationDecision.ExplicitDeny : AuthorizationDecision.ImplicitDeny;
        return new AuthorizationExplanation(decision, inputs.DecidedBy, Summarize(decision, inputs, findings), findings);
    }

    /// <summary>The label of a resource's policy by kind.</summary>
    public static string SourceOf(ResourcePolicyKind kind) => kind switch
    {
        ResourcePolicyKind.KeyPolicy => "key policy",
        ResourcePolicyKind.TrustPolicy => "trust policy",
        _ => "resource-based policy",
    };

    private static void Examine(List<StatementFinding> findings, string source, string name, PolicyDocument document, PolicyRequest request, bool checkPrincipal)
    {
        for (var i = 0; i < document.Statements.Count && findings.Count < MaxStatements; i++)
        {
            var statement = document.Statements[i];
            // Statements for other actions say nothing about this request; listing them would bury the ones that do.
            if (!statement.MatchesAction(request.Action)) continue;
            var label = statement.Sid is { Length: > 0 } sid ? sid : $"Statement[{i}]";
            var finding = new StatementFinding(source, name, label, statement.Effect, statement.Effect == PolicyEffect.Deny ? StatementOutcome.Denied : StatementOutcome.Allowed);
            if (!statement.MatchesResource(request)) finding = finding with { Outcome = StatementOutcome.ResourceNotMatched };
            else if (checkPrincipal && statement.MatchPrincipal(request) == PrincipalMatch.None) finding = finding with { Outcome = StatementOutcome.PrincipalNotMatched };
            else if (statement.FailedCondition(request) is { } failed) finding = finding with { Outcome = StatementOutcome.ConditionFailed, Condition = Describe(failed, request) };
            findings.Add(finding);
        }
    }

    private static ConditionFinding Describe(PolicyCondition condition, PolicyRequest request)
    {
        var op = (condition.Set == SetQualifier.None ? "" : condition.Set + ":") + condition.Operator + (condition.IfExists ? "IfExists" : "");
        var expected = condition.Values.Take(MaxValues).Select(v => Clip(v.Raw)).ToList();
        IReadOnlyList<string> actual = !request.Keys.TryGetValue(condition.Key, out var values) ? []
            : SensitiveKeys.Contains(condition.Key) ? ["(redacted)"]
            : values.Take(MaxValues).Select(Clip).ToList();
        return new ConditionFinding(condition.Key, op, expected, actual);
    }

    private static string Clip(string value) => value.Length <= MaxValueLength ? value : value[..MaxValueLength] + "…";

    private static string Summarize(AuthorizationDecision decision, DecisionInputs inputs, List<StatementFinding> findings)
    {
        var what = $"{inputs.Request.Action} on {inputs.Request.Resource}";
        switch (decision)
        {
            case AuthorizationDecision.Allow:
                var allow = findings.FirstOrDefault(f => f.Outcome == StatementOutcome.Allowed && f.Source == inputs.DecidedBy)
                    ?? findings.FirstOrDefault(f => f.Outcome == StatementOutcome.Allowed);
                return allow is null ? $"Allowed {what}: {inputs.DecidedBy}." : $"Allowed {what} by {Name(allow)}.";
            case AuthorizationDecision.ExplicitDeny:
                var deny = findings.FirstOrDefault(f => f.Outcome == StatementOutcome.Denied);
                return deny is null ? $"Explicitly denied {what}: {inputs.DecidedBy}." : $"Explicitly denied {what} by {Name(deny)}.";
            default:
                var near = findings.FirstOrDefault(f => f.Source == inputs.DecidedBy && f.Outcome != StatementOutcome.Allowed)
                    ?? findings.FirstOrDefault(f => f.Outcome is StatementOutcome.ConditionFailed or StatementOutcome.ResourceNotMatched or StatementOutcome.PrincipalNotMatched);
                var head = $"Implicitly denied {what}: no statement in the {inputs.DecidedBy} allows it";
                return near is null ? head + "." : $"{head}; nearest: {Name(near)} — {Why(near)}.";
        }
    }

    private static string Name(StatementFinding f) => $"{f.Source} {f.Policy}, statement {f.Statement}";

    private static string Why(StatementFinding f) => f.Outcome switch
    {
        StatementOutcome.ResourceNotMatched => "resource not matched",
        StatementOutcome.PrincipalNotMatched => "principal not named",
        StatementOutcome.ConditionFailed when f.Condition is { } c =>
            $"condition {c.Operator} {c.Key} expected [{string.Join(", ", c.Expected)}] but the request had {(c.Actual.Count == 0 ? "no value" : "[" + string.Join(", ", c.Actual) + "]")}",
        _ => f.Outcome.ToString(),
    };
}
