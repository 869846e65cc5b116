using Amazon.Runtime;
using Amazon.S3;
using Aspire.Hosting.ApplicationModel;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Piksel.Platform.Definition;
using Piksel.Platform.Settings;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.AppHost.Tests;

/// <summary>The app model as Aspire.Hosting.Testing starts it, used with real clients through the endpoints it publishes.</summary>
[Collection(AspireAppCollection.Name)]
public sealed class AspireAppModelTests(AspireAppFixture fixture)
{
    private static readonly EnvironmentSettings Settings = EnvironmentSettingsLoader.Load(Path.Combine(WorkDirectory.RepositoryRoot(), "env"), "local");
    private static readonly PlatformSpec Spec = PikselPlatform.Define(Settings);

    [Fact]
    public async Task Every_resource_is_Running_and_the_platform_has_a_child_per_group()
    {
        var model = fixture.App.Services.GetRequiredService<DistributedApplicationModel>();
        var names = model.Resources.Select(r => r.Name).ToList();
        Assert.Contains("aws", names);
        Assert.Contains("database", names);
        Assert.Contains(names, n => n.StartsWith("cluster-", StringComparison.Ordinal));
        var groups = names.Where(n => n.StartsWith("platform-", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(groups);
        foreach (var name in names.Where(n => n != "database"))
        {
            var snapshot = await fixture.SnapshotAsync(name);
            Assert.True(snapshot.State?.Text == KnownResourceStates.Running, $"{name} is {snapshot.State?.Text}");
        }
        Assert.Equal(HealthStatus.Healthy, (await fixture.SnapshotAsync("aws")).HealthStatus);
        foreach (var group in groups)
        {
            Assert.NotEmpty((await fixture.SnapshotAsync(group)).Properties);
        }
    }

    [Fact]
    public async Task The_AWS_SDK_lists_the_platforms_buckets_through_the_aws_resources_endpoint()
    {
        // The keys the user's shell gets from aws.env, in the working directory the AppHost ran in.
        var exports = AwsEnv(Path.Combine(fixture.Work, ".piksel", "local", "aws.env"));
        Assert.Equal(fixture.AwsEndpoint.ToString().TrimEnd('/'), exports["AWS_ENDPOINT_URL"]);
        using var s3 = new AmazonS3Client(
            new BasicAWSCredentials(exports["AWS_ACCESS_KEY_ID"], exports["AWS_SECRET_ACCESS_KEY"]),
            new AmazonS3Config { ServiceURL = exports["AWS_ENDPOINT_URL"], ForcePathStyle = true, AuthenticationRegion = exports["AWS_REGION"] });
        var listed = (await s3.ListBucketsAsync(TestContext.Current.CancellationToken)).Buckets?.Select(b => b.BucketName).ToHashSet() ?? [];
        var expected = Spec.OfKind<S3Bucket>().Where(b => b.Account == Settings.Account).Select(b => b.Name).ToList();
        Assert.NotEmpty(expected);
        Assert.All(expected, name => Assert.Contains(name, listed));
    }

    [Fact]
    public async Task KubernetesClient_lists_the_platforms_namespaces_through_the_clusters_kubeconfig_property()
    {
        var cluster = fixture.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name.StartsWith("cluster-", StringComparison.Ordinal));
        var path = await fixture.PropertyAsync(cluster.Name, "kubeconfig");
        Assert.NotNull(path);
        using var kubernetes = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(path));
        var listed = (await kubernetes.CoreV1.ListNamespaceAsync(cancellationToken: TestContext.Current.CancellationToken)).Items.Select(n => n.Metadata.Name).ToHashSet();
        var expected = Spec.OfKind<KubernetesNamespace>().Select(n => n.Name).ToList();
        Assert.NotEmpty(expected);
        Assert.All(expected, name => Assert.Contains(name, listed));
    }

    [Fact]
    public async Task The_platforms_verify_command_runs_through_the_app_and_succeeds()
    {
        var result = await fixture.App.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync("platform", "verify", TestContext.Current.CancellationToken);
        Assert.True(result.Success, result.Message);
    }

    [Fact]
    public async Task A_request_IAM_refuses_is_logged_with_its_explanation_in_the_aws_resources_console_and_nothing_secret_is()
    {
        var denied = await DeniedRequest.TerriaListsArgoArtifactsAsync(fixture.Work, TestContext.Current.CancellationToken);
        var lines = await ConsoleLinesAsync("aws", line => line.Contains(denied.RequestId, StringComparison.Ordinal));
        var refusal = Assert.Single(lines, line => line.Contains(denied.RequestId, StringComparison.Ordinal));
        Assert.Contains("implicit deny s3:ListBucket", refusal, StringComparison.Ordinal);
        Assert.Contains("no statement", refusal, StringComparison.Ordinal);
        foreach (var secret in denied.Secrets)
        {
            Assert.DoesNotContain(lines, line => line.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_platforms_console_has_a_line_per_applied_resource_naming_its_change()
    {
        var bucket = Spec.OfKind<S3Bucket>().First(b => b.Account == Settings.Account).Id.ToString();
        var lines = await ConsoleLinesAsync("platform", line => line.Contains(bucket + ": ", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains($"{bucket}: Create Completed", StringComparison.Ordinal));
    }

    /// <summary>The resource's console lines so far (the backlog first), read until one satisfies <paramref name="until"/>.</summary>
    private async Task<List<string>> ConsoleLinesAsync(string resource, Func<string, bool> until)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var seen = new List<string>();
        try
        {
            await foreach (var batch in fixture.App.Services.GetRequiredService<ResourceLoggerService>().WatchAsync(resource).WithCancellation(timeout.Token))
            {
                seen.AddRange(batch.Select(l => l.Content));
                if (seen.Any(until)) return seen;
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            // Not within the time: the assertion below says what was seen.
        }
        Assert.Fail($"no such line in {resource}'s console; seen:\n{string.Join('\n', seen.TakeLast(40))}");
        return seen;
    }

    private static Dictionary<string, string> AwsEnv(string path) =>
        File.ReadAllLines(path)
            .Where(l => l.StartsWith("export ", StringComparison.Ordinal))
            .Select(l => l["export ".Length..].Split('=', 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
}
