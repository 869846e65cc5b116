using k8s;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;
using static Piksel.Emulator.Kubernetes.Tests.Kubectl.KubectlAssert;

namespace Piksel.Emulator.Kubernetes.Tests.Kubectl;

/// <summary><c>kubectl create &lt;kind&gt;</c> subcommands, which kubectl 1.33 sends as protobuf bodies.</summary>
[Collection(ClusterCollection.Name)]
public sealed class KubectlCreateTests(ClusterFixture fixture)
{
    public static IEnumerable<TheoryDataRow<string>> Versions() => KubectlBinaries.All();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Create_subcommands_make_each_kind(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = $"mk-{Guid.NewGuid():N}"[..12];
        Prints(Ok(await kubectl.RunAsync("create", "namespace", ns)), $"namespace/{ns} created");
        Prints(Ok(await kubectl.RunAsync("create", "secret", "generic", "creds", "-n", ns, "--from-literal=password=s3cr3t", "--type=example.com/login")), "secret/creds created");
        Prints(Ok(await kubectl.RunAsync("create", "serviceaccount", "robot", "-n", ns)), "serviceaccount/robot created");
        Prints(Ok(await kubectl.RunAsync("create", "service", "clusterip", "web", "-n", ns, "--tcp=80:8080")), "service/web created");
        Prints(Ok(await kubectl.RunAsync("create", "role", "reader", "-n", ns, "--verb=get,list", "--resource=configmaps")), "role.rbac.authorization.k8s.io/reader created");
        Prints(Ok(await kubectl.RunAsync("create", "rolebinding", "robot-reader", "-n", ns, "--role=reader", $"--serviceaccount={ns}:robot")), "rolebinding.rbac.authorization.k8s.io/robot-reader created");

        var secret = await fixture.Client.CoreV1.ReadNamespacedSecretAsync("creds", ns, cancellationToken: Ct);
        Assert.Equal("s3cr3t"u8.ToArray(), secret.Data["password"]);
        Assert.Equal("example.com/login", secret.Type);
        var service = await fixture.Client.CoreV1.ReadNamespacedServiceAsync("web", ns, cancellationToken: Ct);
        var port = Assert.Single(service.Spec.Ports);
        Assert.Equal((80, "8080", "TCP"), (port.Port, port.TargetPort.Value, port.Protocol));
        Assert.Equal("web", service.Spec.Selector["app"]);
        var role = await fixture.Client.RbacAuthorizationV1.ReadNamespacedRoleAsync("reader", ns, cancellationToken: Ct);
        var rule = Assert.Single(role.Rules);
        Assert.Equal(["get", "list"], rule.Verbs);
        Assert.Equal(["configmaps"], rule.Resources);
        Assert.Equal([""], rule.ApiGroups);
        var binding = await fixture.Client.RbacAuthorizationV1.ReadNamespacedRoleBindingAsync("robot-reader", ns, cancellationToken: Ct);
        Assert.Equal(("Role", "reader"), (binding.RoleRef.Kind, binding.RoleRef.Name));
        var subject = Assert.Single(binding.Subjects);
        Assert.Equal(("ServiceAccount", "robot", ns), (subject.Kind, subject.Name, subject.NamespaceProperty));

        Assert.Equal("yes", Ok(await kubectl.RunAsync("auth", "can-i", "list", "configmaps", "-n", ns, $"--as=system:serviceaccount:{ns}:robot")).Stdout.Trim());
    }
}
