using System.Diagnostics;
using Amazon.Runtime;
using Piksel.Emulator.Aws;
using Piksel.Platform.Aws.Http;

namespace Piksel.Benchmarks.Load;

/// <summary>
/// The AWS pair: the in-process emulator holding one secret, and a bare Kestrel that answers every request with the
/// emulator's own GetSecretValue answer (same bytes). Both get the same signed requests from the same client code;
/// only the emulator checks the signature (and authorizes, decrypts and serialises).
/// </summary>
internal sealed class AwsLoadPair : IAsyncDisposable
{
    private const string SecretName = "bench-load";
    private const string AccessKeyId = "test";
    private const string SecretAccessKey = "test";

    private readonly AwsEmulator emulator;
    private readonly BareKestrel bare;

    private readonly SignedJsonRequests requests;

    private AwsLoadPair(AwsEmulator emulator, BareKestrel bare, LoadTarget baseline, LoadTarget subject, SignedJsonRequests requests)
    {
        this.requests = requests;
        this.emulator = emulator;
        this.bare = bare;
        Baseline = baseline;
        Subject = subject;
    }

    /// <summary>Signed POSTs to the bare endpoint.</summary>
    public LoadTarget Baseline { get; }

    /// <summary>Signed GetSecretValue calls to the emulator.</summary>
    public LoadTarget Subject { get; }

    /// <summary>Starts both servers, creates the secret, and opens a client of up to <paramref name="connections"/> keep-alive connections to each.</summary>
    public static async Task<AwsLoadPair> StartAsync(int connections)
    {
        var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0 });
        using (var setup = new RawSecretsClient(new AwsClientOptions { ServiceUrl = emulator.Endpoint, Credentials = new BasicAWSCredentials(AccessKeyId, SecretAccessKey) }))
            await setup.CreateSecretAsync(SecretName, "bench-load-value");

        var toEmulator = Requests(emulator.Endpoint);
        byte[] answer;
        using (var probe = Http11Client(1))
        using (var request = toEmulator.Create())
            answer = await LoadTarget.FetchAsync(probe, request);
        var bare = await BareKestrel.StartAsync(answer);

        var subject = await LoadTarget.CreateAsync($"AWS emulator: signed GetSecretValue ({answer.Length} B)", Http11Client(connections), toEmulator.Create);
        var baseline = await LoadTarget.CreateAsync($"bare Kestrel: the same signed POST, same {answer.Length} B answer", Http11Client(connections), Requests(bare.Endpoint).Create);
        return new AwsLoadPair(emulator, bare, baseline, subject, toEmulator);
    }

    /// <summary>The client's own cost of building and signing one request (both sides pay it), µs on one core; best after the load, once the JIT has optimised it.</summary>
    public double TimeSigning()
    {
        const int Calls = 20_000;
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < Calls; i++) requests.Create().Dispose();
        return Stopwatch.GetElapsedTime(started).TotalMicroseconds / Calls;
    }

    private static SignedJsonRequests Requests(Uri endpoint) =>
        new(endpoint, "secretsmanager", "secretsmanager.GetSecretValue", System.Text.Encoding.UTF8.GetBytes($$"""{"SecretId":"{{SecretName}}"}"""),
            AccessKeyId, SecretAccessKey, TimeProvider.System);

    /// <summary>HTTP/1.1 with keep-alive, as the SDKs use, one connection per concurrent request.</summary>
    private static HttpClient Http11Client(int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        UseProxy = false,
        UseCookies = false,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(15),
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    public async ValueTask DisposeAsync()
    {
        Baseline.Dispose();
        Subject.Dispose();
        await bare.DisposeAsync();
        await emulator.DisposeAsync();
    }
}
