using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Admission.PodSecurity;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;
using Piksel.Emulator.Kubernetes.Tests.Rest;

namespace Piksel.Emulator.Kubernetes.Tests.Admission.PodSecurity;

/// <summary>PodSecurity admission through the API: enforce refuses, warn answers Warning headers, templates only warn, labels are validated.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PodSecurityAdmissionTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> LabelledNamespaceAsync(params (string Mode, string Value)[] labels)
    {
        var ns = await fixture.NewNamespaceAsync("psa");
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create("pod-security.kubernetes.io/" + l.Mode, (JsonNode?)l.Value))) } };
        await fixture.Client.CoreV1.PatchNamespaceAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), ns, cancellationToken: Ct);
        return ns;
    }

    private static V1Pod RootPod(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "nginx" }] },
    };

    /// <summary>A pod the restricted profile admits.</summary>
    public static V1Pod CompliantPod(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec
        {
            SecurityContext = new V1PodSecurityContext { RunAsNonRoot = true, RunAsUser = 1000, SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" } },
            Containers = [new V1Container
            {
                Name = "app",
                Image = "nginx",
                SecurityContext = new V1SecurityContext { AllowPrivilegeEscalation = false, Capabilities = new V1Capabilities { Drop = ["ALL"] } },
            }],
        },
    };

    [Fact]
    public async Task Enforce_restricted_refuses_a_root_pod_with_every_violation_and_admits_a_compliant_one()
    {
        var ns = await LabelledNamespaceAsync(("enforce", "restricted"));
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Client.CoreV1.CreateNamespacedPodAsync(RootPod("root"), ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.Forbidden, error.Response.StatusCode);
        var status = JsonNode.Parse(error.Response.Content)!;
        Assert.Equal("Forbidden", status["reason"]!.GetValue<string>());
        Assert.Equal(403, status["code"]!.GetValue<int>());
        Assert.Equal(
            "pods \"root\" is forbidden: violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false (container \"app\" must set securityContext.allowPrivilegeEscalation=false), " +
            "unrestricted capabilities (container \"app\" must set securityContext.capabilities.drop=[\"ALL\"]), runAsNonRoot != true (pod or container \"app\" must set securityContext.runAsNonRoot=true), " +
            "seccompProfile (pod or container \"app\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")",
            status["message"]!.GetValue<string>());

        var created = await fixture.Client.CoreV1.CreateNamespacedPodAsync(CompliantPod("ok"), ns, cancellationToken: Ct);
        Assert.Equal("ok", created.Metadata.Name);
    }

    [Fact]
    public async Task Warn_admits_with_a_warning_header_and_an_image_free_update_is_not_rechecked()
    {
        var ns = await LabelledNamespaceAsync(("warn", "baseline"), ("warn-version", "v1.27"));
        using var http = RawApi.Create(fixture.Server);
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "priv" },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "nginx", ["securityContext"] = new JsonObject { ["privileged"] = true } }) },
        };
        using var response = await http.PostAsync($"/api/v1/namespaces/{ns}/pods", new StringContent(pod.ToJsonString(), Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["299 - \"would violate PodSecurity \\\"baseline:v1.27\\\": privileged (container \\\"app\\\" must not set securityContext.privileged=true)\""],
            response.Headers.GetValues("Warning"));

        using var relabel = await http.PatchAsync($"/api/v1/namespaces/{ns}/pods/priv",
            new StringContent("""{"metadata":{"labels":{"tier":"web"}}}""", Encoding.UTF8, "application/merge-patch+json"), Ct);
        Assert.Equal(HttpStatusCode.OK, relabel.StatusCode);
        Assert.False(relabel.Headers.Contains("Warning"));
    }

    [Fact]
    public async Task Workload_templates_are_warned_about_never_refused()
    {
        var ns = await LabelledNamespaceAsync(("enforce", "restricted"));
        using var http = RawApi.Create(fixture.Server);
        var deployment = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = "web" },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 0,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "web" } },
                    ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "web", ["image"] = "nginx" }) },
                },
            },
        };
        using var response = await http.PostAsync($"/apis/apps/v1/namespaces/{ns}/deployments", new StringContent(deployment.ToJsonString(), Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var warning = Assert.Single(response.Headers.GetValues("Warning"));
        Assert.StartsWith("299 - \"would violate PodSecurity \\\"restricted:latest\\\": allowPrivilegeEscalation != false (container \\\"web\\\"", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_labels_refuse_the_namespace_write_with_422()
    {
        var ns = await fixture.NewNamespaceAsync("psabad");
        var patch = new V1Patch("""{"metadata":{"labels":{"pod-security.kubernetes.io/enforce":"strict"}}}""", V1Patch.PatchType.MergePatch);
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Client.CoreV1.PatchNamespaceAsync(patch, ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        var status = JsonNode.Parse(error.Response.Content)!;
        Assert.Equal("Invalid", status["reason"]!.GetValue<string>());
        Assert.Equal($"namespaces \"{ns}\" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: \"strict\": must be one of privileged, baseline, restricted",
            status["message"]!.GetValue<string>());

        var create = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Client.CoreV1.CreateNamespaceAsync(new V1Namespace
        {
            Metadata = new V1ObjectMeta { Name = ns + "x", Labels = new Dictionary<string, string> { ["pod-security.kubernetes.io/audit-version"] = "1.30" } },
        }, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, create.Response.StatusCode);
        Assert.Contains("metadata.labels[pod-security.kubernetes.io/audit-version]: Invalid value: \\\"1.30\\\": must be 'latest' or 'v1.x'", create.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Relabelling_to_a_stricter_enforce_level_warns_about_the_pods_already_there()
    {
        var ns = await fixture.NewNamespaceAsync("psarelabel");
        foreach (var name in new[] { "b-root", "a-root" }) await fixture.Client.CoreV1.CreateNamespacedPodAsync(RootPod(name), ns, cancellationToken: Ct);
        await fixture.Client.CoreV1.CreateNamespacedPodAsync(CompliantPod("fine"), ns, cancellationToken: Ct);
        using var http = RawApi.Create(fixture.Server);
        using var response = await http.PatchAsync($"/api/v1/namespaces/{ns}",
            new StringContent("""{"metadata":{"labels":{"pod-security.kubernetes.io/enforce":"restricted"}}}""", Encoding.UTF8, "application/merge-patch+json"), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            [$"299 - \"existing pods in namespace \\\"{ns}\\\" violate the new PodSecurity enforce level \\\"restricted:latest\\\"\"",
             "299 - \"a-root (and 1 other pods): allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile\""],
            response.Headers.GetValues("Warning"));
    }

    [Fact]
    public async Task Exempt_users_namespaces_and_runtime_classes_are_not_checked_and_audit_goes_to_the_sink()
    {
        var audited = new List<PodSecurityAuditEvent>();
        var options = new KubeApiServerOptions
        {
            PodSecurity = new PodSecurityOptions
            {
                Defaults = new PodSecurityPolicy(new(PodSecurityLevel.Restricted, null), new(PodSecurityLevel.Baseline, null), new(PodSecurityLevel.Restricted, null)),
                ExemptNamespaces = ["exempt"],
                ExemptRuntimeClasses = ["kata"],
                Audit = e => { lock (audited) audited.Add(e); },
            },
        };
        await using var server = await KubeApiServer.StartAsync(options, cancellationToken: Ct);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(server.Kubeconfig));
        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(stream));
        foreach (var ns in new[] { "exempt", "checked" }) await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: Ct);
        await server.SettleAsync(cancellationToken: Ct);

        await client.CoreV1.CreateNamespacedPodAsync(RootPod("root"), "exempt", cancellationToken: Ct);
        var kata = RootPod("kata");
        kata.Spec.RuntimeClassName = "kata";
        await client.CoreV1.CreateNamespacedPodAsync(kata, "checked", cancellationToken: Ct);
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedPodAsync(RootPod("root"), "checked", cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Response.StatusCode);

        var privileged = CompliantPod("priv");
        privileged.Spec.Containers[0].SecurityContext.Privileged = true;
        privileged.Spec.Containers[0].SecurityContext.AllowPrivilegeEscalation = null;
        var deployment = new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "priv" },
            Spec = new V1DeploymentSpec
            {
                Replicas = 0,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "priv" } },
                Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "priv" } }, Spec = privileged.Spec },
            },
        };
        await client.AppsV1.CreateNamespacedDeploymentAsync(deployment, "checked", cancellationToken: Ct);
        // The deployment controller's ReplicaSet is audited too, under the controller's name, as on a real cluster.
        await server.SettleAsync(cancellationToken: Ct);
        List<PodSecurityAuditEvent> events;
        lock (audited) events = [.. audited];
        Assert.Contains(events, e => e.Resource == "replicasets.apps" && e.User == "system:serviceaccount:kube-system:deployment-controller");
        var audit = Assert.Single(events, e => e.Resource == "deployments.apps");
        Assert.Equal(("deployments.apps", "checked", "priv", PodSecurityAdmission.AuditViolationsAnnotation), (audit.Resource, audit.Namespace, audit.Name, audit.Key));
        Assert.Equal("would violate PodSecurity \"baseline:latest\": privileged (container \"app\" must not set securityContext.privileged=true)", audit.Value);
    }

    [Fact]
    public async Task Without_guard_rails_nothing_is_checked()
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions
        {
            GuardRails = false,
            PodSecurity = new PodSecurityOptions { Defaults = new PodSecurityPolicy(new(PodSecurityLevel.Restricted, null), LevelVersion.PrivilegedLatest, LevelVersion.PrivilegedLatest) },
        }, cancellationToken: Ct);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(server.Kubeconfig));
        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(stream));
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "open" } }, cancellationToken: Ct);
        await server.SettleAsync(cancellationToken: Ct);
        Assert.Equal("root", (await client.CoreV1.CreateNamespacedPodAsync(RootPod("root"), "open", cancellationToken: Ct)).Metadata.Name);
    }
}
