using System.Text;
using System.Text.Json.Nodes;
using k8s;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;
using static Piksel.Emulator.Kubernetes.Tests.Kubectl.KubectlAssert;

namespace Piksel.Emulator.Kubernetes.Tests.Kubectl;

/// <summary><c>kubectl apply</c> of a Secret with stringData: the server keeps data only; the last-applied annotation keeps what the user sent.</summary>
[Collection(ClusterCollection.Name)]
public sealed class KubectlSecretTests(ClusterFixture fixture)
{
    public static IEnumerable<TheoryDataRow<string>> Versions() => KubectlBinaries.All();

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Apply_a_secret_with_string_data_stores_data_and_get_shows_no_string_data(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await fixture.NewNamespaceAsync("kstr");
        var manifest = $"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: login
              namespace: {ns}
            type: Opaque
            data:
              user: b2xk
            stringData:
              user: piksel
              password: s3cr3t
            """;
        Prints(Ok(await kubectl.RunAsync(["apply", "-f", "-"], manifest)), "secret/login created");

        var yaml = Ok(await kubectl.RunAsync("get", "secret", "login", "-n", ns, "-o", "yaml")).Stdout;
        Assert.DoesNotContain("\nstringData:", yaml, StringComparison.Ordinal);
        var json = JsonNode.Parse(Ok(await kubectl.RunAsync("get", "secret", "login", "-n", ns, "-o", "json")).Stdout)!;
        Assert.Null(json["stringData"]);
        Assert.Equal(Convert.ToBase64String("piksel"u8), json["data"]!["user"]!.GetValue<string>());
        Assert.Equal(Convert.ToBase64String("s3cr3t"u8), json["data"]!["password"]!.GetValue<string>());
        var lastApplied = JsonNode.Parse(json["metadata"]!["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"]!.GetValue<string>())!;
        Assert.Equal("piksel", lastApplied["stringData"]!["user"]!.GetValue<string>());

        // A second apply with a changed stringData value reaches data.
        Ok(await kubectl.RunAsync(["apply", "-f", "-"], manifest.Replace("password: s3cr3t", "password: rotated", StringComparison.Ordinal)));
        var secret = await fixture.Client.CoreV1.ReadNamespacedSecretAsync("login", ns, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("rotated", Encoding.UTF8.GetString(secret.Data["password"]));
        Assert.Null(secret.StringData);
    }
}
