using k8s;
using k8s.Models;
using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Platform.Providers;

namespace Piksel.EndToEnd.Tests.Pods;

/// <summary>
/// The EKS pod-identity webhook as a workload meets it: a pod of a service account annotated
/// <c>eks.amazonaws.com/role-arn</c> comes back from the API server with the AWS environment and the projected
/// <c>aws-iam-token</c> volume; a pod of an unannotated service account comes back untouched.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PodIdentityWebhookTests(PlatformFixture fixture)
{
    private const string Namespace = "terria";
    private const string RoleAnnotation = "eks.amazonaws.com/role-arn";
    private const string MountPath = "/var/run/secrets/eks.amazonaws.com/serviceaccount";

    private static readonly string[] WebhookVariables =
        ["AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_STS_REGIONAL_ENDPOINTS", "AWS_REGION", "AWS_DEFAULT_REGION"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [PlatformFact(ProviderCapabilities.EksApi)]
    public async Task A_pod_of_an_annotated_service_account_gets_the_role_env_and_token_volume()
    {
        using var kube = await fixture.KubernetesAsync(Ct);
        var account = await kube.CoreV1.ReadNamespacedServiceAccountAsync("terria-sa", Namespace, cancellationToken: Ct);
        var roleArn = account.Metadata.Annotations?[RoleAnnotation];
        Assert.Equal(fixture.Applied.Outputs["roles.terria/terria-sa"], roleArn);

        var name = "e2e-irsa-" + Guid.NewGuid().ToString("N")[..8];
        var created = await kube.CoreV1.CreateNamespacedPodAsync(Pod(name, "terria-sa"), Namespace, cancellationToken: Ct);
        try
        {
            // Both the create answer and a later read carry the mutation: it was stored, not only returned.
            foreach (var pod in new[] { created, await kube.CoreV1.ReadNamespacedPodAsync(name, Namespace, cancellationToken: Ct) })
            {
                var container = Assert.Single(pod.Spec.Containers);
                var env = (container.Env ?? []).ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);
                Assert.Equal(roleArn, env.GetValueOrDefault("AWS_ROLE_ARN"));
                Assert.Equal($"{MountPath}/token", env.GetValueOrDefault("AWS_WEB_IDENTITY_TOKEN_FILE"));
                Assert.Equal("regional", env.GetValueOrDefault("AWS_STS_REGIONAL_ENDPOINTS"));
                Assert.Equal(fixture.Settings.Region, env.GetValueOrDefault("AWS_REGION"));
                Assert.Equal(fixture.Settings.Region, env.GetValueOrDefault("AWS_DEFAULT_REGION"));
                Assert.Equal("untouched", env.GetValueOrDefault("APP_SETTING"));

                var mount = Assert.Single(container.VolumeMounts ?? [], m => m.Name == "aws-iam-token");
                Assert.Equal(MountPath, mount.MountPath);
                Assert.True(mount.ReadOnlyProperty);

                var volume = Assert.Single(pod.Spec.Volumes ?? [], v => v.Name == "aws-iam-token");
                var token = Assert.Single(volume.Projected.Sources).ServiceAccountToken;
                Assert.Equal("sts.amazonaws.com", token.Audience);
                Assert.Equal("token", token.Path);
                Assert.Equal(86400, token.ExpirationSeconds);
            }
        }
        finally
        {
            await DeleteAsync(kube, name);
        }
    }

    [PlatformFact]
    public async Task A_pod_of_an_unannotated_service_account_is_left_alone()
    {
        using var kube = await fixture.KubernetesAsync(Ct);
        var accountName = "e2e-plain-" + Guid.NewGuid().ToString("N")[..8];
        await kube.CoreV1.CreateNamespacedServiceAccountAsync(
            new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = accountName } }, Namespace, cancellationToken: Ct);
        var name = accountName + "-pod";
        try
        {
            var pod = await kube.CoreV1.CreateNamespacedPodAsync(Pod(name, accountName), Namespace, cancellationToken: Ct);

            var container = Assert.Single(pod.Spec.Containers);
            var env = (container.Env ?? []).Select(e => e.Name).ToList();
            Assert.Equal(["APP_SETTING"], env);
            Assert.DoesNotContain(container.VolumeMounts ?? [], m => m.Name == "aws-iam-token" || m.MountPath == MountPath);
            Assert.DoesNotContain(pod.Spec.Volumes ?? [], v => v.Name == "aws-iam-token");
            Assert.All(WebhookVariables, v => Assert.DoesNotContain(v, env));
        }
        finally
        {
            await DeleteAsync(kube, name);
            await kube.CoreV1.DeleteNamespacedServiceAccountAsync(accountName, Namespace, cancellationToken: CancellationToken.None);
        }
    }

    /// <summary>A pod that the <c>restricted</c> Pod Security Standard of workload namespaces admits.</summary>
    private static V1Pod Pod(string name, string serviceAccount) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "e2e-webhook" } },
        Spec = new V1PodSpec
        {
            ServiceAccountName = serviceAccount,
            SecurityContext = new V1PodSecurityContext { RunAsNonRoot = true, RunAsUser = 1000, SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" } },
            Containers =
            [
                new V1Container
                {
                    Name = "app",
                    Image = "public.ecr.aws/docker/library/busybox:1.36",
                    Command = ["sleep", "3600"],
                    Env = [new V1EnvVar { Name = "APP_SETTING", Value = "untouched" }],
                    Resources = new V1ResourceRequirements
                    {
                        Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("10m"), ["memory"] = new("16Mi") },
                        Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("64Mi") },
                    },
                    SecurityContext = new V1SecurityContext
                    {
                        AllowPrivilegeEscalation = false,
                        Capabilities = new V1Capabilities { Drop = ["ALL"] },
                    },
                },
            ],
        },
    };

    private static async Task DeleteAsync(IKubernetes kube, string name) =>
        await kube.CoreV1.DeleteNamespacedPodAsync(name, Namespace, gracePeriodSeconds: 0, cancellationToken: CancellationToken.None);
}
