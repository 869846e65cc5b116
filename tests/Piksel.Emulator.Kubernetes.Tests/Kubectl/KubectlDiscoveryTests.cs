using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;
using static Piksel.Emulator.Kubernetes.Tests.Kubectl.KubectlAssert;

namespace Piksel.Emulator.Kubernetes.Tests.Kubectl;

/// <summary>kubectl version, api-resources and explain: discovery and OpenAPI as kubectl reads them.</summary>
[Collection(ClusterCollection.Name)]
public sealed class KubectlDiscoveryTests(ClusterFixture fixture)
{
    public static IEnumerable<TheoryDataRow<string>> Versions() => KubectlBinaries.All();

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Version_reports_the_EKS_style_server_version(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var result = Ok(await kubectl.RunAsync("version", "-o", "json"));
        var json = JsonNode.Parse(result.Stdout)!;
        Assert.Equal("1", json["serverVersion"]?["major"]?.GetValue<string>());
        Assert.Contains("-eks-", json["serverVersion"]?["gitVersion"]?.GetValue<string>(), StringComparison.Ordinal);
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Api_resources_lists_every_served_kind_with_short_names(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var result = Ok(await kubectl.RunAsync("api-resources"));
        Assert.Matches(@"configmaps\s+cm\s+v1\s+true\s+ConfigMap", result.Stdout);
        Assert.Matches(@"deployments\s+deploy\s+apps/v1\s+true\s+Deployment", result.Stdout);
        Assert.Matches(@"namespaces\s+ns\s+v1\s+false\s+Namespace", result.Stdout);
        Assert.Matches(@"networkpolicies\s+netpol\s+networking.k8s.io/v1\s+true\s+NetworkPolicy", result.Stdout);
        Assert.Matches(@"rolebindings\s+rbac.authorization.k8s.io/v1\s+true\s+RoleBinding", result.Stdout);

        var all = Ok(await kubectl.RunAsync("api-resources", "--categories=all", "-o", "name"));
        Assert.Equal(["cronjobs.batch", "daemonsets.apps", "deployments.apps", "jobs.batch", "pods", "replicasets.apps", "services", "statefulsets.apps"], all.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Explain_describes_fields_from_the_OpenAPI_documents(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var data = Ok(await kubectl.RunAsync("explain", "configmap.data"));
        Prints(data, "KIND:", "ConfigMap", "FIELD:", "data", "map[string]string", "Data contains the configuration data");

        var containers = Ok(await kubectl.RunAsync("explain", "deployment.spec.template.spec.containers"));
        Prints(containers, "Deployment", "containers", "Container", "name", "-required-", "image", "A single application container");

        // Explain reads OpenAPI v3 (beta and on by default in 1.27): integer-or-string and quantities print by their type names.
        var targetPort = Ok(await kubectl.RunAsync("explain", "service.spec.ports.targetPort"));
        Prints(targetPort, "targetPort", "<IntOrString>", "Number or name of the port");
        var limits = Ok(await kubectl.RunAsync("explain", "pod.spec.containers.resources.limits"));
        Prints(limits, "<map[string]Quantity>");
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Explain_with_openapiv2_output(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var result = Ok(await kubectl.RunAsync("explain", "configmap", "--output=plaintext-openapiv2"));
        Prints(result, "ConfigMap", "data", "metadata");
    }
}
