using k8s;
using k8s.Models;
using Piksel.Platform.Definition;
using Piksel.Platform.Kubernetes.NetworkPolicies;
using Piksel.Platform.Verification;

namespace Piksel.Hosting.Verification;

/// <summary>
/// The guard rails as the cluster holds them: the NetworkPolicies and namespaces read live and evaluated into the
/// reachability matrix, and the developer groups' access asked of the cluster's authorizer with SubjectAccessReviews.
/// Policies are evaluated from the API, so this runs on every provider, whether or not its CNI enforces them.
/// </summary>
internal sealed class GuardRailVerifier(VerificationContext context)
{
    /// <summary>The user name the access reviews ask about (a member of the group under review and of system:authenticated).</summary>
    public const string ReviewUser = "piksel-verify-developer";

    /// <summary>Both matrices and their checks.</summary>
    public async Task<(IReadOnlyList<CheckResult> Results, IReadOnlyList<string> Matrices)> VerifyAsync(CancellationToken cancellationToken)
    {
        var expectations = PikselPlatform.GuardRailExpectations(context.Settings);
        var reachability = await ReachabilityAsync(expectations, cancellationToken);
        var rbac = await RbacMatrix.EvaluateAsync(expectations.Access, (cell, ct) => ReviewAsync(context.Kube, cell, ct), cancellationToken);
        return ([.. reachability.Results(), .. rbac.Results()], [reachability.Render(), rbac.Render()]);
    }

    /// <summary>The reachability matrix of the policies in force.</summary>
    public async Task<ReachabilityMatrix> ReachabilityAsync(GuardRailExpectations expectations, CancellationToken cancellationToken)
    {
        var policies = await context.Kube.NetworkingV1.ListNetworkPolicyForAllNamespacesAsync(cancellationToken: cancellationToken);
        var namespaces = await context.Kube.CoreV1.ListNamespaceAsync(cancellationToken: cancellationToken);
        return ReachabilityMatrix.Evaluate(expectations, new NetworkPolicyEvaluator(policies.Items, namespaces.Items));
    }

    /// <summary>Whether a member of the cell's group may do what the cell asks, as the cluster's authorizer answers.</summary>
    public static async Task<bool> ReviewAsync(IKubernetes kube, AccessReviewExpectation cell, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kube);
        ArgumentNullException.ThrowIfNull(cell);
        var review = new V1SubjectAccessReview
        {
            ApiVersion = "authorization.k8s.io/v1",
            Kind = "SubjectAccessReview",
            Spec = new V1SubjectAccessReviewSpec
            {
                User = ReviewUser,
                Groups = [cell.Group, "system:authenticated"],
                ResourceAttributes = new V1ResourceAttributes { NamespaceProperty = cell.Namespace, Verb = cell.Verb, Group = cell.ApiGroup, Resource = cell.Resource },
            },
        };
        var answer = await kube.AuthorizationV1.CreateSubjectAccessReviewAsync(review, cancellationToken: cancellationToken);
        return answer.Status?.Allowed == true && answer.Status.Denied != true;
    }
}
