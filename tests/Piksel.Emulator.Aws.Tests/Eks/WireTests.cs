using System.Net;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Http;
using static Piksel.Emulator.Aws.Tests.Eks.EksTestKit;

namespace Piksel.Emulator.Aws.Tests.Eks;

/// <summary>The restJson1 wire as SDKs read it: the error code in x-amzn-ErrorType, message and clusterName in the body, timestamps as epoch seconds.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class WireTests(EmulatorFixture fixture)
{
    [Fact]
    public async Task Errors_carry_the_code_header_and_the_cluster_name()
    {
        using var http = new HttpClient(new AwsSigningHandler(fixture.RootCredentials, Region, "eks")) { BaseAddress = Endpoint(fixture) };
        using var response = await http.GetAsync("/clusters/nowhere", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("ResourceNotFoundException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("No cluster found for name: nowhere.", body["message"]!.GetValue<string>());
        Assert.Equal("nowhere", body["clusterName"]!.GetValue<string>());

        using var unknown = await http.GetAsync("/no-such-operation", Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var unsigned = await new HttpClient().GetAsync(new Uri(Endpoint(fixture), "/clusters"), Ct);
        Assert.NotEqual(HttpStatusCode.OK, unsigned.StatusCode);
    }

    [Fact]
    public async Task Access_policies_are_listed_with_their_arns()
    {
        using var http = new HttpClient(new AwsSigningHandler(fixture.RootCredentials, Region, "eks")) { BaseAddress = Endpoint(fixture) };
        var body = JsonNode.Parse(await http.GetStringAsync("/access-policies", Ct))!;
        var policies = body["accessPolicies"]!.AsArray().Select(p => (p!["name"]!.GetValue<string>(), p["arn"]!.GetValue<string>())).ToList();
        Assert.Contains(("AmazonEKSClusterAdminPolicy", "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"), policies);
        Assert.Contains(("AmazonEKSViewPolicy", "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"), policies);
    }
}
