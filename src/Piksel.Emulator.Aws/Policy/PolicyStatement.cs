using Piksel.Emulator.Aws.Identity;

namespace Piksel.Emulator.Aws.Policy;

/// <summary>Allow or Deny.</summary>
public enum PolicyEffect { Allow, Deny }

/// <summary>One statement of a policy document, compiled for matching.</summary>
public sealed class PolicyStatement
{
    public string? Sid { get; init; }
    public required PolicyEffect Effect { get; init; }
    /// <summary>Action patterns, lower-cased (actions match case-insensitively); null when the statement uses NotAction.</summary>
    public IReadOnlyList<string>? Actions { get; init; }
    public IReadOnlyList<string>? NotActions { get; init; }
    internal IReadOnlyList<PolicyPattern>? Resources { get; init; }
    internal IReadOnlyList<PolicyPattern>? NotResources { get; init; }
    internal PolicyPrincipals? Principal { get; init; }
    internal PolicyPrincipals? NotPrincipal { get; init; }
    internal IReadOnlyList<PolicyCondition> Conditions { get; init; } = [];

    /// <summary>True when the statement has a Principal or NotPrincipal element.</summary>
    public bool HasPrincipal => Principal is not null || NotPrincipal is not null;

    /// <summary>The resources as written (null with NotResource).</summary>
    public IEnumerable<string>? ResourceTexts => Resources?.Select(r => r.Raw);

    /// <summary>
    /// Whether the statement applies to the request; with <paramref name="checkPrincipal"/> the Principal element must
    /// name the caller (resource policies), and <paramref name="match"/> says how.
    /// </summary>
    public bool Applies(PolicyRequest request, bool checkPrincipal, out PrincipalMatch match)
    {
        match = PrincipalMatch.Direct;
        if (!MatchesAction(request.Action) || !MatchesResource(request)) return false;
        if (checkPrincipal)
        {
            match = MatchPrincipal(request);
            if (match == PrincipalMatch.None) return false;
        }
        return FailedCondition(request) is null;
    }

    /// <summary>How the Principal/NotPrincipal element names the request's caller.</summary>
    internal PrincipalMatch MatchPrincipal(PolicyRequest request)
    {
        var caller = request.Caller ?? Identity.Principal.Anonymous;
        if (Principal is not null) return Principal.Match(caller, request.Keys);
        if (NotPrincipal is not null) return NotPrincipal.Lists(caller, request.Keys) ? PrincipalMatch.None : PrincipalMatch.Direct;
        return PrincipalMatch.None;
    }

    /// <summary>The first condition that does not hold, or null when all hold.</summary>
    internal PolicyCondition? FailedCondition(PolicyRequest request)
    {
        foreach (var condition in Conditions)
            if (!condition.Evaluate(request.Keys)) return condition;
        return null;
    }

    internal bool MatchesAction(string action)
    {
        if (Actions is not null) return Actions.Any(a => ActionMatches(a, action));
        return NotActions is not null && !NotActions.Any(a => ActionMatches(a, action));
    }

    private static bool ActionMatches(string pattern, string action) =>
        pattern == "*" || Glob.Match(pattern, action, ignoreCase: true);

    internal bool MatchesResource(PolicyRequest request)
    {
        // Trust policies have no Resource: the role itself is the resource.
        if (Resources is null && NotResources is null) return true;
        if (Resources is not null) return Resources.Any(r => ResourceMatches(r, request));
        return !NotResources!.Any(r => ResourceMatches(r, request));
    }

    private static bool ResourceMatches(PolicyPattern pattern, PolicyRequest request)
    {
        if (pattern.Raw == "*") return true;
        // ARN wildcards: '*' may span '/' and ':' (AWS lets a segment-final '*' run on); matching is case-sensitive.
        return pattern.TryResolve(request.Keys, out var resolved) && resolved.Like(request.Resource);
    }
}

/// <summary>What a policy is asked: may <see cref="Caller"/> do <see cref="Action"/> on <see cref="Resource"/>, given <see cref="Keys"/>?</summary>
public sealed record PolicyRequest
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoKeys =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary><c>service:Action</c>.</summary>
    public required string Action { get; init; }
    /// <summary>The resource ARN, or <c>*</c>.</summary>
    public required string Resource { get; init; }
    /// <summary>The caller, for Principal/NotPrincipal; null counts as anonymous.</summary>
    public Principal? Caller { get; init; }
    /// <summary>Condition keys with their values; the dictionary must compare names case-insensitively.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Keys { get; init; } = NoKeys;
}
