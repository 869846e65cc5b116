using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;
using static Piksel.Emulator.Kubernetes.Tests.Kubectl.KubectlAssert;

namespace Piksel.Emulator.Kubernetes.Tests.Kubectl;

/// <summary>
/// What kubectl shows for the kubelet's commands on simulated containers (logs, exec, attach, port-forward), and a
/// daemon set's rollout as kubectl follows it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class KubectlPodConnectionTests(ClusterFixture fixture)
{
    public static IEnumerable<TheoryDataRow<string>> Versions() => KubectlBinaries.All();

    private static string Pod(string ns, string name) => $$"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{name}}
          namespace: {{ns}}
        spec:
          containers:
          - name: web
            image: nginx:1.27
            ports:
            - containerPort: 80
        """;

    private async Task<string> RunningPodAsync(KubectlRunner kubectl, string prefix)
    {
        var ns = await fixture.NewNamespaceAsync(prefix);
        Ok(await kubectl.RunAsync(["apply", "-f", "-"], Pod(ns, "web")));
        await fixture.Server.SettleAsync(cancellationToken: TestContext.Current.CancellationToken);
        return ns;
    }

    private static void Says(KubectlResult result, string text)
    {
        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.True(result.Stderr.Contains(text, StringComparison.Ordinal), $"expected \"{text}\" on stderr\n{result}");
        Assert.DoesNotContain("could not find the requested resource", result.Stderr, StringComparison.Ordinal);
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Logs_say_the_container_is_simulated_and_a_missing_pod_is_not_found(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await RunningPodAsync(kubectl, "logs");
        Says(await kubectl.RunAsync("logs", "web", "-n", ns),
            "Error from server (BadRequest): container \"web\" in pod \"web\" is simulated by the Piksel Kubernetes emulator: it runs no process, so it has no logs");
        // kubectl checks the container name itself, with the API server's words.
        Says(await kubectl.RunAsync("logs", "web", "-n", ns, "-c", "sidecar"), "container sidecar is not valid for pod web");
        // kubectl reads the pod first; 1.33 words the 404 its own way ("error from server (NotFound): … in namespace …").
        Says(await kubectl.RunAsync("logs", "missing", "-n", ns), "(NotFound): pods \"missing\" not found");
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Exec_and_attach_say_the_container_is_simulated(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await RunningPodAsync(kubectl, "exec");
        Says(await kubectl.RunAsync("exec", "web", "-n", ns, "--", "ls", "/"),
            "container \"web\" in pod \"web\" is simulated by the Piksel Kubernetes emulator: it runs no process, so there is nothing to exec into");
        Says(await kubectl.RunAsync("attach", "web", "-n", ns),
            "container \"web\" in pod \"web\" is simulated by the Piksel Kubernetes emulator: it runs no process, so there is nothing to attach to");
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Port_forward_says_there_is_no_port_to_forward_to(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await RunningPodAsync(kubectl, "fwd");
        Says(await kubectl.RunAsync(["port-forward", "pod/web", "-n", ns, "0:80"], timeout: TimeSpan.FromSeconds(30)),
            "pod \"web\" is simulated by the Piksel Kubernetes emulator: its containers run no process, so there is no port to forward to");
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Rollout_status_of_a_daemon_set_follows_its_pods(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await fixture.NewNamespaceAsync("dsroll");
        var manifest = $$"""
            apiVersion: apps/v1
            kind: DaemonSet
            metadata:
              name: agent
              namespace: {{ns}}
            spec:
              selector:
                matchLabels: {app: agent}
              template:
                metadata:
                  labels: {app: agent}
                spec:
                  containers:
                  - name: agent
                    image: agent:1
            """;
        Ok(await kubectl.RunAsync(["apply", "-f", "-"], manifest));
        Prints(Ok(await kubectl.RunAsync("rollout", "status", "ds/agent", "-n", ns, "--timeout=30s")), "daemon set \"agent\" successfully rolled out");
        Ok(await kubectl.RunAsync("set", "image", "ds/agent", "agent=agent:2", "-n", ns));
        Prints(Ok(await kubectl.RunAsync("rollout", "status", "ds/agent", "-n", ns, "--timeout=30s")), "daemon set \"agent\" successfully rolled out");
        var pods = Ok(await kubectl.RunAsync("get", "pods", "-n", ns, "-o", "jsonpath={range .items[*]}{.spec.nodeName} {.spec.containers[0].image} {.status.phase}{\"\\n\"}{end}"));
        Assert.Equal($"{SimulatedNode.Name} agent:2 Running", pods.Stdout.Trim());

        // kubectl get prints the DaemonSet's own columns, as kube-apiserver's printer gives them.
        var table = Ok(await kubectl.RunAsync("get", "ds", "agent", "-n", ns, "-o", "wide")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME\s+DESIRED\s+CURRENT\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+NODE SELECTOR\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$", table[0]);
        Assert.Matches(@"^agent\s+1\s+1\s+1\s+1\s+1\s+<none>\s+\S+\s+agent\s+agent:2\s+app=agent$", table[1]);
    }
}
