using System.Text.Json.Nodes;
using Amazon.Runtime;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using k8s;
using Microsoft.Extensions.Configuration;
using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Platform.Definition;
using Piksel.Platform.Kubernetes.Clients;
using Piksel.Platform.Providers;
using Piksel.Platform.Settings;
using Piksel.Platform.Spec;
using Piksel.Testing;

namespace Piksel.EndToEnd.Tests.Aspire;

/// <summary>
/// The AppHost started through Aspire.Hosting.Testing on the provider <c>PIKSEL_PROVIDER</c> names, as a user runs
/// <c>dotnet run --project AppHost -- up --provider …</c>: embedded with the AWS endpoint on a free port; existing over
/// <see cref="ExistingStandIn"/>'s endpoint, kubeconfig, context and account keys; aws over <see cref="AwsStandIn"/>'s
/// emulator impersonating the real accounts, its endpoint and the deployer's keys given as the app's AWS_ENDPOINT_URL
/// and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; localstack with its containers. The app runs in this process in a
/// folder of its own (<c>AppHost:WorkingDirectory</c>; the process's directory and variables are left alone), and is
/// returned once <c>aws</c> is healthy and <c>platform</c> Running (or Failed: <see cref="PlatformState"/> says so).
/// </summary>
public sealed class AspireAppHostFixture : IAsyncLifetime
{
    /// <summary>How long a cold start (emulators, database server, the platform's apply) may take on a loaded machine.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    private readonly PlatformTarget target = PlatformTarget.Current;
    private readonly CliWorkDirectory work = new("aspire");
    private ExistingStandIn? existing;
    private AwsStandIn? aws;
    private DistributedApplication? app;

    /// <summary>The environment's settings as the app runs them (local's; on aws, adapted as the suite's fixture adapts them).</summary>
    public EnvironmentSettings Settings { get; } = PlatformFixture.SettingsFor(PlatformTarget.Current);

    /// <summary>The platform the app applies.</summary>
    public PlatformSpec Spec { get; } = PikselPlatform.Define(PlatformFixture.SettingsFor(PlatformTarget.Current));

    /// <summary>The running app.</summary>
    public DistributedApplication App => app ?? throw new InvalidOperationException("The AppHost has not started.");

    /// <summary>The <c>aws</c> resource's endpoint, as its URL in the app model says.</summary>
    public Uri AwsEndpoint { get; private set; } = null!;

    /// <summary>The <c>platform</c> resource's state once it stopped changing (Running, or Failed naming what failed).</summary>
    public string? PlatformState { get; private set; }

