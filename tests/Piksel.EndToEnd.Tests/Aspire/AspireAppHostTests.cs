using Amazon.S3;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Platform.Spec.Aws;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.EndToEnd.Tests.Aspire;

/// <summary>
/// The AppHost's app model on the provider <c>PIKSEL_PROVIDER</c> names, started through Aspire.Hosting.Testing and
/// checked with real clients through the endpoints it publishes: the platform's buckets through the <c>aws</c>
/// resource's URL, its namespaces through the cluster resource, the verify command through the app, and the groups'
/// members.
/// </summary>
[Collection(AspireAppHostCollection.Name)]
public sealed class AspireAppHostTests(AspireAppHostFixture fixture)
{
    [PlatformFact]
    public async Task The_platform_is_Running_and_aws_healthy_on_the_provider()
    {
        Assert.Equal(KnownResourceStates.Running, fixture.PlatformState);
        var aws = await fixture.SnapshotAsync("aws");
        Assert.Equal(HealthStatus.Healthy, aws.HealthStatus);
        Assert.Equal(PlatformTarget.Current.Kind.ToString()!.ToLowerInvariant(), await fixture.PropertyAsync("aws", "provider"));
        Assert.Equal(fixture.Settings.Account, await fixture.PropertyAsync("aws", "account"));
    }

    [PlatformFact]
    public async Task The_AWS_SDK_lists_the_platforms_buckets_through_the_aws_resources_endpoint()
    {
        var region = await fixture.PropertyAsync("aws", "region");
        using var s3 = new AmazonS3Client(fixture.Keys, new AmazonS3Config { ServiceURL = fixture.AwsEndpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = region });

        var listed = (await s3.ListBucketsAsync(TestContext.Current.CancellationToken)).Buckets?.Select(b => b.BucketName).ToHashSet() ?? [];

        var expected = fixture.Spec.OfKind<S3Bucket>().Where(b => b.Account == fixture.Settings.Account).Select(b => b.Name).ToList();
        Assert.NotEmpty(expected);
        Assert.All(expected, name => Assert.Contains(name, listed));
    }

    [PlatformFact]
    public async Task KubernetesClient_lists_the_platforms_namespaces_through_the_cluster_resource()
    {
        var cluster = fixture.Spec.OfKind<EksCluster>().Single().Name;
        using var kubernetes = await fixture.KubernetesAsync($"cluster-{cluster}", cluster, TestContext.Current.CancellationToken);

        var listed = (await kubernetes.CoreV1.ListNamespaceAsync(cancellationToken: TestContext.Current.CancellationToken)).Items.Select(n => n.Metadata.Name).ToHashSet();

        var expected = fixture.Spec.OfKind<KubernetesNamespace>().Select(n => n.Name).ToList();
        Assert.NotEmpty(expected);
        Assert.All(expected, name => Assert.Contains(name, listed));
    }

    [PlatformFact]
    public async Task The_verify_command_run_through_the_app_succeeds()
    {
        var commands = fixture.App.Services.GetRequiredService<ResourceCommandService>();

        var result = await commands.ExecuteCommandAsync("platform", "verify", TestContext.Current.CancellationToken);

        Assert.True(result.Success, result.Message);
    }

    [PlatformFact]
    public async Task The_identities_group_carries_its_roles_with_their_ARNs()
    {
        var members = (await fixture.RunningSnapshotAsync("platform-identities")).Properties;
        var roles = fixture.Spec.OfKind<IamRole>().Where(r => r.Account == fixture.Settings.Account).ToList();

        Assert.NotEmpty(roles);
        Assert.All(roles, role =>
        {
            var member = Assert.Single(members, p => p.Name == role.Id.ToString());
            Assert.Equal($"arn:aws:iam::{role.Account}:role{role.Path}{role.Name}", member.Value?.ToString());
        });
    }
}
