using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;
using static Piksel.Emulator.Kubernetes.Tests.Tokens.TokenTestKit;

namespace Piksel.Emulator.Kubernetes.Tests.Admission;

[Collection(ClusterCollection.Name)]
public sealed class ServiceAccountAdmissionTests(ClusterFixture fixture)
{
    private const string TokenPath = "/var/run/secrets/kubernetes.io/serviceaccount";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_pod_runs_as_default_and_gets_the_api_access_volume_in_every_container()
    {
        var ns = await fixture.NewNamespaceAsync("saadm");
        await EnsureServiceAccountAsync(fixture.Client, ns, "default");
        var pod = Pod("web");
        pod.Spec.InitContainers = [new V1Container { Name = "init", Image = "busybox" }];

        var created = await fixture.Client.CoreV1.CreateNamespacedPodAsync(pod, ns, cancellationToken: Ct);

        Assert.Equal("default", created.Spec.ServiceAccountName);
        var volume = Assert.Single(created.Spec.Volumes);
        Assert.Matches("^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$", volume.Name);
        Assert.Equal(420, volume.Projected.DefaultMode);
        var sources = volume.Projected.Sources;
        Assert.Equal(3, sources.Count);
        Assert.Equal(3607, sources[0].ServiceAccountToken.ExpirationSeconds);
        Assert.Equal("token", sources[0].ServiceAccountToken.Path);
        Assert.Null(sources[0].ServiceAccountToken.Audience);
        Assert.Equal("kube-root-ca.crt", sources[1].ConfigMap.Name);
        Assert.Equal(("ca.crt", "ca.crt"), (sources[1].ConfigMap.Items[0].Key, sources[1].ConfigMap.Items[0].Path));
        Assert.Equal("namespace", sources[2].DownwardAPI.Items[0].Path);
        Assert.Equal("metadata.namespace", sources[2].DownwardAPI.Items[0].FieldRef.FieldPath);
        foreach (var container in created.Spec.InitContainers.Concat(created.Spec.Containers))
        {
            var mount = Assert.Single(container.VolumeMounts);
            Assert.Equal((volume.Name, TokenPath, true), (mount.Name, mount.MountPath, mount.ReadOnlyProperty == true));
        }
    }

    [Fact]
    public async Task A_missing_service_account_is_Forbidden()
    {
        var ns = await fixture.NewNamespaceAsync("saadm");
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("web", "ghost"), ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.Forbidden, e.Response.StatusCode);
        Assert.Contains($"pods \\\"web\\\" is forbidden: error looking up service account {ns}/ghost: serviceaccount \\\"ghost\\\" not found", e.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Automount_false_on_the_pod_or_the_account_mounts_nothing_and_the_pod_wins()
    {
        var ns = await fixture.NewNamespaceAsync("saadm");
        await EnsureServiceAccountAsync(fixture.Client, ns, "default");
        await EnsureServiceAccountAsync(fixture.Client, ns, "quiet", automount: false);

        var onPod = Pod("on-pod");
        onPod.Spec.AutomountServiceAccountToken = false;
        var a = await fixture.Client.CoreV1.CreateNamespacedPodAsync(onPod, ns, cancellationToken: Ct);
        Assert.Null(a.Spec.Volumes);
        Assert.Null(a.Spec.Containers[0].VolumeMounts);

        var b = await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("on-account", "quiet"), ns, cancellationToken: Ct);
        Assert.Null(b.Spec.Volumes);

        var overriding = Pod("pod-wins", "quiet");
        overriding.Spec.AutomountServiceAccountToken = true;
        var c = await fixture.Client.CoreV1.CreateNamespacedPodAsync(overriding, ns, cancellationToken: Ct);
        Assert.StartsWith("kube-api-access-", Assert.Single(c.Spec.Volumes).Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_container_with_its_own_mount_at_the_token_path_keeps_it()
    {
        var ns = await fixture.NewNamespaceAsync("saadm");
        await EnsureServiceAccountAsync(fixture.Client, ns, "default");
        var pod = Pod("own");
        pod.Spec.Volumes = [new V1Volume { Name = "mine", EmptyDir = new V1EmptyDirVolumeSource() }];
        pod.Spec.Containers[0].VolumeMounts = [new V1VolumeMount { Name = "mine", MountPath = TokenPath }];
        var created = await fixture.Client.CoreV1.CreateNamespacedPodAsync(pod, ns, cancellationToken: Ct);
        Assert.Equal(["mine"], created.Spec.Volumes.Select(v => v.Name));
        Assert.Equal(["mine"], created.Spec.Containers[0].VolumeMounts.Select(m => m.Name));
    }
}
