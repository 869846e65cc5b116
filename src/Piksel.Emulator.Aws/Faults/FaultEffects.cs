namespace Piksel.Emulator.Aws.Faults;

/// <summary>LocalStack's network effects, <c>/_localstack/chaos/effects</c>: <c>{"latency": 500}</c> adds that many milliseconds to every AWS call.</summary>
public sealed record FaultEffects
{
    /// <summary>No added latency.</summary>
    public static FaultEffects None { get; } = new();

    /// <summary>Milliseconds added to every call (0 to 60,000). Default 0.</summary>
    public int Latency { get; init; }
}
