using System.Net;

namespace Piksel.Emulator.Kubernetes.Tests.Hardening;

/// <summary>Patch bodies the fuzz suite found the server could not take.</summary>
public sealed class PatchBodyTests(HardeningServer fixture) : IClassFixture<HardeningServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_strategic_merge_patch_of_an_atomic_list_replaces_it_instead_of_overflowing_the_stack()
    {
        // Found by the fuzz suite (corpus: found-atomic-list-stack-overflow.json): an atomic list (args) recursed without end and killed the process.
        var deployments = $"/apis/apps/v1/namespaces/{fixture.Namespace}/deployments";
        var created = await RawResponse.SendAsync(fixture.Http, HttpMethod.Post, deployments,
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"atomic"},"spec":{"selector":{"matchLabels":{"app":"a"}},"template":{"metadata":{"labels":{"app":"a"}},"spec":{"containers":[{"name":"web","image":"nginx","args":["--old"]}]}}}}""",
            cancellationToken: Ct);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var patched = await RawResponse.SendAsync(fixture.Http, HttpMethod.Patch, deployments + "/atomic",
            """{"spec":{"template":{"spec":{"containers":[{"name":"web","args":["--port","8080"],"command":["nginx","-g"]}]}}}}""", "application/strategic-merge-patch+json", Ct);
        Assert.Equal(HttpStatusCode.OK, patched.Status);
        var container = patched.Json["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("""["--port","8080"]""", container["args"]!.ToJsonString());
        Assert.Equal("nginx", container["image"]!.GetValue<string>());
        await fixture.AssertAliveAsync(Ct);
    }
}
