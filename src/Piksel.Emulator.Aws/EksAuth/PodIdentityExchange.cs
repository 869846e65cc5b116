using Piksel.Emulator.Aws.Eks;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Iam;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Sts;
using Piksel.Emulator.Kubernetes.Tokens;

namespace Piksel.Emulator.Aws.EksAuth;

/// <summary>
/// The one exchange of a pod's projected token for its role's credentials, shared by EKS Auth's AssumeRoleForPodIdentity
/// and the local Pod Identity Agent: the token must be a service-account token of the cluster for the audience
/// <c>pods.eks.amazonaws.com</c>, bound to a pod (verified with the cluster's signing key, as EKS Auth does with the
/// cluster's issuer); its service account must have an association; the role must trust <c>pods.eks.amazonaws.com</c>
/// with sts:AssumeRole and sts:TagSession. The answer is a real STS role session carrying EKS's session tags. Failures
/// are EKS Auth's errors (<see cref="EksAuthErrors"/>), never carrying the token.
/// </summary>
internal sealed class PodIdentityExchange(EmulatorState state, EksService eks)
{
    /// <summary>The audience the Pod Identity webhook projects tokens for, and the service principal roles trust.</summary>
    public const string PodsService = "pods.eks.amazonaws.com";

    /// <summary>Projected tokens are a few hundred bytes to a couple of kilobytes; anything far larger is not one.</summary>
    public const int MaxTokenLength = 16 * 1024;

    /// <summary>Pod Identity credentials last six hours; the agent refreshes them well before.</summary>
    private const int DurationSeconds = 6 * 60 * 60;

    /// <summary>The clusters and associations the exchange reads.</summary>
    public EksService Eks => eks;

    /// <summary>Checks the token's presence and size (EKS Auth's InvalidParameterException).</summary>
    public static string RequireToken(string? token)
    {
        if (string.IsNullOrEmpty(token)) throw EksAuthErrors.InvalidParameter("The request must contain the parameter token.");
        if (token.Length > MaxTokenLength) throw EksAuthErrors.InvalidParameter($"The token must be at most {MaxTokenLength} characters.");
        return token;
    }

    /// <summary>Verifies <paramref name="token"/> against <paramref name="cluster"/>, finds its association, checks the role's trust and issues the session.</summary>
    public async Task<PodIdentityGrant> ExchangeAsync(EksClusterRecord cluster, string? token, RequestFacts facts)
    {
        var checkedToken = RequireToken(token);
        var server = eks.FindServer(cluster.AccountId, cluster.Region, cluster.Name)
            ?? throw EksAuthErrors.InvalidToken("The token could not be validated: the cluster's issuer is not available.");

        var verified = await server.State.Context.Tokens.ValidateAsync(checkedToken, [PodsService]);
        if (verified.User is not { } user)
        {
            // The reason, never the token.
            throw verified.Error?.Contains("has expired", StringComparison.Ordinal) == true
                ? EksAuthErrors.ExpiredToken("The token has expired.")
                : EksAuthErrors.InvalidToken($"The token is not valid for this cluster: {verified.Error}");
        }
        var (ns, serviceAccount) = Subject(user.Name);
        if (!user.Extra.TryGetValue(ServiceAccountUser.PodNameKey, out var podNames) || !user.Extra.TryGetValue(ServiceAccountUser.PodUidKey, out var podUids))
            throw EksAuthErrors.InvalidToken("The token is not bound to a pod.");

        var association = eks.FindAssociation(cluster, ns, serviceAccount)
            ?? throw EksAuthErrors.NotFound($"No Pod Identity Association found for service account {ns}/{serviceAccount} in cluster {cluster.Name}.");
        // A role not yet propagated from IAM cannot be assumed yet.
        var role = state.Iam.Effective.FindRoleByArn(association.RoleArn)
            ?? throw EksAuthErrors.AccessDenied($"Failed to assume role {association.RoleArn}: the role does not exist.");
        var tags = association.DisableSessionTags ? new Dictionary<string, string>() : new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["eks-cluster-arn"] = cluster.Arn,
            ["eks-cluster-name"] = cluster.Name,
            ["kubernetes-namespace"] = ns,
            ["kubernetes-service-account"] = serviceAccount,
            ["kubernetes-pod-name"] = podNames[0],
            ["kubernetes-pod-uid"] = podUids[0],
        };
        AuthorizeByTrustPolicy(facts, role, cluster, tags);

        var session = SessionIssuer.Issue(state, new SessionGrant
        {
            Role = role,
            SessionName = SessionName(cluster.Name, podNames[0]),
            DurationSeconds = DurationSeconds,
            Tags = tags,
        });
        return new PodIdentityGrant(ns, serviceAccount, association, session);
    }

    /// <summary>
    /// The role's trust policy alone decides, for the service principal <c>pods.eks.amazonaws.com</c> acting for the cluster
    /// (aws:SourceArn, aws:SourceAccount), sts:AssumeRole and, with session tags, sts:TagSession.
    /// </summary>
    private void AuthorizeByTrustPolicy(RequestFacts facts, RoleRecord role, EksClusterRecord cluster, Dictionary<string, string> tags)
    {
        var keys = RequestTagKeys.Of(tags);
        keys["aws:PrincipalServiceName"] = [PodsService];
        keys["aws:SourceArn"] = [cluster.Arn];
        keys["aws:SourceAccount"] = [cluster.AccountId];
        var caller = Principal.Anonymous with { UserId = PodsService };
        var trust = new ResourcePolicy(role.AssumeRolePolicyDocument, ResourcePolicyKind.TrustPolicy);
        foreach (var action in tags.Count > 0 ? new[] { "sts:AssumeRole", "sts:TagSession" } : ["sts:AssumeRole"])
        {
            var decision = state.Authorizer.Authorize(new AuthorizationRequest
            {
                Caller = caller,
                Action = action,
                Resource = role.Arn,
                ResourceAccount = role.AccountId,
                ResourcePolicy = trust,
                ContextKeys = keys,
                Facts = facts,
            });
            if (!decision.Allowed)
                throw EksAuthErrors.AccessDenied($"Failed to assume role {role.Arn}: its trust policy does not allow {PodsService} to perform {action}.");
        }
    }

    /// <summary>The namespace and name of <c>system:serviceaccount:&lt;ns&gt;:&lt;name&gt;</c>.</summary>
    private static (string Namespace, string Name) Subject(string user)
    {
        var parts = user.Split(':');
        return parts is ["system", "serviceaccount", { Length: > 0 } ns, { Length: > 0 } name]
            ? (ns, name)
            : throw EksAuthErrors.InvalidToken("The token's subject is not a service account.");
    }

    /// <summary><c>eks-&lt;cluster&gt;-&lt;pod&gt;-&lt;id&gt;</c>, within STS's 64 characters.</summary>
    private static string SessionName(string cluster, string pod)
    {
        var name = $"eks-{cluster}-{pod}";
        var suffix = "-" + Guid.NewGuid().ToString("N")[..8];
        return (name.Length + suffix.Length > 64 ? name[..(64 - suffix.Length)] : name) + suffix;
    }
}
