using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

// A minimal Kestrel app: one endpoint on 127.0.0.1:<port> (0 = any free port, the default). It prints one ready line
// once StartAsync has returned, i.e. once it serves — the same moment the AppHost prints its own — and stops on Ctrl+C.
var clock = Stopwatch.StartNew();
var port = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 0;
var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = args });
builder.WebHost.UseKestrelCore();
builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
builder.Services.AddRoutingCore();
await using var app = builder.Build();
app.MapGet("/", () => "ok");

using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Stop like the AppHost does on Ctrl+C: leave the process to shut Kestrel down and exit 0.
    e.Cancel = true;
    stopping.Cancel();
};
await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
Console.WriteLine($"MinimalKestrel ready in {clock.Elapsed.TotalMilliseconds:F1} ms: {address}");
try { await Task.Delay(Timeout.Infinite, stopping.Token); }
catch (OperationCanceledException) { }
await app.StopAsync();
Console.WriteLine("MinimalKestrel stopped.");
