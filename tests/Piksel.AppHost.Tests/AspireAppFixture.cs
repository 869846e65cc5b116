using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Configuration;

namespace Piksel.AppHost.Tests;

/// <summary>
/// The AppHost's app model started once through Aspire.Hosting.Testing, as <c>dotnet run --project AppHost</c> starts
/// it (without the dashboard): in a temporary folder with a copy of <c>env/</c>, the AWS endpoint on a free port, and
/// returned once <c>aws</c> is healthy and <c>platform</c> Running. Endpoints are read from the app model.
/// </summary>
public sealed class AspireAppFixture : IAsyncLifetime
{
    /// <summary>How long a cold start (emulators, database server, the platform's apply) may take on a loaded machine.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private DistributedApplication? app;

    /// <summary>The folder the AppHost runs in (<c>env/</c> copied, <c>.piksel/local</c> written).</summary>
    public string Work { get; } = WorkDirectory.Create();

    /// <summary>The running app.</summary>
    public DistributedApplication App => app ?? throw new InvalidOperationException("The AppHost has not started.");

    /// <summary>The <c>aws</c> resource's endpoint, as its URL in the app model says.</summary>
    public Uri AwsEndpoint { get; private set; } = null!;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        // The AppHost runs in this process: it is given its folder for env/ and .piksel/ (the process's directory is left
        // alone), and any free port, as a developer's environment (4566) may be up on this machine.
        var configuration = new Dictionary<string, string?> { ["AppHost:WorkingDirectory"] = Work, ["AppHost:AwsPort"] = "0" };
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Piksel_AppHost>(
            [], (_, host) => host.Configuration!.AddInMemoryCollection(configuration), timeout.Token);
        app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);
        var aws = await app.ResourceNotifications.WaitForResourceHealthyAsync("aws", timeout.Token);
        AwsEndpoint = new Uri(aws.Snapshot.Urls.Single(u => u.Name == "endpoint").Url);
        await app.ResourceNotifications.WaitForResourceAsync("platform", KnownResourceStates.Running, timeout.Token);
    }

    /// <summary>The resource's latest snapshot.</summary>
    public async Task<CustomResourceSnapshot> SnapshotAsync(string name) =>
        (await App.ResourceNotifications.WaitForResourceAsync(name, _ => true, TestContext.Current.CancellationToken)).Snapshot;

    /// <summary>A property of the resource's latest snapshot, as text.</summary>
    public async Task<string?> PropertyAsync(string resource, string property) =>
        (await SnapshotAsync(resource)).Properties.FirstOrDefault(p => p.Name == property)?.Value?.ToString();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        WorkDirectory.Delete(Work);
    }
}
