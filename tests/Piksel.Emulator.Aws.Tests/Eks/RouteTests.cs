using Piksel.Emulator.Aws.Eks;
using Piksel.Emulator.Aws.Hosting;

namespace Piksel.Emulator.Aws.Tests.Eks;

/// <summary>EKS's REST routes and its operation table agree: every route names a declared operation, every operation has one route.</summary>
public sealed class RouteTests
{
    [Fact]
    public async Task Every_operation_has_exactly_one_route_and_every_route_a_declared_operation()
    {
        using var state = new EmulatorState(new AwsEmulatorOptions());
        var ec2 = new Aws.Ec2.Ec2Service(state);
        await using var service = new EksService(state, ec2.Subnets, ec2.ClusterSecurityGroups);
        var declared = service.Operations.All.Select(o => o.Name).Order(StringComparer.Ordinal).ToList();
        var routed = EksRoutes.All.Select(r => r.Operation).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(declared, routed);
        Assert.Equal(EksRoutes.All.Count, EksRoutes.All.Select(r => (r.Method, r.Path)).Distinct().Count());
    }

    /// <summary>Segments as the service decodes them: an ARN travels percent-encoded, so it is one segment however many '/' it holds.</summary>
    [Theory]
    [InlineData("CreateCluster", "POST", new[] { "clusters" })]
    [InlineData("DescribeCluster", "GET", new[] { "clusters", "c1" })]
    [InlineData("UpdateAccessEntry", "POST", new[] { "clusters", "c1", "access-entries", "arn:aws:iam::1:role/x" })]
    [InlineData("ListAssociatedAccessPolicies", "GET", new[] { "clusters", "c1", "access-entries", "arn:aws:iam::1:role/x", "access-policies" })]
    [InlineData("ListAccessPolicies", "GET", new[] { "access-policies" })]
    [InlineData("UntagResource", "DELETE", new[] { "tags", "arn:aws:eks:r:1:cluster/c1" })]
    [InlineData("UpdateAddon", "POST", new[] { "clusters", "c1", "addons", "coredns", "update" })]
    [InlineData("DescribeAddonVersions", "GET", new[] { "addons", "supported-versions" })]
    [InlineData("DeleteFargateProfile", "DELETE", new[] { "clusters", "c1", "fargate-profiles", "p1" })]
    [InlineData("UpdatePodIdentityAssociation", "POST", new[] { "clusters", "c1", "pod-identity-associations", "a-0123456789abcdefg" })]
    [InlineData("DescribeUpdate", "GET", new[] { "clusters", "c1", "updates", "u1" })]
    public void A_request_takes_the_route_of_its_method_and_path(string operation, string method, string[] segments) =>
        Assert.Equal(operation, EksRoutes.Match(method, segments)?.Operation);

    [Fact]
    public void Path_parameters_are_read_from_the_template()
    {
        string[] segments = ["clusters", "c1", "access-entries", "arn:aws:iam::1:role/x", "access-policies", "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"];
        var route = EksRoutes.Match("DELETE", segments);
        Assert.NotNull(route);
        Assert.Equal("c1", route.Bind(segments, "name"));
        Assert.Equal("arn:aws:iam::1:role/x", route.Bind(segments, "principalArn"));
        Assert.Equal("arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy", route.Bind(segments, "policyArn"));
        Assert.Throws<InvalidOperationException>(() => route.Bind(segments, "resourceArn"));
    }

    [Theory]
    [InlineData("PUT", new[] { "clusters" })]
    [InlineData("GET", new[] { "no-such-operation" })]
    [InlineData("GET", new[] { "clusters", "c1", "access-entries", "p", "access-policies", "x", "extra" })]
    public void A_request_without_a_route_takes_none(string method, string[] segments) =>
        Assert.Null(EksRoutes.Match(method, segments));
}
