using Amazon.Runtime;
using BenchmarkDotNet.Attributes;
using Piksel.Emulator.Aws;
using Piksel.Platform.Aws.Http;

namespace Piksel.Benchmarks;

/// <summary>
/// Signed GetSecretValue round trips through the emulator (SigV4 check, IAM evaluation, KMS decrypt, JSON) against
/// the same signed call to a bare Kestrel endpoint answering a fixed body, in the same run. The Ratio column is
/// time(emulator)/time(bare); throughput ratio = 1/Ratio (goal ≥ 0.4, i.e. Ratio ≤ 2.5).
/// </summary>
[MemoryDiagnoser]
public class EdgeThroughputBenchmarks
{
    private AwsEmulator emulator = null!;
    private BareKestrel bare = null!;
    private RawSecretsClient toEmulator = null!;
    private RawSecretsClient toBare = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0 });
        bare = await BareKestrel.StartAsync();
        var credentials = new BasicAWSCredentials("test", "test");
        toEmulator = new RawSecretsClient(new AwsClientOptions { ServiceUrl = emulator.Endpoint, Credentials = credentials });
        toBare = new RawSecretsClient(new AwsClientOptions { ServiceUrl = bare.Endpoint, Credentials = credentials });
        await toEmulator.CreateSecretAsync("bench", "value");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        toEmulator.Dispose();
        toBare.Dispose();
        await emulator.DisposeAsync();
        await bare.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "bare Kestrel, fixed body")]
    public Task BareKestrelRoundTrip() => toBare.GetSecretValueAsync("bench");

    [Benchmark(Description = "emulator GetSecretValue")]
    public Task GetSecretValue() => toEmulator.GetSecretValueAsync("bench");
}
