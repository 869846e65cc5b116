using k8s;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;
using static Piksel.Emulator.Kubernetes.Tests.Kubectl.KubectlAssert;

namespace Piksel.Emulator.Kubernetes.Tests.Kubectl;

/// <summary>Pod Security as kubectl shows it: refusals naming each violation, <c>Warning:</c> lines for warn mode and for workload templates.</summary>
[Collection(ClusterCollection.Name)]
public sealed class KubectlPodSecurityTests(ClusterFixture fixture)
{
    public static IEnumerable<TheoryDataRow<string>> Versions() => KubectlBinaries.All();

    private static string Pod(string ns, string name, string containerSecurity, string podSecurity = "") => $$"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{name}}
          namespace: {{ns}}
        spec:
          securityContext: {{{podSecurity}}}
          containers:
          - name: app
            image: nginx:1.27
            securityContext: {{{containerSecurity}}}
        """;

    private const string RestrictedPod = "runAsNonRoot: true, runAsUser: 1000, seccompProfile: {type: RuntimeDefault}";
    private const string RestrictedContainer = "allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}";

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task A_restricted_namespace_refuses_root_escalating_and_capable_pods_and_admits_a_compliant_one(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await fixture.NewNamespaceAsync("kpsa");
        Prints(Ok(await kubectl.RunAsync("label", "namespace", ns, "pod-security.kubernetes.io/enforce=restricted")), $"namespace/{ns} labeled");

        var root = await kubectl.RunAsync(["apply", "-f", "-"], Pod(ns, "root", RestrictedContainer, "runAsUser: 0, seccompProfile: {type: RuntimeDefault}"));
        Assert.NotEqual(0, root.ExitCode);
        Assert.Contains("pods \"root\" is forbidden: violates PodSecurity \"restricted:latest\": runAsNonRoot != true (pod or container \"app\" must set securityContext.runAsNonRoot=true), runAsUser=0 (pod must not set runAsUser=0)",
            root.Stderr, StringComparison.Ordinal);

        var escalating = await kubectl.RunAsync(["apply", "-f", "-"], Pod(ns, "escalating", "allowPrivilegeEscalation: true, capabilities: {drop: [ALL]}", RestrictedPod));
        Assert.NotEqual(0, escalating.ExitCode);
        Assert.Contains("pods \"escalating\" is forbidden: violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false (container \"app\" must set securityContext.allowPrivilegeEscalation=false)",
            escalating.Stderr, StringComparison.Ordinal);

        var capable = await kubectl.RunAsync(["apply", "-f", "-"], Pod(ns, "capable", "allowPrivilegeEscalation: false, capabilities: {drop: [ALL], add: [NET_ADMIN, SYS_TIME]}", RestrictedPod));
        Assert.NotEqual(0, capable.ExitCode);
        Assert.Contains("pods \"capable\" is forbidden: violates PodSecurity \"restricted:latest\": unrestricted capabilities (container \"app\" must not include \"NET_ADMIN\", \"SYS_TIME\" in securityContext.capabilities.add)",
            capable.Stderr, StringComparison.Ordinal);

        var ok = Ok(await kubectl.RunAsync(["apply", "-f", "-"], Pod(ns, "ok", RestrictedContainer, RestrictedPod)));
        Prints(ok, "pod/ok created");
        Assert.DoesNotContain("Warning", ok.Stderr, StringComparison.Ordinal);
        Assert.Equal("pod/ok", Ok(await kubectl.RunAsync("get", "pods", "-n", ns, "-o", "name")).Stdout.Trim());
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task A_warn_namespace_prints_the_warning_and_creates_the_pod(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await fixture.NewNamespaceAsync("kpsawarn");
        Ok(await kubectl.RunAsync("label", "namespace", ns, "pod-security.kubernetes.io/warn=restricted"));

        var result = Ok(await kubectl.RunAsync(["apply", "-f", "-"], Pod(ns, "root", "runAsUser: 0", "")));
        Prints(result, "pod/root created");
        Assert.Contains("Warning: would violate PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false (container \"app\" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities",
            result.Stderr, StringComparison.Ordinal);
        Assert.Contains("runAsUser=0 (container \"app\" must not set runAsUser=0)", result.Stderr, StringComparison.Ordinal);
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task A_deployment_with_a_violating_template_is_created_with_a_warning_in_an_enforcing_namespace(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await fixture.NewNamespaceAsync("kpsadeploy");
        Ok(await kubectl.RunAsync("label", "namespace", ns, "pod-security.kubernetes.io/enforce=restricted"));
        var manifest = $"""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: {ns}
            spec:
              replicas: 1
              selector:
                matchLabels: {"{"}app: web{"}"}
              template:
                metadata:
                  labels: {"{"}app: web{"}"}
                spec:
                  containers:
                  - name: web
                    image: nginx:1.27
            """;
        var result = Ok(await kubectl.RunAsync(["apply", "-f", "-"], manifest));
        Prints(result, "deployment.apps/web created");
        Assert.Contains("Warning: would violate PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false (container \"web\" must set securityContext.allowPrivilegeEscalation=false)",
            result.Stderr, StringComparison.Ordinal);

        // Its pods are refused: the ReplicaSet controller reports FailedCreate with the PodSecurity message.
        await fixture.Server.SettleAsync(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("", Ok(await kubectl.RunAsync("get", "pods", "-n", ns, "-o", "name")).Stdout.Trim());
        var events = await fixture.Client.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: TestContext.Current.CancellationToken);
        var failed = events.Items.First(e => e.Reason == "FailedCreate");
        Assert.Equal("Warning", failed.Type);
        Assert.Matches("^Error creating: pods \"web-[a-z0-9]+-[a-z0-9]{5}\" is forbidden: violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false", failed.Message);
    }
}
