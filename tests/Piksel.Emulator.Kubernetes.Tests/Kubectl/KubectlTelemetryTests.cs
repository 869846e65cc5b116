using System.Diagnostics;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;
using static Piksel.Emulator.Kubernetes.Tests.Kubectl.KubectlAssert;

namespace Piksel.Emulator.Kubernetes.Tests.Kubectl;

/// <summary>A span per request (<c>Piksel.Emulator.Kubernetes</c>): verb, resource, namespace, name, user, authorization, admission, status — for what kubectl 1.27 and 1.33 send.</summary>
[Collection(ClusterCollection.Name)]
public sealed class KubectlTelemetryTests(ClusterFixture fixture)
{
    public static IEnumerable<TheoryDataRow<string>> Versions() => KubectlBinaries.All();

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Requests_are_spans_with_their_authorization_and_admission(string version)
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == KubeTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (spans) spans.Add(a); },
        };
        ActivitySource.AddActivityListener(listener);
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await fixture.NewNamespaceAsync("otel");

        Ok(await kubectl.RunAsync("create", "configmap", "settings", "-n", ns, "--from-literal=a=b"));
        var denied = await kubectl.RunAsync("get", "secrets", "-n", ns, "--as=dev");
        Assert.NotEqual(0, denied.ExitCode);

        List<Activity> mine;
        lock (spans) mine = [.. spans.Where(s => (string?)s.GetTagItem("k8s.namespace") == ns)];
        var create = Assert.Single(mine, s => (string?)s.GetTagItem("k8s.verb") == "create" && (string?)s.GetTagItem("k8s.resource") == "configmaps");
        Assert.Equal("allow", create.GetTagItem("k8s.authorization.decision"));
        Assert.Equal("admitted", create.GetTagItem("k8s.admission.result"));
        Assert.Equal(201, create.GetTagItem("http.response.status_code"));
        Assert.Equal(fixture.Server.State.Options.ClusterName, create.GetTagItem(KubeTelemetry.ClusterTag));

        var list = Assert.Single(mine, s => (string?)s.GetTagItem("k8s.verb") == "list" && (string?)s.GetTagItem("k8s.resource") == "secrets");
        Assert.Equal("dev", list.GetTagItem("k8s.user"));
        Assert.Equal("deny", list.GetTagItem("k8s.authorization.decision"));
        Assert.Equal("Forbidden", list.GetTagItem("k8s.status.reason"));
        Assert.Equal(403, list.GetTagItem("http.response.status_code"));
    }
}
