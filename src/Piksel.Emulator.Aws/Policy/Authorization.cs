using System.Net;
using Piksel.Emulator.Aws.Identity;

namespace Piksel.Emulator.Aws.Policy;

/// <summary>How a resource's own policy takes part in a decision.</summary>
public enum ResourcePolicyKind
{
    /// <summary>A resource-based policy (bucket policy, secret policy): an Allow for the caller may grant on its own within an account.</summary>
    Standard,
    /// <summary>A KMS key policy: it must allow, directly or by delegating to the account root (then IAM policies must allow too).</summary>
    KeyPolicy,
    /// <summary>A role trust policy: it must name the principal; the caller's identity policy must allow too when the caller is from another account or is not anonymous/federated.</summary>
    TrustPolicy,
}

/// <summary>A resource's policy document and how it counts.</summary>
public sealed record ResourcePolicy(string Document, ResourcePolicyKind Kind = ResourcePolicyKind.Standard);

/// <summary>What the request looked like on the wire: the facts behind the global condition keys.</summary>
public sealed record RequestFacts(IPAddress? SourceIp, bool SecureTransport, string Region, DateTimeOffset Time);

/// <summary>One question for the policy engine: may <see cref="Caller"/> do <see cref="Action"/> on <see cref="Resource"/>?</summary>
public sealed record AuthorizationRequest
{
    public required Principal Caller { get; init; }
    /// <summary><c>service:Action</c>, e.g. <c>s3:GetObject</c>.</summary>
    public required string Action { get; init; }
    /// <summary>The resource ARN (or <c>*</c> for actions without a resource).</summary>
    public required string Resource { get; init; }
    /// <summary>The account that owns the resource; null means the caller's own account.</summary>
    public string? ResourceAccount { get; init; }
    /// <summary>The resource's policy, if it has one.</summary>
    public ResourcePolicy? ResourcePolicy { get; init; }
    /// <summary>Service-specific and request condition keys (s3:prefix, sts:ExternalId, &lt;issuer&gt;:sub …). Names are case-insensitive.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ContextKeys { get; init; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
    /// <summary>Facts for the global keys (aws:SourceIp, aws:SecureTransport, aws:RequestedRegion, aws:CurrentTime).</summary>
    public required RequestFacts Facts { get; init; }
}

/// <summary>The decision, with AWS's sentence for a denial (the wire error) and, on request, its explanation.</summary>
public sealed record AuthorizationResult(bool Allowed, bool ExplicitDeny, string Message)
{
    public static AuthorizationResult Allow { get; } = new(true, false, "");

    /// <summary>Allow, explicit deny or implicit deny.</summary>
    public AuthorizationDecision Decision => Allowed ? AuthorizationDecision.Allow : ExplicitDeny ? AuthorizationDecision.ExplicitDeny : AuthorizationDecision.ImplicitDeny;

    /// <summary>What the decision was made from; null for results not made by the <see cref="Authorizer"/>.</summary>
    internal DecisionInputs? Inputs { get; init; }

    /// <summary>
    /// Why: the statements that allowed or denied, the condition that failed, or that nothing matched. Worked out on
    /// first call (deciding stays as cheap as before when nobody asks); never part of the wire error.
    /// </summary>
    public AuthorizationExplanation Explain() =>
        Inputs?.Explain(this) ?? new AuthorizationExplanation(Decision, "", Allowed ? "Allowed." : Message, []);
}

/// <summary>Decides every signed request (and the anonymous ones AWS allows) with IAM's evaluation logic.</summary>
public interface IAuthorizer
{
    /// <summary>Evaluates all applicable policies for <paramref name="request"/>.</summary>
    AuthorizationResult Authorize(AuthorizationRequest request);
}
