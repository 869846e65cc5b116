using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;
using static Piksel.Emulator.Kubernetes.Tests.Kubectl.KubectlAssert;

namespace Piksel.Emulator.Kubernetes.Tests.Kubectl;

/// <summary>
/// kubectl apply of the External Secrets kinds the server serves as built-ins (schema-less): created, unchanged on a
/// second apply, configured by a merge patch (they take no strategic merge patch), listed by short name.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class KubectlExternalSecretsTests(ClusterFixture fixture)
{
    public static IEnumerable<TheoryDataRow<string>> Versions() => KubectlBinaries.All();

    private static string Manifest(string ns, string store, string refresh) => $"""
        apiVersion: external-secrets.io/v1
        kind: ClusterSecretStore
        metadata:
          name: {store}
        spec:
          provider:
            aws:
              service: SecretsManager
              region: eu-west-1
              auth:
                jwt:
                  serviceAccountRef:
                    name: external-secrets
                    namespace: external-secrets
        ---
        apiVersion: external-secrets.io/v1
        kind: ExternalSecret
        metadata:
          name: db
          namespace: {ns}
        spec:
          refreshInterval: {refresh}
          secretStoreRef:
            kind: ClusterSecretStore
            name: {store}
          target:
            name: db
            creationPolicy: Owner
          data:
          - secretKey: password
            remoteRef:
              key: piksel/local/db
              property: password
        """;

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Apply_external_secret_kinds(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await fixture.NewNamespaceAsync("eso");
        var store = $"store-{Guid.NewGuid():N}"[..14];

        Prints(Ok(await kubectl.RunAsync(["apply", "-f", "-"], Manifest(ns, store, "10s"))),
            $"clustersecretstore.external-secrets.io/{store} created", "externalsecret.external-secrets.io/db created");
        Prints(Ok(await kubectl.RunAsync(["apply", "-f", "-"], Manifest(ns, store, "10s"))),
            $"clustersecretstore.external-secrets.io/{store} unchanged", "externalsecret.external-secrets.io/db unchanged");
        Prints(Ok(await kubectl.RunAsync(["apply", "-f", "-"], Manifest(ns, store, "1m"))), "externalsecret.external-secrets.io/db configured");

        var es = JsonNode.Parse(Ok(await kubectl.RunAsync("get", "es", "db", "-n", ns, "-o", "json")).Stdout)!;
        Assert.Equal("1m", es["spec"]?["refreshInterval"]?.GetValue<string>());
        Assert.Equal("password", es["spec"]?["data"]?[0]?["remoteRef"]?["property"]?.GetValue<string>());
        Assert.Equal(2, es["metadata"]?["generation"]?.GetValue<long>());
        Prints(Ok(await kubectl.RunAsync("get", "css", store, "-o", "name")), $"clustersecretstore.external-secrets.io/{store}");

        Prints(Ok(await kubectl.RunAsync("delete", "css", store)), $"clustersecretstore.external-secrets.io \"{store}\" deleted");
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Server_side_apply_keeps_an_upstream_manifest_and_the_rules_refuse_a_broken_one(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await fixture.NewNamespaceAsync("esov");
        var store = $"store-{Guid.NewGuid():N}"[..14];
        Prints(Ok(await kubectl.RunAsync(["apply", "--server-side", "-f", "-"], Manifest(ns, store, "1h"))),
            $"clustersecretstore.external-secrets.io/{store} serverside-applied", "externalsecret.external-secrets.io/db serverside-applied");
        var es = JsonNode.Parse(Ok(await kubectl.RunAsync("get", "es", "db", "-n", ns, "-o", "json")).Stdout)!;
        Assert.Equal("1h", es["spec"]?["refreshInterval"]?.GetValue<string>());
        Assert.Equal("Retain", es["spec"]?["target"]?["deletionPolicy"]?.GetValue<string>());

        var broken = Manifest(ns, store, "1h").Replace("creationPolicy: Owner", "creationPolicy: Merge\n    deletionPolicy: Delete", StringComparison.Ordinal);
        var refused = await kubectl.RunAsync(["apply", "--server-side", "-f", "-"], broken);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("spec.target: Invalid value: \"object\": deletionPolicy=Delete must not be used when the controller doesn't own the secret. Please set creationPolicy=Owner",
            refused.Stderr, StringComparison.Ordinal);
        Ok(await kubectl.RunAsync("delete", "css", store));
    }
}
