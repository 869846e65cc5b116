using System.Diagnostics;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using static Piksel.Emulator.Aws.Tests.Eks.EksPartsKit;
using static Piksel.Emulator.Aws.Tests.Eks.EksTestKit;

namespace Piksel.Emulator.Aws.Tests.Eks;

/// <summary>The add-on, Fargate and Pod Identity operations through the AWS CLI v1 (botocore's own serialisation and parsing).</summary>
[Collection(EmulatorCollection.Name)]
public sealed class EksCliTests(EmulatorFixture fixture)
{
    [Fact]
    public async Task The_aws_cli_creates_lists_and_describes_addons_profiles_and_associations()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        var cluster = await ClusterAsync(eks, iam, "cli");
        var fargateRole = await RoleAsync(iam, TrustFargate, "fargate-pods");
        var podRole = await RoleAsync(iam, TrustPods, "pods");

        var addon = await AwsAsync("eks", "create-addon", "--cluster-name", cluster.Name, "--addon-name", "coredns",
            "--configuration-values", """{"replicaCount":2}""", "--resolve-conflicts", "OVERWRITE");
        Assert.Equal(("coredns", "CREATING", "v1.12.4-eksbuild.1"),
            (addon["addon"]!["addonName"]!.GetValue<string>(), addon["addon"]!["status"]!.GetValue<string>(), addon["addon"]!["addonVersion"]!.GetValue<string>()));
        Assert.Equal(["coredns"], (await AwsAsync("eks", "list-addons", "--cluster-name", cluster.Name))["addons"]!.AsArray().Select(n => n!.GetValue<string>()));
        var versions = await AwsAsync("eks", "describe-addon-versions", "--kubernetes-version", "1.33", "--addon-name", "vpc-cni");
        Assert.Equal("v1.20.1-eksbuild.3", versions["addons"]![0]!["addonVersions"]![0]!["addonVersion"]!.GetValue<string>());

        var profile = await AwsAsync("eks", "create-fargate-profile", "--cluster-name", cluster.Name, "--fargate-profile-name", "kube-system",
            "--pod-execution-role-arn", fargateRole, "--selectors", "namespace=kube-system,labels={k8s-app=kube-dns}");
        Assert.Equal("CREATING", profile["fargateProfile"]!["status"]!.GetValue<string>());
        Assert.Equal(["kube-system"], (await AwsAsync("eks", "list-fargate-profiles", "--cluster-name", cluster.Name))["fargateProfileNames"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("ACTIVE", (await AwsAsync("eks", "describe-fargate-profile", "--cluster-name", cluster.Name, "--fargate-profile-name", "kube-system"))["fargateProfile"]!["status"]!.GetValue<string>());

        var association = await AwsAsync("eks", "create-pod-identity-association", "--cluster-name", cluster.Name,
            "--namespace", "apps", "--service-account", "reader", "--role-arn", podRole);
        var id = association["association"]!["associationId"]!.GetValue<string>();
        var listed = await AwsAsync("eks", "list-pod-identity-associations", "--cluster-name", cluster.Name, "--namespace", "apps");
        Assert.Equal(id, listed["associations"]![0]!["associationId"]!.GetValue<string>());

        var (code, _, error) = await RunAsync("eks", "create-addon", "--cluster-name", cluster.Name, "--addon-name", "coredns");
        Assert.NotEqual(0, code);
        Assert.Contains("ResourceInUseException", error, StringComparison.Ordinal);
        Assert.Contains("Addon already exists.", error, StringComparison.Ordinal);

        await AwsAsync("eks", "delete-fargate-profile", "--cluster-name", cluster.Name, "--fargate-profile-name", "kube-system");
        await eks.DeleteClusterAsync(cluster.Name, Ct);
    }

    private async Task<JsonObject> AwsAsync(params string[] args)
    {
        var (code, output, error) = await RunAsync(args);
        Assert.True(code == 0, $"aws {string.Join(' ', args)} exited {code}: {error}");
        return JsonNode.Parse(output)!.AsObject();
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("aws") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args.Concat(["--endpoint-url", fixture.ServiceUrl, "--region", Region, "--output", "json"])) start.ArgumentList.Add(arg);
        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";
        start.Environment.Remove("AWS_PROFILE");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await output, await error);
    }
}
