using k8s;
using k8s.Models;
using static Piksel.Emulator.Kubernetes.Tests.Tokens.TokenTestKit;

namespace Piksel.Emulator.Kubernetes.Tests.Tokens;

public sealed class SigningKeyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Tokens_and_keys_survive_a_restart_with_a_data_directory()
    {
        var data = Path.Combine(Path.GetTempPath(), $"piksel-sa-{Guid.NewGuid():N}");
        try
        {
            string token, jwks, issuer;
            await using (var first = await KubeApiServer.StartAsync(new KubeApiServerOptions { DataDirectory = data }, cancellationToken: Ct))
            {
                using var admin = Admin(first);
                await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "keep" } }, cancellationToken: Ct);
                await EnsureServiceAccountAsync(admin, "keep", "app");
                token = (await RequestTokenAsync(admin, "keep", "app")).Status.Token;
                using var http = Anonymous(first);
                jwks = await http.GetStringAsync("/openid/v1/jwks", Ct);
                issuer = first.Issuer;
            }
            Assert.True(File.Exists(Path.Combine(data, "pki", "sa.key")));

            await using var second = await KubeApiServer.StartAsync(new KubeApiServerOptions { DataDirectory = data }, cancellationToken: Ct);
            Assert.Equal(issuer, second.Issuer);
            using (var http = Anonymous(second))
                Assert.Equal(jwks, await http.GetStringAsync("/openid/v1/jwks", Ct));
            using var client = ClientFor(second, token);
            var who = await client.AuthenticationV1.CreateSelfSubjectReviewAsync(new V1SelfSubjectReview(), cancellationToken: Ct);
            Assert.Equal("system:serviceaccount:keep:app", who.Status.UserInfo.Username);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static k8s.Kubernetes Admin(KubeApiServer server) =>
        new(KubernetesClientConfiguration.BuildConfigFromConfigFile(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(server.Kubeconfig))));
}
