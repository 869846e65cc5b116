using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Piksel.Emulator.Aws.Hosting;

namespace Piksel.Emulator.Aws;

/// <summary>
/// The embedded AWS: one HTTP edge endpoint serving IAM, STS, Secrets Manager, KMS and S3, with SigV4 checked and
/// every request authorized by the IAM policy engine. Start it with <see cref="StartAsync"/>; dispose to stop.
/// </summary>
public sealed class AwsEmulator : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly IReadOnlyList<IAwsService> services;

    private AwsEmulator(WebApplication app, EmulatorState state, IReadOnlyList<IAwsService> services, Uri endpoint)
    {
        this.app = app;
        this.services = services;
        State = state;
        Endpoint = endpoint;
    }

    /// <summary>The edge endpoint, e.g. <c>http://127.0.0.1:4566/</c>; point AWS_ENDPOINT_URL at it.</summary>
    public Uri Endpoint { get; }

    /// <summary>The options it runs with.</summary>
    public AwsEmulatorOptions Options => State.Options;

    /// <summary>The shared state (for in-process seeding and inspection).</summary>
    public EmulatorState State { get; }

    /// <summary>The running service of type <typeparamref name="T"/> (e.g. the EKS service, to reach a cluster in process), or null.</summary>
    public T? Service<T>() where T : class => services.OfType<T>().FirstOrDefault();

    /// <summary>Starts an emulator and returns once it accepts requests.</summary>
    public static async Task<AwsEmulator> StartAsync(AwsEmulatorOptions? options = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        options ??= new AwsEmulatorOptions();
        options.Validate();
        var state = new EmulatorState(options);
        try
        {
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore();
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.Limits.MaxRequestBodySize = 5L * 1024 * 1024 * 1024;
                k.AddServerHeader = false;
                k.Listen(IPAddress.Parse(options.Host == "localhost" ? "127.0.0.1" : options.Host), options.Port,
                    l => l.Protocols = HttpProtocols.Http1);
            });
            builder.Services.AddRoutingCore();
            var factory = loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;
            state.LoggerFactory = factory;
            var services = ServiceCatalog.Create(state);
            var router = new EdgeRouter(state, services, factory.CreateLogger("Piksel.Emulator.Aws"));
            var app = builder.Build();
            app.Run(router.HandleAsync);
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var port = new Uri(address).Port;
            var emulator = new AwsEmulator(app, state, services, new Uri($"http://{(options.Host == "0.0.0.0" ? "127.0.0.1" : options.Host)}:{port}/"));
            try
            {
                foreach (var hosted in services.OfType<IHostedAwsService>()) await hosted.StartAsync(emulator.Endpoint, cancellationToken);
            }
            catch
            {
                foreach (var hosted in services.OfType<IHostedAwsService>()) await hosted.DisposeAsync();
                await app.StopAsync(CancellationToken.None);
                await app.DisposeAsync();
                throw;
            }
            return emulator;
        }
        catch
        {
            state.Dispose();
            throw;
        }
    }

    /// <summary>Stops serving and closes the journal.</summary>
    public async ValueTask DisposeAsync()
    {
        // Hosted services (EKS's API servers) stop first: they read the state the journal is about to close.
        foreach (var hosted in services.OfType<IHostedAwsService>()) await hosted.DisposeAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        foreach (var service in services.OfType<IDisposable>().Where(s => s is not IHostedAwsService)) service.Dispose();
        State.Dispose();
    }
}
