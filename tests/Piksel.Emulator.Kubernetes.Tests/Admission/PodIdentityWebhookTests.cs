using k8s;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;
using static Piksel.Emulator.Kubernetes.Tests.Tokens.TokenTestKit;

namespace Piksel.Emulator.Kubernetes.Tests.Admission;

[Collection(ClusterCollection.Name)]
public sealed class PodIdentityWebhookTests(ClusterFixture fixture)
{
    private const string Role = "arn:aws:iam::111122223333:role/app";
    private const string TokenFile = "/var/run/secrets/eks.amazonaws.com/serviceaccount/token";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> NamespaceWithRoleAsync(IDictionary<string, string>? extra = null)
    {
        var ns = await fixture.NewNamespaceAsync("irsa");
        await EnsureServiceAccountAsync(fixture.Client, ns, "default");
        var annotations = new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = Role };
        foreach (var (k, v) in extra ?? new Dictionary<string, string>()) annotations[k] = v;
        await EnsureServiceAccountAsync(fixture.Client, ns, "app", annotations);
        return ns;
    }

    private static IEnumerable<(string Name, string Value)> Env(V1Container c) => c.Env?.Select(e => (e.Name, e.Value)) ?? [];

    [Fact]
    public async Task A_pod_of_an_annotated_account_gets_env_volume_and_mounts()
    {
        var ns = await NamespaceWithRoleAsync();
        var pod = Pod("web", "app");
        pod.Spec.InitContainers = [new V1Container { Name = "init", Image = "busybox" }];
        var created = await fixture.Client.CoreV1.CreateNamespacedPodAsync(pod, ns, cancellationToken: Ct);

        var region = fixture.Server.State.Options.Region;
        foreach (var container in created.Spec.InitContainers.Concat(created.Spec.Containers))
        {
            Assert.Equal(
                [("AWS_STS_REGIONAL_ENDPOINTS", "regional"), ("AWS_DEFAULT_REGION", region), ("AWS_REGION", region), ("AWS_ROLE_ARN", Role), ("AWS_WEB_IDENTITY_TOKEN_FILE", TokenFile)],
                Env(container));
            // The API-access mount first (built-in admission), then the webhook's.
            Assert.Equal(
                [("/var/run/secrets/kubernetes.io/serviceaccount", true), ("/var/run/secrets/eks.amazonaws.com/serviceaccount", true)],
                container.VolumeMounts.Select(m => (m.MountPath, m.ReadOnlyProperty == true)));
            Assert.Equal("aws-iam-token", container.VolumeMounts[1].Name);
        }
        // The webhook inserts its volume first.
        Assert.Equal("aws-iam-token", created.Spec.Volumes[0].Name);
        Assert.StartsWith("kube-api-access-", created.Spec.Volumes[1].Name, StringComparison.Ordinal);
        var projection = Assert.Single(created.Spec.Volumes[0].Projected.Sources).ServiceAccountToken;
        Assert.Equal(("sts.amazonaws.com", 86400L, "token"), (projection.Audience, projection.ExpirationSeconds ?? 0, projection.Path));
    }

    [Fact]
    public async Task Annotations_set_audience_expiration_and_regional_sts()
    {
        var ns = await NamespaceWithRoleAsync(new Dictionary<string, string>
        {
            ["eks.amazonaws.com/audience"] = "custom-aud",
            ["eks.amazonaws.com/token-expiration"] = "7200",
            ["eks.amazonaws.com/sts-regional-endpoints"] = "false",
        });
        var created = await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("a", "app"), ns, cancellationToken: Ct);
        var projection = created.Spec.Volumes[0].Projected.Sources[0].ServiceAccountToken;
        Assert.Equal(("custom-aud", 7200L), (projection.Audience, projection.ExpirationSeconds ?? 0));
        Assert.DoesNotContain(Env(created.Spec.Containers[0]), e => e.Name == "AWS_STS_REGIONAL_ENDPOINTS");

        // The pod's own expiration wins; under ten minutes is raised to ten.
        var pod = Pod("b", "app");
        pod.Metadata.Annotations = new Dictionary<string, string> { ["eks.amazonaws.com/token-expiration"] = "60" };
        var short_ = await fixture.Client.CoreV1.CreateNamespacedPodAsync(pod, ns, cancellationToken: Ct);
        Assert.Equal(600, short_.Spec.Volumes[0].Projected.Sources[0].ServiceAccountToken.ExpirationSeconds);
    }

    [Fact]
    public async Task Variables_a_container_sets_are_never_overridden()
    {
        var ns = await NamespaceWithRoleAsync();
        var pod = Pod("web", "app");
        pod.Spec.Containers[0].Env = [new V1EnvVar { Name = "AWS_REGION", Value = "us-west-2" }, new V1EnvVar { Name = "AWS_ROLE_ARN", Value = "mine" }];
        var created = await fixture.Client.CoreV1.CreateNamespacedPodAsync(pod, ns, cancellationToken: Ct);
        // A region var blocks both region vars; a role var blocks both role vars.
        Assert.Equal([("AWS_REGION", "us-west-2"), ("AWS_ROLE_ARN", "mine"), ("AWS_STS_REGIONAL_ENDPOINTS", "regional")], Env(created.Spec.Containers[0]));
        Assert.Contains(created.Spec.Containers[0].VolumeMounts, m => m.Name == "aws-iam-token");
    }

    [Fact]
    public async Task Skip_label_skipped_containers_and_plain_accounts_are_left_alone()
    {
        var ns = await NamespaceWithRoleAsync();
        var skipped = Pod("skipped", "app");
        skipped.Metadata.Labels = new Dictionary<string, string> { ["eks.amazonaws.com/skip-pod-identity-webhook"] = "" };
        var a = await fixture.Client.CoreV1.CreateNamespacedPodAsync(skipped, ns, cancellationToken: Ct);
        Assert.Null(a.Spec.Containers[0].Env);
        Assert.DoesNotContain(a.Spec.Volumes, v => v.Name == "aws-iam-token");

        var plain = await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("plain"), ns, cancellationToken: Ct);
        Assert.Null(plain.Spec.Containers[0].Env);
        Assert.DoesNotContain(plain.Spec.Volumes, v => v.Name == "aws-iam-token");

        var partly = Pod("partly", "app");
        partly.Metadata.Annotations = new Dictionary<string, string> { ["eks.amazonaws.com/skip-containers"] = "sidecar" };
        partly.Spec.Containers.Add(new V1Container { Name = "sidecar", Image = "envoy" });
        var c = await fixture.Client.CoreV1.CreateNamespacedPodAsync(partly, ns, cancellationToken: Ct);
        Assert.NotNull(c.Spec.Containers[0].Env);
        Assert.Null(c.Spec.Containers[1].Env);
        Assert.DoesNotContain(c.Spec.Containers[1].VolumeMounts, m => m.Name == "aws-iam-token");
    }

    [Fact]
    public async Task An_existing_token_volume_and_mount_are_not_duplicated()
    {
        var ns = await NamespaceWithRoleAsync();
        var pod = Pod("again", "app");
        pod.Spec.Volumes = [new V1Volume { Name = "aws-iam-token", Projected = new V1ProjectedVolumeSource { Sources = [new V1VolumeProjection { ServiceAccountToken = new V1ServiceAccountTokenProjection { Audience = "mine", Path = "token" } }] } }];
        pod.Spec.Containers[0].VolumeMounts = [new V1VolumeMount { Name = "aws-iam-token", MountPath = "/custom" }];
        var created = await fixture.Client.CoreV1.CreateNamespacedPodAsync(pod, ns, cancellationToken: Ct);
        var volume = Assert.Single(created.Spec.Volumes, v => v.Name == "aws-iam-token");
        Assert.Equal("mine", volume.Projected.Sources[0].ServiceAccountToken.Audience);
        Assert.Equal(["/custom"], created.Spec.Containers[0].VolumeMounts.Where(m => m.Name == "aws-iam-token").Select(m => m.MountPath));
        Assert.Contains(Env(created.Spec.Containers[0]), e => e == ("AWS_ROLE_ARN", Role));
    }

    [Fact]
    public async Task Windows_pods_get_a_windows_token_path()
    {
        var ns = await NamespaceWithRoleAsync();
        var pod = Pod("win", "app");
        pod.Spec.NodeSelector = new Dictionary<string, string> { ["kubernetes.io/os"] = "windows" };
        var created = await fixture.Client.CoreV1.CreateNamespacedPodAsync(pod, ns, cancellationToken: Ct);
        Assert.Contains(Env(created.Spec.Containers[0]), e => e == ("AWS_WEB_IDENTITY_TOKEN_FILE", @"C:\var\run\secrets\eks.amazonaws.com\serviceaccount\token"));
    }
}
