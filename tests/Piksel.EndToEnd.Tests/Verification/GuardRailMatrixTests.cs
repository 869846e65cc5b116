using k8s.Models;
using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Hosting.Verification;
using Piksel.Platform.Definition;
using Piksel.Platform.Kubernetes.Handlers;
using Piksel.Platform.Kubernetes.NetworkPolicies;
using Piksel.Platform.Spec.Kubernetes;
using Piksel.Platform.Verification;

namespace Piksel.EndToEnd.Tests.Verification;

/// <summary>
/// The matrices' logic without a cluster: the definition's own policies evaluated give exactly the declared intent; a
/// policy missing or a decision against intent fails the check naming the cell and why.
/// </summary>
public sealed class GuardRailMatrixTests
{
    private static readonly GuardRailExpectations Expectations = PikselPlatform.GuardRailExpectations(PlatformClients.LocalSettings());

    private static readonly IReadOnlyList<string> Workloads = [.. Expectations.Endpoints.Select(e => e.Namespace)];

    private static readonly V1Namespace[] Namespaces =
        [.. Workloads.Append("kube-system").Select(ns => new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } })];

    private static List<V1NetworkPolicy> DefinedPolicies() =>
        [.. PlatformClients.LocalSpec().OfKind<KubernetesNetworkPolicy>().Select(NetworkPolicyHandler.Model)];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_defined_policies_give_exactly_the_declared_reachability()
    {
        var matrix = ReachabilityMatrix.Evaluate(Expectations, new NetworkPolicyEvaluator(DefinedPolicies(), Namespaces));

        var workloads = Workloads.Count;
        Assert.Equal(workloads * workloads, matrix.Cells.Count); // kube-dns plus every other namespace, per source
        Assert.All(matrix.Cells, c => Assert.True(c.AsIntended, c.Describe()));
        Assert.True(Cell(matrix, "jupyterhub", "database").Verdict.Allowed);
        Assert.Equal("database/allow-ingress-from-jupyterhub ingress[0]", Cell(matrix, "jupyterhub", "database").Verdict.Ingress.AllowedBy);
        Assert.False(Cell(matrix, "terria", "database").Verdict.Allowed);
        Assert.All(matrix.Cells.Where(c => c.To.Namespace == "kube-system"), c => Assert.True(c.Verdict.Allowed));
        Assert.All(matrix.Results(), r => Assert.Equal(CheckOutcome.Passed, r.Outcome));
        Assert.Equal("allowed: kube-system:53/UDP; the rest denied", matrix.Results().Single(r => r.Subject == "terria").Detail);

        var text = matrix.Render();
        Assert.Contains("FROM \\ TO", text, StringComparison.Ordinal);
        Assert.Matches(@"terria\s+allow\s+deny\s+deny", text);
        Assert.DoesNotContain("!", text.Split('\n', 2)[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_ingress_policy_fails_the_row_naming_the_cell_and_why()
    {
        var policies = DefinedPolicies().Where(p => p.Metadata.Name != "allow-ingress-from-jupyterhub").ToList();
        var matrix = ReachabilityMatrix.Evaluate(Expectations, new NetworkPolicyEvaluator(policies, Namespaces));

        var failed = Assert.Single(matrix.Results(), r => r.Outcome == CheckOutcome.Failed);
        Assert.Equal("jupyterhub", failed.Subject);
        Assert.StartsWith("jupyterhub -> database:5432 denied, intended allowed (egress: allowed by jupyterhub/allow-egress-to-database egress[0]; ingress: isolated by database/default-deny-all", failed.Detail, StringComparison.Ordinal);
        Assert.Contains("no rule allows it", failed.Detail, StringComparison.Ordinal);
        Assert.Contains("deny !", matrix.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_any_policy_every_cell_meant_to_be_denied_fails()
    {
        var matrix = ReachabilityMatrix.Evaluate(Expectations, new NetworkPolicyEvaluator([], Namespaces));
        var failed = matrix.Results().Where(r => r.Outcome == CheckOutcome.Failed).ToList();
        // Monitoring may reach every other namespace, so only its row holds without policies.
        Assert.Equal(Workloads.Where(w => w != "monitoring"), failed.Select(r => r.Subject));
        Assert.Contains("terria -> database:5432 allowed, intended denied (egress: not isolated", failed.Single(r => r.Subject == "terria").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_rbac_matrix_passes_when_the_authorizer_answers_as_the_roles_grant()
    {
        var matrix = await RbacMatrix.EvaluateAsync(Expectations.Access, (cell, _) => Task.FromResult(RoleGrants(cell)), Ct);

        Assert.Equal(Workloads.Count, matrix.Results().Count);
        Assert.All(matrix.Results(), r => Assert.Equal(CheckOutcome.Passed, r.Outcome));
        var odc = matrix.Results().Single(r => r.Subject == "piksel:odc-developers");
        Assert.Equal("get pods -n odc: yes, intended yes, list pods -n odc: yes, intended yes, get secrets -n odc: no, intended no, "
            + "create deployments.apps -n odc: no, intended no, get pods -n odc-stac: no, intended no", odc.Detail);
        Assert.Matches(@"piksel:odc-developers\s+get pods -n odc: yes\s+list pods -n odc: yes\s+get secrets -n odc: no", matrix.Render());
    }

    [Fact]
    public async Task A_grant_beyond_the_role_or_an_unanswered_review_fails_its_group_naming_the_cell()
    {
        var matrix = await RbacMatrix.EvaluateAsync(Expectations.Access, (cell, _) => cell switch
        {
            { Group: "piksel:odc-developers", Resource: "secrets" } => Task.FromResult(true),
            { Group: "piksel:terria-developers" } => throw new InvalidOperationException("the server answered 404"),
            _ => Task.FromResult(RoleGrants(cell)),
        }, Ct);

        var failed = matrix.Results().Where(r => r.Outcome == CheckOutcome.Failed).ToDictionary(r => r.Subject, r => r.Detail);
        Assert.Equal(["piksel:odc-developers", "piksel:terria-developers"], failed.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("get secrets -n odc: yes, intended no", failed["piksel:odc-developers"]);
        Assert.StartsWith("get pods -n terria: not answered (the server answered 404)", failed["piksel:terria-developers"], StringComparison.Ordinal);
        Assert.Contains("get secrets -n odc: yes !", matrix.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_prints_its_matrices_after_the_table()
    {
        var report = new VerificationReport([new CheckResult("NetworkPolicy", "odc", "x", CheckOutcome.Passed, "")], TimeSpan.Zero, ["Reachability M\n", "RBAC M\n"]);
        var text = report.Render();
        Assert.StartsWith("AREA", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("Reachability M", StringComparison.Ordinal) < text.IndexOf("RBAC M", StringComparison.Ordinal));
        Assert.True(text.IndexOf("RBAC M", StringComparison.Ordinal) < text.IndexOf("Verification passed", StringComparison.Ordinal));
    }

    private static ReachabilityCell Cell(ReachabilityMatrix matrix, string from, string to) =>
        matrix.Cells.Single(c => c.From == from && c.To.Namespace == to);

    // What the definition's developer Role grants, read from its rules: the decision a correct RBAC authorizer makes.
    private static bool RoleGrants(AccessReviewExpectation cell) =>
        cell.Group == GuardRailDefinitionGroup(cell.Namespace)
        && PlatformClients.LocalSpec().OfKind<KubernetesRole>().Single(r => r.Namespace == cell.Namespace).Rules
            .Any(r => r.ApiGroups.Contains(cell.ApiGroup) && r.Resources.Contains(cell.Resource) && r.Verbs.Contains(cell.Verb));

    private static string GuardRailDefinitionGroup(string ns) => $"piksel:{ns}-developers";
}
