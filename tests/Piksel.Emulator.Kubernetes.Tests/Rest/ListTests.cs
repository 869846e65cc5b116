using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;

namespace Piksel.Emulator.Kubernetes.Tests.Rest;

[Collection(ClusterCollection.Name)]
public sealed class ListTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> SeedAsync()
    {
        var ns = await fixture.NewNamespaceAsync("select");
        (string Name, Dictionary<string, string> Labels)[] objects =
        [
            ("a", new() { ["env"] = "prod", ["tier"] = "web", ["rank"] = "1" }),
            ("b", new() { ["env"] = "dev", ["tier"] = "web", ["rank"] = "5" }),
            ("c", new() { ["env"] = "test", ["rank"] = "9" }),
            ("d", new()),
        ];
        foreach (var (name, labels) in objects)
            await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, Labels = labels } }, ns, cancellationToken: Ct);
        return ns;
    }

    [Theory]
    [InlineData("env=prod", "a")]
    [InlineData("env==dev", "b")]
    [InlineData("env!=prod", "b,c,d")]
    [InlineData("env in (prod, test)", "a,c")]
    [InlineData("env notin (prod,test)", "b,d")]
    [InlineData("tier", "a,b")]
    [InlineData("!tier", "c,d")]
    [InlineData("tier=web,env!=dev", "a")]
    [InlineData("rank>4", "b,c")]
    [InlineData("rank<2", "a")]
    public async Task Label_selectors_filter_with_every_operator(string selector, string expected)
    {
        var ns = await SeedAsync();
        var list = await fixture.Client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: selector, cancellationToken: Ct);
        Assert.Equal(expected, string.Join(",", Own(list.Items.Select(i => i.Metadata.Name))));
    }

    [Theory]
    [InlineData("env in (prod")]
    [InlineData("env=a=b")]
    [InlineData("=x")]
    [InlineData("bad key!=1")]
    public async Task Malformed_label_selectors_are_400(string selector)
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: selector, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.BadRequest, error.Response.StatusCode);
    }

    [Fact]
    public async Task Field_selectors_match_metadata_and_per_kind_fields_and_reject_others()
    {
        var ns = await SeedAsync();
        var k = fixture.Client;
        var byName = await k.CoreV1.ListNamespacedConfigMapAsync(ns, fieldSelector: "metadata.name=b", cancellationToken: Ct);
        Assert.Equal(["b"], byName.Items.Select(i => i.Metadata.Name));
        var notName = await k.CoreV1.ListConfigMapForAllNamespacesAsync(fieldSelector: $"metadata.namespace={ns},metadata.name!=b", cancellationToken: Ct);
        Assert.Equal(["a", "c", "d"], Own(notName.Items.Select(i => i.Metadata.Name)));

        await k.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "tls" }, Type = "kubernetes.io/tls", Data = new Dictionary<string, byte[]> { ["tls.crt"] = [1], ["tls.key"] = [2] } }, ns, cancellationToken: Ct);
        await k.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "plain" } }, ns, cancellationToken: Ct);
        var tls = await k.CoreV1.ListNamespacedSecretAsync(ns, fieldSelector: "type=kubernetes.io/tls", cancellationToken: Ct);
        Assert.Equal(["tls"], tls.Items.Select(i => i.Metadata.Name));

        await k.CoreV1.CreateNamespacedPodAsync(new V1Pod { Metadata = new V1ObjectMeta { Name = "on-node" }, Spec = new V1PodSpec { NodeName = "node-1", Containers = [new V1Container { Name = "c", Image = "i" }] } }, ns, cancellationToken: Ct);
        await k.CoreV1.CreateNamespacedPodAsync(new V1Pod { Metadata = new V1ObjectMeta { Name = "unscheduled" }, Spec = new V1PodSpec { SchedulerName = "manual", Containers = [new V1Container { Name = "c", Image = "i" }] } }, ns, cancellationToken: Ct);
        var onNode = await k.CoreV1.ListNamespacedPodAsync(ns, fieldSelector: "spec.nodeName=node-1", cancellationToken: Ct);
        Assert.Equal(["on-node"], onNode.Items.Select(i => i.Metadata.Name));
        var unscheduled = await k.CoreV1.ListNamespacedPodAsync(ns, fieldSelector: "spec.nodeName=", cancellationToken: Ct);
        Assert.Equal(["unscheduled"], unscheduled.Items.Select(i => i.Metadata.Name));

        var unsupported = await Assert.ThrowsAsync<HttpOperationException>(() => k.CoreV1.ListNamespacedConfigMapAsync(ns, fieldSelector: "data.color=blue", cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.BadRequest, unsupported.Response.StatusCode);
        Assert.Contains("field label not supported: data.color", unsupported.Response.Content, StringComparison.Ordinal);
        var podOnly = await Assert.ThrowsAsync<HttpOperationException>(() => k.CoreV1.ListNamespacedSecretAsync(ns, fieldSelector: "spec.nodeName=x", cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.BadRequest, podOnly.Response.StatusCode);
    }

    [Fact]
    public async Task Pagination_keeps_the_list_version_and_continues_across_pages()
    {
        var ns = await fixture.NewNamespaceAsync("pages");
        var k = fixture.Client;
        for (var i = 0; i < 25; i++)
            await k.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = $"cm-{i:D2}" } }, ns, cancellationToken: Ct);

        var first = await k.CoreV1.ListNamespacedSecretAsync(ns, limit: 10, cancellationToken: Ct);
        Assert.Equal(10, first.Items.Count);
        Assert.Equal(15, first.Metadata.RemainingItemCount);
        Assert.False(string.IsNullOrEmpty(first.Metadata.ContinueProperty));

        // A write between pages neither changes the list's version nor shows up in later pages.
        await k.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "cm-99" } }, ns, cancellationToken: Ct);
        var second = await k.CoreV1.ListNamespacedSecretAsync(ns, limit: 10, continueParameter: first.Metadata.ContinueProperty, cancellationToken: Ct);
        var third = await k.CoreV1.ListNamespacedSecretAsync(ns, limit: 10, continueParameter: second.Metadata.ContinueProperty, cancellationToken: Ct);
        Assert.Equal(first.Metadata.ResourceVersion, second.Metadata.ResourceVersion);
        Assert.Equal(first.Metadata.ResourceVersion, third.Metadata.ResourceVersion);
        Assert.Equal(5, third.Items.Count);
        Assert.Null(third.Metadata.ContinueProperty);
        var names = first.Items.Concat(second.Items).Concat(third.Items).Select(i => i.Metadata.Name).ToList();
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"cm-{i:D2}"), names);

        var garbage = await Assert.ThrowsAsync<HttpOperationException>(() => k.CoreV1.ListNamespacedSecretAsync(ns, limit: 10, continueParameter: "not-a-token!", cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.Response.StatusCode);
    }

    [Fact]
    public async Task A_continue_token_outliving_its_snapshot_is_410_Expired()
    {
        var clock = new ManualClock();
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { TimeProvider = clock }, cancellationToken: Ct);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(server.Kubeconfig));
        using var k = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(stream));
        await k.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "expiry" } }, cancellationToken: Ct);
        for (var i = 0; i < 3; i++)
            await k.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = $"cm-{i}" } }, "expiry", cancellationToken: Ct);
        var first = await k.CoreV1.ListNamespacedConfigMapAsync("expiry", limit: 1, cancellationToken: Ct);
        var second = await k.CoreV1.ListNamespacedConfigMapAsync("expiry", limit: 1, continueParameter: first.Metadata.ContinueProperty, cancellationToken: Ct);
        Assert.Equal("cm-1", Assert.Single(second.Items).Metadata.Name);

        clock.Advance(TimeSpan.FromMinutes(6));
        var expired = await Assert.ThrowsAsync<HttpOperationException>(() => k.CoreV1.ListNamespacedConfigMapAsync("expiry", limit: 1, continueParameter: second.Metadata.ContinueProperty, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.Gone, expired.Response.StatusCode);
        Assert.Contains("\"reason\":\"Expired\"", expired.Response.Content, StringComparison.Ordinal);
        Assert.Contains("The provided continue parameter is too old", expired.Response.Content, StringComparison.Ordinal);
    }

    /// <summary>A clock the test moves by hand.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private TimeSpan offset;

        public void Advance(TimeSpan by) => offset += by;

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }

    /// <summary>The test's own objects: every namespace also holds the cluster's kube-root-ca.crt ConfigMap, as on a real cluster.</summary>
    private static IEnumerable<string> Own(IEnumerable<string> names) => names.Where(n => n != "kube-root-ca.crt");
}
