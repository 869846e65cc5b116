using Piksel.Emulator.Aws.Iam;
using Piksel.Emulator.Aws.Identity;

namespace Piksel.Emulator.Aws.Policy;

/// <summary>
/// Gathers the caller's identity policies, boundary and session policies and the resource's policy, and decides as
/// IAM does: an explicit deny anywhere wins; within one account a resource policy naming the caller's own ARN grants
/// on its own, naming a role is still limited by boundary and session policies, naming the account delegates to IAM;
/// across accounts both sides must allow. Key policies and trust policies must always allow.
/// </summary>
public sealed class Authorizer(IamStore iam) : IAuthorizer
{
    private readonly CallerPolicies callerPolicies = new(iam);

    /// <inheritdoc />
    public AuthorizationResult Authorize(AuthorizationRequest request)
    {
        var policyRequest = new PolicyRequest { Action = request.Action, Resource = request.Resource, Caller = request.Caller, Keys = GlobalConditionKeys.For(request) };
        var kind = request.ResourcePolicy?.Kind ?? ResourcePolicyKind.Standard;
        var resourceDoc = request.ResourcePolicy is { } rp ? PolicyDocument.ForEvaluation(rp.Document) : null;
        var inputs = new DecisionInputs(policyRequest, kind, resourceDoc);
        var decided = Decide(request, inputs);
        // The inputs ride along so the explanation can be worked out later, only if someone asks.
        return new AuthorizationResult(decided.Allowed, decided.ExplicitDeny, decided.Message) { Inputs = inputs };
    }

    private AuthorizationResult Decide(AuthorizationRequest request, DecisionInputs inputs)
    {
        var caller = request.Caller;
        var policyRequest = inputs.Request;
        var kind = inputs.Kind;
        var resourceSource = DecisionExplainer.SourceOf(kind);
        var resource = inputs.ResourcePolicy is { } doc
            ? doc.EvaluateAsResourcePolicy(policyRequest)
            : new ResourcePolicyEvaluation(PolicyDecision.ImplicitDeny, PrincipalMatch.None);
        var denial = new Denial(request, kind);

        AuthorizationResult By(string part, AuthorizationResult result)
        {
            inputs.DecidedBy = part;
            return result;
        }

        if (kind == ResourcePolicyKind.TrustPolicy && caller.Kind == PrincipalKind.Root && request.Action.Equals("sts:AssumeRole", StringComparison.OrdinalIgnoreCase))
            return By("root user", new AuthorizationResult(false, false, "Roles may not be assumed by root accounts."));
        if (resource.Decision == PolicyDecision.ExplicitDeny) return By(resourceSource, denial.Explicit("a resource-based policy"));
        var sameAccount = caller.Kind != PrincipalKind.Anonymous && (request.ResourceAccount ?? caller.AccountId) == caller.AccountId;

        switch (caller.Kind)
        {
            case PrincipalKind.Anonymous:
                // Only a resource policy naming everyone (or, for web identity, the federated provider) can allow.
                return By(resourceSource, resource.AllowedAs == PrincipalMatch.Direct ? AuthorizationResult.Allow : denial.NoResourcePolicy());
            case PrincipalKind.Root:
                // The root user holds every permission in its account; key and trust policies must still name it,
                // and another account's resource must name it through a resource policy.
                if (sameAccount && kind == ResourcePolicyKind.Standard) return By("root user", AuthorizationResult.Allow);
                return By(resourceSource, resource.AllowedAs != PrincipalMatch.None ? AuthorizationResult.Allow : denial.NoResourcePolicy());
        }

        var (identityDocs, boundaryDoc, sessionDocs) = callerPolicies.Gather(caller);
        (inputs.Identity, inputs.Boundary, inputs.Session) = (identityDocs, boundaryDoc, sessionDocs);
        var identity = Evaluate(identityDocs, policyRequest);
        var boundary = boundaryDoc?.Document.Evaluate(policyRequest);
        var session = sessionDocs.Count > 0 ? Evaluate(sessionDocs, policyRequest) : (PolicyDecision?)null;
        if (identity == PolicyDecision.ExplicitDeny) return By("identity-based policy", denial.Explicit("an identity-based policy"));
        if (boundary == PolicyDecision.ExplicitDeny) return By("permissions boundary", denial.Explicit("a permissions boundary"));
        if (session == PolicyDecision.ExplicitDeny) return By("session policy", denial.Explicit("a session policy"));

        // What the boundary and the session policies leave: both must allow when present.
        AuthorizationResult? Limits() =>
            boundary is PolicyDecision.ImplicitDeny ? By("permissions boundary", denial.Implicit("permissions boundary"))
            : session is PolicyDecision.ImplicitDeny ? By("session policy", denial.Implicit("session policy"))
            : null;

        if (sameAccount)
        {
            if (resource.AllowedAs == PrincipalMatch.Direct) return By(resourceSource, AuthorizationResult.Allow);
            if (resource.AllowedAs == PrincipalMatch.Role) return Limits() ?? By(resourceSource, AuthorizationResult.Allow);
            if (kind != ResourcePolicyKind.Standard && resource.AllowedAs == PrincipalMatch.None) return By(resourceSource, denial.NoResourcePolicy());
            if (identity != PolicyDecision.Allow) return By("identity-based policy", denial.Implicit("identity-based policy"));
            return Limits() ?? By("identity-based policy", AuthorizationResult.Allow);
        }
        // Cross-account: the caller's own account must allow, and so must the resource's policy.
        if (identity != PolicyDecision.Allow) return By("identity-based policy", denial.Implicit("identity-based policy"));
        return Limits() ?? By(resourceSource, resource.AllowedAs != PrincipalMatch.None ? AuthorizationResult.Allow : denial.NoResourcePolicy());
    }

    /// <summary>Identity-type policies together: any explicit Deny wins, else any Allow allows.</summary>
    private static PolicyDecision Evaluate(List<NamedPolicy> policies, PolicyRequest request)
    {
        var decision = PolicyDecision.ImplicitDeny;
        foreach (var policy in policies)
        {
            var d = policy.Document.Evaluate(request);
            if (d == PolicyDecision.ExplicitDeny) return d;
            if (d == PolicyDecision.Allow) decision = d;
        }
        return decision;
    }

    /// <summary>AWS's sentences for a denial.</summary>
    private readonly struct Denial(AuthorizationRequest request, ResourcePolicyKind kind)
    {
        private string Head => $"User: {(request.Caller.Kind == PrincipalKind.Anonymous ? "anonymous" : request.Caller.Arn)} is not authorized to perform: {request.Action} on resource: {request.Resource}";

        public AuthorizationResult Explicit(string where) =>
            (where == "a resource-based policy" ? Trust(explicitDeny: true) : null) ?? new AuthorizationResult(false, true, $"{Head} with an explicit deny in {where}");

        public AuthorizationResult Implicit(string type) =>
            new(false, false, $"{Head} because no {type} allows the {request.Action} action");

        public AuthorizationResult NoResourcePolicy() => Trust(explicitDeny: false) ?? Implicit("resource-based policy");

        // STS words trust-policy refusals without a reason; web identity callers get no ARN at all.
        private AuthorizationResult? Trust(bool explicitDeny)
        {
            if (kind != ResourcePolicyKind.TrustPolicy) return null;
            return request.Caller.Kind == PrincipalKind.Anonymous
                ? new AuthorizationResult(false, explicitDeny, $"Not authorized to perform {request.Action}")
                : new AuthorizationResult(false, explicitDeny, Head);
        }
    }
}
