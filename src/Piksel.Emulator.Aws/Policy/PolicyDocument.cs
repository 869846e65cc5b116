using System.Collections.Concurrent;

namespace Piksel.Emulator.Aws.Policy;

/// <summary>What a policy document is for; each use has its own rules about Principal and Resource.</summary>
public enum PolicyUsage
{
    /// <summary>Grammar only: no rule about Principal, Resource optional (what <see cref="PolicyDocument.Parse(string)"/> checks).</summary>
    Any,
    /// <summary>An inline identity policy or a session policy: no Principal; Resource required.</summary>
    Identity,
    /// <summary>A customer managed policy: as <see cref="Identity"/>, and Version must be 2012-10-17.</summary>
    ManagedPolicy,
    /// <summary>A resource-based policy (bucket, secret, key policy): Principal and Resource required.</summary>
    Resource,
    /// <summary>A role trust policy: Principal required, no Resource, only STS assume actions.</summary>
    Trust,
}

/// <summary>Why a document was refused, so services whose wording differs from IAM's can rephrase.</summary>
public enum PolicyParseError
{
    Syntax, Version, LegacyParsing, DuplicateSid, MissingActions, MissingResources, ResourceFormat, ActionFormat,
    PrincipalNotAllowed, MissingPrincipal, InvalidPrincipal, ProhibitedResource, TrustAction,
}

/// <summary>A policy document that failed IAM's grammar; IAM answers <c>MalformedPolicyDocument</c> with <see cref="Exception.Message"/>.</summary>
public sealed class PolicyParseException(string message) : Exception(message)
{
    /// <summary>The kind of problem.</summary>
    public PolicyParseError Error { get; init; } = PolicyParseError.Syntax;
}

/// <summary>The outcome of evaluating policies for one request.</summary>
public enum PolicyDecision
{
    /// <summary>Nothing allowed it.</summary>
    ImplicitDeny,
    /// <summary>An applicable Allow and no applicable Deny.</summary>
    Allow,
    /// <summary>An applicable Deny.</summary>
    ExplicitDeny,
}

/// <summary>A resource policy's verdict and, for an Allow, the strongest way it named the caller.</summary>
public readonly record struct ResourcePolicyEvaluation(PolicyDecision Decision, PrincipalMatch AllowedAs);

/// <summary>An IAM policy document (identity, resource, trust, key or session policy), parsed and compiled.</summary>
public sealed class PolicyDocument
{
    private const int CacheLimit = 4096;
    private static readonly ConcurrentDictionary<string, PolicyDocument> Cache = new(StringComparer.Ordinal);

    /// <summary>A document with no statements: allows nothing, denies nothing.</summary>
    public static PolicyDocument Empty { get; } = new() { Statements = [] };

    /// <summary>2012-10-17, 2008-10-17, or null when absent (then the 2008 rules apply: no policy variables).</summary>
    public string? Version { get; init; }
    public string? Id { get; init; }
    public required IReadOnlyList<PolicyStatement> Statements { get; init; }

    /// <summary>Policy variables are only substituted in Version 2012-10-17 documents.</summary>
    public bool SupportsVariables => Version == "2012-10-17";

    /// <summary>Parses and validates policy JSON grammar as IAM does; throws <see cref="PolicyParseException"/> with IAM's wording.</summary>
    public static PolicyDocument Parse(string json) => Parse(json, PolicyUsage.Any);

    /// <summary>Parses and validates policy JSON for <paramref name="usage"/>; throws <see cref="PolicyParseException"/> with IAM's wording.</summary>
    public static PolicyDocument Parse(string json, PolicyUsage usage) => new PolicyParser(json, usage).Parse();

    /// <summary>
    /// The compiled document for stored JSON, parsed once and cached by its text (evaluation runs on every request).
    /// A stored document that does not parse counts as empty: it was validated when it was stored.
    /// </summary>
    public static PolicyDocument ForEvaluation(string json)
    {
        if (Cache.TryGetValue(json, out var cached)) return cached;
        PolicyDocument doc;
        try
        {
            doc = Parse(json);
        }
        catch (PolicyParseException)
        {
            doc = Empty;
        }
        if (Cache.Count >= CacheLimit) Cache.Clear();
        Cache[json] = doc;
        return doc;
    }

    /// <summary>Evaluates as an identity-type policy (identity, boundary, session): Principal elements are not consulted.</summary>
    public PolicyDecision Evaluate(PolicyRequest request)
    {
        var decision = PolicyDecision.ImplicitDeny;
        foreach (var statement in Statements)
        {
            if (!statement.Applies(request, checkPrincipal: false, out _)) continue;
            if (statement.Effect == PolicyEffect.Deny) return PolicyDecision.ExplicitDeny;
            decision = PolicyDecision.Allow;
        }
        return decision;
    }

    /// <summary>Evaluates as a resource-based policy: a statement applies only when its Principal names the caller.</summary>
    public ResourcePolicyEvaluation EvaluateAsResourcePolicy(PolicyRequest request)
    {
        var best = PrincipalMatch.None;
        foreach (var statement in Statements)
        {
            if (!statement.Applies(request, checkPrincipal: true, out var match)) continue;
            if (statement.Effect == PolicyEffect.Deny) return new ResourcePolicyEvaluation(PolicyDecision.ExplicitDeny, PrincipalMatch.None);
            if (match > best) best = match;
        }
        return new ResourcePolicyEvaluation(best == PrincipalMatch.None ? PolicyDecision.ImplicitDeny : PolicyDecision.Allow, best);
    }
}

/// <summary>Combines identity-type policies: any explicit Deny wins, else any Allow allows, else implicit deny.</summary>
public static class PolicyEvaluator
{
    /// <summary>The decision of <paramref name="policies"/> together.</summary>
    public static PolicyDecision Evaluate(IEnumerable<PolicyDocument> policies, PolicyRequest request)
    {
        var decision = PolicyDecision.ImplicitDeny;
        foreach (var policy in policies)
        {
            var d = policy.Evaluate(request);
            if (d == PolicyDecision.ExplicitDeny) return d;
            if (d == PolicyDecision.Allow) decision = d;
        }
        return decision;
    }
}
