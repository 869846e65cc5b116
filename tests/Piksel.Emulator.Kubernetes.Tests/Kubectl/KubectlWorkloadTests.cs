using System.Net.Http.Json;
using System.Text.Json.Nodes;
using k8s;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;
using Piksel.Emulator.Kubernetes.Tests.Rest;
using static Piksel.Emulator.Kubernetes.Tests.Kubectl.KubectlAssert;

namespace Piksel.Emulator.Kubernetes.Tests.Kubectl;

/// <summary>
/// The workload generators (<c>create deployment|job|cronjob</c>, <c>run</c>), which kubectl 1.33 sends as protobuf and
/// kubectl 1.27 as JSON: both must work, and store the same object.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class KubectlWorkloadTests(ClusterFixture fixture)
{
    public static IEnumerable<TheoryDataRow<string>> Versions() => KubectlBinaries.All();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonObject> GetAsync(string path)
    {
        using var http = RawApi.Create(fixture.Server);
        return (await http.GetFromJsonAsync<JsonObject>(path, Ct))!;
    }

    /// <summary>Runs the generators with one kubectl in a fresh namespace; returns the namespace.</summary>
    private async Task<string> CreateWorkloadsAsync(KubectlRunner kubectl)
    {
        var ns = await fixture.NewNamespaceAsync("wl");
        Prints(Ok(await kubectl.RunAsync("create", "deployment", "web", "--image=nginx", "--replicas=2", "--port=80", "-n", ns)), "deployment.apps/web created");
        Prints(Ok(await kubectl.RunAsync("create", "job", "once", "--image=busybox:1.36", "-n", ns, "--", "date")), "job.batch/once created");
        Prints(Ok(await kubectl.RunAsync("create", "cronjob", "tick", "--image=busybox:1.36", "--schedule=*/5 * * * *", "--restart=OnFailure", "-n", ns, "--", "date")), "cronjob.batch/tick created");
        Prints(Ok(await kubectl.RunAsync("run", "probe", "--image=nginx:1.27", "--env=MODE=test", "--env=LEVEL=3", "--labels=app=probe,tier=edge", "--port=8080", "-n", ns)), "pod/probe created");
        return ns;
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Workload_generators_create_what_they_say(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await CreateWorkloadsAsync(kubectl);

        var deployment = await fixture.Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns, cancellationToken: Ct);
        Assert.Equal(2, deployment.Spec.Replicas);
        Assert.Equal("web", deployment.Spec.Selector.MatchLabels["app"]);
        var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
        Assert.Equal(("nginx", "nginx", 80), (container.Name, container.Image, Assert.Single(container.Ports).ContainerPort));

        var job = await fixture.Client.BatchV1.ReadNamespacedJobAsync("once", ns, cancellationToken: Ct);
        Assert.Equal(["date"], Assert.Single(job.Spec.Template.Spec.Containers).Command);
        Assert.Equal("Never", job.Spec.Template.Spec.RestartPolicy);
        var cron = await fixture.Client.BatchV1.ReadNamespacedCronJobAsync("tick", ns, cancellationToken: Ct);
        Assert.Equal("*/5 * * * *", cron.Spec.Schedule);
        Assert.Equal("OnFailure", cron.Spec.JobTemplate.Spec.Template.Spec.RestartPolicy);
        var pod = await fixture.Client.CoreV1.ReadNamespacedPodAsync("probe", ns, cancellationToken: Ct);
        Assert.Equal(("probe", "edge"), (pod.Metadata.Labels["app"], pod.Metadata.Labels["tier"]));
        var podContainer = Assert.Single(pod.Spec.Containers);
        Assert.Equal([("MODE", "test"), ("LEVEL", "3")], podContainer.Env.Select(e => (e.Name, e.Value)));
        Assert.Equal(8080, Assert.Single(podContainer.Ports).ContainerPort);

        // Server-side dry run answers the object and stores nothing.
        var dry = Ok(await kubectl.RunAsync("create", "deployment", "dry", "--image=nginx", "-n", ns, "-o", "yaml", "--dry-run=server"));
        Prints(dry, "kind: Deployment", "name: dry", "image: nginx");
        Assert.DoesNotContain("dry", (await fixture.Client.AppsV1.ListNamespacedDeploymentAsync(ns, cancellationToken: Ct)).Items.Select(d => d.Metadata.Name));

        Prints(Ok(await kubectl.RunAsync("scale", "deployment", "web", "--replicas=3", "-n", ns)), "deployment.apps/web scaled");
        Prints(Ok(await kubectl.RunAsync("set", "image", "deployment/web", "nginx=nginx:1.27", "-n", ns)), "deployment.apps/web image updated");
        deployment = await fixture.Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns, cancellationToken: Ct);
        Assert.Equal(3, deployment.Spec.Replicas);
        Assert.Equal("nginx:1.27", Assert.Single(deployment.Spec.Template.Spec.Containers).Image);
    }

    [Fact(SkipUnless = nameof(KubectlBinaries.AllInstalled), SkipType = typeof(KubectlBinaries), Skip = "needs kubectl.1.27 and kubectl.1.33")]
    public async Task Protobuf_and_json_generators_store_the_same_specs()
    {
        using var json = new KubectlRunner("1.27", fixture.KubeconfigPath);
        using var protobuf = new KubectlRunner("1.33", fixture.KubeconfigPath);
        var fromJson = await CreateWorkloadsAsync(json);
        var fromProtobuf = await CreateWorkloadsAsync(protobuf);

        await AssertSameAsync("apis/apps/v1/namespaces/{0}/deployments/web", o => o["spec"]);
        await AssertSameAsync("apis/batch/v1/namespaces/{0}/cronjobs/tick", o => o["spec"]);
        // A Job's selector and template labels carry its own uid; the rest must match.
        await AssertSameAsync("apis/batch/v1/namespaces/{0}/jobs/once", o => Without(o["spec"], "selector", "template"));
        await AssertSameAsync("apis/batch/v1/namespaces/{0}/jobs/once", o => o["spec"]?["template"]?["spec"]);
        await AssertSameAsync("api/v1/namespaces/{0}/pods/probe", o => o["metadata"]?["labels"]);
        // The service account token volume's name has a random suffix.
        await AssertSameAsync("api/v1/namespaces/{0}/pods/probe", o => new JsonArray([.. o["spec"]!["containers"]!.AsArray().Select(c => Without(c, "volumeMounts"))]));

        async Task AssertSameAsync(string path, Func<JsonObject, JsonNode?> part)
        {
            var a = part(await GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, fromJson)));
            var b = part(await GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, fromProtobuf)));
            Assert.NotNull(a);
            Assert.True(JsonNode.DeepEquals(a, b), $"{path}\n1.27 (JSON):     {a?.ToJsonString()}\n1.33 (protobuf): {b?.ToJsonString()}");
        }
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task A_deployment_applied_as_yaml_matches_the_generated_one(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await fixture.NewNamespaceAsync("wlyaml");
        Ok(await kubectl.RunAsync("create", "deployment", "web", "--image=nginx", "--replicas=2", "--port=80", "-n", ns));
        var yaml = $$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: applied
              namespace: {{ns}}
              labels:
                app: web
            spec:
              replicas: 2
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                  - name: nginx
                    image: nginx
                    ports:
                    - containerPort: 80
                    resources: {}
            """;
        Prints(Ok(await kubectl.RunAsync(["apply", "-f", "-"], yaml)), "deployment.apps/applied created");
        var generated = await GetAsync($"apis/apps/v1/namespaces/{ns}/deployments/web");
        var applied = await GetAsync($"apis/apps/v1/namespaces/{ns}/deployments/applied");
        foreach (var part in new[] { "replicas", "selector", "strategy", "revisionHistoryLimit", "progressDeadlineSeconds" })
            Assert.True(JsonNode.DeepEquals(generated["spec"]?[part], applied["spec"]?[part]), $"{part}: {generated["spec"]?.ToJsonString()}\n{applied["spec"]?.ToJsonString()}");
        Assert.True(JsonNode.DeepEquals(generated["spec"]?["template"]?["spec"], applied["spec"]?["template"]?["spec"]), $"{generated["spec"]?.ToJsonString()}\n{applied["spec"]?.ToJsonString()}");
        // SetDefaults_Deployment, whichever way the object came.
        Assert.Equal("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}}""", applied["spec"]?["strategy"]?.ToJsonString());
        Assert.Equal(600, (int?)applied["spec"]?["progressDeadlineSeconds"]);
    }

    private static JsonNode? Without(JsonNode? node, params string[] names)
    {
        if (node is not JsonObject o) return node;
        var copy = o.DeepClone().AsObject();
        foreach (var name in names) copy.Remove(name);
        return copy;
    }
}
