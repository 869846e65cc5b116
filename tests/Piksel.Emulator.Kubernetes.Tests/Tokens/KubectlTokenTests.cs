using System.Diagnostics;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;
using static Piksel.Emulator.Kubernetes.Tests.Tokens.TokenTestKit;

namespace Piksel.Emulator.Kubernetes.Tests.Tokens;

/// <summary><c>kubectl create token</c>, <c>auth whoami</c> and <c>auth can-i</c> (kubectl 1.33 sends these bodies as protobuf).</summary>
[Collection(ClusterCollection.Name)]
public sealed class KubectlTokenTests(ClusterFixture fixture)
{
    /// <summary>The versioned kubectl binaries next to the one on PATH, or null.</summary>
    public static string? Directory { get; } = Find();

    public static bool Available => Directory is not null;

    private static string? Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var kubectl = new FileInfo(Path.Combine(dir, "kubectl"));
            if (!kubectl.Exists) continue;
            var real = kubectl.ResolveLinkTarget(true)?.FullName ?? kubectl.FullName;
            var home = Path.GetDirectoryName(real)!;
            if (File.Exists(Path.Combine(home, "kubectl.1.33"))) return home;
        }
        return null;
    }

    private async Task<(int Exit, string Out, string Err)> KubectlAsync(string version, string ns, params string[] args)
    {
        var psi = new ProcessStartInfo(Path.Combine(Directory!, $"kubectl.{version}")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--kubeconfig", fixture.KubeconfigPath, "-n", ns }.Concat(args)) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output, await error);
    }

    [Theory(SkipUnless = nameof(Available), SkipType = typeof(KubectlTokenTests), Skip = "kubectl.1.33/1.27 binaries not found next to kubectl")]
    [InlineData("1.33")]
    [InlineData("1.27")]
    public async Task Create_token_gives_a_working_token(string version)
    {
        var ns = await fixture.NewNamespaceAsync("kctl");
        await EnsureServiceAccountAsync(fixture.Client, ns, "robot");
        var (exit, output, error) = await KubectlAsync(version, ns, "create", "token", "robot", "--duration=20m", "--audience=sts.amazonaws.com");
        Assert.True(exit == 0, error);
        var token = output.Trim();
        var claims = Part(token, 1);
        Assert.Equal(["sts.amazonaws.com"], claims["aud"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(1200, (long)claims["exp"]! - (long)claims["iat"]!);

        var (_, api, _) = await KubectlAsync(version, ns, "create", "token", "robot");
        using var client = ClientFor(fixture.Server, api.Trim());
        var who = await client.AuthenticationV1.CreateSelfSubjectReviewAsync(new V1SelfSubjectReview(), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal($"system:serviceaccount:{ns}:robot", who.Status.UserInfo.Username);

        var (failed, _, why) = await KubectlAsync(version, ns, "create", "token", "robot", "--duration=5m");
        Assert.NotEqual(0, failed);
        Assert.Contains("may not specify a duration less than 10 minutes", why, StringComparison.Ordinal);
    }

    [Fact(SkipUnless = nameof(Available), SkipType = typeof(KubectlTokenTests), Skip = "kubectl.1.33 not found next to kubectl")]
    public async Task Whoami_and_can_i()
    {
        var ns = await fixture.NewNamespaceAsync("kctl");
        var (exit, output, error) = await KubectlAsync("1.33", ns, "auth", "whoami", "-o", "json");
        Assert.True(exit == 0, error);
        var review = JsonNode.Parse(output)!;
        Assert.Equal("kubernetes-admin", (string?)review["status"]!["userInfo"]!["username"]);

        var (canExit, can, canError) = await KubectlAsync("1.33", ns, "auth", "can-i", "create", "configmaps");
        Assert.True(canExit == 0, canError);
        Assert.Equal("yes", can.Trim());
    }
}