    /// <summary>The keys a user holds for the environment's account on this provider (the deployer's on aws).</summary>
    public AWSCredentials Keys => aws?.Deployer ?? new BasicAWSCredentials(ExistingStandIn.KeysOf(Settings.Account).AccessKeyId, ExistingStandIn.KeysOf(Settings.Account).SecretAccessKey.Reveal());

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        // Every test is skipped on such a target (PlatformFact): start nothing.
        if (target.SkipReason is not null || target.Kind is not { } kind) return;
        using var timeout = new CancellationTokenSource(StartTimeout);
        var configuration = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["AppHost:WorkingDirectory"] = work.Path,
            // Any free port: a developer's environment (4566) may be up on this machine.
            ["AppHost:AwsPort"] = "0",
        };
        var args = kind switch
        {
            ProviderKind.Existing => await ExistingArgsAsync(timeout.Token),
            ProviderKind.Aws => await AwsArgsAsync(configuration, timeout.Token),
            ProviderKind.LocalStack => ["up", "--provider", "localstack"],
            _ => ["up"],
        };
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Piksel_AppHost>(
            args, (_, host) => host.Configuration!.AddInMemoryCollection(configuration), timeout.Token);
        app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);
        var resource = await app.ResourceNotifications.WaitForResourceHealthyAsync("aws", timeout.Token);
        AwsEndpoint = new Uri(resource.Snapshot.Urls.Single(u => u.Name == "endpoint").Url);
        var platform = await app.ResourceNotifications.WaitForResourceAsync(
            "platform", e => e.Snapshot.State?.Text is { } state && (state == KnownResourceStates.Running || state.StartsWith("Failed", StringComparison.Ordinal)), timeout.Token);
        PlatformState = platform.Snapshot.State?.Text;
    }

    /// <summary>The resource's latest snapshot.</summary>
    public async Task<CustomResourceSnapshot> SnapshotAsync(string name) =>
        (await App.ResourceNotifications.WaitForResourceAsync(name, _ => true, TestContext.Current.CancellationToken)).Snapshot;

    /// <summary>
    /// The resource's snapshot once it is Running: a group is published Running just after the platform (whose state
    /// the fixture waits for), so its members may not be there yet at the moment the platform turns Running.
    /// </summary>
    public async Task<CustomResourceSnapshot> RunningSnapshotAsync(string name) =>
        (await App.ResourceNotifications.WaitForResourceAsync(name, e => e.Snapshot.State?.Text == KnownResourceStates.Running, TestContext.Current.CancellationToken)).Snapshot;

    /// <summary>A property of the resource's latest snapshot, as text.</summary>
    public async Task<string?> PropertyAsync(string resource, string property) =>
        (await SnapshotAsync(resource)).Properties.FirstOrDefault(p => p.Name == property)?.Value?.ToString();

    /// <summary>
    /// A Kubernetes client of the cluster resource <paramref name="resource"/>: through the kubeconfig its properties name,
    /// as the user's kubectl would; on aws, whose kubeconfig runs <c>aws eks get-token</c> with the user's credentials, with
    /// a token the deployer's keys sign for the API server the resource's URL names.
    /// </summary>
    public async Task<IKubernetes> KubernetesAsync(string resource, string cluster, CancellationToken cancellationToken)
    {
        if (aws is null)
        {
            var path = await PropertyAsync(resource, "kubeconfig") ?? throw new InvalidOperationException($"{resource} has no kubeconfig property.");
            return KubernetesClientFactory.FromKubeconfig(await File.ReadAllTextAsync(path, cancellationToken));
        }

        var url = (await SnapshotAsync(resource)).Urls.Single(u => u.Name == "api-server").Url;
        var connection = await aws.Cluster.ConnectAsync(cluster, cancellationToken) ?? throw new InvalidOperationException($"cluster {cluster} is not reachable.");
        Assert.Equal(new Uri(url), connection.Server);
        return KubernetesClientFactory.FromConnection(connection);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        if (existing is not null) await existing.DisposeAsync();
        if (aws is not null) await aws.DisposeAsync();
        try { work.Dispose(); }
        catch (IOException) { /* a stopped database server may still be letting go: the temp folder is the system's to clean */ }
    }

    /// <summary><c>up --provider existing</c> with the stand-in's endpoint, kubeconfig, context, capabilities and every account's keys.</summary>
    private async Task<string[]> ExistingArgsAsync(CancellationToken cancellationToken)
    {
        existing = await ExistingStandIn.StartAsync(Settings, cancellationToken);
        List<string> args =
        [
            "up", "--provider", "existing", "--aws-endpoint", existing.Emulator.Endpoint.ToString().TrimEnd('/'),
            "--kubeconfig", existing.KubeconfigPath, "--context", existing.Context, "--capabilities", ExistingStandIn.Declared.ToString().Replace(" ", "", StringComparison.Ordinal),
        ];
        foreach (var account in ExistingStandIn.AccountsOf(Settings))
        {
            var keys = ExistingStandIn.KeysOf(account);
            args.AddRange(["--account-keys", $"{account}:{keys.AccessKeyId}:{keys.SecretAccessKey.Reveal()}"]);
        }
        return [.. args];
    }

    /// <summary>
    /// <c>up --provider aws</c> on env/local.json as the aws provider deploys it (its two accounts, the hub's role; the file
    /// keeps its throwaway manual secrets, as <see cref="PlatformFixture.AwsSettings"/> does), the
    /// emulator's endpoint and the deployer's keys given as the app's variables, as a user's shell would hold them.
    /// </summary>
    private async Task<string[]> AwsArgsAsync(Dictionary<string, string?> configuration, CancellationToken cancellationToken)
    {
        aws = await AwsStandIn.StartAsync(Settings, [], cancellationToken);
        var file = Path.Combine(work.Path, "env", "local.json");
        var json = JsonNode.Parse(await File.ReadAllTextAsync(file, cancellationToken))!.AsObject();
        json["hubRoleArn"] = Settings.HubRoleArn;
        json["hubExternalId"] = Settings.HubExternalId;
        json.Remove("publicDatasetsAccount");
        await File.WriteAllTextAsync(file, json.ToJsonString(), cancellationToken);
        var keys = await aws.Deployer.GetCredentialsAsync();
        configuration["AWS_ENDPOINT_URL"] = aws.Emulator.Endpoint.ToString().TrimEnd('/');
        configuration["AWS_ACCESS_KEY_ID"] = keys.AccessKey;
        configuration["AWS_SECRET_ACCESS_KEY"] = keys.SecretKey;
        if (!string.IsNullOrEmpty(keys.Token)) configuration["AWS_SESSION_TOKEN"] = keys.Token;
        return ["up", "--provider", "aws"];
    }
}
