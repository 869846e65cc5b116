using System.Text.RegularExpressions;

namespace Piksel.Platform.Policies;

/// <summary>Configures one statement for <see cref="PolicyDocumentBuilder"/>.</summary>
public sealed partial class PolicyStatementBuilder
{
    private readonly PolicyEffect effect;
    private readonly List<string> actions = [];
    private readonly List<string> resources = [];
    private readonly List<PolicyCondition> conditions = [];
    private string? sid;
    private PolicyPrincipal? principal;

    internal PolicyStatementBuilder(PolicyEffect effect) => this.effect = effect;

    /// <summary>Names the statement (letters and digits only, as IAM requires).</summary>
    public PolicyStatementBuilder Sid(string sid)
    {
        if (!SidPattern().IsMatch(sid))
        {
            throw new ArgumentException($"Statement id '{sid}' is not allowed: IAM accepts letters and digits only.", nameof(sid));
        }

        this.sid = sid;
        return this;
    }

    /// <summary>Adds actions (<c>service:Action</c>, <c>*</c> wildcards allowed).</summary>
    public PolicyStatementBuilder Actions(params IEnumerable<string> actions)
    {
        foreach (var action in actions)
        {
            if (action != "*" && !ActionPattern().IsMatch(action))
            {
                throw new ArgumentException($"Action '{action}' is not of the form service:Action.", nameof(actions));
            }

            this.actions.Add(action);
        }

        return this;
    }

    /// <summary>Adds resource ARNs (or <c>*</c>, or a reference to an ARN known once its resource exists).</summary>
    public PolicyStatementBuilder Resources(params IEnumerable<string> arns)
    {
        foreach (var arn in arns)
        {
            if (arn != "*" && !arn.StartsWith("arn:", StringComparison.Ordinal) && !Spec.OutputRef.HasTokens(arn))
            {
                throw new ArgumentException($"Resource '{arn}' is not an ARN.", nameof(arns));
            }

            resources.Add(arn);
        }

        return this;
    }

    /// <summary>Sets the principal (resource and trust policies).</summary>
    public PolicyStatementBuilder Principal(PolicyPrincipal principal)
    {
        this.principal = principal;
        return this;
    }

    /// <summary>Adds a condition.</summary>
    public PolicyStatementBuilder Condition(string op, string key, params IEnumerable<string> values)
    {
        var list = values.ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException($"Condition {op} on '{key}' needs at least one value.", nameof(values));
        }

        conditions.Add(new PolicyCondition(op, key, list));
        return this;
    }

    /// <summary>Adds a <c>StringEquals</c> condition.</summary>
    public PolicyStatementBuilder StringEquals(string key, params IEnumerable<string> values) => Condition("StringEquals", key, values);

    /// <summary>Adds a <c>StringLike</c> condition.</summary>
    public PolicyStatementBuilder StringLike(string key, params IEnumerable<string> values) => Condition("StringLike", key, values);

    /// <summary>Adds a <c>Bool</c> condition.</summary>
    public PolicyStatementBuilder Bool(string key, bool value) => Condition("Bool", key, value ? "true" : "false");

    internal PolicyStatement Build()
    {
        if (actions.Count == 0)
        {
            throw new InvalidOperationException("A policy statement needs at least one action.");
        }

        return new PolicyStatement
        {
            Sid = sid,
            Effect = effect,
            Principal = principal,
            Actions = actions.ToArray(),
            Resources = resources.ToArray(),
            Conditions = conditions.ToArray(),
        };
    }

    [GeneratedRegex("^[A-Za-z0-9]+$")]
    private static partial Regex SidPattern();

    [GeneratedRegex(@"^[a-z0-9-]+:[A-Za-z0-9*?]+$")]
    private static partial Regex ActionPattern();
}
