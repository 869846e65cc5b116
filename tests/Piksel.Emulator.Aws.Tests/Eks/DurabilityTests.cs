using Amazon.Runtime;
using k8s;
using k8s.Models;
using Piksel.Platform.Aws.Eks;
using static Piksel.Emulator.Aws.Tests.Eks.EksTestKit;

namespace Piksel.Emulator.Aws.Tests.Eks;

/// <summary>With a data directory, a cluster outlives the emulator: it starts again with it, same CA, issuer, objects and (when free) port.</summary>
public sealed class DurabilityTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "piksel-eks-" + Guid.NewGuid().ToString("N"));
    private readonly AWSCredentials root = new BasicAWSCredentials("test", "test");

    public void Dispose()
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task A_cluster_and_its_objects_survive_a_restart_of_the_emulator()
    {
        var name = Unique("durable");
        EksCluster before;
        await using (var first = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0, DataDirectory = directory }, cancellationToken: Ct))
        {
            using var iam = NewIam(first.Endpoint, root);
            using var eks = NewEks(first.Endpoint, root);
            before = await ActiveClusterAsync(eks, name, await ClusterRoleAsync(iam, "eks-durable"));
            using var kube = Kube(before, await TokenAsync(first.Endpoint, root, name));
            await kube.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "kept" } }, cancellationToken: Ct);
        }
        Assert.True(Directory.Exists(Path.Combine(directory, "eks")));

        await using var second = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0, DataDirectory = directory }, cancellationToken: Ct);
        using (var eks = NewEks(second.Endpoint, root))
        {
            // Started with the emulator: ACTIVE at once, nothing to wait for.
            var after = await eks.DescribeClusterAsync(name, Ct);
            Assert.Equal("ACTIVE", after.Status);
            Assert.Equal(before.OidcIssuer, after.OidcIssuer);
            Assert.Equal(before.CertificateAuthorityData, after.CertificateAuthorityData);
            // The same port is reused when it is still free; other tests running in parallel may have taken it meanwhile.
            Assert.Equal(before.Endpoint!.Host, after.Endpoint!.Host);
            Assert.Equal(["arn:aws:iam::000000000000:root"], (await eks.ListAccessEntriesAsync(name, cancellationToken: Ct)).Items);

            using var kube = Kube(after, await TokenAsync(second.Endpoint, root, name));
            var ns = await kube.CoreV1.ReadNamespaceAsync("kept", cancellationToken: Ct);
            Assert.Equal("kept", ns.Metadata.Name);

            await eks.DeleteClusterAsync(name, Ct);
            await eks.WaitUntilDeletedAsync(name, Ct);
        }
        Assert.Empty(Directory.GetDirectories(Path.Combine(directory, "eks")));
    }
}
