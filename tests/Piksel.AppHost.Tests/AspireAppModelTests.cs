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

    private static Dictionary<string, string> AwsEnv(string path) =>
        File.ReadAllLines(path)
            .Where(l => l.StartsWith("export ", StringComparison.Ordinal))
            .Select(l => l["export ".Length..].Split('=', 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
}
