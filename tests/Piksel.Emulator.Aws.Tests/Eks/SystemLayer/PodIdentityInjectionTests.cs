using k8s;
using k8s.Models;
using Piksel.Emulator.Aws.Eks.SystemLayer;
using static Piksel.Emulator.Aws.Tests.Eks.SystemLayer.SystemLayerCluster;

namespace Piksel.Emulator.Aws.Tests.Eks.SystemLayer;

/// <summary>EKS Pod Identity's webhook: the agent's environment and token in pods of associated service accounts, winning over IRSA.</summary>
public sealed class PodIdentityInjectionTests
{
    private const string Role = "arn:aws:iam::000000000000:role/app";
    private const string TokenFile = "/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token";

    private static PodIdentityAssociationSpec Association(string ns, string account) =>
        new("a-abcdefghijklmnopq", "arn:aws:eks:eu-west-1:000000000000:podidentityassociation/sys/a-abcdefghijklmnopq", ns, account, Role);

    private static V1Pod Pod(string name, string account) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec
        {
            ServiceAccountName = account,
            InitContainers = [new V1Container { Name = "init", Image = "busybox" }],
            Containers =
            [
                new V1Container { Name = "app", Image = "nginx" },
                new V1Container { Name = "sidecar", Image = "envoy", Env = [new V1EnvVar { Name = "AWS_REGION", Value = "us-west-2" }] },
            ],
        },
    };

    private static async Task AccountAsync(IKubernetes kube, string ns, string name, string? irsaRole = null) =>
        await kube.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount
        {
            Metadata = new V1ObjectMeta { Name = name, Annotations = irsaRole is null ? null : new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = irsaRole } },
        }, ns, cancellationToken: Ct);

    [Fact]
    public async Task Every_container_of_an_associated_service_accounts_pod_gets_the_agent_env_and_token_and_irsa_steps_aside()
    {
        await using var cluster = await StartAsync();
        var ns = await cluster.NamespaceAsync("pi-app");
        // The account also carries an IRSA annotation: the association wins, so no AWS_ROLE_ARN.
        await AccountAsync(cluster.Client, ns, "app", irsaRole: "arn:aws:iam::000000000000:role/irsa");
        cluster.Update(s => s with { PodIdentityAssociations = [Association(ns, "app")] });

        var pod = await cluster.Client.CoreV1.CreateNamespacedPodAsync(Pod("p", "app"), ns, cancellationToken: Ct);

        foreach (var container in pod.Spec.InitContainers.Concat(pod.Spec.Containers))
        {
            var env = container.Env.ToDictionary(e => e.Name, e => e.Value);
            Assert.Equal("http://169.254.170.23/v1/credentials", env["AWS_CONTAINER_CREDENTIALS_FULL_URI"]);
            Assert.Equal(TokenFile, env["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"]);
            Assert.False(env.ContainsKey("AWS_ROLE_ARN"), container.Name);
            Assert.False(env.ContainsKey("AWS_WEB_IDENTITY_TOKEN_FILE"), container.Name);
            var mount = container.VolumeMounts.Single(m => m.Name == "eks-pod-identity-token");
            Assert.Equal("/var/run/secrets/pods.eks.amazonaws.com/serviceaccount", mount.MountPath);
            Assert.True(mount.ReadOnlyProperty);
            Assert.DoesNotContain(container.VolumeMounts, m => m.Name == "aws-iam-token");
        }
        Assert.Equal("eu-west-1", pod.Spec.Containers[0].Env.Single(e => e.Name == "AWS_REGION").Value);
        // What the container set itself is kept.
        Assert.Equal("us-west-2", Assert.Single(pod.Spec.Containers[1].Env, e => e.Name == "AWS_REGION").Value);
        var token = pod.Spec.Volumes.Single(v => v.Name == "eks-pod-identity-token").Projected.Sources.Single().ServiceAccountToken;
        Assert.Equal(("pods.eks.amazonaws.com", 86400L, "eks-pod-identity-token"), (token.Audience, token.ExpirationSeconds!.Value, token.Path));
        Assert.DoesNotContain(pod.Spec.Volumes, v => v.Name == "aws-iam-token");
    }

    [Fact]
    public async Task Without_an_association_nothing_is_injected_and_irsa_still_is()
    {
        await using var cluster = await StartAsync();
        var ns = await cluster.NamespaceAsync("pi-none");
        await AccountAsync(cluster.Client, ns, "plain");
        await AccountAsync(cluster.Client, ns, "irsa", irsaRole: "arn:aws:iam::000000000000:role/irsa");
        // An association of another account in the namespace does not reach these.
        cluster.Update(s => s with { PodIdentityAssociations = [Association(ns, "someone-else")] });

        var plain = await cluster.Client.CoreV1.CreateNamespacedPodAsync(Pod("plain", "plain"), ns, cancellationToken: Ct);
        Assert.All(plain.Spec.Containers, c => Assert.DoesNotContain(c.Env ?? [], e => e.Name.StartsWith("AWS_CONTAINER_", StringComparison.Ordinal)));
        Assert.DoesNotContain(plain.Spec.Volumes, v => v.Name == "eks-pod-identity-token");

        var irsa = await cluster.Client.CoreV1.CreateNamespacedPodAsync(Pod("irsa", "irsa"), ns, cancellationToken: Ct);
        Assert.Equal("arn:aws:iam::000000000000:role/irsa", irsa.Spec.Containers[0].Env.Single(e => e.Name == "AWS_ROLE_ARN").Value);
        Assert.DoesNotContain(irsa.Spec.Containers[0].Env, e => e.Name == "AWS_CONTAINER_CREDENTIALS_FULL_URI");
    }

    [Fact]
    public async Task Fargate_pods_get_no_pod_identity_agent()
    {
        var profile = new FargateProfileSpec("fp", "arn:aws:iam::000000000000:role/fargate-pods", [Subnet("subnet-a", "eu-west-1a", "10.0.32.0/19")],
            [new FargateSelectorSpec("pi-fargate", new Dictionary<string, string>())]);
        await using var cluster = await StartAsync(EmptySpec() with { FargateProfiles = [profile] });
        var ns = await cluster.NamespaceAsync("pi-fargate");
        await AccountAsync(cluster.Client, ns, "app");
        cluster.Update(s => s with { PodIdentityAssociations = [Association(ns, "app")] });

        var pod = await cluster.Client.CoreV1.CreateNamespacedPodAsync(Pod("p", "app"), ns, cancellationToken: Ct);

        Assert.Equal("fargate-scheduler", pod.Spec.SchedulerName);
        Assert.DoesNotContain(pod.Spec.Volumes, v => v.Name == "eks-pod-identity-token");
    }
}
