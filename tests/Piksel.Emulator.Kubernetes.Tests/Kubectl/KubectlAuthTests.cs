using Piksel.Emulator.Kubernetes.Tests.Infrastructure;
using static Piksel.Emulator.Kubernetes.Tests.Kubectl.KubectlAssert;

namespace Piksel.Emulator.Kubernetes.Tests.Kubectl;

/// <summary><c>kubectl auth can-i</c> (with <c>--list</c>, <c>--as</c>, <c>--as-group</c>) and RBAC's refusals, as kubectl 1.27 and 1.33 see them.</summary>
[Collection(ClusterCollection.Name)]
public sealed class KubectlAuthTests(ClusterFixture fixture)
{
    public static IEnumerable<TheoryDataRow<string>> Versions() => KubectlBinaries.All();

    /// <summary>A namespace's developer Role (read most things, no secrets) bound to its developers' group, as the platform makes it.</summary>
    private static string Developer(string ns) => $"""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: {ns}-developer
          namespace: {ns}
        rules:
        - apiGroups: [""]
          resources: [pods, pods/log, services, configmaps, events, persistentvolumeclaims]
          verbs: [get, list, watch]
        - apiGroups: [apps, batch]
          resources: ["*"]
          verbs: [get, list, watch]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: {ns}-developer
          namespace: {ns}
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: Role
          name: {ns}-developer
        subjects:
        - apiGroup: rbac.authorization.k8s.io
          kind: Group
          name: piksel:{ns}-developers
        """;

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Can_i_answers_for_an_impersonated_developer(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await fixture.NewNamespaceAsync("odc");
        Ok(await kubectl.RunAsync(["apply", "-f", "-"], Developer(ns)));
        var group = $"--as-group=piksel:{ns}-developers";

        var pods = await kubectl.RunAsync("auth", "can-i", "get", "pods", "-n", ns, "--as=dev", group);
        Assert.True(pods.ExitCode == 0, pods.ToString());
        Assert.Equal("yes", pods.Stdout.Trim());
        var secrets = await kubectl.RunAsync("auth", "can-i", "get", "secrets", "-n", ns, "--as=dev", group);
        Assert.True(secrets.ExitCode == 1, secrets.ToString());
        Assert.Equal("no", secrets.Stdout.Trim());
        Assert.Equal("yes", Ok(await kubectl.RunAsync("auth", "can-i", "list", "deployments.apps", "-n", ns, "--as=dev", group)).Stdout.Trim());
        Assert.Equal("no", (await kubectl.RunAsync("auth", "can-i", "get", "pods", "-n", "default", "--as=dev", group)).Stdout.Trim());
        Assert.Equal("no", (await kubectl.RunAsync("auth", "can-i", "get", "pods", "-n", ns, "--as=dev")).Stdout.Trim());
        // What can-i says is what the server does.
        var get = await kubectl.RunAsync("get", "secrets", "-n", ns, "--as=dev", group);
        Assert.NotEqual(0, get.ExitCode);
        Assert.Contains($"secrets is forbidden: User \"dev\" cannot list resource \"secrets\" in API group \"\" in the namespace \"{ns}\"", get.Stderr, StringComparison.Ordinal);
        Ok(await kubectl.RunAsync("get", "pods", "-n", ns, "--as=dev", group));
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Can_i_list_shows_exactly_what_a_service_account_is_bound_to(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await fixture.NewNamespaceAsync("cani");
        Ok(await kubectl.RunAsync("create", "serviceaccount", "data-reader", "-n", ns));
        Ok(await kubectl.RunAsync("create", "role", "data-reader", "-n", ns, "--verb=get,list", "--resource=configmaps"));
        Ok(await kubectl.RunAsync("create", "rolebinding", "data-reader", "-n", ns, "--role=data-reader", $"--serviceaccount={ns}:data-reader"));

        var list = Ok(await kubectl.RunAsync("auth", "can-i", "--list", "-n", ns, $"--as=system:serviceaccount:{ns}:data-reader"));
        var lines = list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs", lines[0]);
        var resources = lines.Skip(1).Where(l => !char.IsWhiteSpace(l[0])).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]).Order(StringComparer.Ordinal);
        Assert.Equal(
            ["configmaps", "selfsubjectaccessreviews.authorization.k8s.io", "selfsubjectreviews.authentication.k8s.io", "selfsubjectrulesreviews.authorization.k8s.io"],
            resources);
        Assert.Matches(@"(?m)^configmaps\s+\[\]\s+\[\]\s+\[get list\]", list.Stdout);
        Assert.Contains("[/apis/*]", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("[/.well-known/openid-configuration]", list.Stdout, StringComparison.Ordinal);
    }

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task A_role_granting_more_than_its_creator_holds_is_refused(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await fixture.NewNamespaceAsync("esc");
        var creator = $"--as=system:serviceaccount:{ns}:creator";
        Ok(await kubectl.RunAsync("create", "serviceaccount", "creator", "-n", ns));
        Ok(await kubectl.RunAsync("create", "role", "role-author", "-n", ns, "--verb=create,get", "--resource=roles,configmaps"));
        Ok(await kubectl.RunAsync("create", "rolebinding", "role-author", "-n", ns, "--role=role-author", $"--serviceaccount={ns}:creator"));

        Prints(Ok(await kubectl.RunAsync("create", "role", "fine", "-n", ns, "--verb=get", "--resource=configmaps", creator)), "role.rbac.authorization.k8s.io/fine created");
        var refused = await kubectl.RunAsync("create", "role", "greedy", "-n", ns, "--verb=get,list", "--resource=secrets", creator);
        Assert.True(refused.ExitCode != 0, refused.ToString());
        Assert.Contains($"roles.rbac.authorization.k8s.io \"greedy\" is forbidden: user \"system:serviceaccount:{ns}:creator\" (groups=[\"system:serviceaccounts\" \"system:serviceaccounts:{ns}\" \"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\" \"list\"]}", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal("no", (await kubectl.RunAsync("auth", "can-i", "get", "secrets", "-n", ns, creator)).Stdout.Trim());
    }
}
