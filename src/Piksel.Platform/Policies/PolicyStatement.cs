namespace Piksel.Platform.Policies;

/// <summary>One statement of a <see cref="PolicyDocument"/>.</summary>
public sealed record PolicyStatement
{
    /// <summary>Statement id. Default: none.</summary>
    public string? Sid { get; init; }

    /// <summary>Allow or Deny (no default: a statement says which).</summary>
    public required PolicyEffect Effect { get; init; }

    /// <summary>Whom a resource or trust policy applies to. Default: none (identity policies have none).</summary>
    public PolicyPrincipal? Principal { get; init; }

    /// <summary>The actions (<c>service:Action</c>, wildcards allowed). Default: none.</summary>
    public IReadOnlyList<string> Actions { get; init; } = [];

    /// <summary>The actions excepted. Default: none.</summary>
    public IReadOnlyList<string> NotActions { get; init; } = [];

    /// <summary>The resource ARNs. Default: none (trust policies have none).</summary>
    public IReadOnlyList<string> Resources { get; init; } = [];

    /// <summary>The resource ARNs excepted. Default: none.</summary>
    public IReadOnlyList<string> NotResources { get; init; } = [];

    /// <summary>Conditions, all of which must hold. Default: none.</summary>
    public IReadOnlyList<PolicyCondition> Conditions { get; init; } = [];

    internal PolicyStatement Map(Func<string, string> map) => this with
    {
        Principal = Principal?.Map(map),
        Actions = Actions.Select(map).ToArray(),
        NotActions = NotActions.Select(map).ToArray(),
        Resources = Resources.Select(map).ToArray(),
        NotResources = NotResources.Select(map).ToArray(),
        Conditions = Conditions.Select(c => new PolicyCondition(c.Operator, map(c.Key), c.Values.Select(map).ToArray())).ToArray(),
    };
}
