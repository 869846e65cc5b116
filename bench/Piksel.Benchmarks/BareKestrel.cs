using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Piksel.Benchmarks;

/// <summary>The floor: a Kestrel endpoint built the same way as the emulator's, answering a fixed body.</summary>
internal sealed class BareKestrel : IAsyncDisposable
{
    private static readonly byte[] DefaultBody = """{"ARN":"arn:aws:secretsmanager:us-east-1:000000000000:secret:bench-AbCdEf","Name":"bench","SecretString":"value","VersionId":"v","VersionStages":["AWSCURRENT"],"CreatedDate":1.7E9}"""u8.ToArray();

    private readonly WebApplication app;

    private BareKestrel(WebApplication app, Uri endpoint)
    {
        this.app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    /// <summary>Listens on a free loopback port and answers every request with <paramref name="body"/> (default: a GetSecretValue-like answer).</summary>
    public static async Task<BareKestrel> StartAsync(byte[]? body = null)
    {
        var answer = body ?? DefaultBody;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.Run(async http =>
        {
            using var sink = new MemoryStream();
            await http.Request.Body.CopyToAsync(sink);
            http.Response.ContentType = "application/x-amz-json-1.1";
            await http.Response.Body.WriteAsync(answer);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BareKestrel(app, new Uri(address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
