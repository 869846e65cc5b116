using System.Diagnostics;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Piksel.Emulator.Aws;
using Piksel.Platform.Aws.Http;

namespace Piksel.Benchmarks;

/// <summary>
/// Where a signed request's time goes: the same signed client against a bare endpoint, the emulator's unauthenticated
/// health endpoint, a signed call that stops after authentication (an unknown operation), GetCallerIdentity-like
/// auth + authorize, and GetSecretValue (auth + authorize + KMS decrypt). Sequential calls, medians of per-call times.
/// </summary>
internal static class PathBreakdown
{
    private sealed class Probe(AwsClientOptions options, string service, string prefix) : JsonApiClient(options, service, prefix)
    {
        public Task<JsonObject> Call(string operation, JsonObject body) => CallAsync(operation, body, CancellationToken.None);
    }

    public static async Task RunAsync(int calls)
    {
        await using var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0 });
        await using var bare = await BareKestrel.StartAsync();
        var credentials = new BasicAWSCredentials("test", "test");
        using var sm = new Probe(new AwsClientOptions { ServiceUrl = emulator.Endpoint, Credentials = credentials }, "secretsmanager", "secretsmanager");
        using var kms = new Probe(new AwsClientOptions { ServiceUrl = emulator.Endpoint, Credentials = credentials }, "kms", "TrentService");
        using var toBare = new Probe(new AwsClientOptions { ServiceUrl = bare.Endpoint, Credentials = credentials }, "secretsmanager", "secretsmanager");
        using var http = new HttpClient();
        await sm.Call("CreateSecret", new JsonObject { ["Name"] = "breakdown", ["SecretString"] = "value" });

        var rows = new (string Name, Func<Task> Call)[]
        {
            ("bare Kestrel (signed client)", () => toBare.Call("GetSecretValue", new JsonObject { ["SecretId"] = "breakdown" })),
            ("emulator health (no auth)", () => http.GetStringAsync(new Uri(emulator.Endpoint, "_localstack/health"))),
            ("kms ListKeys (auth + authorize)", () => kms.Call("ListKeys", [])),
            ("secretsmanager DescribeSecret", () => sm.Call("DescribeSecret", new JsonObject { ["SecretId"] = "breakdown" })),
            ("secretsmanager GetSecretValue", () => sm.Call("GetSecretValue", new JsonObject { ["SecretId"] = "breakdown" })),
        };
        foreach (var (name, call) in rows)
        {
            for (var i = 0; i < 200; i++) await call();
            var times = new double[calls];
            for (var i = 0; i < calls; i++)
            {
                var clock = Stopwatch.StartNew();
                await call();
                times[i] = clock.Elapsed.TotalMicroseconds;
            }
            Array.Sort(times);
            Console.WriteLine($"{name,-36} median {times[calls / 2],8:F0} µs   p90 {times[calls * 9 / 10],8:F0} µs");
        }
    }
}
